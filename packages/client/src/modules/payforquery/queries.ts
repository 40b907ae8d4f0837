import type { QueryClient } from "@cosmjs/stargate";
import { type payforqueryParams, payforqueryQuery as q, type payforqueryState } from "@nesa/proto-types";
import { createQueryCall, pageRequest, required, toU64, type U64Input } from "../query-rpc";

export interface PayforqueryEscrowsFilter {
  readonly payer?: string;
  readonly status?: payforqueryState.EscrowStatus;
}

/** A generator query's lengths, as MsgPayForQuery carries them. */
export interface PayforqueryGeneration {
  readonly inputTokens: number;
  readonly maxNewTokens: number;
}

export interface PayforqueryExtension {
  readonly payforquery: {
    readonly params: () => Promise<payforqueryParams.Params>;
    readonly escrow: (queryId: U64Input) => Promise<payforqueryState.Escrow>;
    readonly escrows: (filter?: PayforqueryEscrowsFilter, paginationKey?: Uint8Array) => Promise<q.QueryEscrowsResponse>;
    /** What MsgPayForQuery would charge now, with its parts. */
    readonly estimateFee: (
      modelId: string,
      inputBytes: U64Input,
      replicas: number,
      /** PRIVACY_HSS_EE prices the two share seats per replica too (default PRIVACY_EE). */
      privacy?: payforqueryState.Privacy,
      /** Generator models: the prompt length and the tokens to escrow (omit for a classifier). */
      generation?: PayforqueryGeneration,
    ) => Promise<payforqueryState.FeeBreakdown>;
    /** What a model has paid its owner so far (owner_payout summed over its settled queries). */
    readonly modelEarnings: (modelId: string) => Promise<payforqueryState.ModelEarnings>;
  };
}

/**
 * x/payforquery queries over abci_query paths `/nesa.payforquery.v1.Query/<Method>`.
 *
 * @example
 * const client = QueryClient.withExtensions(comet, setupPayforqueryExtension);
 * const fee = await client.payforquery.estimateFee("ocr-rec", 4096, 3);
 * const gen = await client.payforquery.estimateFee("tiny-lm", 512, 3, 0, { inputTokens: 12, maxNewTokens: 64 });
 */
export function setupPayforqueryExtension(base: QueryClient): PayforqueryExtension {
  const call = createQueryCall(base, "nesa.payforquery.v1.Query");
  return {
    payforquery: {
      params: async () => {
        const res = await call("Params", q.QueryParamsRequest, q.QueryParamsResponse, {});
        return required(res.params, "payforquery.params");
      },
      escrow: async (queryId) => {
        const id = toU64(queryId, "queryId");
        const res = await call("Escrow", q.QueryEscrowRequest, q.QueryEscrowResponse, { queryId: id });
        return required(res.escrow, `payforquery.escrow(${id})`);
      },
      escrows: async (filter = {}, paginationKey) =>
        call("Escrows", q.QueryEscrowsRequest, q.QueryEscrowsResponse, {
          payer: filter.payer ?? "",
          status: filter.status ?? 0,
          pagination: pageRequest(paginationKey),
        }),
      estimateFee: async (modelId, inputBytes, replicas, privacy = 0, generation) => {
        if (!Number.isInteger(replicas) || replicas < 1 || replicas > 0xffff_ffff) {
          throw new Error(`replicas must be a positive integer, got ${replicas}`);
        }
        const inputTokens = generation?.inputTokens ?? 0;
        const maxNewTokens = generation?.maxNewTokens ?? 0;
        for (const [name, v] of [["inputTokens", inputTokens], ["maxNewTokens", maxNewTokens]] as const) {
          if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw new Error(`${name} must be a non-negative integer, got ${v}`);
        }
        const res = await call("EstimateFee", q.QueryEstimateFeeRequest, q.QueryEstimateFeeResponse, {
          modelId,
          inputBytes: toU64(inputBytes, "inputBytes"),
          replicas,
          privacy,
          inputTokens,
          maxNewTokens,
        });
        return required(res.fee, `payforquery.estimateFee(${modelId})`);
      },
      modelEarnings: async (modelId) => {
        const res = await call("ModelEarnings", q.QueryModelEarningsRequest, q.QueryModelEarningsResponse, { modelId });
        return required(res.earnings, `payforquery.modelEarnings(${modelId})`);
      },
    },
  };
}
