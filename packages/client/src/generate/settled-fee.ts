// What a generation cost, from the chain's settlement: the pay escrows max_new_tokens for every replica; the
// verdict pays the seats for the agreed length and refunds the rest (x/payforquery README, "Settlement").
// paid + refunded = escrowed, to the unes.
import { payforqueryState } from "@nesa/proto-types";
import { ClientError, ClientErrorCode } from "../errors/nesa-error";

export interface SettledFee {
  /** Estimated by EstimateFee before paying. */
  readonly estimated: bigint;
  /** Held by the escrow at the pay (MsgPayForQueryResponse.fee). */
  readonly escrowed: bigint;
  /** Kept by the network: miner payouts, the model owner's share, base and byte fees (community pool). */
  readonly paid: bigint;
  /** Returned to the payer: tokens not generated, seats that did not agree. */
  readonly refunded: bigint;
  /** Where `paid` went: Σ miner payouts, the model owner's share, the community pool (base, bytes, dust). */
  readonly payouts: { readonly miners: bigint; readonly owner: bigint; readonly communityPool: bigint };
  /** Tokens the escrow was settled for (the agreed generated length). */
  readonly generatedTokens: number;
  readonly denom: "unes";
}

const amount = (c: { amount: string } | undefined) => BigInt(c?.amount ?? "0");

/**
 * Splits a settled escrow into paid (its payouts) and refunded; throws if it is not settled, or if it does not
 * account for exactly what was escrowed.
 *
 * @example
 * const fee = settledFee(estimated, paid.fee, await q.payforquery.escrow(queryId));
 */
export function settledFee(estimated: bigint, escrowed: bigint, escrow: payforqueryState.Escrow): SettledFee {
  if (escrow.status !== payforqueryState.EscrowStatus.ESCROW_STATUS_SETTLED) {
    const status = payforqueryState.EscrowStatus[escrow.status] ?? String(escrow.status);
    throw new ClientError(ClientErrorCode.ResultUnavailable, `escrow of query ${escrow.queryId} is ${status}, not settled`, "the verdict settles it in the same block: read it again after the verdict");
  }
  const total = amount(escrow.fee?.total);
  if (total !== escrowed) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `escrow of query ${escrow.queryId} holds ${total} unes, the pay escrowed ${escrowed}`, "the chain's escrow record and the pay response disagree");
  }
  const refunded = amount(escrow.refunded);
  const payouts = {
    miners: escrow.minerPayouts.reduce((sum, p) => sum + amount(p.amount), 0n),
    owner: amount(escrow.ownerPayout),
    communityPool: amount(escrow.communityPool),
  };
  const paid = payouts.miners + payouts.owner + payouts.communityPool;
  if (paid + refunded !== escrowed) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `escrow of query ${escrow.queryId} does not add up`, `payouts ${paid} + refunded ${refunded} ≠ escrowed ${escrowed} unes`);
  }
  return { estimated, escrowed, paid, refunded, payouts, generatedTokens: escrow.generatedTokens, denom: "unes" };
}
