// emit* helpers for the typed events of nesa.payforquery.v1 (events.proto).
import type { Context } from "../../app/module";
import { emitTyped } from "../stakingext/typed-event";
import { EventEscrowRefunded, EventEscrowSettled, EventParamsUpdated, EventQueryPaid } from "./proto";

const P = "nesa.payforquery.v1.";

export const emitQueryPaid = (ctx: Context, e: EventQueryPaid) => emitTyped(ctx, `${P}EventQueryPaid`, EventQueryPaid, e);
export const emitEscrowSettled = (ctx: Context, e: EventEscrowSettled) =>
  emitTyped(ctx, `${P}EventEscrowSettled`, EventEscrowSettled, e);
export const emitEscrowRefunded = (ctx: Context, e: EventEscrowRefunded) =>
  emitTyped(ctx, `${P}EventEscrowRefunded`, EventEscrowRefunded, e);
export const emitParamsUpdated = (ctx: Context, e: EventParamsUpdated) =>
  emitTyped(ctx, `${P}EventParamsUpdated`, EventParamsUpdated, e);
