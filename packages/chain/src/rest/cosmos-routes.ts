// cosmos.auth / cosmos.bank query routes (the SDK's grpc-gateway paths), answered through the
// node's ABCI queries; bank params and denom metadata come from genesis (x/bank here has no
// params of its own to change).
import { QueryAccountRequest, QueryAccountResponse, QueryParamsRequest, QueryParamsResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyRequest,
  QueryTotalSupplyResponse,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import { badRequest } from "./errors";
import { anyToJson } from "./json";
import { abciJson, abciRaw, pageRequest } from "./query";
import type { RestRequest, RestRouter } from "./router";

function requireParam(req: RestRequest, name: string): string {
  const v = req.query.get(name);
  if (!v) throw badRequest(`${name} is required, e.g. ?${name}=unes`);
  return v;
}

function genesisBank(req: RestRequest): Record<string, unknown> {
  const g = req.node.genesis() as { app_state?: { bank?: Record<string, unknown> } } | undefined;
  return g?.app_state?.bank ?? {};
}

export function addCosmosRoutes(r: RestRouter): void {
  r.add("GET", "/cosmos/auth/v1beta1/accounts/{address}", async (req) => {
    const value = await abciRaw(
      req.node,
      "/cosmos.auth.v1beta1.Query/Account",
      QueryAccountRequest.encode({ address: req.path.address }).finish(),
    );
    return { account: anyToJson(QueryAccountResponse.decode(value).account) };
  });
  r.add("GET", "/cosmos/auth/v1beta1/params", (req) =>
    abciJson(req.node, "/cosmos.auth.v1beta1.Query/Params", { codec: QueryParamsRequest, value: {} }, QueryParamsResponse),
  );
  r.add("GET", "/cosmos/bank/v1beta1/balances/{address}", (req) =>
    abciJson(
      req.node,
      "/cosmos.bank.v1beta1.Query/AllBalances",
      {
        codec: QueryAllBalancesRequest,
        value: { address: req.path.address, pagination: pageRequest(req.query), resolveDenom: req.query.get("resolve_denom") === "true" },
      },
      QueryAllBalancesResponse,
    ),
  );
  r.add("GET", "/cosmos/bank/v1beta1/balances/{address}/by_denom", (req) =>
    abciJson(
      req.node,
      "/cosmos.bank.v1beta1.Query/Balance",
      { codec: QueryBalanceRequest, value: { address: req.path.address, denom: requireParam(req, "denom") } },
      QueryBalanceResponse,
    ),
  );
  r.add("GET", "/cosmos/bank/v1beta1/supply", (req) =>
    abciJson(
      req.node,
      "/cosmos.bank.v1beta1.Query/TotalSupply",
      { codec: QueryTotalSupplyRequest, value: { pagination: pageRequest(req.query) } },
      QueryTotalSupplyResponse,
    ),
  );
  r.add("GET", "/cosmos/bank/v1beta1/supply/by_denom", (req) =>
    abciJson(
      req.node,
      "/cosmos.bank.v1beta1.Query/SupplyOf",
      { codec: QuerySupplyOfRequest, value: { denom: requireParam(req, "denom") } },
      QuerySupplyOfResponse,
    ),
  );
  r.add("GET", "/cosmos/bank/v1beta1/denoms_metadata", async (req) => {
    const metadatas = (genesisBank(req).denom_metadata as unknown[] | undefined) ?? [];
    return { metadatas, pagination: { next_key: null, total: String(metadatas.length) } };
  });
  r.add("GET", "/cosmos/bank/v1beta1/params", async (req) => {
    const p = (genesisBank(req).params as Record<string, unknown> | undefined) ?? {};
    return { params: { send_enabled: p.send_enabled ?? [], default_send_enabled: p.default_send_enabled ?? true } };
  });
}
