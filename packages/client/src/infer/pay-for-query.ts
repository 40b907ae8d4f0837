// Step 2 of a query: MsgPayForQuery, committing to sha256 of the exact encrypted bytes that will be uploaded.
// A refusal (CheckTx) or failure (DeliverTx) becomes a ChainTxError carrying the chain's {codespace, code}.
import type { StdFee } from "@cosmjs/stargate";
import { BroadcastTxError, type DeliverTxResponse } from "@cosmjs/stargate";
import { payforqueryState, payforqueryTx } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import { ChainTxError } from "../errors/nesa-error";
import type { MsgPayForQueryEncodeObject } from "../modules/payforquery/messages";
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
  readonly fee?: StdFee | "auto" | number;
  /** The msg may be refused (e.g. max fee below the estimate): simulate it afresh rather than reuse a gas figure. */
  readonly mayFail?: boolean;
}

export interface PayForQueryReturnType {
  readonly queryId: bigint;
  /** The fee escrowed (unes). */
  readonly fee: bigint;
  readonly txHash: string;
  readonly height: number;
}

export interface PayForQueryDeps {
  signAndBroadcast(address: string, msgs: MsgPayForQueryEncodeObject[], fee: StdFee | "auto" | number, memo?: string): Promise<DeliverTxResponse>;
  /** The codespace of a failed tx (DeliverTxResponse lacks it); from the node's `tx` endpoint. */
  txCodespace?(hash: string): Promise<string | undefined>;
  /**
   * Fee from a simulation that throws ChainTxError with the chain's codespace when the msg would fail (so a
   * doomed tx is never broadcast). Used when `fee` is not given; without it cosmjs's "auto" is used.
   */
  estimateTxFee?(msgs: MsgPayForQueryEncodeObject[], hint?: { mayFail?: boolean }): Promise<StdFee>;
}

/**
 * Pays for a query; returns the new query id and the fee the chain escrowed.
 *
 * @example
 * const { queryId, fee } = await payForQuery(signer, { sender, modelId: "lande", input: encrypted, replicas: 2, privacy: "ee", maxFee: 10_000_000n });
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
    },
  };
  const fee = p.fee ?? (deps.estimateTxFee ? await deps.estimateTxFee([msg], { mayFail: p.mayFail }) : "auto");
  let res: DeliverTxResponse;
  try {
    res = await deps.signAndBroadcast(p.sender, [msg], fee);
  } catch (err) {
    if (err instanceof BroadcastTxError) throw new ChainTxError({ codespace: err.codespace, code: err.code, log: err.log, what: "MsgPayForQuery", cause: err });
    throw err;
  }
  if (res.code !== 0) {
    const codespace = (await deps.txCodespace?.(res.transactionHash).catch(() => undefined)) ?? "unknown";
    throw new ChainTxError({ codespace, code: res.code, log: res.rawLog, txHash: res.transactionHash, what: "MsgPayForQuery" });
  }
  const any = res.msgResponses.find((r) => r.typeUrl === "/nesa.payforquery.v1.MsgPayForQueryResponse");
  if (any) {
    const decoded = payforqueryTx.MsgPayForQueryResponse.decode(any.value);
    return { queryId: decoded.queryId, fee: BigInt(decoded.fee?.amount ?? "0"), txHash: res.transactionHash, height: res.height };
  }
  // Fallback: the typed event (attribute values are JSON strings).
  const ev = res.events.find((e) => e.type === "nesa.payforquery.v1.EventQueryPaid");
  const id = ev?.attributes.find((a) => a.key === "query_id")?.value.replaceAll('"', "");
  if (!id) throw new ChainTxError({ codespace: "unknown", code: 0, log: "MsgPayForQuery succeeded but returned no query id", txHash: res.transactionHash, what: "MsgPayForQuery" });
  const feeAttr = ev?.attributes.find((a) => a.key === "fee")?.value;
  const feeAmount = feeAttr ? /"amount":"(\d+)"/.exec(feeAttr)?.[1] : undefined;
  return { queryId: BigInt(id), fee: BigInt(feeAmount ?? "0"), txHash: res.transactionHash, height: res.height };
}
