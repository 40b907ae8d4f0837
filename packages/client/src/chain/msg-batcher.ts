// Coalesces one account's msgs from concurrent callers into few txs, as the miner's tx submitter does: whenever
// the signer is idle, everything queued (up to `maxMsgs`) is signed into ONE tx; the next tx is signed as soon as
// the previous broadcast's CheckTx answered. Under light load a msg goes out alone at once (no added delay); under
// load batches grow by themselves, and the client signs and broadcasts once per batch instead of once per msg.
// A tx's msgs are atomic, so when a batch is refused (CheckTx) or fails (DeliverTx) each of its msgs is re-sent
// alone: one bad msg fails only its own caller, with its own {codespace, code}.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { BroadcastTxError } from "@cosmjs/stargate";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import type { FollowedEvent } from "./followed-block";
import { serialPump } from "./serial-pump";
import type { IncludedTx } from "./tx-inclusion";

export interface MsgBatcherBackend {
  /** Signs one tx of `msgs` with this gas limit and broadcasts it; the hash once CheckTx accepts, BroadcastTxError if it refuses. */
  broadcast(msgs: readonly EncodeObject[], gas: number): Promise<string>;
  /** The tx's result once it is in a block. */
  included(hash: string): Promise<IncludedTx>;
}

/** One msg's outcome: its tx's result, and its own msg response. */
export interface SentMsg {
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
  readonly txHash: string;
  readonly height: bigint;
  /** This msg's response (a packed Any) when the tx succeeded. */
  readonly msgResponse?: { readonly typeUrl: string; readonly value: Uint8Array };
  /** The tx's events: every msg's when the tx held several. */
  readonly events: readonly FollowedEvent[];
  /** Msgs in the tx (1 = this msg alone). */
  readonly txMsgs: number;
}

type Item = { msg: EncodeObject; gas: number; alone: boolean; gasRetried: boolean; resolve: (r: SentMsg) => void; reject: (e: unknown) => void };

/** cosmos-sdk's ErrOutOfGas: the simulated gas was too low for the block the tx landed in. */
const isOutOfGas = (tx: IncludedTx) => tx.codespace === "sdk" && tx.code === 11;

export class MsgBatcher {
  private readonly queue: Item[] = [];
  private readonly kick = serialPump(() => this.pump(), () => this.queue.length > 0);
  private sent = { txs: 0, msgs: 0 };

  constructor(
    private readonly backend: MsgBatcherBackend,
    private readonly maxMsgs = 32,
  ) {}

  /** Txs broadcast (accepted by CheckTx) and the msgs they held, since the start. */
  get stats(): { readonly txs: number; readonly msgs: number } {
    return { ...this.sent };
  }

  /**
   * Sends `msg` (gas: what a tx of it alone would need) in the next tx; resolves with its outcome once in a block
   * (`code` ≠ 0: it failed in DeliverTx, alone). Rejects with BroadcastTxError when CheckTx refuses it alone.
   */
  submit(msg: EncodeObject, gas: number): Promise<SentMsg> {
    return new Promise<SentMsg>((resolve, reject) => {
      this.queue.push({ msg, gas, alone: false, gasRetried: false, resolve, reject });
      this.kick();
    });
  }


  private async pump(): Promise<void> {
    while (this.queue.length > 0) await this.send(this.take());
  }

  /** The head of the queue: one msg marked alone, else every non-alone msg up to maxMsgs, in order. */
  private take(): Item[] {
    const first = this.queue.shift()!;
    const batch = [first];
    if (first.alone) return batch;
    while (batch.length < this.maxMsgs && this.queue.length > 0 && !this.queue[0].alone) batch.push(this.queue.shift()!);
    return batch;
  }

  /** Broadcasts one batch and returns after CheckTx (inclusion is awaited apart). Never throws. */
  private async send(batch: Item[]): Promise<void> {
    let hash: string;
    try {
      hash = await this.backend.broadcast(
        batch.map((i) => i.msg),
        batch.reduce((g, i) => g + i.gas, 0),
      );
    } catch (err) {
      // The node refused the batch: retry its msgs one by one. Any other error (no answer) may mean the tx is in
      // the mempool after all, so re-sending could pay twice: each caller gets the error instead.
      if (batch.length > 1 && err instanceof BroadcastTxError) this.requeueAlone(batch);
      else for (const i of batch) i.reject(err);
      return;
    }
    this.sent.txs++;
    this.sent.msgs += batch.length;
    this.backend.included(hash).then(
      (tx) => this.settle(batch, tx),
      (err) => {
        for (const i of batch) i.reject(err);
      },
    );
  }

  private settle(batch: Item[], tx: IncludedTx): void {
    if (tx.code !== 0 && batch.length > 1) {
      this.requeueAlone(batch);
      this.kick();
      return;
    }
    // A msg's gas can grow with what else its block holds (nesad's MsgPayForQuery appends to a per-height
    // schedule), beyond the ×1.3 of a simulation on committed state: retry a lone msg once with twice the gas.
    const [only] = batch;
    if (batch.length === 1 && isOutOfGas(tx) && !only.gasRetried) {
      only.gasRetried = true;
      only.gas *= 2;
      this.requeueAlone(batch);
      this.kick();
      return;
    }
    let responses: { typeUrl: string; value: Uint8Array }[] = [];
    if (tx.code === 0) {
      try {
        responses = TxMsgData.decode(tx.data).msgResponses;
      } catch {
        // Undecodable data: callers fall back to the tx's events.
      }
    }
    for (const [k, i] of batch.entries()) {
      i.resolve({ code: tx.code, codespace: tx.codespace, log: tx.log, txHash: tx.hash, height: tx.height, msgResponse: responses[k], events: tx.events, txMsgs: batch.length });
    }
  }

  /** Back at the head of the queue, in order, each to be signed in a tx of its own. */
  private requeueAlone(batch: Item[]): void {
    for (const i of batch) i.alone = true;
    this.queue.unshift(...batch);
  }
}
