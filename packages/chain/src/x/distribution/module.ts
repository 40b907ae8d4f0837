// x/distribution, only its community pool: the `distribution` module account collects base and byte
// fees and rounding dust (x/payforquery); governance spends it with MsgCommunityPoolSpend.
import { MsgCommunityPoolSpend, MsgCommunityPoolSpendResponse } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { QueryCommunityPoolRequest, QueryCommunityPoolResponse } from "cosmjs-types/cosmos/distribution/v1beta1/query";
import { event } from "../../app/events";
import type { AppModule } from "../../app/module";
import { BOND_DENOM } from "../stakingext/coins";
import type { ProtocolBank } from "../stakingext/expected-keepers";
import { checkAddress, msgHandler } from "../stakingext/msg-util";
import { ErrInsufficientPool, ErrInvalidAddress, ErrInvalidAmount, ErrUnauthorized } from "./errors";

export const MODULE_NAME = "distribution";

export function createDistributionModule(bank: ProtocolBank, authority: string): AppModule<Record<string, never>> {
  const pool = () => bank.moduleAddress(MODULE_NAME);
  return {
    name: MODULE_NAME,
    msgHandlers: [
      msgHandler(
        "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend",
        MsgCommunityPoolSpend,
        (m) => m.authority,
        "/cosmos.distribution.v1beta1.MsgCommunityPoolSpendResponse",
        MsgCommunityPoolSpendResponse,
        (ctx, m) => {
          if (m.authority !== authority) throw ErrUnauthorized.wrap(`expected ${authority}, got ${m.authority}`);
          checkAddress(m.recipient, "recipient", ErrInvalidAddress);
          if (m.amount.length !== 1 || m.amount[0].denom !== BOND_DENOM || !/^[1-9]\d{0,30}$/.test(m.amount[0].amount)) {
            throw ErrInvalidAmount.wrap(`amount must be one positive amount of ${BOND_DENOM}`);
          }
          const amount = BigInt(m.amount[0].amount);
          const held = bank.balance(ctx, pool());
          if (held < amount) throw ErrInsufficientPool.wrap(`pool holds ${held}${BOND_DENOM}, asked ${amount}${BOND_DENOM}`);
          bank.sendModuleToAccount(ctx, MODULE_NAME, m.recipient, amount);
          ctx.eventManager.emit(event("community_pool_spend", { recipient: m.recipient, amount: `${amount}${BOND_DENOM}` }));
          return {};
        },
      ),
    ],
    queryHandlers: {
      "/cosmos.distribution.v1beta1.Query/CommunityPool": (ctx, req) => {
        QueryCommunityPoolRequest.decode(req);
        // DecCoin amounts travel as the LegacyDec's scaled integer (18 decimals).
        const amount = (bank.balance(ctx, pool()) * 10n ** 18n).toString();
        return QueryCommunityPoolResponse.encode({ pool: [{ denom: BOND_DENOM, amount }] }).finish();
      },
    },
    defaultGenesis: () => ({}),
    validateGenesis: () => undefined,
    initGenesis: () => undefined,
    exportGenesis: () => ({}),
    invariants: [],
  };
}
