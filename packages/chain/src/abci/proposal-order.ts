// PrepareProposal's ordering: CometBFT 0.38's mempool is FIFO, so "higher fee per gas first"
// is the proposer's job. The simulator's Mempool.reap already orders that way (fee per gas,
// then arrival, never one sender's txs out of sequence order, within byte and gas limits), so
// the proposal is built by feeding CometBFT's txs into a throw-away Mempool.
import { Mempool } from "../mempool/mempool";

/** What CheckTx learned about a tx (kept by the adapter per tx hash). */
export interface CheckedTxInfo {
  signer: string;
  sequence: bigint;
  gasWanted: bigint;
  priority: bigint;
}

export function orderProposal(
  txs: { bytes: Uint8Array; hashHex: string }[],
  info: (hashHex: string) => CheckedTxInfo | undefined,
  maxBytes: number,
  maxGas: bigint,
): Uint8Array[] {
  const pool = new Mempool({ maxTxs: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER });
  for (const t of txs) {
    if (pool.has(t.hashHex)) continue;
    // A tx this node did not check (it cannot be: CometBFT proposes from the local mempool)
    // competes last, alone, at priority 0.
    const i = info(t.hashHex) ?? { signer: `unknown:${t.hashHex}`, sequence: 0n, gasWanted: 0n, priority: 0n };
    pool.add({ hashHex: t.hashHex, bytes: t.bytes, ...i });
  }
  return pool.reap(maxBytes, maxGas).map((t) => t.bytes);
}
