// x/staking-ext gRPC query handlers, keyed by full method path (abci_query path).
import type { QueryHandler } from "../../app/module";
import { ErrInvalidAddress, ErrMinerNotFound } from "./errors";
import type { StakingKeeper } from "./keeper";
import { checkAddress } from "./msg-util";
import { paginate } from "./paginate";
import {
  type Miner,
  MinerStatus,
  QueryMinerRequest,
  QueryMinerResponse,
  QueryMinersRequest,
  QueryMinersResponse,
  QueryParamsRequest,
  QueryParamsResponse,
} from "./proto";

const Q = "/nesa.stakingext.v1.Query/";

export function stakingQueryHandlers(k: StakingKeeper): Record<string, QueryHandler> {
  return {
    [`${Q}Params`]: (ctx, req) => {
      QueryParamsRequest.decode(req);
      return QueryParamsResponse.encode({ params: k.params(ctx) }).finish();
    },
    [`${Q}Miner`]: (ctx, req) => {
      const { operator } = QueryMinerRequest.decode(req);
      checkAddress(operator, "operator", ErrInvalidAddress);
      const miner = k.getMiner(ctx, operator);
      if (!miner) throw ErrMinerNotFound.wrap(`no miner with operator ${operator}`);
      return QueryMinerResponse.encode({ miner }).finish();
    },
    [`${Q}Miners`]: (ctx, req) => {
      const { modelId, status, pagination } = QueryMinersRequest.decode(req);
      let miners: Miner[];
      if (modelId !== "") {
        miners = k
          .minersOfModel(ctx, modelId)
          .map((op) => k.getMiner(ctx, op))
          .filter((m): m is Miner => m !== undefined);
      } else {
        miners = [...k.allMiners(ctx)];
      }
      if (status !== MinerStatus.MINER_STATUS_UNSPECIFIED) miners = miners.filter((m) => m.status === status);
      miners.sort((a, b) => (a.operator < b.operator ? -1 : a.operator > b.operator ? 1 : 0));
      const page = paginate(miners, (m) => m.operator, pagination);
      return QueryMinersResponse.encode({ miners: page.items, pagination: page.pagination }).finish();
    },
  };
}
