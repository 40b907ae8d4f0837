import { describe, expect, it } from "vitest";
import { ClientErrorCode, CommitteeMismatchError } from "../errors/nesa-error";
import { FAKE_CHAIN_ID, PROPOSER_PK, fakeAssignment } from "../testing/fake-chain";
import { verifyAssignment } from "./verify-assignment";

const catchErr = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as CommitteeMismatchError;
  }
  throw new Error("expected a throw");
};

describe("verifyAssignment", () => {
  it("accepts a committee drawn from the beacon, checking the proposer when the validator set is given", () => {
    const a = fakeAssignment({ shards: 2, replicas: 2, miners: 5 });
    const r = verifyAssignment({ chainId: FAKE_CHAIN_ID, ...a, proposerPubkeys: [PROPOSER_PK] });
    expect(r.seats).toHaveLength(4);
    expect(new Set(r.seats.map((s) => s.miner)).size).toBe(4);
    expect(r.proposerChecked).toBe(true);
    expect(r.beaconHeight).toBe(12n);
  });

  it("refuses a committee with one seat swapped for another candidate", () => {
    const a = fakeAssignment();
    const unused = a.query.candidates.find((c) => !a.committee.seats.some((s) => s.miner === c.miner))!.miner;
    a.committee.seats[1] = { ...a.committee.seats[1], miner: unused };
    a.query.seats = a.committee.seats;
    const e = catchErr(() => verifyAssignment({ chainId: FAKE_CHAIN_ID, ...a }));
    expect(e).toBeInstanceOf(CommitteeMismatchError);
    expect(e.code).toBe(ClientErrorCode.CommitteeMismatch);
    expect(e.details).toContain(unused);
  });

  it("refuses a candidate snapshot with inflated stake (the draw changes)", () => {
    const a = fakeAssignment({ miners: 6 });
    const outsider = a.committee.candidates.find((c) => !a.committee.seats.some((s) => s.miner === c.miner))!;
    outsider.stake = { denom: "unes", amount: "1000000000000" };
    expect(catchErr(() => verifyAssignment({ chainId: FAKE_CHAIN_ID, ...a })).code).toBe(ClientErrorCode.CommitteeMismatch);
  });

  it("refuses a beacon whose proof was altered, or made for another chain id", () => {
    const a = fakeAssignment();
    expect(catchErr(() => verifyAssignment({ chainId: "other-chain", ...a })).code).toBe(ClientErrorCode.BeaconInvalid);
    a.committee.beacon!.proof = Uint8Array.from(a.committee.beacon!.proof, (b, i) => (i === 40 ? b ^ 1 : b));
    expect(catchErr(() => verifyAssignment({ chainId: FAKE_CHAIN_ID, ...a })).code).toBe(ClientErrorCode.BeaconInvalid);
  });

  it("refuses a beacon output that is not the proof's hash, and a seed that is not derived from it", () => {
    const a = fakeAssignment();
    a.committee.beacon!.output = new Uint8Array(32).fill(1);
    expect(catchErr(() => verifyAssignment({ chainId: FAKE_CHAIN_ID, ...a })).code).toBe(ClientErrorCode.BeaconInvalid);
    const b = fakeAssignment();
    b.committee.seed = new Uint8Array(32).fill(2);
    expect(catchErr(() => verifyAssignment({ chainId: FAKE_CHAIN_ID, ...b })).code).toBe(ClientErrorCode.CommitteeMismatch);
  });

  it("refuses a beacon from another height or by a key outside the validator set", () => {
    const a = fakeAssignment();
    a.query.assignedHeight = 13n;
    expect(catchErr(() => verifyAssignment({ chainId: FAKE_CHAIN_ID, ...a })).code).toBe(ClientErrorCode.BeaconInvalid);
    const b = fakeAssignment();
    const other = Uint8Array.from(PROPOSER_PK, (x, i) => (i === 5 ? x ^ 1 : x));
    expect(catchErr(() => verifyAssignment({ chainId: FAKE_CHAIN_ID, ...b, proposerPubkeys: [other] })).code).toBe(ClientErrorCode.BeaconInvalid);
  });
});
