// x/payforquery invariants: the module account backs the open escrows exactly, every open escrow's
// fee adds up from its parts, and every escrow that closed paid out exactly its fee total.
import type { Context, Invariant } from "../../app/module";
import { amountOf } from "../stakingext/coins";
import { computeSettlement, replicaTokenFee, speedPayouts } from "./fees";
import { type PayForQueryKeeper, feeParts, tokenSettlement } from "./keeper";
import { MODULE_NAME } from "./keys";
import { type Escrow, EscrowStatus } from "./proto";

/** The escrow module account holds exactly the sum of open escrows. */
export function escrowAccountInvariant(k: PayForQueryKeeper): Invariant {
  return {
    name: "payforquery/escrow-account-equals-open-escrows",
    check(ctx: Context) {
      let sum = 0n;
      for (const e of k.openEscrows(ctx)) {
        if (amountOf(e.amount) !== amountOf(e.fee?.total)) return `open escrow ${e.queryId} holds ${e.amount?.amount}, fee ${e.fee?.total?.amount}`;
        sum += amountOf(e.amount);
      }
      const held = k.bank.balance(ctx, k.bank.moduleAddress(MODULE_NAME));
      return held === sum ? undefined : `escrow account holds ${held}unes, open escrows sum to ${sum}unes`;
    },
  };
}

/** Admission control's per-model counters count exactly the open escrows of each model (none left for a model with none). */
export function openPerModelInvariant(k: PayForQueryKeeper): Invariant {
  return {
    name: "payforquery/open-queries-per-model",
    check(ctx: Context) {
      const want = new Map<string, bigint>();
      for (const e of k.openEscrows(ctx)) want.set(e.modelId, (want.get(e.modelId) ?? 0n) + 1n);
      const got = new Map(k.openQueryCounts(ctx));
      for (const model of new Set([...want.keys(), ...got.keys()])) {
        if ((got.get(model) ?? 0n) !== (want.get(model) ?? 0n)) return `model ${model}: open-query counter ${got.get(model) ?? 0n}, open escrows ${want.get(model) ?? 0n}`;
      }
      return undefined;
    },
  };
}

/** An open escrow's total is base + bytes + model + tokens, tokens as the generator formula says. */
function checkOpen(e: Escrow): string | undefined {
  const f = feeParts(e);
  if (f.base + f.bytes + f.model + f.tokens !== f.total) return `escrow ${e.queryId}: fee parts sum to ${f.base + f.bytes + f.model + f.tokens}, total ${f.total}`;
  const t = tokenSettlement(e, e.fee?.maxNewTokens ?? 0);
  const tokens = t ? replicaTokenFee(t, t.maxNewTokens) * BigInt(t.replicas) : 0n;
  return tokens === f.tokens ? undefined : `escrow ${e.queryId}: token part ${f.tokens}, formula gives ${tokens}`;
}

/**
 * A closed escrow paid out exactly its fee total. A settled one: one equal payout per agreeing seat,
 * and the refund the README's formula gives for its seats and agreed generated length (it does not
 * depend on owner_share); a refunded one: everything back to the payer.
 */
export function checkClosed(e: Escrow): string | undefined {
  const f = feeParts(e);
  const payouts = e.minerPayouts.map((p) => amountOf(p.amount));
  const paid = payouts.reduce((s, x) => s + x, 0n) + amountOf(e.ownerPayout) + amountOf(e.communityPool) + amountOf(e.refunded);
  if (amountOf(e.amount) !== 0n) return `closed escrow ${e.queryId} still holds ${e.amount?.amount}`;
  if (paid !== f.total) return `closed escrow ${e.queryId} paid out ${paid}unes of its ${f.total}unes fee`;
  if (e.status === EscrowStatus.ESCROW_STATUS_REFUNDED) {
    return amountOf(e.refunded) === f.total ? undefined : `refunded escrow ${e.queryId} returned ${e.refunded?.amount} of ${f.total}`;
  }
  const seats = ((e.fee?.shards ?? 0) + (e.fee?.hssShares ?? 0)) * (e.fee?.replicas ?? 0);
  try {
    const owner = amountOf(e.ownerPayout);
    const s = computeSettlement(f, seats, payouts.length, 0, tokenSettlement(e, e.generatedTokens));
    if (s.refund !== amountOf(e.refunded)) return `settled escrow ${e.queryId} refunded ${e.refunded?.amount}, formula gives ${s.refund}`;
    // Every seat's pay re-derives from the recorded delays: per_seat = (earned − owner) / E, then speed-weighted.
    if (payouts.length === 0) return undefined;
    if (e.commitDelays.length !== payouts.length) return `settled escrow ${e.queryId} has ${e.commitDelays.length} commit delays for ${payouts.length} payouts`;
    // (An owner paid nothing only when its model is gone; its share then went to the pool, and per_seat is the same.)
    const perSeat = (earnedBySeats(e, seats, payouts.length) - owner) / BigInt(payouts.length);
    const want = speedPayouts(perSeat, { speedShare: e.speedShare, commitWindow: e.commitWindow, commitDelays: e.commitDelays }).payouts;
    const bad = want.findIndex((w, i) => w !== payouts[i]);
    return bad < 0 ? undefined : `settled escrow ${e.queryId} paid seat ${bad} ${payouts[bad]}, speed formula gives ${want[bad]}`;
  } catch (err) {
    return `settled escrow ${e.queryId}: ${(err as Error).message}`;
  }
}

/** seat_value × E of a settled escrow: what its E agreeing seats earned before the owner's share. */
function earnedBySeats(e: Escrow, seats: number, agreeing: number): bigint {
  const n = BigInt(seats);
  const t = tokenSettlement(e, e.generatedTokens);
  const tokensEarned = t ? replicaTokenFee(t, t.generatedTokens) * BigInt(t.replicas) : 0n;
  return (feeParts(e).model / n + tokensEarned / n) * BigInt(agreeing);
}

/**
 * Fee parts of open escrows add up, and escrows closed since the previous check paid out exactly
 * their fee. Closed escrows are immutable, so each is checked once, when it leaves the open set
 * (the invariant remembers the open ids it saw: O(open escrows) per check, not O(all)).
 */
export function escrowAccountingInvariant(k: PayForQueryKeeper): Invariant {
  let lastOpen = new Set<bigint>();
  return {
    name: "payforquery/escrow-fee-accounted",
    check(ctx: Context) {
      const open = new Set<bigint>();
      let broken: string | undefined;
      for (const e of k.openEscrows(ctx)) {
        open.add(e.queryId);
        broken ??= checkOpen(e);
      }
      for (const id of lastOpen) {
        if (open.has(id) || broken) continue;
        const e = k.getEscrow(ctx, id);
        broken = e ? checkClosed(e) : `escrow ${id} disappeared`;
      }
      lastOpen = open;
      return broken;
    },
  };
}

/**
 * Each model's earnings counter equals the sum of owner_payout (and the count) of its settled escrows. The first
 * check sums every escrow once; later ones add only the escrows that can have settled since — open at the previous
 * check, or created after it (ids ≥ the next id it saw) — so a check costs O(open + new), not O(all).
 */
export function modelEarningsInvariant(k: PayForQueryKeeper): Invariant {
  type Tally = { earned: bigint; settled: bigint };
  let last: { earnings: Map<string, Tally>; open: Set<bigint>; nextId: bigint } | undefined;
  const add = (m: Map<string, Tally>, e: Escrow) => {
    if (e.status !== EscrowStatus.ESCROW_STATUS_SETTLED) return;
    const t = m.get(e.modelId) ?? { earned: 0n, settled: 0n };
    m.set(e.modelId, { earned: t.earned + amountOf(e.ownerPayout), settled: t.settled + 1n });
  };
  return {
    name: "payforquery/model-earnings-equal-owner-payouts",
    check(ctx: Context) {
      const now = new Map<string, Tally>();
      for (const m of k.allModelEarnings(ctx)) now.set(m.modelId, { earned: amountOf(m.ownerEarned), settled: m.settledQueries });
      const expected = new Map<string, Tally>();
      const nextId = k.peekNextQueryId(ctx);
      if (!last) {
        for (const e of k.allEscrows(ctx)) add(expected, e);
      } else {
        for (const [id, t] of last.earnings) expected.set(id, { ...t });
        const candidates = new Set(last.open);
        for (let id = last.nextId; id < nextId; id++) candidates.add(id);
        for (const id of candidates) {
          const e = k.getEscrow(ctx, id);
          if (e && e.status !== EscrowStatus.ESCROW_STATUS_OPEN) add(expected, e);
        }
      }
      const open = new Set<bigint>();
      for (const e of k.openEscrows(ctx)) open.add(e.queryId);
      last = { earnings: now, open, nextId };
      for (const model of new Set([...now.keys(), ...expected.keys()])) {
        const got = now.get(model) ?? { earned: 0n, settled: 0n };
        const want = expected.get(model) ?? { earned: 0n, settled: 0n };
        if (got.earned !== want.earned || got.settled !== want.settled) {
          last = undefined; // re-derive from scratch next time rather than compare against a broken baseline
          return `model ${model} records ${got.earned}unes over ${got.settled} settled queries; its settled escrows paid its owner ${want.earned}unes over ${want.settled}`;
        }
      }
      return undefined;
    },
  };
}
