// Signs and broadcasts one miner's transactions. Sequences are tracked locally so several txs can be in the
// mempool at once; on a sequence error (sdk/32) the sequence is re-read from the chain and the tx re-signed.
// Every other failure goes through the {codespace, code} table in tx-policy.ts.
import type { EncodeObject } from "@cosmjs/proto-signing";
import type { Logger } from "pino";
import type { MinerMetrics } from "../metrics/miner-metrics";
import { type SignerQueue, signerQueueFor } from "./signer-queue";
import type { AccountSeq, TxBackend } from "./tx-backend";
import { TxFailedError, type TxKind, decideTxFailure } from "./tx-policy";

export type TxSubmitterOptions = {
  address: string;
  backend: TxBackend;
  logger: Logger;
  metrics?: MinerMetrics;
  gasLimits?: Partial<Record<TxKind, number>>;
  maxAttempts?: number;
  retryDelayMs?: number;
  inclusionTimeoutMs?: number;
};

export type Submitted = { hash: string; height: number; alreadyDone: boolean };

const DEFAULT_GAS: Record<TxKind, number> = { commit: 200_000, reveal: 400_000, register: 300_000 };

export class TxSubmitter {
  private readonly queue: SignerQueue;
  private seq?: AccountSeq;

  constructor(private readonly opts: TxSubmitterOptions) {
    this.queue = signerQueueFor(opts.address);
  }

  /** Broadcasts and waits for inclusion; throws TxFailedError when the table says give up. */
  async submit(kind: TxKind, msgs: EncodeObject[]): Promise<Submitted> {
    const max = this.opts.maxAttempts ?? 5;
    let lastError: TxFailedError | undefined;
    for (let attempt = 1; attempt <= max; attempt++) {
      const sent = await this.queue.run(() => this.signAndSend(kind, msgs));
      let result: { code: number; codespace: string; log?: string } = sent.result;
      if (sent.hash && result.code === 0) {
        const included = await this.opts.backend.waitForTx(sent.hash, this.opts.inclusionTimeoutMs ?? 30_000);
        if (!included) {
          lastError = new TxFailedError(kind, "sidecar", 0, `not included within the timeout (${sent.hash})`, { action: "retry", why: "tx not included in time" });
          this.seq = undefined; // it may or may not land: re-read the sequence before signing again
          continue;
        }
        if (included.code === 0) {
          this.opts.metrics?.txSent.inc({ kind });
          return { hash: sent.hash, height: included.height, alreadyDone: false };
        }
        result = included;
      }
      const decision = decideTxFailure(kind, result.codespace, result.code);
      this.opts.metrics?.txFailures.inc({ codespace: result.codespace, code: String(result.code) });
      lastError = new TxFailedError(kind, result.codespace, result.code, result.log, decision);
      this.opts.logger.warn({ kind, codespace: result.codespace, code: result.code, action: decision.action, attempt }, `tx failed: ${decision.why}`);
      if (decision.action === "done") return { hash: sent.hash ?? "", height: 0, alreadyDone: true };
      if (decision.action === "give-up") throw lastError;
      if (decision.action === "refresh-sequence") this.seq = undefined;
      else await new Promise((r) => setTimeout(r, (this.opts.retryDelayMs ?? 500) * attempt));
    }
    throw lastError ?? new Error(`${kind} tx: no attempt made`);
  }

  /** Waits for every queued signing step (graceful shutdown). */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  private async signAndSend(kind: TxKind, msgs: EncodeObject[]) {
    const { backend, address } = this.opts;
    this.seq ??= await backend.getSequence(address);
    const seq = this.seq;
    const res = await backend.broadcast(address, msgs, this.opts.gasLimits?.[kind] ?? DEFAULT_GAS[kind], seq);
    // Only a tx that passed CheckTx uses up the sequence (a failing DeliverTx still bumps it on chain).
    if (res.code === 0) this.seq = { ...seq, sequence: seq.sequence + 1 };
    return { hash: res.code === 0 ? res.hash : undefined, result: res };
  }
}
