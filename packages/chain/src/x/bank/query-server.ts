// gRPC-style bank queries answered through abci_query.
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyResponse,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import type { QueryHandler } from "../../app/module";
import { ErrInvalidRequest } from "../../errors/sdk-errors";
import { checkAddress } from "../auth/keeper";
import type { BankKeeperImpl } from "./keeper";
import { DENOM_REGEX } from "./keys";
import { toWire } from "./coins";

export function bankQueryHandlers(bank: BankKeeperImpl): Record<string, QueryHandler> {
  return {
    "/cosmos.bank.v1beta1.Query/Balance": (ctx, data) => {
      const req = QueryBalanceRequest.decode(data);
      checkAddress(req.address, "address");
      if (!DENOM_REGEX.test(req.denom)) throw ErrInvalidRequest.wrap(`invalid denom "${req.denom}"`);
      const amount = bank.getBalance(ctx, req.address, req.denom);
      return QueryBalanceResponse.encode({ balance: { denom: req.denom, amount: amount.toString() } }).finish();
    },
    "/cosmos.bank.v1beta1.Query/AllBalances": (ctx, data) => {
      const req = QueryAllBalancesRequest.decode(data);
      checkAddress(req.address, "address");
      const balances = toWire(bank.getAllBalances(ctx, req.address));
      return QueryAllBalancesResponse.encode({
        balances,
        pagination: { nextKey: new Uint8Array(), total: BigInt(balances.length) },
      }).finish();
    },
    "/cosmos.bank.v1beta1.Query/TotalSupply": (ctx) => {
      const supply = toWire([...bank.allSupply(ctx)]);
      return QueryTotalSupplyResponse.encode({
        supply,
        pagination: { nextKey: new Uint8Array(), total: BigInt(supply.length) },
      }).finish();
    },
    "/cosmos.bank.v1beta1.Query/SupplyOf": (ctx, data) => {
      const req = QuerySupplyOfRequest.decode(data);
      const amount = bank.getSupply(ctx, req.denom);
      return QuerySupplyOfResponse.encode({ amount: { denom: req.denom, amount: amount.toString() } }).finish();
    },
  };
}
