// Pure fee and settlement arithmetic (bigint, integer ppm): the x/payforquery README's formulas.
import { mulPpm } from "../stakingext/coins";

/** A generator query's token part (PROTOCOL.md §10); absent or all zero for a classifier. */
export interface TokenInput {
  inputTokens: number;
  maxNewTokens: number;
  inputPrice: bigint;
  outputPrice: bigint;
}

export interface FeeInput {
  baseFee: bigint;
  perByteFee: bigint;
  inputBytes: bigint;
  price: bigint;
  shards: number;
  /** HSS_EE: the 2 share seats each replica adds (0 otherwise); each is priced like a shard seat. */
  hssShares?: number;
  replicas: number;
  tokens?: TokenInput;
}

export interface FeeParts {
  base: bigint;
  bytes: bigint;
  model: bigint;
  /** (input_tokens × input_price + max_new_tokens × output_price) × replicas; 0 for a classifier. */
  tokens: bigint;
  total: bigint;
}

/** What one replica pipeline pays for tokens when `outputTokens` tokens are generated. */
export function replicaTokenFee(t: TokenInput | undefined, outputTokens: number): bigint {
  if (!t) return 0n;
  return BigInt(t.inputTokens) * t.inputPrice + BigInt(outputTokens) * t.outputPrice;
}

/**
 * fee = base_fee + per_byte_fee × input_bytes + price × (shards + hss_shares) × replicas
 *     + (input_tokens × input_price + max_new_tokens × output_price) × replicas
 */
export function computeFee(i: FeeInput): FeeParts {
  const base = i.baseFee;
  const bytes = i.perByteFee * i.inputBytes;
  const model = i.price * BigInt(i.shards + (i.hssShares ?? 0)) * BigInt(i.replicas);
  const tokens = replicaTokenFee(i.tokens, i.tokens?.maxNewTokens ?? 0) * BigInt(i.replicas);
  return { base, bytes, model, tokens, total: base + bytes + model + tokens };
}

export interface Settlement {
  perSeat: bigint;
  owner: bigint;
  communityPool: bigint;
  refund: bigint;
}

/** A generator's settlement input: the escrowed token prices and the agreed generated length. */
export interface TokenSettlement extends TokenInput {
  replicas: number;
  generatedTokens: number;
}

/**
 * Splits a finalized query's escrow. Each agreeing seat earns its seat value: the model price plus
 * its share (1/totalSeats) of the tokens earned, i.e. (input_tokens × input_price + generated ×
 * output_price) × replicas. owner_share of the earned amount goes to the model owner and the rest is
 * split evenly over the agreeing seats. The value of seats that did not earn it, and the output
 * tokens escrowed but not generated ((max_new_tokens − generated) × output_price × replicas), are
 * refunded to the payer. base + byte fees and the rounding dust go to the community pool.
 * perSeat × agreeing + owner + communityPool + refund = total.
 */
export function computeSettlement(fee: FeeParts, totalSeats: number, agreeing: number, ownerSharePpm: number, tokens?: TokenSettlement): Settlement {
  if (totalSeats <= 0 || agreeing < 0 || agreeing > totalSeats) {
    throw new Error(`settlement: agreeing ${agreeing} of ${totalSeats} seats is impossible`);
  }
  if (tokens && (tokens.generatedTokens < 0 || tokens.generatedTokens > tokens.maxNewTokens)) {
    throw new Error(`settlement: ${tokens.generatedTokens} generated tokens of max ${tokens.maxNewTokens} is impossible`);
  }
  const tokensEarned = tokens ? replicaTokenFee(tokens, tokens.generatedTokens) * BigInt(tokens.replicas) : 0n;
  if (tokensEarned > fee.tokens) throw new Error(`settlement: ${tokensEarned} tokens earned exceed the ${fee.tokens} escrowed`);
  const unearnedTokens = fee.tokens - tokensEarned;
  const N = BigInt(totalSeats);
  const seatPrice = fee.model / N;
  const modelDust = fee.model - seatPrice * N;
  const tokenSeat = tokensEarned / N;
  const tokenDust = tokensEarned - tokenSeat * N;
  const seatValue = seatPrice + tokenSeat;
  const earned = seatValue * BigInt(agreeing);
  const owner = agreeing === 0 ? 0n : mulPpm(earned, ownerSharePpm);
  const minerPool = earned - owner;
  const perSeat = agreeing === 0 ? 0n : minerPool / BigInt(agreeing);
  const splitDust = minerPool - perSeat * BigInt(agreeing);
  const refund = seatValue * BigInt(totalSeats - agreeing) + unearnedTokens;
  return { perSeat, owner, communityPool: fee.base + fee.bytes + splitDust + modelDust + tokenDust, refund };
}

/** What the speed-weighted part of the settlement needs: x/inference's commit window and delays. */
export interface SpeedInput {
  /** Params.speed_share at settlement, ppm. */
  speedShare: number;
  /** W = commit_deadline − assigned_height of the query (≥ 1). */
  commitWindow: bigint;
  /** d_i = commit height − assigned height of each agreeing seat (1 = committed in the first block it could). */
  commitDelays: readonly bigint[];
}

/**
 * One agreeing seat's pay (x/payforquery README, "Speed"): speed = ⌊per_seat × speed_share / 10^6⌋ of the
 * full per-seat pay depends on the commit delay d ∈ [1, W] (clamped):
 *   pay = per_seat − speed + ⌊speed × (W + 1 − d) / W⌋
 * so a commit in the first block after the assignment earns per_seat, one at the deadline per_seat − speed +
 * ⌊speed / W⌋.
 */
export function speedPay(perSeat: bigint, speedShare: number, commitWindow: bigint, commitDelay: bigint): bigint {
  const w = commitWindow < 1n ? 1n : commitWindow;
  const d = commitDelay < 1n ? 1n : commitDelay > w ? w : commitDelay;
  const speed = mulPpm(perSeat, speedShare);
  return perSeat - speed + (speed * (w + 1n - d)) / w;
}

/**
 * The agreeing seats' payouts (in the order of `commitDelays`) and what the slow ones did not earn
 * (Σ per_seat − pay_i), which goes to the community pool: Σ payouts + slow = per_seat × E.
 */
export function speedPayouts(perSeat: bigint, s: SpeedInput): { payouts: bigint[]; slow: bigint } {
  const payouts = s.commitDelays.map((d) => speedPay(perSeat, s.speedShare, s.commitWindow, d));
  const slow = payouts.reduce((sum, p) => sum + (perSeat - p), 0n);
  return { payouts, slow };
}
