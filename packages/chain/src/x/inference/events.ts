// emit* helpers for the typed events of nesa.inference.v1 (events.proto).
import type { Context } from "../../app/module";
import { emitTyped } from "../stakingext/typed-event";
import {
  EventModelDeprecated,
  EventModelRegistered,
  EventParamsUpdated,
  EventQueryAssigned,
  EventQueryFailed,
  EventQueryFinalized,
  EventResultCommitted,
  EventResultRevealed,
  EventRevealPhaseStarted,
} from "./proto";

const P = "nesa.inference.v1.";

export const emitModelRegistered = (c: Context, e: EventModelRegistered) => emitTyped(c, `${P}EventModelRegistered`, EventModelRegistered, e);
export const emitModelDeprecated = (c: Context, e: EventModelDeprecated) => emitTyped(c, `${P}EventModelDeprecated`, EventModelDeprecated, e);
export const emitQueryAssigned = (c: Context, e: EventQueryAssigned) => emitTyped(c, `${P}EventQueryAssigned`, EventQueryAssigned, e);
export const emitResultCommitted = (c: Context, e: EventResultCommitted) => emitTyped(c, `${P}EventResultCommitted`, EventResultCommitted, e);
export const emitRevealPhaseStarted = (c: Context, e: EventRevealPhaseStarted) =>
  emitTyped(c, `${P}EventRevealPhaseStarted`, EventRevealPhaseStarted, e);
export const emitResultRevealed = (c: Context, e: EventResultRevealed) => emitTyped(c, `${P}EventResultRevealed`, EventResultRevealed, e);
export const emitQueryFinalized = (c: Context, e: EventQueryFinalized) => emitTyped(c, `${P}EventQueryFinalized`, EventQueryFinalized, e);
export const emitQueryFailed = (c: Context, e: EventQueryFailed) => emitTyped(c, `${P}EventQueryFailed`, EventQueryFailed, e);
export const emitParamsUpdated = (c: Context, e: EventParamsUpdated) => emitTyped(c, `${P}EventParamsUpdated`, EventParamsUpdated, e);
