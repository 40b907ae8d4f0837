// x/payforquery gRPC query handlers (abci_query paths).
import type { QueryHandler } from "../../app/module";
import { paginate } from "../stakingext/paginate";
import { ErrEscrowNotFound, ErrModelNotFound } from "./errors";
import type { PayForQueryKeeper } from "./keeper";
import {
  type Escrow,
  EscrowStatus,
  QueryEscrowRequest,
  QueryEscrowResponse,
  QueryEscrowsRequest,
  QueryEscrowsResponse,
  QueryEstimateFeeRequest,
  QueryEstimateFeeResponse,
  QueryModelEarningsRequest,
  QueryModelEarningsResponse,
  QueryParamsRequest,
  QueryParamsResponse,
} from "./proto";
import { quote } from "./quote";

const Q = "/nesa.payforquery.v1.Query/";
const idKey = (e: Escrow) => e.queryId.toString().padStart(20, "0");

export function payForQueryQueryHandlers(k: PayForQueryKeeper): Record<string, QueryHandler> {
  return {
    [`${Q}Params`]: (ctx, req) => {
      QueryParamsRequest.decode(req);
      return QueryParamsResponse.encode({ params: k.params(ctx) }).finish();
    },
    [`${Q}Escrow`]: (ctx, req) => {
      const { queryId } = QueryEscrowRequest.decode(req);
      const escrow = k.getEscrow(ctx, queryId);
      if (!escrow) throw ErrEscrowNotFound.wrap(`no escrow for query ${queryId}`);
      return QueryEscrowResponse.encode({ escrow }).finish();
    },
    [`${Q}Escrows`]: (ctx, req) => {
      const { payer, status, pagination } = QueryEscrowsRequest.decode(req);
      const source = status === EscrowStatus.ESCROW_STATUS_OPEN ? k.openEscrows(ctx) : k.allEscrows(ctx);
      const list = [...source].filter(
        (e) => (payer === "" || e.payer === payer) && (status === EscrowStatus.ESCROW_STATUS_UNSPECIFIED || e.status === status),
      );
      const page = paginate(list, idKey, pagination);
      return QueryEscrowsResponse.encode({ escrows: page.items, pagination: page.pagination }).finish();
    },
    [`${Q}EstimateFee`]: (ctx, req) => {
      const { modelId, inputBytes, replicas, privacy, inputTokens, maxNewTokens } = QueryEstimateFeeRequest.decode(req);
      const fee = quote(k, ctx, modelId, inputBytes, replicas, privacy, { inputTokens, maxNewTokens }).breakdown;
      return QueryEstimateFeeResponse.encode({ fee }).finish();
    },
    [`${Q}ModelEarnings`]: (ctx, req) => {
      const { modelId } = QueryModelEarningsRequest.decode(req);
      const earnings = k.modelEarnings(ctx, modelId);
      // A model pruned after it earned keeps its record; an id never registered is an error, not a zero.
      if (earnings.settledQueries === 0n && !k.inference().getModel(ctx, modelId)) throw ErrModelNotFound.wrap(`no model ${JSON.stringify(modelId)} is registered`);
      return QueryModelEarningsResponse.encode({ earnings }).finish();
    },
  };
}
