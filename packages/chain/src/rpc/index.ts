export { DEFAULT_MAX_BODY_BYTES, DEFAULT_RPC_PORT, type RpcServer, type RpcServerOptions, startRpcServer } from "./server";
export { type ParsedQuery, parseQuery, QueryParseError } from "./query-parser";
export { matchesTx } from "./tx-matcher";
export { COMETBFT_VERSION } from "./info-methods";
