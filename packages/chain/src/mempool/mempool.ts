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
  /** Txs one signer may have waiting at once (admitFrom); unset: no per-sender bound. */
  maxTxsPerSender?: number;
}

export const DEFAULT_MEMPOOL_LIMITS: MempoolLimits = { maxTxs: 50_000, maxBytes: 256 * 1024 * 1024, maxTxsPerSender: 1_000 };

/** A checked tx asking for a place (admitFrom): what the pool needs to rank it against the waiting ones. */
export interface MempoolCandidate {
  hashHex: string;
  size: number;
  signer: string;
  /** Fee per gas, as the ante handler computed it. */
  priority: bigint;
}

export class Mempool {
  private readonly byHash = new Map<string, MempoolTx>();
  private readonly perSender = new Map<string, number>();
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

  /**
   * Admission with the tx's signer and fee per gas known (after the ante handler, before add): throws sdk/19
   * for a duplicate, sdk/20 when its signer already has `maxTxsPerSender` waiting, or when the pool is full and
   * no waiting tx pays less per gas. Otherwise returns the hashes to remove first (cheapest first) so it fits:
   * a full pool trades its lowest fee per gas for a higher one, as CometBFT's priority mempool does. Only a
   * signer's last waiting tx is ever evicted, so no signer is left with a sequence gap, and never the
   * candidate's own signer's.
   */
  admitFrom(c: MempoolCandidate): { evict: string[] } {
    if (this.byHash.has(c.hashHex)) throw ErrTxInMempoolCache.wrap(`tx ${c.hashHex.toUpperCase()} is already waiting in the mempool`);
    const cap = this.limits.maxTxsPerSender;
    const mine = this.perSender.get(c.signer) ?? 0;
    if (cap !== undefined && mine >= cap) {
      throw ErrMempoolIsFull.wrap(`${c.signer} already has ${mine} txs waiting (at most ${cap} per sender); wait for the next block, then send again`);
    }
    if (c.size > this.limits.maxBytes) throw ErrMempoolIsFull.wrap(`tx of ${c.size} bytes exceeds the mempool's ${this.limits.maxBytes} bytes; send a smaller tx`);
    const fits = (txs: number, bytes: number) => txs < this.limits.maxTxs && bytes + c.size <= this.limits.maxBytes;
    if (fits(this.byHash.size, this.bytes)) return { evict: [] };
    const evict: string[] = [];
    let txs = this.byHash.size;
    let bytes = this.bytes;
    for (const tx of this.evictionOrder(c.signer)) {
      if (tx.priority >= c.priority) break;
      evict.push(tx.hashHex);
      txs--;
      bytes -= tx.bytes.length;
      if (fits(txs, bytes)) return { evict };
    }
    const floor = this.evictionOrder(c.signer)[0]?.priority;
    const hint = floor === undefined ? "retry after the next block" : `pay more than ${floor} per gas (raise --gas-prices), or retry after the next block`;
    throw ErrMempoolIsFull.wrap(`mempool holds ${this.byHash.size} txs (${this.bytes} bytes) and none pays less than ${c.priority} per gas; ${hint}`);
  }

  /** Every other signer's last waiting tx, lowest fee per gas first, latest arrival first among equals. */
  private evictionOrder(exceptSigner: string): MempoolTx[] {
    const last = new Map<string, MempoolTx>();
    for (const tx of this.byHash.values()) {
      if (tx.signer === exceptSigner) continue;
      const cur = last.get(tx.signer);
      if (!cur || tx.sequence > cur.sequence) last.set(tx.signer, tx);
    }
    return [...last.values()].sort((a, b) => (a.priority !== b.priority ? (a.priority < b.priority ? -1 : 1) : b.arrival - a.arrival));
  }

  add(tx: Omit<MempoolTx, "arrival">): void {
    if (this.byHash.has(tx.hashHex)) return;
    this.byHash.set(tx.hashHex, { ...tx, arrival: this.arrivals++ });
    this.bytes += tx.bytes.length;
    this.perSender.set(tx.signer, (this.perSender.get(tx.signer) ?? 0) + 1);
  }

  remove(hashHex: string): void {
    const tx = this.byHash.get(hashHex);
    if (!tx) return;
    this.byHash.delete(hashHex);
    this.bytes -= tx.bytes.length;
    const n = (this.perSender.get(tx.signer) ?? 1) - 1;
    if (n > 0) this.perSender.set(tx.signer, n);
    else this.perSender.delete(tx.signer);
  }

  /** All txs in arrival order (for re-checking after a block). */
  inArrivalOrder(): MempoolTx[] {
    return [...this.byHash.values()];
  }

  clear(): void {
    this.byHash.clear();
    this.perSender.clear();
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
