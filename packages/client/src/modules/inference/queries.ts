import type { QueryClient } from "@cosmjs/stargate";
import { type inferenceParams, inferenceQuery as q, type inferenceState } from "@nesa/proto-types";
import { createQueryCall, pageRequest, required, toU64, type U64Input } from "../query-rpc";

export interface InferenceQueriesFilter {
  readonly status?: inferenceState.QueryStatus;
  /** Payer address. */
  readonly owner?: string;
  readonly modelId?: string;
  /** Only queries where this miner holds a seat. */
  readonly miner?: string;
}

export interface InferenceModelsFilter {
  readonly includeDeprecated?: boolean;
  readonly owner?: string;
}

export interface InferenceExtension {
  readonly inference: {
    readonly params: () => Promise<inferenceParams.Params>;
    readonly model: (modelId: string) => Promise<inferenceState.Model>;
    readonly models: (filter?: InferenceModelsFilter, paginationKey?: Uint8Array) => Promise<q.QueryModelsResponse>;
    /** One inference query (lifecycle record) by id. */
    readonly query: (queryId: U64Input) => Promise<inferenceState.InferenceQuery>;
    readonly queries: (filter?: InferenceQueriesFilter, paginationKey?: Uint8Array) => Promise<q.QueryQueriesResponse>;
    /** The VRF beacon of a height; omit the height for the latest. */
    readonly beacon: (height?: U64Input) => Promise<inferenceState.Beacon>;
    readonly committee: (queryId: U64Input) => Promise<q.QueryCommitteeResponse>;
    readonly verdict: (queryId: U64Input) => Promise<inferenceState.Verdict>;
    /** The verdict with its Merkle path and state digest (check it with `checkVerdictReceipt`, receipt/). */
    readonly verdictReceipt: (queryId: U64Input) => Promise<inferenceState.VerdictReceipt>;
  };
}

/**
 * x/inference queries over abci_query paths `/nesa.inference.v1.Query/<Method>`.
 *
 * @example
 * const client = QueryClient.withExtensions(comet, setupInferenceExtension);
 * const verdict = await client.inference.verdict(7n);
 */
export function setupInferenceExtension(base: QueryClient): InferenceExtension {
  const call = createQueryCall(base, "nesa.inference.v1.Query");
  return {
    inference: {
      params: async () => {
        const res = await call("Params", q.QueryParamsRequest, q.QueryParamsResponse, {});
        return required(res.params, "inference.params");
      },
      model: async (modelId) => {
        const res = await call("Model", q.QueryModelRequest, q.QueryModelResponse, { modelId });
        return required(res.model, `inference.model(${modelId})`);
      },
      models: async (filter = {}, paginationKey) =>
        call("Models", q.QueryModelsRequest, q.QueryModelsResponse, {
          includeDeprecated: filter.includeDeprecated ?? false,
          owner: filter.owner ?? "",
          pagination: pageRequest(paginationKey),
        }),
      query: async (queryId) => {
        const id = toU64(queryId, "queryId");
        const res = await call("Query", q.QueryQueryRequest, q.QueryQueryResponse, { queryId: id });
        return required(res.query, `inference.query(${id})`);
      },
      queries: async (filter = {}, paginationKey) =>
        call("Queries", q.QueryQueriesRequest, q.QueryQueriesResponse, {
          status: filter.status ?? 0,
          owner: filter.owner ?? "",
          modelId: filter.modelId ?? "",
          miner: filter.miner ?? "",
          pagination: pageRequest(paginationKey),
        }),
      beacon: async (height = 0n) => {
        const h = toU64(height, "height");
        const res = await call("Beacon", q.QueryBeaconRequest, q.QueryBeaconResponse, { height: h });
        return required(res.beacon, `inference.beacon(${h})`);
      },
      committee: async (queryId) =>
        call("Committee", q.QueryCommitteeRequest, q.QueryCommitteeResponse, { queryId: toU64(queryId, "queryId") }),
      verdict: async (queryId) => {
        const id = toU64(queryId, "queryId");
        const res = await call("Verdict", q.QueryVerdictRequest, q.QueryVerdictResponse, { queryId: id });
        return required(res.verdict, `inference.verdict(${id})`);
      },
      verdictReceipt: async (queryId) => {
        const id = toU64(queryId, "queryId");
        const res = await call("VerdictReceipt", q.QueryVerdictReceiptRequest, q.QueryVerdictReceiptResponse, { queryId: id });
        return required(res.receipt, `inference.verdictReceipt(${id})`);
      },
    },
  };
}
