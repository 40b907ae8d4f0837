// Pure fee and settlement arithmetic (bigint, integer ppm): the x/payforquery README's formulas.
import { mulPpm } from "../stakingext/coins";

export interface FeeInput {
  baseFee: bigint;
  perByteFee: bigint;
  inputBytes: bigint;
  price: bigint;
  shards: number;
  /** HSS_EE: the 2 share seats each replica adds (0 otherwise); each is priced like a shard seat. */
  hssShares?: number;
  replicas: number;
}

export interface FeeParts {
  base: bigint;
  bytes: bigint;
  model: bigint;
  total: bigint;
}

/** fee = base_fee + per_byte_fee × input_bytes + price × (shards + hss_shares) × replicas */
export function computeFee(i: FeeInput): FeeParts {
  const base = i.baseFee;
  const bytes = i.perByteFee * i.inputBytes;
  const model = i.price * BigInt(i.shards + (i.hssShares ?? 0)) * BigInt(i.replicas);
  return { base, bytes, model, total: base + bytes + model };
}

export interface Settlement {
  perSeat: bigint;
  owner: bigint;
  communityPool: bigint;
  refund: bigint;
}

/**
 * Splits a finalized query's escrow. Each agreeing seat earns the model price; owner_share of the
 * earned amount goes to the model owner and the rest is split evenly over the agreeing seats. The
 * price of seats that did not earn it is refunded to the payer. base + byte fees and the rounding
 * dust go to the community pool. perSeat × agreeing + owner + communityPool + refund = total.
 */
export function computeSettlement(fee: FeeParts, totalSeats: number, agreeing: number, ownerSharePpm: number): Settlement {
  if (totalSeats <= 0 || agreeing < 0 || agreeing > totalSeats) {
    throw new Error(`settlement: agreeing ${agreeing} of ${totalSeats} seats is impossible`);
  }
  const seatPrice = fee.model / BigInt(totalSeats);
  const modelDust = fee.model - seatPrice * BigInt(totalSeats);
  const earned = seatPrice * BigInt(agreeing);
  const owner = agreeing === 0 ? 0n : mulPpm(earned, ownerSharePpm);
  const minerPool = earned - owner;
  const perSeat = agreeing === 0 ? 0n : minerPool / BigInt(agreeing);
  const splitDust = minerPool - perSeat * BigInt(agreeing);
  const refund = seatPrice * BigInt(totalSeats - agreeing);
  return { perSeat, owner, communityPool: fee.base + fee.bytes + splitDust + modelDust, refund };
}
