// The generated types this module uses, in one place (the files @nesa/proto-types re-exports).
export { Coin } from "../../../../proto-types/src/gen/cosmos/base/v1beta1/coin";
export { PageRequest, PageResponse } from "../../../../proto-types/src/gen/cosmos/base/query/v1beta1/pagination";
export {
  Params,
} from "../../../../proto-types/src/gen/nesa/inference/v1/params";
export {
  GenesisState,
} from "../../../../proto-types/src/gen/nesa/inference/v1/genesis";
export {
  TensorSpec,
  ModelShard,
  EESpec,
  Model,
  HssSpec,
  ModelKind,
  TokenPrice,
  Seat,
  SeatRole,
  CommitteeCandidate,
  Commit,
  Reveal,
  SeatVerdict,
  Verdict,
  VerdictReceipt,
  InferenceQuery,
  Beacon,
  QueryStatus,
  FailureReason,
  SeatOutcome,
} from "../../../../proto-types/src/gen/nesa/inference/v1/types";
export {
  MsgRegisterModel,
  MsgRegisterModelResponse,
  MsgDeprecateModel,
  MsgDeprecateModelResponse,
  MsgCommitResult,
  MsgCommitResultResponse,
  MsgRevealResult,
  MsgRevealResultResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
} from "../../../../proto-types/src/gen/nesa/inference/v1/tx";
export {
  QueryParamsRequest,
  QueryParamsResponse,
  QueryModelRequest,
  QueryModelResponse,
  QueryModelsRequest,
  QueryModelsResponse,
  QueryQueryRequest,
  QueryQueryResponse,
  QueryQueriesRequest,
  QueryQueriesResponse,
  QueryBeaconRequest,
  QueryBeaconResponse,
  QueryCommitteeRequest,
  QueryCommitteeResponse,
  QueryVerdictRequest,
  QueryVerdictResponse,
  QueryVerdictReceiptRequest,
  QueryVerdictReceiptResponse,
} from "../../../../proto-types/src/gen/nesa/inference/v1/query";
export {
  EventModelRegistered,
  EventModelDeprecated,
  EventQueryAssigned,
  EventResultCommitted,
  EventRevealPhaseStarted,
  EventResultRevealed,
  EventQueryFinalized,
  EventQueryFailed,
  EventParamsUpdated,
} from "../../../../proto-types/src/gen/nesa/inference/v1/events";
