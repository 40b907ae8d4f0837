// Signs and broadcasts one miner's transactions. Submissions are coalesced: whenever the signer is idle, every
// queued submission (up to the caps in tx-batch.ts) goes into ONE tx, so under light load a msg is sent at once
// and under load batches grow by themselves. As soon as CheckTx accepts a tx, the next one is signed with the
// next locally tracked sequence (nesad's CheckTx keeps per-sender sequences across the mempool), so several txs
// can wait in the mempool at once. Inclusion is read from the blocks the miner's chain follower hands on
// (`onBlock`: hashes and results come with the block, no RPC), or, without a follower (the register CLI), by
// reading each new height's block (`onHeight` / the height poll); never polled per tx. A tx's msgs are atomic: when a batch fails, each submission is re-sent alone so
// one bad msg (a late commit) never sinks the others; a lone submission's failure goes through the
// {codespace, code} table in tx-policy.ts (sdk/32: re-read the sequence and re-sign).
import type { EncodeObject } from "@cosmjs/proto-signing";
import { serialPump } from "@nesa/client";
import type { Logger } from "pino";
import type { MinerMetrics } from "../metrics/miner-metrics";
import { type SignerQueue, signerQueueFor } from "./signer-queue";
import { type BatchCaps, DEFAULT_CAPS, type Pending, takeBatch } from "./tx-batch";
import type { AccountSeq, BlockTx, BroadcastResult, TxBackend, TxResult } from "./tx-backend";
import { TxFailedError, type TxKind, decideTxFailure } from "./tx-policy";

export type TxSubmitterOptions = {
  address: string;
  backend: TxBackend;
  logger: Logger;
  metrics?: MinerMetrics;
  gasLimits?: Partial<Record<TxKind, number>>;
  caps?: Partial<BatchCaps>;
  maxAttempts?: number;
  retryDelayMs?: number;
  inclusionTimeoutMs?: number;
  /**
   * Height poll while txs are pending: the fallback when nobody calls `onHeight` (e.g. the register CLI). Once
   * blocks are fed through `onBlock`, the timer only checks inclusion timeouts.
   */
  pollMs?: number;
};

/** A committed block as the chain follower hands it on (FollowedBlock fits). */
export type FedBlock = { height: number | bigint; txs: readonly BlockTx[] };

export type Submitted = { hash: string; height: number; alreadyDone: boolean };
/** `accepted`: CheckTx took the msgs into the mempool (once); `included`: they are in a block (or done). */
export type Submission = { accepted: Promise<void>; included: Promise<Submitted> };

const DEFAULT_GAS: Record<TxKind, number> = { commit: 200_000, reveal: 400_000, register: 300_000 };
/** Blocks scanned per height notice at most; older pending txs are found by hash at their timeout. */
const MAX_SCAN = 50;
/** Recently scanned blocks kept: a tx can land in a block scanned before its broadcast_sync answer arrived. */
const RECENT_BLOCKS = 8;

type Item = Pending<{ attempts: number; accept(): void; settle(s: Submitted): void; fail(e: unknown): void }>;
type InFlight = { hash: string; items: Item[]; sentAt: number };

export class TxSubmitter {
  private readonly signer: SignerQueue;
  private readonly caps: BatchCaps;
  private seq?: AccountSeq;
  private readonly waiting: Item[] = [];
  private readonly kick = serialPump(() => this.pump(), () => this.waiting.length > 0);
  private readonly inflight = new Map<string, InFlight>();
  private readonly open = new Set<Promise<unknown>>();
  private broadcasting = 0;
  /** Last height whose txs were matched (or that could hold none of ours); undefined before the first send. */
  private scanned?: number;
  private recent: { height: number; txs: Map<string, BlockTx> }[] = [];
  private scanning: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  /** Blocks come through onBlock: heights are no longer read block by block. */
  private fed = false;

  constructor(private readonly opts: TxSubmitterOptions) {
    this.signer = signerQueueFor(opts.address);
    this.caps = { ...DEFAULT_CAPS, ...opts.caps };
  }

  /** Broadcasts and waits for inclusion; throws TxFailedError when the table says give up. */
  submit(kind: TxKind, msgs: EncodeObject[]): Promise<Submitted> {
    return this.enqueue(kind, msgs).included;
  }

  /** Like submit, but also tells when the msgs entered the mempool (a caller may go on from there). */
  enqueue(kind: TxKind, msgs: EncodeObject[]): Submission {
    let accept!: () => void;
    let refuse!: (e: unknown) => void;
    let resolve!: (s: Submitted) => void;
    let reject!: (e: unknown) => void;
    const accepted = new Promise<void>((a, r) => {
      accept = a;
      refuse = r;
    });
    const included = new Promise<Submitted>((a, r) => {
      resolve = a;
      reject = r;
    });
    accepted.catch(() => {}); // `included` carries the same error to whoever awaits it
    const item: Item = {
      kind,
      msgs,
      alone: false,
      attempts: 0,
      accept,
      settle: (s) => {
        accept();
        resolve(s);
      },
      // A no-op on `accepted` when CheckTx already took the msgs once.
      fail: (e) => {
        refuse(e);
        reject(e);
      },
    };
    const tracked: Promise<unknown> = included.catch(() => {}).finally(() => this.open.delete(tracked));
    this.open.add(tracked);
    this.waiting.push(item);
    this.kick();
    return { accepted, included };
  }

  /** A new block height (from the chain follower): settles the pending txs it (or a skipped height) holds. */
  onHeight(height: number | bigint): Promise<void> {
    const h = Number(height);
    this.scanning = this.scanning
      .then(() => this.scan(h))
      .catch((err) => this.opts.logger.warn({ err: (err as Error).message, height: h }, "reading a block for pending txs failed; retrying at the next height"));
    return this.scanning;
  }

  /**
   * A committed block with its txs' results (from the chain follower: every block after its start, in order).
   * Settles the pending txs it holds; from the first call on, `onHeight` and the height poll read no blocks.
   */
  onBlock(block: FedBlock): void {
    this.fed = true;
    const h = Number(block.height);
    this.scanning = this.scanning
      .then(() => {
        if (this.scanned !== undefined && h <= this.scanned) return;
        this.match(h, new Map(block.txs.map((t) => [t.hash, t])));
        return this.expire();
      })
      .catch((err) => this.opts.logger.warn({ err: (err as Error).message, height: h }, "looking up a timed-out tx failed; retrying at the next block"));
  }

  /** Waits until every submission made so far is settled, at most `timeoutMs` (graceful shutdown). */
  async flush(timeoutMs = 15_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((r) => {
      timer = setTimeout(r, timeoutMs);
    });
    const all = (async () => {
      while (this.open.size > 0) await Promise.allSettled([...this.open]);
    })();
    await Promise.race([all, limit]);
    clearTimeout(timer);
  }

  private gasOf = (kind: TxKind): number => this.opts.gasLimits?.[kind] ?? DEFAULT_GAS[kind];


  private async pump(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = takeBatch(this.waiting, this.gasOf, this.caps);
      await this.signer.run(() => this.send(batch));
    }
  }

  /** Signs one tx with the batch's msgs and broadcasts it (sync: returns after CheckTx). Never throws. */
  private async send(batch: Item[]): Promise<void> {
    const { backend, address } = this.opts;
    const msgs = batch.flatMap((i) => i.msgs);
    const gas = batch.reduce((g, i) => g + this.gasOf(i.kind), 0);
    let res: BroadcastResult;
    let seq: AccountSeq;
    this.broadcasting++;
    try {
      // A tx sent now lands after the current height: scanning starts there.
      this.scanned ??= await backend.height();
      seq = this.seq ??= await backend.getSequence(address);
      res = await backend.broadcast(address, msgs, gas, seq);
    } catch (err) {
      // Unreachable node: the tx may or may not be in the mempool, so the sequence is re-read next time.
      this.seq = undefined;
      this.broadcasting--;
      for (const i of batch) i.fail(err);
      return;
    }
    if (res.code !== 0) {
      this.broadcasting--;
      this.failed(batch, res, "check", "");
      return;
    }
    // Only a tx that passed CheckTx uses up the sequence (a failing DeliverTx still bumps it on chain).
    this.seq = { ...seq, sequence: seq.sequence + 1 };
    const tx: InFlight = { hash: res.hash, items: batch, sentAt: Date.now() };
    this.inflight.set(res.hash, tx);
    this.broadcasting--;
    this.opts.metrics?.txMsgs.observe(msgs.length);
    for (const i of batch) i.accept();
    for (const b of this.recent) {
      const found = b.txs.get(res.hash);
      if (found && this.inflight.delete(res.hash)) this.settle(tx, found, b.height);
    }
    this.arm();
  }

  private async scan(h: number): Promise<void> {
    if (this.fed || this.scanned === undefined || h <= this.scanned) return;
    if (this.inflight.size === 0 && this.broadcasting === 0) {
      // Nothing of ours can be in these blocks: skip them.
      this.scanned = h;
      this.recent = [];
      return;
    }
    for (let x = Math.max(this.scanned + 1, h - MAX_SCAN + 1); x <= h; x++) {
      this.match(x, new Map((await this.opts.backend.blockTxs(x)).map((t) => [t.hash, t])));
    }
    await this.expire();
  }

  /** Settles the pending txs found in block `height` and remembers it for txs whose broadcast has not answered yet. */
  private match(height: number, txs: Map<string, BlockTx>): void {
    this.scanned = height;
    if (this.inflight.size === 0 && this.broadcasting === 0) {
      // Nothing of ours can be in this block.
      this.recent = [];
      return;
    }
    this.recent.push({ height, txs });
    if (this.recent.length > RECENT_BLOCKS) this.recent.shift();
    for (const [hash, tx] of this.inflight) {
      const found = txs.get(hash);
      if (found && this.inflight.delete(hash)) this.settle(tx, found, height);
    }
  }

  /** Pending txs past the inclusion timeout: one lookup by hash, else re-read the sequence and send again. */
  private async expire(): Promise<void> {
    const limit = this.opts.inclusionTimeoutMs ?? 30_000;
    for (const [hash, tx] of this.inflight) {
      if (Date.now() - tx.sentAt < limit) continue;
      const found = await this.opts.backend.findTx(hash);
      if (!this.inflight.delete(hash)) continue;
      if (found) {
        this.settle(tx, found, found.height);
        continue;
      }
      this.seq = undefined; // it may or may not land: re-read the sequence before signing again
      const err = new TxFailedError(tx.items[0].kind, "sidecar", 0, `not included within the timeout (${hash})`, { action: "retry", why: "tx not included in time" });
      this.opts.logger.warn({ hash, msgs: tx.items.length }, "tx not included in time; re-sending");
      this.requeue(tx.items, err);
    }
  }

  private settle(tx: InFlight, result: TxResult, height: number): void {
    if (result.code !== 0) {
      this.failed(tx.items, result, "deliver", tx.hash);
      return;
    }
    for (const i of tx.items) {
      this.opts.metrics?.txSent.inc({ kind: i.kind });
      i.settle({ hash: tx.hash, height, alreadyDone: false });
    }
    const kinds = [...new Set(tx.items.map((i) => i.kind))];
    this.opts.logger.info({ kinds, msgs: tx.items.reduce((n, i) => n + i.msgs.length, 0), height, hash: tx.hash }, "tx included");
  }

  private failed(batch: Item[], result: TxResult, stage: "check" | "deliver", hash: string): void {
    const { codespace, code, log } = result;
    this.opts.metrics?.txFailures.inc({ codespace, code: String(code) });
    const decision = decideTxFailure(batch[0].kind, codespace, code);
    if (batch.length > 1 && !(stage === "check" && decision.action === "refresh-sequence")) {
      // Atomic msgs: we cannot tell which one the chain refused, so each goes alone.
      this.opts.logger.warn({ codespace, code, stage, msgs: batch.length }, "batched tx failed; re-sending each submission in its own tx");
      for (const i of batch) i.alone = true;
      this.waiting.unshift(...batch);
      this.kick();
      return;
    }
    const err = new TxFailedError(batch[0].kind, codespace, code, log, decision);
    this.opts.logger.warn({ kind: batch[0].kind, codespace, code, action: decision.action, attempt: batch[0].attempts + 1 }, `tx failed: ${decision.why}`);
    if (decision.action === "done") {
      for (const i of batch) i.settle({ hash, height: 0, alreadyDone: true });
    } else if (decision.action === "give-up") {
      for (const i of batch) i.fail(err);
    } else if (decision.action === "refresh-sequence") {
      this.seq = undefined;
      this.requeue(batch, err);
    } else {
      const delay = (this.opts.retryDelayMs ?? 500) * (batch[0].attempts + 1);
      setTimeout(() => this.requeue(batch, err), delay);
    }
  }

  /** Counts an attempt; sends again (first in line) unless the attempts are used up. */
  private requeue(items: Item[], err: TxFailedError): void {
    const again = items.filter((i) => {
      i.attempts++;
      if (i.attempts < (this.opts.maxAttempts ?? 5)) return true;
      i.fail(err);
      return false;
    });
    this.waiting.unshift(...again);
    this.kick();
  }

  /** The fallback height poll, running only while submissions are pending. */
  private arm(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.inflight.size === 0 && this.waiting.length === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      if (this.fed) {
        // Blocks arrive by themselves; only a tx whose block never came (a skipped gap) needs its timeout.
        this.scanning = this.scanning.then(() => this.expire()).catch(() => {});
        return;
      }
      this.opts.backend.height().then(
        (h) => this.onHeight(h),
        () => {}, // the node is unreachable: the next tick tries again
      );
    }, this.opts.pollMs ?? 1000);
    // Not unref'd: in a CLI (`nesa-miner register`) this timer is what keeps the process alive until inclusion.
    // It stops by itself once nothing is pending.
  }
}
