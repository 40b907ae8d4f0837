// Tells when broadcast txs are in a block, from the blocks the ChainFollower hands on (FollowedBlock: each tx's
// hash and result), so waiting for inclusion costs no request per tx and block. A tx may land in a block handed on
// before its broadcast_tx_sync answer arrived, so the last few blocks' txs are kept. A slow fallback asks the
// node's `tx` by hash (a block the follower skipped, a stalled socket), and the wait gives up after its timeout.
import { toHex } from "@cosmjs/encoding";
import type { comet38 } from "@cosmjs/tendermint-rpc";
import { NesaTimeoutError } from "../errors/nesa-error";
import type { FollowedBlock, FollowedEvent } from "./followed-block";

/** A tx's result in a block, as FollowedBlock and the node's `tx` both give it. */
export interface IncludedTx {
  /** Upper-case hex. */
  readonly hash: string;
  readonly height: bigint;
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
  /** TxMsgData (the msg responses). */
  readonly data: Uint8Array;
  readonly events: readonly FollowedEvent[];
}

/** The node's `tx` answer (the fallback) in the same shape. */
export function includedTxOf(r: comet38.TxResponse): IncludedTx {
  return {
    hash: toHex(r.hash).toUpperCase(),
    height: BigInt(r.height),
    code: r.result.code,
    codespace: r.result.codespace ?? "",
    log: r.result.log ?? "",
    data: r.result.data ?? new Uint8Array(),
    events: r.result.events,
  };
}

export interface TxInclusionOptions {
  /** The indexed tx by hash (upper hex), or undefined while it is in no block: the fallback. */
  readonly getTx: (hash: string) => Promise<IncludedTx | undefined>;
  /** How often a pending tx is looked up by hash when no block has included it (default 2000 ms). */
  readonly fallbackMs?: number;
  /** Blocks whose txs are kept for late waiters (default 8). */
  readonly recentBlocks?: number;
}

type Waiter = { resolve: (tx: IncludedTx) => void };

export class TxInclusion {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly recent: { height: bigint; txs: Map<string, IncludedTx> }[] = [];

  constructor(private readonly opts: TxInclusionOptions) {}

  /** Feed: every block, in order (ChainFollower's onBlock). */
  onBlock(block: FollowedBlock): void {
    const txs = new Map<string, IncludedTx>();
    for (const t of block.txs) {
      const tx: IncludedTx = { hash: t.hash, height: block.height, code: t.code, codespace: t.codespace, log: t.log, data: t.data, events: t.events };
      txs.set(t.hash, tx);
      const ws = this.waiters.get(t.hash);
      if (ws) for (const w of ws) w.resolve(tx);
    }
    this.recent.push({ height: block.height, txs });
    if (this.recent.length > (this.opts.recentBlocks ?? 8)) this.recent.shift();
  }

  /** Number of txs being waited for (tests, metrics). */
  get pending(): number {
    return this.waiters.size;
  }

  /**
   * Resolves with the tx's result once it is in a block; NesaTimeoutError after `timeoutMs`.
   *
   * @example
   * const tx = await inclusion.wait(hash, 60_000); // tx.code !== 0: it failed in DeliverTx
   */
  wait(hash: string, timeoutMs: number): Promise<IncludedTx> {
    const h = hash.toUpperCase();
    for (const b of this.recent) {
      const hit = b.txs.get(h);
      if (hit) return Promise.resolve(hit);
    }
    return new Promise<IncludedTx>((resolve, reject) => {
      const start = Date.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      let done = false;
      const w: Waiter = {
        resolve: (tx) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          const ws = this.waiters.get(h);
          ws?.delete(w);
          if (ws?.size === 0) this.waiters.delete(h);
          resolve(tx);
        },
      };
      const ws = this.waiters.get(h) ?? new Set<Waiter>();
      ws.add(w);
      this.waiters.set(h, ws);
      const fallbackMs = this.opts.fallbackMs ?? 2000;
      const check = async () => {
        if (done) return;
        const tx = await this.opts.getTx(h).catch(() => undefined);
        if (tx) return w.resolve(tx);
        if (done) return;
        if (Date.now() - start >= timeoutMs) {
          done = true;
          const left = this.waiters.get(h);
          left?.delete(w);
          if (left?.size === 0) this.waiters.delete(h);
          reject(new NesaTimeoutError(`tx ${h} to be included in a block`, timeoutMs, "it passed CheckTx but is not in a block: is the node producing blocks? look it up later with the tx hash"));
          return;
        }
        timer = setTimeout(() => void check(), Math.min(fallbackMs, Math.max(0, timeoutMs - (Date.now() - start))));
      };
      timer = setTimeout(() => void check(), Math.min(fallbackMs, timeoutMs));
    });
  }
}
