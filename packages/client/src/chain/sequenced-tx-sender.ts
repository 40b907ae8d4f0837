// Signs and broadcasts txs of one account with a locally tracked account number and sequence, so several txs can
// be in the mempool at once (the node's CheckTx state counts pending sequences, like cosmos-sdk's). cosmjs's
// signAndBroadcast reads the sequence from committed state for every tx, so two concurrent pays would sign the
// same sequence and one would be refused. Sign + broadcast_tx_sync run one at a time per sender (a promise
// queue); waiting for inclusion does not, so many txs wait for their blocks together.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { BroadcastTxError, type DeliverTxResponse, type StdFee } from "@cosmjs/stargate";

export interface AccountSequence {
  /** cosmjs's SequenceResponse shape. */
  readonly accountNumber: bigint;
  readonly sequence: number;
}

export interface SyncBroadcastResult {
  readonly code: number;
  readonly codespace?: string;
  readonly log?: string;
  /** Upper-case hex, as cosmjs and the node print it. */
  readonly hash: string;
}

export interface TxSenderBackend {
  /** The account's number and next sequence in committed state. */
  account(): Promise<AccountSequence>;
  /** The signed TxRaw bytes. */
  sign(msgs: readonly EncodeObject[], fee: StdFee, memo: string, signer: AccountSequence): Promise<Uint8Array>;
  /** CheckTx only (broadcast_tx_sync). */
  broadcastSync(tx: Uint8Array): Promise<SyncBroadcastResult>;
  /** Resolves when the tx is in a block (its DeliverTx result, maybe a failure); only signAndBroadcast uses it. */
  waitForTx(hash: string): Promise<DeliverTxResponse>;
}

/** cosmos-sdk's ErrWrongSequence: the signed sequence is not the one the node expects. */
export const isWrongSequence = (r: { code: number; codespace?: string }) => r.codespace === "sdk" && r.code === 32;

export class SequencedTxSender {
  private account: AccountSequence | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly backend: TxSenderBackend) {}

  /** The sequence the next tx will sign with (fetched once). */
  async nextSequence(): Promise<number> {
    return this.serialized(async () => (await this.current()).sequence);
  }

  /**
   * Signs with the next local sequence, broadcasts (CheckTx), then waits for inclusion. A CheckTx refusal throws
   * cosmjs's BroadcastTxError with the chain's {codespace, code}; a wrong sequence (another client of the same
   * account, a dropped tx) refreshes the sequence from the chain and retries once.
   */
  async signAndBroadcast(msgs: readonly EncodeObject[], fee: StdFee, memo = ""): Promise<DeliverTxResponse> {
    return this.backend.waitForTx(await this.broadcast(msgs, fee, memo));
  }

  /** Signs and broadcasts only (CheckTx), one at a time per sender, like signAndBroadcast; resolves the tx hash. */
  broadcast(msgs: readonly EncodeObject[], fee: StdFee, memo = ""): Promise<string> {
    return this.serialized(() => this.signAndSend(msgs, fee, memo, true));
  }

  private async signAndSend(msgs: readonly EncodeObject[], fee: StdFee, memo: string, mayRetry: boolean): Promise<string> {
    const signer = await this.current();
    const res = await this.backend.broadcastSync(await this.backend.sign(msgs, fee, memo, signer));
    if (res.code === 0) {
      this.account = { accountNumber: signer.accountNumber, sequence: signer.sequence + 1 };
      return res.hash;
    }
    if (isWrongSequence(res)) {
      // Whatever we believed is stale: read it again (now, and for the next tx if this retry fails too).
      this.account = undefined;
      if (mayRetry) return this.signAndSend(msgs, fee, memo, false);
    }
    // A refused tx did not consume its sequence: the next one reuses it.
    throw new BroadcastTxError(res.code, res.codespace ?? "", res.log);
  }

  private async current(): Promise<AccountSequence> {
    this.account ??= await this.backend.account();
    return this.account;
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
