// x/inference gRPC query handlers (abci_query paths).
import type { Context, QueryHandler } from "../../app/module";
import { paginate } from "../stakingext/paginate";
import { ErrBeaconNotFound, ErrModelNotFound, ErrQueryNotFound } from "./errors";
import type { InferenceKeeper } from "./keeper";
import {
  type InferenceQuery,
  QueryBeaconRequest,
  QueryBeaconResponse,
  QueryCommitteeRequest,
  QueryCommitteeResponse,
  QueryModelRequest,
  QueryModelResponse,
  QueryModelsRequest,
  QueryModelsResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryQueriesRequest,
  QueryQueriesResponse,
  QueryQueryRequest,
  QueryQueryResponse,
  QueryStatus,
  QueryVerdictRequest,
  QueryVerdictResponse,
  QueryVerdictReceiptRequest,
  QueryVerdictReceiptResponse,
} from "./proto";
import { verdictReceipt } from "./receipt";

const Q = "/nesa.inference.v1.Query/";
const idKey = (q: InferenceQuery) => q.id.toString().padStart(20, "0");

function mustQuery(k: InferenceKeeper, ctx: Context, id: bigint): InferenceQuery {
  const q = k.fullQuery(ctx, id);
  if (!q) throw ErrQueryNotFound.wrap(`query_id ${id} does not exist`);
  return q;
}

export function inferenceQueryHandlers(k: InferenceKeeper): Record<string, QueryHandler> {
  return {
    [`${Q}Params`]: (ctx, req) => {
      QueryParamsRequest.decode(req);
      return QueryParamsResponse.encode({ params: k.params(ctx) }).finish();
    },
    [`${Q}Model`]: (ctx, req) => {
      const { modelId } = QueryModelRequest.decode(req);
      const model = k.model(ctx, modelId);
      if (!model) throw ErrModelNotFound.wrap(`model_id "${modelId}" is not registered`);
      return QueryModelResponse.encode({ model }).finish();
    },
    [`${Q}Models`]: (ctx, req) => {
      const { includeDeprecated, owner, pagination } = QueryModelsRequest.decode(req);
      const list = [...k.allModels(ctx)].filter((m) => (includeDeprecated || !m.deprecated) && (owner === "" || m.owner === owner));
      const page = paginate(list, (m) => m.id, pagination);
      return QueryModelsResponse.encode({ models: page.items, pagination: page.pagination }).finish();
    },
    [`${Q}Query`]: (ctx, req) => {
      const { queryId } = QueryQueryRequest.decode(req);
      return QueryQueryResponse.encode({ query: mustQuery(k, ctx, queryId) }).finish();
    },
    [`${Q}Queries`]: (ctx, req) => {
      const { status, owner, modelId, miner, pagination } = QueryQueriesRequest.decode(req);
      // An open status is the smallest index (finished queries pile up); else a miner's seats.
      let ids: Iterable<bigint> | undefined;
      if (status !== QueryStatus.QUERY_STATUS_UNSPECIFIED) ids = k.queryIdsByStatus(ctx, status);
      else if (miner !== "") ids = k.queryIdsOfMiner(ctx, miner);
      const source: Iterable<InferenceQuery> = ids ? [...ids].map((id) => mustQuery(k, ctx, id)) : k.allQueries(ctx);
      const list = [...source].filter(
        (q) =>
          (status === QueryStatus.QUERY_STATUS_UNSPECIFIED || q.status === status) &&
          (owner === "" || q.owner === owner) &&
          (modelId === "" || q.modelId === modelId) &&
          (miner === "" || q.seats.some((s) => s.miner === miner)),
      );
      list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const page = paginate(list, idKey, pagination);
      return QueryQueriesResponse.encode({ queries: page.items, pagination: page.pagination }).finish();
    },
    [`${Q}Beacon`]: (ctx, req) => {
      const { height } = QueryBeaconRequest.decode(req);
      const h = height === 0n ? k.latestBeaconHeight(ctx) : height;
      const beacon = k.beacon(ctx, h);
      if (!beacon) throw ErrBeaconNotFound.wrap(`no beacon stored for height ${h}`);
      return QueryBeaconResponse.encode({ beacon }).finish();
    },
    [`${Q}Committee`]: (ctx, req) => {
      const { queryId } = QueryCommitteeRequest.decode(req);
      const q = mustQuery(k, ctx, queryId);
      const beacon = q.assignedHeight > 0n ? k.beacon(ctx, q.assignedHeight) : undefined;
      return QueryCommitteeResponse.encode({ seats: q.seats, beacon, seed: q.committeeSeed, candidates: q.candidates }).finish();
    },
    [`${Q}Verdict`]: (ctx, req) => {
      const { queryId } = QueryVerdictRequest.decode(req);
      const q = mustQuery(k, ctx, queryId);
      if (!q.verdict) throw ErrQueryNotFound.wrap(`query ${queryId} has no verdict yet (status ${QueryStatus[q.status]})`);
      return QueryVerdictResponse.encode({ verdict: q.verdict }).finish();
    },
    [`${Q}VerdictReceipt`]: (ctx, req) => {
      const { queryId } = QueryVerdictReceiptRequest.decode(req);
      return QueryVerdictReceiptResponse.encode({ receipt: verdictReceipt(k, ctx, queryId) }).finish();
    },
  };
}
