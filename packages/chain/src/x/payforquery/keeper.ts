// Escrows: opened by MsgPayForQuery, closed by x/inference through `settle` or `refund`.
import { ParamsStore, protoValue } from "../../store/params-store";
import type { Context } from "../../app/module";
import { amountOf, coin } from "../stakingext/coins";
import type { ModelRegistry, ProtocolBank } from "../stakingext/expected-keepers";
import { iteratePrefix, readLengthPrefixed, readU64, u64Key } from "../stakingext/store-util";
import { ErrEscrowClosed, ErrEscrowNotFound } from "./errors";
import { emitEscrowRefunded, emitEscrowSettled } from "./events";
import type { PayForQueryHooks } from "./expected-keepers";
import { computeSettlement, type FeeParts, speedPayouts, type TokenSettlement } from "./fees";

/** An agreeing seat at settlement: its miner and commit delay (commit height − assigned height). */
export interface AgreeingSeat {
  miner: string;
  commitDelay: bigint;
}
import {
  COMMUNITY_POOL_MODULE,
  ESCROW_PREFIX,
  MODULE_NAME,
  NEXT_QUERY_ID_KEY,
  OPEN_ESCROW_PREFIX,
  OPEN_PER_MODEL_PREFIX,
  PARAMS_KEY,
  MODEL_EARNINGS_PREFIX,
  escrowKey,
  modelEarningsKey,
  openEscrowKey,
  openPerModelKey,
} from "./keys";
import { defaultParams } from "./params";
import { Escrow, EscrowStatus, ModelEarnings, Params } from "./proto";

const EMPTY = new Uint8Array(0);

export class PayForQueryKeeper {
  private hooks: PayForQueryHooks | undefined;
  private models: ModelRegistry | undefined;

  constructor(
    readonly bank: ProtocolBank,
    readonly authority: string,
  ) {}

  setHooks(hooks: PayForQueryHooks, models: ModelRegistry): void {
    this.hooks = hooks;
    this.models = models;
  }

  inference(): PayForQueryHooks & ModelRegistry {
    if (!this.hooks || !this.models) throw new Error("payforquery: x/inference hooks not set");
    const { hooks, models } = this;
    return {
      minTimeoutBlocks: (ctx) => hooks.minTimeoutBlocks(ctx),
      onQueryPaid: (ctx, e, m, s) => hooks.onQueryPaid(ctx, e, m, s),
      getModel: (ctx, id) => models.getModel(ctx, id),
    };
  }

  private readonly paramsStore = new ParamsStore(PARAMS_KEY, protoValue(Params), defaultParams);

  params(ctx: Context): Params {
    return this.paramsStore.get(ctx.kvStore(MODULE_NAME));
  }

  setParams(ctx: Context, p: Params): void {
    this.paramsStore.set(ctx.kvStore(MODULE_NAME), p);
  }

  /** Returns the next query id and advances the counter (ids start at 1). */
  nextQueryId(ctx: Context): bigint {
    const store = ctx.kvStore(MODULE_NAME);
    const b = store.get(NEXT_QUERY_ID_KEY);
    const id = b ? readU64(b) : 1n;
    store.set(NEXT_QUERY_ID_KEY, u64Key(id + 1n));
    return id;
  }

  peekNextQueryId(ctx: Context): bigint {
    const b = ctx.kvStore(MODULE_NAME).get(NEXT_QUERY_ID_KEY);
    return b ? readU64(b) : 1n;
  }

  setNextQueryId(ctx: Context, id: bigint): void {
    ctx.kvStore(MODULE_NAME).set(NEXT_QUERY_ID_KEY, u64Key(id));
  }

  getEscrow(ctx: Context, id: bigint): Escrow | undefined {
    const b = ctx.kvStore(MODULE_NAME).get(escrowKey(id));
    return b ? Escrow.decode(b) : undefined;
  }

  setEscrow(ctx: Context, e: Escrow): void {
    const store = ctx.kvStore(MODULE_NAME);
    const wasOpen = store.get(openEscrowKey(e.queryId)) !== undefined;
    const open = e.status === EscrowStatus.ESCROW_STATUS_OPEN;
    store.set(escrowKey(e.queryId), Escrow.encode(e).finish());
    if (open) store.set(openEscrowKey(e.queryId), EMPTY);
    else store.delete(openEscrowKey(e.queryId));
    if (open !== wasOpen) this.setOpenQueries(ctx, e.modelId, this.openQueries(ctx, e.modelId) + (open ? 1n : -1n));
  }

  /** How many open escrows (paid, not yet settled or refunded) a model has: what max_open_queries_per_model bounds. */
  openQueries(ctx: Context, modelId: string): bigint {
    const b = ctx.kvStore(MODULE_NAME).get(openPerModelKey(modelId));
    return b ? readU64(b, 0) : 0n;
  }

  /** Every stored per-model open count, [model, count]. */
  *openQueryCounts(ctx: Context): Iterable<[string, bigint]> {
    for (const [k, v] of iteratePrefix(ctx.kvStore(MODULE_NAME), OPEN_PER_MODEL_PREFIX)) yield [readLengthPrefixed(k, 1)[0], readU64(v, 0)];
  }

  private setOpenQueries(ctx: Context, modelId: string, n: bigint): void {
    const store = ctx.kvStore(MODULE_NAME);
    // Absent means 0: a model with nothing open leaves no key behind (the state stays as small as before).
    if (n === 0n) store.delete(openPerModelKey(modelId));
    else store.set(openPerModelKey(modelId), u64Key(n));
  }

  *openEscrows(ctx: Context): Iterable<Escrow> {
    const store = ctx.kvStore(MODULE_NAME);
    for (const [k] of iteratePrefix(store, OPEN_ESCROW_PREFIX)) {
      const e = this.getEscrow(ctx, readU64(k, 1));
      if (e) yield e;
    }
  }

  *allEscrows(ctx: Context): Iterable<Escrow> {
    for (const [, v] of iteratePrefix(ctx.kvStore(MODULE_NAME), ESCROW_PREFIX)) yield Escrow.decode(v);
  }

  /** What a model has paid its owner so far; zero (not undefined) before its first settled query. */
  modelEarnings(ctx: Context, modelId: string): ModelEarnings {
    const b = ctx.kvStore(MODULE_NAME).get(modelEarningsKey(modelId));
    return b ? ModelEarnings.decode(b) : { modelId, ownerEarned: coin(0n), settledQueries: 0n };
  }

  setModelEarnings(ctx: Context, m: ModelEarnings): void {
    ctx.kvStore(MODULE_NAME).set(modelEarningsKey(m.modelId), ModelEarnings.encode(m).finish());
  }

  *allModelEarnings(ctx: Context): Iterable<ModelEarnings> {
    for (const [, v] of iteratePrefix(ctx.kvStore(MODULE_NAME), MODEL_EARNINGS_PREFIX)) yield ModelEarnings.decode(v);
  }

  private openEscrow(ctx: Context, id: bigint): Escrow {
    const e = this.getEscrow(ctx, id);
    if (!e) throw ErrEscrowNotFound.wrap(`no escrow for query ${id}`);
    if (e.status !== EscrowStatus.ESCROW_STATUS_OPEN) throw ErrEscrowClosed.wrap(`escrow of query ${id} is already closed`);
    return e;
  }

  /**
   * Pays a finalized query: each agreeing miner its seat share, speed-weighted by its commit delay in a
   * window of `commitWindow` blocks (README "Speed"), the model owner owner_share, the
   * community pool base + byte fees + dust; refunds the value of seats that did not earn it and, for a
   * generator, the output tokens escrowed beyond `generatedTokens` (the agreed length).
   */
  settle(ctx: Context, queryId: bigint, agreeing: AgreeingSeat[], totalSeats: number, generatedTokens = 0, commitWindow = 1n): Escrow {
    const e = this.openEscrow(ctx, queryId);
    const params = this.params(ctx);
    const s = computeSettlement(feeParts(e), totalSeats, agreeing.length, params.ownerShare, tokenSettlement(e, generatedTokens));
    const speed = { speedShare: params.speedShare, commitWindow, commitDelays: agreeing.map((a) => a.commitDelay) };
    const { payouts, slow } = speedPayouts(s.perSeat, speed);
    const owner = this.models?.getModel(ctx, e.modelId)?.owner;
    agreeing.forEach((a, i) => {
      if (payouts[i] > 0n) this.bank.sendModuleToAccount(ctx, MODULE_NAME, a.miner, payouts[i]);
    });
    // Without an owner on record (model pruned) the owner's share joins the community pool.
    const ownerPaid = owner ? s.owner : 0n;
    if (ownerPaid > 0n && owner) this.bank.sendModuleToAccount(ctx, MODULE_NAME, owner, ownerPaid);
    // What slow seats did not earn goes to the community pool (the payer's refund does not depend on timing).
    const pool = s.communityPool + (s.owner - ownerPaid) + slow;
    if (pool > 0n) this.bank.sendModuleToModule(ctx, MODULE_NAME, COMMUNITY_POOL_MODULE, pool);
    if (s.refund > 0n) this.bank.sendModuleToAccount(ctx, MODULE_NAME, e.payer, s.refund);
    e.status = EscrowStatus.ESCROW_STATUS_SETTLED;
    e.closedHeight = ctx.height;
    e.minerPayouts = agreeing.map((a, i) => ({ recipient: a.miner, amount: coin(payouts[i]) }));
    e.commitWindow = commitWindow;
    e.commitDelays = speed.commitDelays;
    e.speedShare = speed.speedShare;
    e.ownerPayout = coin(ownerPaid);
    e.communityPool = coin(pool);
    e.refunded = coin(s.refund);
    e.amount = coin(0n);
    e.generatedTokens = generatedTokens;
    this.setEscrow(ctx, e);
    // The per-model counter `nesa models show` reads (invariant: the sum of the model's settled owner payouts).
    const earned = this.modelEarnings(ctx, e.modelId);
    this.setModelEarnings(ctx, { modelId: e.modelId, ownerEarned: coin(amountOf(earned.ownerEarned) + ownerPaid), settledQueries: earned.settledQueries + 1n });
    emitEscrowSettled(ctx, {
      queryId,
      minerPayouts: e.minerPayouts,
      ownerPayout: owner ? { recipient: owner, amount: e.ownerPayout } : undefined,
      communityPool: e.communityPool,
      refunded: e.refunded,
      generatedTokens,
    });
    return e;
  }

  /** Returns the whole escrow to the payer (query failed or timed out). */
  refund(ctx: Context, queryId: bigint): Escrow {
    const e = this.openEscrow(ctx, queryId);
    const amount = amountOf(e.amount);
    if (amount > 0n) this.bank.sendModuleToAccount(ctx, MODULE_NAME, e.payer, amount);
    e.status = EscrowStatus.ESCROW_STATUS_REFUNDED;
    e.closedHeight = ctx.height;
    e.refunded = coin(amount);
    e.amount = coin(0n);
    this.setEscrow(ctx, e);
    emitEscrowRefunded(ctx, { queryId, payer: e.payer, amount: e.refunded });
    return e;
  }
}

/** The fee parts an escrow was opened with (tokens = 0 for classifiers and pre-generator escrows). */
export function feeParts(e: Escrow): FeeParts {
  const f = e.fee;
  return { base: amountOf(f?.base), bytes: amountOf(f?.bytes), model: amountOf(f?.model), tokens: amountOf(f?.tokens), total: amountOf(f?.total) };
}

/** A generator escrow's token settlement for `generatedTokens` agreed tokens; undefined for a classifier. */
export function tokenSettlement(e: Escrow, generatedTokens: number): TokenSettlement | undefined {
  const f = e.fee;
  if (!f || f.maxNewTokens === 0) return undefined;
  return {
    inputTokens: f.inputTokens,
    maxNewTokens: f.maxNewTokens,
    inputPrice: amountOf(f.inputPrice),
    outputPrice: amountOf(f.outputPrice),
    replicas: f.replicas,
    generatedTokens,
  };
}
