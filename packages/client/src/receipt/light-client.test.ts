// A verdict receipt end to end on the client side: it rebuilds the app hash of header H+1, that header is signed
// by > 2/3 of the validators, and any tampering (path, leaf, state digest) or a weak commit is refused with the
// registered codes. The chain side (that the real app commits to these leaves) is in
// test/integration/cometbft-receipts.test.ts.
import type { comet38 } from "@cosmjs/tendermint-rpc";
import { combineAppHash, merkleAunts, merkleRootOfLeafHashes, verdictLeafHash } from "@nesa/crypto";
import { inferenceState as st } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { ClientErrorCode } from "../errors/nesa-error";
import { type CommitSource, checkVerdictReceipt } from "./light-client";
import { type SlotPlan, fixtureCommit, fixtureHeader, fixtureValidators } from "./signed-header-fixture";
import { receiptAppHash, verifyReceiptAgainst } from "./verify-receipt";

const CHAIN = "nesa-test-1";
const HEIGHT = 30n;
const OWNER = "nesa1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v2";

function verdict(queryId: bigint): st.Verdict {
  return {
    queryId,
    status: st.QueryStatus.QUERY_STATUS_FINALIZED,
    reason: st.FailureReason.FAILURE_REASON_UNSPECIFIED,
    seats: [0, 1].map((shard) => ({ shard, replica: 0, miner: `nesa1miner${shard}`, outcome: st.SeatOutcome.SEAT_OUTCOME_AGREED })),
    resultReplica: 0,
    resultDigest: sha256(Uint8Array.of(Number(queryId))),
    height: HEIGHT,
    generatedTokens: 0,
  };
}

const inputOf = (id: bigint) => sha256(Uint8Array.of(0xaa, Number(id)));
const leafOf = (v: st.Verdict) => verdictLeafHash({ ...v, owner: OWNER, modelId: "lande", inputCommitment: inputOf(v.queryId) });

/** Block HEIGHT reached verdicts of queries 11..15; the receipt of `queryId` and the app hash it commits to. */
function block(queryId = 13n) {
  const verdicts = [11n, 12n, 13n, 14n, 15n].map(verdict);
  const leaves = verdicts.map(leafOf);
  const index = verdicts.findIndex((v) => v.queryId === queryId);
  const stateDigest = sha256(Uint8Array.of(1, 2, 3));
  const receipt: st.VerdictReceipt = {
    verdict: verdicts[index],
    owner: OWNER,
    modelId: "lande",
    inputCommitment: inputOf(queryId),
    leafIndex: BigInt(index),
    leafCount: BigInt(leaves.length),
    aunts: merkleAunts(leaves, index),
    stateDigest,
  };
  return { receipt, appHash: combineAppHash(stateDigest, merkleRootOfLeafHashes(leaves)) };
}

const expectFor = (r: st.VerdictReceipt) => ({ queryId: r.verdict!.queryId, resultDigest: r.verdict!.resultDigest, owner: r.owner, modelId: r.modelId, inputCommitment: r.inputCommitment });
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code: number }).code;
  }
  return "accepted";
};

describe("verifyReceiptAgainst", () => {
  it("the receipt rebuilds the app hash", () => {
    const { receipt, appHash } = block();
    expect(receiptAppHash(receipt)).toEqual(appHash);
    expect(codeOf(() => verifyReceiptAgainst(receipt, appHash, expectFor(receipt)))).toBe("accepted");
  });

  const tamper: [string, (r: st.VerdictReceipt) => void][] = [
    ["an aunt", (r) => (r.aunts[1] = Uint8Array.from(r.aunts[1], (b, i) => (i === 0 ? b ^ 1 : b)))],
    ["the leaf index", (r) => (r.leafIndex = 3n)],
    ["a dropped aunt", (r) => r.aunts.pop()],
    ["the result digest", (r) => (r.verdict!.resultDigest = sha256(Uint8Array.of(99)))],
    ["a seat's outcome", (r) => (r.verdict!.seats[1].outcome = st.SeatOutcome.SEAT_OUTCOME_DISAGREED)],
    ["the status", (r) => (r.verdict!.status = st.QueryStatus.QUERY_STATUS_FAILED)],
    ["the payer", (r) => (r.owner = "nesa1someoneelse")],
    ["the state digest", (r) => (r.stateDigest = sha256(Uint8Array.of(4)))],
    ["a short state digest", (r) => (r.stateDigest = r.stateDigest.slice(1))],
  ];
  it.each(tamper)("refuses a tampered %s with ReceiptMismatch", (_what, change) => {
    const { receipt, appHash } = block();
    change(receipt);
    // Only the query id is expected: the app hash alone must catch the change.
    expect(codeOf(() => verifyReceiptAgainst(receipt, appHash, { queryId: 13n }))).toBe(ClientErrorCode.ReceiptMismatch);
  });

  it("refuses an honest receipt of another query, or one that differs from what the caller paid for", () => {
    const { receipt, appHash } = block(14n);
    expect(codeOf(() => verifyReceiptAgainst(receipt, appHash, { queryId: 13n }))).toBe(ClientErrorCode.ReceiptMismatch);
    expect(codeOf(() => verifyReceiptAgainst(receipt, appHash, { ...expectFor(receipt), inputCommitment: inputOf(13n) }))).toBe(ClientErrorCode.ReceiptMismatch);
  });
});

/** A node serving header HEIGHT+1 carrying `appHash`, signed per `plan` (no signatures: the simulator). */
function node(appHash: Uint8Array, plan?: SlotPlan[] | "unsigned", notYet = 0): CommitSource {
  const vals = fixtureValidators([10n, 10n, 10n, 10n]);
  const header = fixtureHeader({ chainId: CHAIN, height: Number(HEIGHT + 1n), appHash, validators: vals });
  const commit = fixtureCommit({ chainId: CHAIN, header, validators: vals, plan: plan === "unsigned" ? undefined : plan });
  let calls = 0;
  return {
    async commit(height) {
      if (calls++ < notYet) throw new Error(`height ${height} must be less than or equal to the current blockchain height ${HEIGHT}`);
      expect(height).toBe(Number(HEIGHT + 1n));
      return { header, commit: plan === "unsigned" ? { ...commit, signatures: [] } : commit, canonical: true } as comet38.CommitResponse;
    },
    async validatorsAll() {
      return { blockHeight: Number(HEIGHT + 1n), count: 4, total: 4, validators: vals.map((v) => v.validator) };
    },
  };
}

describe("checkVerdictReceipt", () => {
  const run = (comet: CommitSource, receipt: st.VerdictReceipt, require?: "validators", trustedValidators?: Uint8Array[]) =>
    checkVerdictReceipt({ chainId: CHAIN, comet, getReceipt: async () => receipt, expect: expectFor(receipt), require, trustedValidators, pollMs: 1, timeoutMs: 5000 });

  it("verifies against header H+1 signed by the validators (waiting for that block)", async () => {
    const { receipt, appHash } = block();
    const proof = await run(node(appHash, ["commit", "commit", "commit", "absent"], 2), receipt);
    expect(proof).toMatchObject({ height: HEIGHT, headerHeight: HEIGHT + 1n, trust: "validators", signedPower: 30n, totalPower: 40n, signers: 3, validators: 4, leafIndex: 2n, leafCount: 5n, verified: true });
  });

  it("is anchored only with trusted validator keys, which also refuse unsigned headers", async () => {
    const { receipt, appHash } = block();
    expect((await run(node(appHash), receipt)).anchored).toBe(false);
    const keys = fixtureValidators([10n, 10n, 10n, 10n]).map((v) => v.validator.pubkey!.data);
    expect(await run(node(appHash), receipt, undefined, keys)).toMatchObject({ trust: "validators", anchored: true });
    await expect(run(node(appHash), receipt, undefined, keys.slice(0, 2))).rejects.toMatchObject({ code: ClientErrorCode.CommitNotTrusted });
    await expect(run(node(appHash, "unsigned"), receipt, undefined, keys)).rejects.toMatchObject({ code: ClientErrorCode.CommitNotTrusted });
  });

  it("refuses a commit under 2/3 with CommitNotTrusted", async () => {
    const { receipt, appHash } = block();
    await expect(run(node(appHash, ["commit", "commit", "absent", "absent"]), receipt)).rejects.toMatchObject({ code: ClientErrorCode.CommitNotTrusted });
  });

  it("refuses a tampered receipt against a well-signed header", async () => {
    const { receipt, appHash } = block();
    receipt.aunts[0] = sha256(receipt.aunts[0]);
    await expect(run(node(appHash), receipt)).rejects.toMatchObject({ code: ClientErrorCode.ReceiptMismatch });
  });

  it("an unsigned node (the simulator) is single-node trust, or refused when validators are required", async () => {
    const { receipt, appHash } = block();
    const proof = await run(node(appHash, "unsigned"), receipt);
    expect(proof).toMatchObject({ trust: "single-node", signedPower: 0n, totalPower: 40n, verified: true });
    await expect(run(node(appHash, "unsigned"), receipt, "validators")).rejects.toMatchObject({ code: ClientErrorCode.CommitNotTrusted });
    // Single-node trust still checks the receipt against the node's own header.
    await expect(run(node(sha256(appHash), "unsigned"), receipt)).rejects.toMatchObject({ code: ClientErrorCode.ReceiptMismatch });
  });
});
