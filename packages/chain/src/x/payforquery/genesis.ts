// x/payforquery genesis: default, validate, import, export.
import type { Context } from "../../app/module";
import { amountOf, coin } from "../stakingext/coins";
import { ErrInvalidParams } from "./errors";
import type { PayForQueryKeeper } from "./keeper";
import { defaultParams, validateParams } from "./params";
import { type Escrow, EscrowStatus, type GenesisState, type ModelEarnings } from "./proto";

export function defaultGenesis(): GenesisState {
  return { params: defaultParams(), escrows: [], nextQueryId: 1n, modelEarnings: [] };
}

export function validateGenesis(g: GenesisState): void {
  validateParams(g.params);
  if (g.nextQueryId < 1n) throw ErrInvalidParams.wrap("next_query_id must be at least 1");
  const seen = new Set<bigint>();
  for (const [i, e] of g.escrows.entries()) {
    if (seen.has(e.queryId)) throw ErrInvalidParams.wrap(`escrows[${i}] duplicates query id ${e.queryId}`);
    seen.add(e.queryId);
    if (e.queryId >= g.nextQueryId) throw ErrInvalidParams.wrap(`escrows[${i}].query_id must be < next_query_id`);
    if (e.status === EscrowStatus.ESCROW_STATUS_OPEN && amountOf(e.amount) !== amountOf(e.fee?.total)) {
      throw ErrInvalidParams.wrap(`escrows[${i}]: an open escrow holds exactly its fee total`);
    }
  }
  if (g.modelEarnings.length === 0) return;
  // When listed, the counters must be what the escrows listed here paid (the invariant holds from block 1).
  const derived = new Map(deriveModelEarnings(g.escrows).map((m) => [m.modelId, m]));
  const listed = new Set<string>();
  for (const [i, m] of g.modelEarnings.entries()) {
    if (listed.has(m.modelId)) throw ErrInvalidParams.wrap(`model_earnings[${i}] duplicates model ${m.modelId}`);
    listed.add(m.modelId);
    const d = derived.get(m.modelId);
    if (amountOf(m.ownerEarned) !== amountOf(d?.ownerEarned) || m.settledQueries !== (d?.settledQueries ?? 0n)) {
      throw ErrInvalidParams.wrap(`model_earnings[${i}] (${m.modelId}) is not the sum of its settled escrows' owner_payout`);
    }
  }
  for (const id of derived.keys()) if (!listed.has(id)) throw ErrInvalidParams.wrap(`model_earnings lacks model ${id}, which has settled escrows`);
}

/** Per-model owner earnings as the settled escrows add them up (a genesis exported before the counters existed). */
export function deriveModelEarnings(escrows: Escrow[]): ModelEarnings[] {
  const by = new Map<string, { earned: bigint; settled: bigint }>();
  for (const e of escrows) {
    if (e.status !== EscrowStatus.ESCROW_STATUS_SETTLED) continue;
    const t = by.get(e.modelId) ?? { earned: 0n, settled: 0n };
    by.set(e.modelId, { earned: t.earned + amountOf(e.ownerPayout), settled: t.settled + 1n });
  }
  return [...by].map(([modelId, t]) => ({ modelId, ownerEarned: coin(t.earned), settledQueries: t.settled }));
}

/** What the payforquery module account must hold for this genesis. */
export function genesisEscrowTotal(g: GenesisState): bigint {
  return g.escrows.filter((e) => e.status === EscrowStatus.ESCROW_STATUS_OPEN).reduce((s, e) => s + amountOf(e.amount), 0n);
}

export function initGenesis(k: PayForQueryKeeper, ctx: Context, g: GenesisState): void {
  validateGenesis(g);
  k.setParams(ctx, g.params ?? defaultParams());
  k.setNextQueryId(ctx, g.nextQueryId);
  for (const e of g.escrows) k.setEscrow(ctx, e);
  const earnings = g.modelEarnings.length > 0 ? g.modelEarnings : deriveModelEarnings(g.escrows);
  for (const m of earnings) k.setModelEarnings(ctx, m);
}

export function exportGenesis(k: PayForQueryKeeper, ctx: Context): GenesisState {
  return { params: k.params(ctx), escrows: [...k.allEscrows(ctx)], nextQueryId: k.peekNextQueryId(ctx), modelEarnings: [...k.allModelEarnings(ctx)] };
}
