// Which queued submissions go into the next tx. A tx's msgs are atomic, so a batch is a list of whole
// submissions (each one caller's msgs), bounded so the tx stays well inside the chain's limits.
import type { EncodeObject } from "@cosmjs/proto-signing";
import type { TxKind } from "./tx-policy";

export type Pending<T> = {
  kind: TxKind;
  msgs: EncodeObject[];
  /** Set after the submission was part of a failed batch: it is signed alone from then on. */
  alone: boolean;
} & T;

export type BatchCaps = { maxMsgs: number; maxGas: number; maxBytes: number };

/** 64 msgs, 32 M gas (the block allows 1 G), 512 KiB (max_tx_bytes is 1 MiB). */
export const DEFAULT_CAPS: BatchCaps = { maxMsgs: 64, maxGas: 32_000_000, maxBytes: 512 * 1024 };

/**
 * Removes and returns the next batch from the head of `queue` (FIFO): as many submissions as fit the caps.
 * The first one is always taken, even if it alone exceeds a cap (the chain then says why). `gasOf(kind)` is
 * the gas limit of one submission of that kind (what a tx of it alone would get); a tx gets their sum.
 */
export function takeBatch<T>(queue: Pending<T>[], gasOf: (kind: TxKind) => number, caps: BatchCaps): Pending<T>[] {
  const batch: Pending<T>[] = [];
  let msgs = 0;
  let gas = 0;
  let bytes = 0;
  while (queue.length > 0) {
    const next = queue[0];
    const n = next.msgs.length;
    const g = gasOf(next.kind);
    const b = next.msgs.reduce((sum, m) => sum + approxBytes(m.value), 0);
    if (batch.length > 0 && (next.alone || batch[0].alone || msgs + n > caps.maxMsgs || gas + g > caps.maxGas || bytes + b > caps.maxBytes)) break;
    batch.push(next);
    queue.shift();
    msgs += n;
    gas += g;
    bytes += b;
  }
  return batch;
}

/** An upper-bound guess of a msg's encoded size: byte fields count fully, every other leaf 10 bytes. */
export function approxBytes(value: unknown): number {
  if (value instanceof Uint8Array) return value.length + 4;
  if (typeof value === "string") return value.length + 2;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + approxBytes(v), 2);
  if (value && typeof value === "object") return Object.values(value).reduce((sum: number, v) => sum + approxBytes(v) + 1, 2);
  return 10;
}
