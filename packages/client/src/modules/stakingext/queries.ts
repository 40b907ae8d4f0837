import type { QueryClient } from "@cosmjs/stargate";
import { type stakingextParams, stakingextQuery as q, type stakingextState } from "@nesa/proto-types";
import { createQueryCall, pageRequest, required } from "../query-rpc";

export interface StakingextMinersFilter {
  /** Only miners serving this model. */
  readonly modelId?: string;
  readonly status?: stakingextState.MinerStatus;
}

export interface StakingextExtension {
  readonly stakingext: {
    readonly params: () => Promise<stakingextParams.Params>;
    readonly miner: (operator: string) => Promise<stakingextState.Miner>;
    readonly miners: (filter?: StakingextMinersFilter, paginationKey?: Uint8Array) => Promise<q.QueryMinersResponse>;
  };
}

/**
 * x/staking-ext queries over abci_query paths `/nesa.stakingext.v1.Query/<Method>`.
 *
 * @example
 * const client = QueryClient.withExtensions(comet, setupStakingextExtension);
 * const { miners } = await client.stakingext.miners({ modelId: "ocr-rec" });
 */
export function setupStakingextExtension(base: QueryClient): StakingextExtension {
  const call = createQueryCall(base, "nesa.stakingext.v1.Query");
  return {
    stakingext: {
      params: async () => {
        const res = await call("Params", q.QueryParamsRequest, q.QueryParamsResponse, {});
        return required(res.params, "stakingext.params");
      },
      miner: async (operator) => {
        const res = await call("Miner", q.QueryMinerRequest, q.QueryMinerResponse, { operator });
        return required(res.miner, `stakingext.miner(${operator})`);
      },
      miners: async (filter = {}, paginationKey) =>
        call("Miners", q.QueryMinersRequest, q.QueryMinersResponse, {
          modelId: filter.modelId ?? "",
          status: filter.status ?? 0,
          pagination: pageRequest(paginationKey),
        }),
    },
  };
}
