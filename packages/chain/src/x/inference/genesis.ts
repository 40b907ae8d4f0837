// x/inference genesis: default, validate, import (re-scheduling the deadlines of open queries)
// and export.
import type { Context } from "../../app/module";
import { ErrInvalidParams } from "./errors";
import { type InferenceKeeper, isGenerator, isGeneratorQuery } from "./keeper";
import { Task } from "./keys";
import { defaultParams, validateParams } from "./params";
import { type GenesisState, type Model, QueryStatus } from "./proto";

export function defaultGenesis(): GenesisState {
  return { params: defaultParams(), models: [], queries: [], beacons: [] };
}

export function validateGenesis(g: GenesisState): void {
  validateParams(g.params);
  const models = new Map<string, Model>();
  for (const [i, m] of g.models.entries()) {
    if (models.has(m.id)) throw ErrInvalidParams.wrap(`models[${i}] duplicates id ${m.id}`);
    models.set(m.id, m);
    if (m.shards.length === 0) throw ErrInvalidParams.wrap(`models[${i}] has no shards`);
    if (isGenerator(m) !== (m.tokenPrice !== undefined && m.contextLength >= 2)) {
      throw ErrInvalidParams.wrap(`models[${i}]: a generator has token_price and context_length ≥ 2, a classifier neither`);
    }
  }
  const ids = new Set<bigint>();
  for (const [i, q] of g.queries.entries()) {
    if (ids.has(q.id)) throw ErrInvalidParams.wrap(`queries[${i}] duplicates id ${q.id}`);
    ids.add(q.id);
    const model = models.get(q.modelId);
    if (!model) throw ErrInvalidParams.wrap(`queries[${i}] refers to unknown model ${q.modelId}`);
    if (isGeneratorQuery(q) && !isGenerator(model)) throw ErrInvalidParams.wrap(`queries[${i}] asks for tokens of classifier ${q.modelId}`);
    if (q.status === QueryStatus.QUERY_STATUS_UNSPECIFIED) throw ErrInvalidParams.wrap(`queries[${i}] has no status`);
  }
}

export function initGenesis(k: InferenceKeeper, ctx: Context, g: GenesisState): void {
  validateGenesis(g);
  k.setParams(ctx, g.params ?? defaultParams());
  for (const m of g.models) k.setModel(ctx, m);
  for (const b of g.beacons) k.setBeacon(ctx, b);
  for (const q of g.queries) {
    k.setQuery(ctx, q);
    for (const c of q.commits) k.addCommit(ctx, q.id, c);
    for (const r of q.reveals) k.addReveal(ctx, q.id, r);
    if (q.seats.length > 0) k.indexSeats(ctx, q);
    switch (q.status) {
      case QueryStatus.QUERY_STATUS_PAID:
        k.schedule(ctx, ctx.height + 1n, Task.ASSIGN, q.id);
        break;
      case QueryStatus.QUERY_STATUS_ASSIGNED:
      case QueryStatus.QUERY_STATUS_COMMITTING:
        k.schedule(ctx, q.commitDeadline, Task.CLOSE_COMMIT, q.id);
        break;
      case QueryStatus.QUERY_STATUS_REVEALING:
        k.schedule(ctx, q.revealDeadline, Task.CLOSE_REVEAL, q.id);
        break;
      default:
        continue;
    }
    k.schedule(ctx, q.timeoutHeight, Task.TIMEOUT, q.id);
  }
}

export function exportGenesis(k: InferenceKeeper, ctx: Context): GenesisState {
  return { params: k.params(ctx), models: [...k.allModels(ctx)], queries: [...k.allQueries(ctx)], beacons: [...k.allBeacons(ctx)] };
}
