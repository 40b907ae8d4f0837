// emit* helpers for the typed events of nesa.stakingext.v1 (events.proto).
import type { Context } from "../../app/module";
import {
  EventMinerJailed,
  EventMinerRegistered,
  EventMinerSlashed,
  EventMinerUnjailed,
  EventMinerUpdated,
  EventParamsUpdated,
  EventReputationUpdated,
  EventStakeAdded,
  EventUnbondCompleted,
  EventUnbondStarted,
} from "./proto";
import { emitTyped } from "./typed-event";

const P = "nesa.stakingext.v1.";

export const emitMinerRegistered = (ctx: Context, e: EventMinerRegistered) =>
  emitTyped(ctx, `${P}EventMinerRegistered`, EventMinerRegistered, e);
export const emitMinerUpdated = (ctx: Context, e: EventMinerUpdated) =>
  emitTyped(ctx, `${P}EventMinerUpdated`, EventMinerUpdated, e);
export const emitStakeAdded = (ctx: Context, e: EventStakeAdded) =>
  emitTyped(ctx, `${P}EventStakeAdded`, EventStakeAdded, e);
export const emitUnbondStarted = (ctx: Context, e: EventUnbondStarted) =>
  emitTyped(ctx, `${P}EventUnbondStarted`, EventUnbondStarted, e);
export const emitUnbondCompleted = (ctx: Context, e: EventUnbondCompleted) =>
  emitTyped(ctx, `${P}EventUnbondCompleted`, EventUnbondCompleted, e);
export const emitMinerSlashed = (ctx: Context, e: EventMinerSlashed) =>
  emitTyped(ctx, `${P}EventMinerSlashed`, EventMinerSlashed, e);
export const emitMinerJailed = (ctx: Context, e: EventMinerJailed) =>
  emitTyped(ctx, `${P}EventMinerJailed`, EventMinerJailed, e);
export const emitMinerUnjailed = (ctx: Context, e: EventMinerUnjailed) =>
  emitTyped(ctx, `${P}EventMinerUnjailed`, EventMinerUnjailed, e);
export const emitParamsUpdated = (ctx: Context, e: EventParamsUpdated) =>
  emitTyped(ctx, `${P}EventParamsUpdated`, EventParamsUpdated, e);
export const emitReputationUpdated = (ctx: Context, e: EventReputationUpdated) =>
  emitTyped(ctx, `${P}EventReputationUpdated`, EventReputationUpdated, e);
