// Pending txs, in the order a block takes them: highest fee per gas first, then earliest arrival,
// but never one sender's txs out of sequence order (a later tx only competes once the earlier
// one is taken).
import { ErrMempoolIsFull, ErrTxInMempoolCache } from "../errors/sdk-errors";
import { BinaryHeap } from "./binary-heap";

export interface MempoolTx {
  hashHex: string;
  bytes: Uint8Array;
  signer: string;
  sequence: bigint;
  gasWanted: bigint;
  priority: bigint;
  arrival: number;
}

export interface MempoolLimits {
  maxTxs: number;
  maxBytes: number;
}

export const DEFAULT_MEMPOOL_LIMITS: MempoolLimits = { maxTxs: 50_000, maxBytes: 256 * 1024 * 1024 };

export class Mempool {
  private readonly byHash = new Map<string, MempoolTx>();
  private arrivals = 0;
  private bytes = 0;

  constructor(private readonly limits: MempoolLimits = DEFAULT_MEMPOOL_LIMITS) {}

  size(): number {
    return this.byHash.size;
  }

  /** Total bytes of the pending txs. */
  sizeBytes(): number {
    return this.bytes;
  }

  has(hashHex: string): boolean {
    return this.byHash.has(hashHex);
  }

  /** Throws sdk/19 for a duplicate and sdk/20 when full; call before CheckTx changes the check state. */
  admit(hashHex: string, size: number): void {
    if (this.byHash.has(hashHex)) throw ErrTxInMempoolCache.wrap(`tx ${hashHex.toUpperCase()} is already waiting in the mempool`);
    if (this.byHash.size >= this.limits.maxTxs || this.bytes + size > this.limits.maxBytes) {
      throw ErrMempoolIsFull.wrap(`mempool holds ${this.byHash.size} txs (${this.bytes} bytes); retry after the next block`);
    }
  }

  add(tx: Omit<MempoolTx, "arrival">): void {
    this.byHash.set(tx.hashHex, { ...tx, arrival: this.arrivals++ });
    this.bytes += tx.bytes.length;
  }

  remove(hashHex: string): void {
    const tx = this.byHash.get(hashHex);
    if (!tx) return;
    this.byHash.delete(hashHex);
    this.bytes -= tx.bytes.length;
  }

  /** All txs in arrival order (for re-checking after a block). */
  inArrivalOrder(): MempoolTx[] {
    return [...this.byHash.values()];
  }

  clear(): void {
    this.byHash.clear();
    this.bytes = 0;
  }

  /** The txs of the next block within the byte and gas limits (maxGas < 0: no gas limit). */
  reap(maxBytes: number, maxGas: bigint): MempoolTx[] {
    const queues = new Map<string, MempoolTx[]>();
    for (const tx of this.byHash.values()) {
      const q = queues.get(tx.signer);
      if (q) q.push(tx);
      else queues.set(tx.signer, [tx]);
    }
    const heap = new BinaryHeap<{ q: MempoolTx[]; i: number }>((a, b) => before(a.q[a.i], b.q[b.i]));
    for (const q of queues.values()) {
      q.sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : a.arrival - b.arrival));
      heap.push({ q, i: 0 });
    }
    const out: MempoolTx[] = [];
    let bytes = 0;
    let gas = 0n;
    for (let head = heap.pop(); head; head = heap.pop()) {
      const tx = head.q[head.i];
      if (bytes + tx.bytes.length > maxBytes || (maxGas >= 0n && gas + tx.gasWanted > maxGas)) continue;
      out.push(tx);
      bytes += tx.bytes.length;
      gas += tx.gasWanted;
      if (head.i + 1 < head.q.length) heap.push({ q: head.q, i: head.i + 1 });
    }
    return out;
  }
}

function before(a: MempoolTx, b: MempoolTx): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return a.arrival < b.arrival;
}
