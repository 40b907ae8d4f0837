// Waits for a broadcast tx to be in a block by re-reading `tx` right after each new block (BlockSource), instead of
// cosmjs's fixed-interval poll, and returns it in cosmjs's DeliverTxResponse shape (msgResponses decoded from the
// result data, as cosmjs does), so callers read it exactly as they read signAndBroadcast's answer.
import { toHex } from "@cosmjs/encoding";
import { type DeliverTxResponse, fromTendermintEvent } from "@cosmjs/stargate";
import type { comet38 } from "@cosmjs/tendermint-rpc";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { NesaTimeoutError } from "../errors/nesa-error";
import type { BlockSource } from "./block-waiter";
import type { IncludedTx } from "./tx-inclusion";

export interface WaitForTxParameters {
  /** Hex tx hash (any case). */
  readonly hash: string;
  /** The indexed tx, or undefined while it is not in a block (the node answers "not found" with an error). */
  readonly getTx: (hash: string) => Promise<comet38.TxResponse | undefined>;
  readonly blocks: BlockSource;
  readonly timeoutMs: number;
}

export function toDeliverTxResponse(r: comet38.TxResponse): DeliverTxResponse {
  return {
    code: r.result.code,
    height: r.height,
    txIndex: r.index,
    transactionHash: toHex(r.hash).toUpperCase(),
    events: r.result.events.map(fromTendermintEvent),
    rawLog: r.result.log,
    msgResponses: TxMsgData.decode(r.result.data ?? new Uint8Array()).msgResponses as DeliverTxResponse["msgResponses"],
    gasUsed: r.result.gasUsed,
    gasWanted: r.result.gasWanted,
  };
}

/** A tx found in a followed block (TxInclusion) in the same shape; gas figures are not in FollowedTx (0n). */
export function includedToDeliverTxResponse(tx: IncludedTx): DeliverTxResponse {
  return {
    code: tx.code,
    height: Number(tx.height),
    txIndex: 0,
    transactionHash: tx.hash,
    events: tx.events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value })) })),
    rawLog: tx.log,
    msgResponses: TxMsgData.decode(tx.data).msgResponses as DeliverTxResponse["msgResponses"],
    gasUsed: 0n,
    gasWanted: 0n,
  };
}

/**
 * @example
 * const res = await waitForTx({ hash, getTx: (h) => comet.tx({ hash: fromHex(h) }).catch(() => undefined), blocks, timeoutMs: 60_000 });
 */
export async function waitForTx(p: WaitForTxParameters): Promise<DeliverTxResponse> {
  const start = Date.now();
  for (;;) {
    // Mark before reading: a block committed between the read and the wait must not be waited for again.
    const mark = p.blocks.height;
    const tx = await p.getTx(p.hash);
    if (tx) return toDeliverTxResponse(tx);
    if (Date.now() - start > p.timeoutMs) {
      throw new NesaTimeoutError(`tx ${p.hash} to be included in a block`, p.timeoutMs, "it passed CheckTx but is not in a block: is the node producing blocks? look it up later with the tx hash");
    }
    await p.blocks.next(mark);
  }
}
