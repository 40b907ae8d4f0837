// x/payforquery msg server: MsgPayForQuery escrows the fee and opens the query in x/inference.
import type { MsgHandler } from "../../app/module";
import { coin, parseCoin } from "../stakingext/coins";
import { checkAddress, msgHandler, updateParamsHandler } from "../stakingext/msg-util";
import {
  ErrFeeAboveMax,
  ErrInsufficientFunds,
  ErrInvalidAddress,
  ErrInvalidCommitment,
  ErrInvalidFee,
  ErrInvalidPrivacy,
  ErrInvalidTimeout,
  ErrModelBusy,
  ErrUnauthorized,
} from "./errors";
import { emitParamsUpdated, emitQueryPaid } from "./events";
import type { PayForQueryKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { validateParams } from "./params";
import {
  EscrowStatus,
  MsgPayForQuery,
  MsgPayForQueryResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
  Privacy,
} from "./proto";
import { quote } from "./quote";

const T = "/nesa.payforquery.v1.";

export function payForQueryMsgHandlers(k: PayForQueryKeeper): MsgHandler<any>[] {
  return [
    msgHandler(`${T}MsgPayForQuery`, MsgPayForQuery, (m) => m.sender, `${T}MsgPayForQueryResponse`, MsgPayForQueryResponse, (ctx, msg) => {
      checkAddress(msg.sender, "sender", ErrInvalidAddress);
      if (msg.inputCommitment.length !== 32) {
        throw ErrInvalidCommitment.wrap(`input_commitment has ${msg.inputCommitment.length} bytes: give the sha256 (32 bytes) of the encrypted input`);
      }
      if (msg.privacy !== Privacy.PRIVACY_EE && msg.privacy !== Privacy.PRIVACY_HSS_EE) {
        throw ErrInvalidPrivacy.wrap("privacy must be PRIVACY_EE or PRIVACY_HSS_EE");
      }
      const maxFee = parseCoin(msg.maxFee, "max_fee", ErrInvalidFee);
      const q = quote(k, ctx, msg.modelId, msg.inputBytes, msg.replicas, msg.privacy, msg);
      const params = k.params(ctx);
      const timeout = msg.timeoutBlocks === 0n ? params.defaultTimeoutBlocks : msg.timeoutBlocks;
      const minTimeout = k.inference().minTimeoutBlocks(ctx);
      if (timeout < minTimeout || timeout > params.maxTimeoutBlocks) {
        throw ErrInvalidTimeout.wrap(`timeout_blocks ${timeout} must be between ${minTimeout} and ${params.maxTimeoutBlocks} (0 = ${params.defaultTimeoutBlocks})`);
      }
      if (q.parts.total > maxFee) {
        throw ErrFeeAboveMax.wrap(`fee ${q.parts.total}unes exceeds max_fee ${maxFee}unes: raise max_fee or lower replicas/input`);
      }
      const open = k.openQueries(ctx, msg.modelId);
      if (open >= BigInt(params.maxOpenQueriesPerModel)) {
        throw ErrModelBusy.wrap(
          `model ${msg.modelId} has ${open} open queries, the most max_open_queries_per_model allows: pay again in a few blocks, once earlier queries have finalized (@nesa/client retries this itself)`,
        );
      }
      const balance = k.bank.balance(ctx, msg.sender);
      if (balance < q.parts.total) throw ErrInsufficientFunds.wrap(`sender has ${balance}unes, fee is ${q.parts.total}unes`);
      k.bank.sendAccountToModule(ctx, msg.sender, MODULE_NAME, q.parts.total);
      const queryId = k.nextQueryId(ctx);
      const escrow = {
        queryId,
        payer: msg.sender,
        modelId: msg.modelId,
        amount: coin(q.parts.total),
        fee: q.breakdown,
        status: EscrowStatus.ESCROW_STATUS_OPEN,
        createdHeight: ctx.height,
        timeoutHeight: ctx.height + timeout,
        closedHeight: 0n,
        minerPayouts: [],
        ownerPayout: undefined,
        communityPool: undefined,
        refunded: undefined,
        generatedTokens: 0,
        commitWindow: 0n,
        commitDelays: [],
        speedShare: 0,
      };
      k.setEscrow(ctx, escrow);
      k.inference().onQueryPaid(ctx, escrow, msg, q.model.shards);
      emitQueryPaid(ctx, {
        queryId,
        sender: msg.sender,
        modelId: msg.modelId,
        inputCommitment: msg.inputCommitment,
        inputBytes: msg.inputBytes,
        replicas: msg.replicas,
        privacy: msg.privacy,
        fee: escrow.amount,
        timeoutHeight: escrow.timeoutHeight,
        inputTokens: msg.inputTokens,
        maxNewTokens: msg.maxNewTokens,
        stopTokenId: msg.stopTokenId,
      });
      return { queryId, fee: escrow.amount };
    }),
    updateParamsHandler({
      typeUrlPrefix: T,
      codec: MsgUpdateParams,
      responseCodec: MsgUpdateParamsResponse,
      response: {},
      authority: k.authority,
      unauthorized: ErrUnauthorized,
      validate: validateParams,
      set: (ctx, p) => k.setParams(ctx, p),
      emit: emitParamsUpdated,
    }),
  ];
}
