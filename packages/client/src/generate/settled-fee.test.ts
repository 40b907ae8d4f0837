// Fee accounting of a generation against the chain's own settlement arithmetic (x/payforquery fees.ts): the escrow
// holds max_new_tokens for every replica, the verdict pays the agreed length, and paid + refunded = escrowed.
import { payforqueryState } from "@nesa/proto-types";
import { describe, expect, it } from "vitest";
import { computeFee, computeSettlement } from "../../../chain/src/x/payforquery/fees";
import { ClientError } from "../errors/nesa-error";
import { settledFee } from "./settled-fee";

const coin = (n: bigint) => ({ denom: "unes", amount: n.toString() });
const tokens = { inputTokens: 10, maxNewTokens: 24, inputPrice: 1n, outputPrice: 4n };

/** The escrow record x/payforquery's keeper writes at settlement (keeper.ts settle). */
function settledEscrow(o: { replicas: number; agreeing: number; generated: number }) {
  const shards = 2;
  const fee = computeFee({ baseFee: 1000n, perByteFee: 1n, inputBytes: 52n, price: 1000n, shards, replicas: o.replicas, tokens });
  const seats = shards * o.replicas;
  const s = computeSettlement(fee, seats, o.agreeing, 100_000, { ...tokens, replicas: o.replicas, generatedTokens: o.generated });
  const escrow = payforqueryState.Escrow.fromPartial({
    queryId: 9n, status: payforqueryState.EscrowStatus.ESCROW_STATUS_SETTLED, amount: coin(0n),
    fee: { total: coin(fee.total), tokens: coin(fee.tokens), inputTokens: tokens.inputTokens, maxNewTokens: tokens.maxNewTokens },
    minerPayouts: Array.from({ length: o.agreeing }, (_, i) => ({ recipient: `nesa1m${i}`, amount: coin(s.perSeat) })),
    ownerPayout: coin(s.owner), communityPool: coin(s.communityPool), refunded: coin(s.refund), generatedTokens: o.generated,
  });
  return { fee, s, escrow };
}

describe("settledFee", () => {
  it("splits a settled generation's escrow: paid + refunded = escrowed, the unused tokens refunded", () => {
    for (const [replicas, generated] of [[1, 24], [1, 7], [2, 1], [2, 24]] as const) {
      const { fee, s, escrow } = settledEscrow({ replicas, agreeing: 2 * replicas, generated });
      const r = settledFee(fee.total, fee.total, escrow);
      expect(r.paid + r.refunded).toBe(r.escrowed);
      expect(r.escrowed).toBe(fee.total);
      // All seats agreed: the refund is exactly the output tokens not generated, for every replica.
      expect(r.refunded).toBe(BigInt(tokens.maxNewTokens - generated) * tokens.outputPrice * BigInt(replicas));
      expect(r.refunded).toBe(s.refund);
      expect(r.payouts.miners).toBe(s.perSeat * BigInt(2 * replicas));
      expect(r.generatedTokens).toBe(generated);
    }
  });

  it("refunds the value of a seat that did not agree too", () => {
    const { fee, s, escrow } = settledEscrow({ replicas: 2, agreeing: 3, generated: 24 });
    const r = settledFee(fee.total, fee.total, escrow);
    expect(r.refunded).toBe(s.refund);
    expect(r.refunded).toBeGreaterThan(0n);
    expect(r.paid + r.refunded).toBe(fee.total);
  });

  it("refuses an escrow that is still open, holds another amount, or does not add up", () => {
    const { fee, escrow } = settledEscrow({ replicas: 1, agreeing: 2, generated: 5 });
    expect(() => settledFee(fee.total, fee.total, { ...escrow, status: payforqueryState.EscrowStatus.ESCROW_STATUS_OPEN })).toThrow(/OPEN, not settled/);
    expect(() => settledFee(fee.total, fee.total + 1n, escrow)).toThrow(ClientError);
    expect(() => settledFee(fee.total, fee.total, { ...escrow, refunded: coin(1n) })).toThrow(/does not add up/);
  });
});
