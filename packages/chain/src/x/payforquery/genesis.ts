// x/payforquery genesis: default, validate, import, export.
import type { Context } from "../../app/module";
import { amountOf } from "../stakingext/coins";
import { ErrInvalidParams } from "./errors";
import type { PayForQueryKeeper } from "./keeper";
import { defaultParams, validateParams } from "./params";
import { EscrowStatus, type GenesisState } from "./proto";

export function defaultGenesis(): GenesisState {
  return { params: defaultParams(), escrows: [], nextQueryId: 1n };
}

export function validateGenesis(g: GenesisState): void {
  validateParams(g.params);
  if (g.nextQueryId < 1n) throw ErrInvalidParams.wrap("next_query_id must be at least 1");
  const seen = new Set<bigint>();
  for (const [i, e] of g.escrows.entries()) {
    if (seen.has(e.queryId)) throw ErrInvalidParams.wrap(`escrows[${i}] duplicates query id ${e.queryId}`);
    seen.add(e.queryId);
    if (e.queryId >= g.nextQueryId) throw ErrInvalidParams.wrap(`escrows[${i}].query_id must be < next_query_id`);
    if (e.status === EscrowStatus.ESCROW_STATUS_OPEN && amountOf(e.amount) !== amountOf(e.fee?.total)) {
      throw ErrInvalidParams.wrap(`escrows[${i}]: an open escrow holds exactly its fee total`);
    }
  }
}

/** What the payforquery module account must hold for this genesis. */
export function genesisEscrowTotal(g: GenesisState): bigint {
  return g.escrows.filter((e) => e.status === EscrowStatus.ESCROW_STATUS_OPEN).reduce((s, e) => s + amountOf(e.amount), 0n);
}

export function initGenesis(k: PayForQueryKeeper, ctx: Context, g: GenesisState): void {
  validateGenesis(g);
  k.setParams(ctx, g.params ?? defaultParams());
  k.setNextQueryId(ctx, g.nextQueryId);
  for (const e of g.escrows) k.setEscrow(ctx, e);
}

export function exportGenesis(k: PayForQueryKeeper, ctx: Context): GenesisState {
  return { params: k.params(ctx), escrows: [...k.allEscrows(ctx)], nextQueryId: k.peekNextQueryId(ctx) };
}
