// What x/payforquery needs from x/inference (set after construction, as cosmos-sdk hooks).
import type { Context } from "../../app/module";
import type { Escrow, MsgPayForQuery } from "./proto";

export interface PayForQueryHooks {
  /** Fewest timeout_blocks that leave room for assignment, commit and reveal windows. */
  minTimeoutBlocks(ctx: Context): bigint;
  /** Called once the fee is escrowed: x/inference opens the query in PAID. */
  onQueryPaid(ctx: Context, escrow: Escrow, msg: MsgPayForQuery, shards: number): void;
}
