// MsgSend: the one bank action this chain exposes.
import { MsgSend, MsgSendResponse } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import type { MsgHandler } from "../../app/module";
import { checkAddress } from "../auth/keeper";
import type { BankKeeperImpl } from "./keeper";
import { parseCoins } from "./coins";
import { ErrNoOutputs } from "./errors";
import { ErrUnauthorized } from "../../errors/sdk-errors";

const SEND_RESPONSE = { typeUrl: "/cosmos.bank.v1beta1.MsgSendResponse", value: MsgSendResponse.encode({}).finish() };

export function msgSendHandler(bank: BankKeeperImpl): MsgHandler<MsgSend> {
  return {
    typeUrl: "/cosmos.bank.v1beta1.MsgSend",
    decode: (bytes) => MsgSend.decode(bytes),
    signers: (msg) => [msg.fromAddress],
    validateBasic(msg) {
      checkAddress(msg.fromAddress, "from_address");
      checkAddress(msg.toAddress, "to_address");
      if (msg.amount.length === 0) throw ErrNoOutputs.wrap("MsgSend.amount is empty: send at least one coin");
      parseCoins(msg.amount, "amount");
    },
    handle(ctx, msg) {
      if (bank.isBlocked(msg.toAddress)) {
        throw ErrUnauthorized.wrap(`${msg.toAddress} is a module account and is not allowed to receive funds`);
      }
      bank.sendCoins(ctx, msg.fromAddress, msg.toAddress, parseCoins(msg.amount, "amount"));
      return SEND_RESPONSE;
    },
  };
}
