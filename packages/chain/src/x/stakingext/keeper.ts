// Miner records, the per-model index and eligibility. Slashing and unbonding live in their own
// files; everything here is a point read or write except `allMiners` (genesis export, invariants).
import { committeeWeight } from "@nesa/crypto";
import { ParamsStore, protoValue } from "../../store/params-store";
import type { Context } from "../../app/module";
import { amountOf, coin } from "./coins";
import type { ModelRegistry, ProtocolBank } from "./expected-keepers";
import { MINER_PREFIX, MODULE_NAME, PARAMS_KEY, minerKey, modelMinersKey } from "./keys";
import { defaultParams } from "./params";
import { Miner, MinerStatus, Params } from "./proto";
import { applyReputation, reputationOf } from "./reputation";
import { iteratePrefix, lengthPrefixed, readLengthPrefixed } from "./store-util";

/** A committee candidate: draw weight = committeeWeight(stake, reputation) (@nesa/crypto). */
export interface EligibleMiner {
  address: string;
  weight: bigint;
  stake: bigint;
  reputation: bigint;
}

export function encodeStringList(items: string[]): Uint8Array {
  const parts = items.map(lengthPrefixed);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function decodeStringList(bytes: Uint8Array): string[] {
  const out: string[] = [];
  let off = 0;
  while (off < bytes.length) {
    const [s, next] = readLengthPrefixed(bytes, off);
    out.push(s);
    off = next;
  }
  return out;
}

export function totalUnbonding(m: Miner): bigint {
  return m.unbonding.reduce((sum, e) => sum + amountOf(e.balance), 0n);
}

export class StakingKeeper {
  private models: ModelRegistry | undefined;

  constructor(
    readonly bank: ProtocolBank,
    /** Address allowed to send MsgUpdateParams (the governance module account). */
    readonly authority: string,
  ) {}

  /** x/inference registers itself after construction (the modules reference each other). */
  setModelRegistry(models: ModelRegistry): void {
    this.models = models;
  }

  modelRegistry(): ModelRegistry {
    if (!this.models) throw new Error("stakingext: model registry not set (wire x/inference first)");
    return this.models;
  }

  moduleAddress(): string {
    return this.bank.moduleAddress(MODULE_NAME);
  }

  private readonly paramsStore = new ParamsStore(PARAMS_KEY, protoValue(Params), defaultParams);

  params(ctx: Context): Params {
    return this.paramsStore.get(ctx.kvStore(MODULE_NAME));
  }

  setParams(ctx: Context, p: Params): void {
    this.paramsStore.set(ctx.kvStore(MODULE_NAME), p);
  }

  getMiner(ctx: Context, operator: string): Miner | undefined {
    const bytes = ctx.kvStore(MODULE_NAME).get(minerKey(operator));
    return bytes ? Miner.decode(bytes) : undefined;
  }

  /** Stores the miner with its status recomputed and keeps the per-model index in step. */
  setMiner(ctx: Context, miner: Miner, previousModels: string[] = miner.models): void {
    miner.status = this.statusOf(ctx, miner);
    const store = ctx.kvStore(MODULE_NAME);
    store.set(minerKey(miner.operator), Miner.encode(miner).finish());
    const removed = previousModels.filter((m) => !miner.models.includes(m));
    const added = miner.models.filter((m) => !previousModels.includes(m));
    for (const model of removed) this.updateModelIndex(ctx, model, miner.operator, false);
    for (const model of added) this.updateModelIndex(ctx, model, miner.operator, true);
  }

  statusOf(ctx: Context, miner: Miner): MinerStatus {
    if (miner.jailed) return MinerStatus.MINER_STATUS_JAILED;
    return amountOf(miner.bonded) >= amountOf(this.params(ctx).minStake)
      ? MinerStatus.MINER_STATUS_ACTIVE
      : MinerStatus.MINER_STATUS_INACTIVE;
  }

  minersOfModel(ctx: Context, modelId: string): string[] {
    const bytes = ctx.kvStore(MODULE_NAME).get(modelMinersKey(modelId));
    return bytes ? decodeStringList(bytes) : [];
  }

  private updateModelIndex(ctx: Context, modelId: string, operator: string, add: boolean): void {
    const list = this.minersOfModel(ctx, modelId).filter((op) => op !== operator);
    if (add) list.push(operator);
    list.sort();
    const store = ctx.kvStore(MODULE_NAME);
    if (list.length === 0) store.delete(modelMinersKey(modelId));
    else store.set(modelMinersKey(modelId), encodeStringList(list));
  }

  /**
   * Miners that may take seats of `modelId`: active (bonded ≥ min_stake, not jailed) with a draw weight
   * `committeeWeight(bonded, reputation)` > 0.
   */
  eligibleMiners(ctx: Context, modelId: string): EligibleMiner[] {
    const out: EligibleMiner[] = [];
    const p = this.params(ctx);
    for (const op of this.minersOfModel(ctx, modelId)) {
      const m = this.getMiner(ctx, op);
      if (!m || m.status !== MinerStatus.MINER_STATUS_ACTIVE) continue;
      const stake = amountOf(m.bonded);
      const reputation = reputationOf(m, p);
      const weight = committeeWeight(stake, reputation);
      if (weight > 0n) out.push({ address: op, weight, stake, reputation });
    }
    return out;
  }

  *allMiners(ctx: Context): Iterable<Miner> {
    for (const [, v] of iteratePrefix(ctx.kvStore(MODULE_NAME), MINER_PREFIX)) yield Miner.decode(v);
  }

  /** Counts one agreeing seat (lifetime counter for the scheduler) and rewards the miner's reputation. */
  recordServed(ctx: Context, operator: string, queryId = 0n): void {
    const m = this.getMiner(ctx, operator);
    if (!m) return;
    m.seatsServed += 1n;
    applyReputation(ctx, this.params(ctx), m, false, queryId);
    this.setMiner(ctx, m);
  }

  newMiner(
    ctx: Context,
    fields: Pick<Miner, "operator" | "encryptionPubkey" | "models" | "capacity">,
    stake: bigint,
  ): Miner {
    return {
      ...fields,
      bonded: coin(stake),
      unbonding: [],
      jailed: false,
      jailedUntil: 0n,
      missedInWindow: 0,
      missedWindowStart: ctx.height,
      status: MinerStatus.MINER_STATUS_UNSPECIFIED,
      registeredHeight: ctx.height,
      seatsServed: 0n,
      totalMissed: 0n,
      totalWrong: 0n,
      reputation: this.params(ctx).reputationInitial,
    };
  }
}
