// Step 2 of a query: MsgPayForQuery, committing to sha256 of the exact encrypted bytes that will be uploaded.
// A refusal (CheckTx) or failure (DeliverTx) becomes a ChainTxError carrying the chain's {codespace, code}. The
// msg may share a tx with other concurrent pays of the same account (the client's MsgBatcher); its response is
// its own either way. A refusal because the model has too many open queries (ErrModelBusy) is paid again after a
// backoff, a bounded number of times (busy-retry.ts).
import { BroadcastTxError } from "@cosmjs/stargate";
import { payforqueryState, payforqueryTx } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import type { SentMsg } from "../chain/msg-batcher";
import { ChainTxError } from "../errors/nesa-error";
import type { MsgPayForQueryEncodeObject } from "../modules/payforquery/messages";
import { type BusyRetryOptions, retryWhileBusy } from "./busy-retry";
import type { PrivacyMode } from "./model-codec";

export interface PayForQueryParameters {
  readonly sender: string;
  readonly modelId: string;
  /** The encrypted input exactly as it will be uploaded. */
  readonly input: Uint8Array;
  /** HSS-EE: sha256(d0 ‖ d1) over the shares' digests (prepareHssInput) instead of sha256(input). */
  readonly inputCommitment?: Uint8Array;
  readonly replicas: number;
  readonly privacy: PrivacyMode;
  /** Upper bound the chain may charge (unes). */
  readonly maxFee: bigint;
  /** 0 = the chain's default timeout. */
  readonly timeoutBlocks?: bigint;
  /** Gas limit of the msg; default: `estimateGas`. */
  readonly gas?: number;
  /** The msg may be refused (e.g. max fee below the estimate): simulate it afresh rather than reuse a gas figure. */
  readonly mayFail?: boolean;
  /** Generator models (PROTOCOL §10): the prompt length, the tokens to escrow, and the (encrypted) stop id if disclosed. */
  readonly generation?: { readonly inputTokens: number; readonly maxNewTokens: number; readonly stopTokenId?: number };
  /** Backoff when the chain refuses the pay because the model is busy (max_open_queries_per_model); default 8 attempts. */
  readonly busyRetry?: BusyRetryOptions;
}

export interface PayForQueryReturnType {
  readonly queryId: bigint;
  /** The fee escrowed (unes). */
  readonly fee: bigint;
  readonly txHash: string;
  readonly height: number;
}

export interface PayForQueryDeps {
  /**
   * Sends the msg, possibly in one tx with other concurrent callers' msgs (MsgBatcher), and resolves with its own
   * outcome once in a block; throws cosmjs's BroadcastTxError when CheckTx refuses it.
   */
  send(msg: MsgPayForQueryEncodeObject, gas: number): Promise<SentMsg>;
  /**
   * Gas limit from a simulation that throws ChainTxError with the chain's codespace when the msg would fail (so a
   * doomed tx is never broadcast). Used when `gas` is not given.
   */
  estimateGas?(msg: MsgPayForQueryEncodeObject, hint?: { mayFail?: boolean }): Promise<number>;
}

/** Without `gas` or `estimateGas` (fakes): a generous limit for one MsgPayForQuery. */
const FALLBACK_GAS = 200_000;

/**
 * Pays for a query; returns the new query id and the fee the chain escrowed.
 *
 * @example
 * const { queryId, fee } = await payForQuery(deps, { sender, modelId: "lande", input: encrypted, replicas: 2, privacy: "ee", maxFee: 10_000_000n });
 */
export async function payForQuery(deps: PayForQueryDeps, p: PayForQueryParameters): Promise<PayForQueryReturnType> {
  const msg: MsgPayForQueryEncodeObject = {
    typeUrl: "/nesa.payforquery.v1.MsgPayForQuery",
    value: {
      sender: p.sender,
      modelId: p.modelId,
      inputCommitment: p.inputCommitment ?? sha256(p.input),
      inputBytes: BigInt(p.input.length),
      replicas: p.replicas,
      privacy: p.privacy === "ee" ? payforqueryState.Privacy.PRIVACY_EE : payforqueryState.Privacy.PRIVACY_HSS_EE,
      maxFee: { denom: "unes", amount: p.maxFee.toString() },
      timeoutBlocks: p.timeoutBlocks ?? 0n,
      ...(p.generation
        ? {
            inputTokens: p.generation.inputTokens,
            maxNewTokens: p.generation.maxNewTokens,
            ...(p.generation.stopTokenId !== undefined ? { stopTokenId: p.generation.stopTokenId } : {}),
          }
        : {}),
    },
  };
  return retryWhileBusy(() => payOnce(deps, p, msg), p.busyRetry);
}

async function payOnce(deps: PayForQueryDeps, p: PayForQueryParameters, msg: MsgPayForQueryEncodeObject): Promise<PayForQueryReturnType> {
  const gas = p.gas ?? (deps.estimateGas ? await deps.estimateGas(msg, { mayFail: p.mayFail }) : FALLBACK_GAS);
  let res: SentMsg;
  try {
    res = await deps.send(msg, gas);
  } catch (err) {
    if (err instanceof BroadcastTxError) throw new ChainTxError({ codespace: err.codespace, code: err.code, log: err.log, what: "MsgPayForQuery", cause: err });
    throw err;
  }
  if (res.code !== 0) {
    throw new ChainTxError({ codespace: res.codespace || "unknown", code: res.code, log: res.log, txHash: res.txHash, what: "MsgPayForQuery" });
  }
  const height = Number(res.height);
  if (res.msgResponse?.typeUrl === "/nesa.payforquery.v1.MsgPayForQueryResponse") {
    const decoded = payforqueryTx.MsgPayForQueryResponse.decode(res.msgResponse.value);
    return { queryId: decoded.queryId, fee: BigInt(decoded.fee?.amount ?? "0"), txHash: res.txHash, height };
  }
  // Fallback: the typed event (attribute values are JSON strings); only unambiguous in a tx of this msg alone.
  const ev = res.txMsgs === 1 ? res.events.find((e) => e.type === "nesa.payforquery.v1.EventQueryPaid") : undefined;
  const id = ev?.attributes.find((a) => a.key === "query_id")?.value.replaceAll('"', "");
  if (!id) throw new ChainTxError({ codespace: "unknown", code: 0, log: "MsgPayForQuery succeeded but returned no query id", txHash: res.txHash, what: "MsgPayForQuery" });
  const feeAttr = ev?.attributes.find((a) => a.key === "fee")?.value;
  const feeAmount = feeAttr ? /"amount":"(\d+)"/.exec(feeAttr)?.[1] : undefined;
  return { queryId: BigInt(id), fee: BigInt(feeAmount ?? "0"), txHash: res.txHash, height };
}
