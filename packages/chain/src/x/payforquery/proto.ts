// The generated types this module uses, in one place (the files @nesa/proto-types re-exports).
export { Coin } from "../../../../proto-types/src/gen/cosmos/base/v1beta1/coin";
export { PageRequest, PageResponse } from "../../../../proto-types/src/gen/cosmos/base/query/v1beta1/pagination";
export {
  Params,
} from "../../../../proto-types/src/gen/nesa/payforquery/v1/params";
export {
  GenesisState,
} from "../../../../proto-types/src/gen/nesa/payforquery/v1/genesis";
export {
  FeeBreakdown,
  Payout,
  Escrow,
  Privacy,
  EscrowStatus,
  ModelEarnings,
} from "../../../../proto-types/src/gen/nesa/payforquery/v1/types";
export {
  MsgPayForQuery,
  MsgPayForQueryResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
} from "../../../../proto-types/src/gen/nesa/payforquery/v1/tx";
export {
  QueryParamsRequest,
  QueryParamsResponse,
  QueryEscrowRequest,
  QueryEscrowResponse,
  QueryEscrowsRequest,
  QueryEscrowsResponse,
  QueryEstimateFeeRequest,
  QueryEstimateFeeResponse,
  QueryModelEarningsRequest,
  QueryModelEarningsResponse,
} from "../../../../proto-types/src/gen/nesa/payforquery/v1/query";
export {
  EventQueryPaid,
  EventEscrowSettled,
  EventEscrowRefunded,
  EventParamsUpdated,
} from "../../../../proto-types/src/gen/nesa/payforquery/v1/events";
