// x/auth queries. A missing account answers sdk/22 with the SDK's NotFound text, which cosmjs's
// getAccount turns into null.
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAccountRequest, QueryAccountResponse, QueryParamsResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import type { QueryHandler } from "../../app/module";
import { ErrKeyNotFound } from "../../errors/sdk-errors";
import { checkAddress, type AuthKeeper } from "./keeper";
import { BASE_ACCOUNT_TYPE_URL } from "./keys";

export function authQueryHandlers(auth: AuthKeeper): Record<string, QueryHandler> {
  return {
    "/cosmos.auth.v1beta1.Query/Account": (ctx, data) => {
      const req = QueryAccountRequest.decode(data);
      checkAddress(req.address, "address");
      const acc = auth.baseAccount(ctx, req.address);
      if (!acc) throw ErrKeyNotFound.wrap(`rpc error: code = NotFound desc = account ${req.address} not found`);
      return QueryAccountResponse.encode({
        account: { typeUrl: BASE_ACCOUNT_TYPE_URL, value: BaseAccount.encode(acc).finish() },
      }).finish();
    },
    "/cosmos.auth.v1beta1.Query/Params": (ctx) => {
      const p = auth.getParams(ctx);
      return QueryParamsResponse.encode({
        params: {
          maxMemoCharacters: BigInt(p.max_memo_characters),
          txSigLimit: BigInt(p.tx_sig_limit),
          txSizeCostPerByte: BigInt(p.tx_size_cost_per_byte),
          sigVerifyCostEd25519: BigInt(p.sig_verify_cost_ed25519),
          sigVerifyCostSecp256k1: BigInt(p.sig_verify_cost_secp256k1),
        },
      }).finish();
    },
  };
}
