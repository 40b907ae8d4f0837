// The generated types this module uses, in one place.
export { Coin } from "../../../../proto-types/src/gen/cosmos/base/v1beta1/coin";
export { PageRequest, PageResponse } from "../../../../proto-types/src/gen/cosmos/base/query/v1beta1/pagination";
export { Params } from "../../../../proto-types/src/gen/nesa/stakingext/v1/params";
export { GenesisState } from "../../../../proto-types/src/gen/nesa/stakingext/v1/genesis";
export {
  Capacity,
  Miner,
  MinerStatus,
  SlashReason,
  UnbondingEntry,
} from "../../../../proto-types/src/gen/nesa/stakingext/v1/types";
export {
  MsgRegisterMiner,
  MsgRegisterMinerResponse,
  MsgAddStake,
  MsgAddStakeResponse,
  MsgUnbond,
  MsgUnbondResponse,
  MsgUnjail,
  MsgUnjailResponse,
  MsgUpdateMiner,
  MsgUpdateMinerResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
} from "../../../../proto-types/src/gen/nesa/stakingext/v1/tx";
export {
  QueryParamsRequest,
  QueryParamsResponse,
  QueryMinerRequest,
  QueryMinerResponse,
  QueryMinersRequest,
  QueryMinersResponse,
} from "../../../../proto-types/src/gen/nesa/stakingext/v1/query";
export {
  EventMinerRegistered,
  EventMinerUpdated,
  EventStakeAdded,
  EventUnbondStarted,
  EventUnbondCompleted,
  EventMinerSlashed,
  EventMinerJailed,
  EventMinerUnjailed,
  EventParamsUpdated,
  EventReputationUpdated,
} from "../../../../proto-types/src/gen/nesa/stakingext/v1/events";
