// The commit check's rules: more than 2/3 of the power in valid ed25519 precommits for this header, nothing less.
import type { comet38 } from "@cosmjs/tendermint-rpc";
import { describe, expect, it } from "vitest";
import { ClientErrorCode } from "../errors/nesa-error";
import { type FixtureValidator, type SlotPlan, fixtureCommit, fixtureHeader, fixtureValidators } from "./signed-header-fixture";
import { verifySignedHeader } from "./verify-commit";

const CHAIN = "nesa-test-1";
const APP_HASH = new Uint8Array(32).fill(7);

function signed(powers: bigint[], plan?: SlotPlan[]) {
  const vals = fixtureValidators(powers);
  const header = fixtureHeader({ chainId: CHAIN, height: 42, appHash: APP_HASH, validators: vals });
  return { vals, header, commit: fixtureCommit({ chainId: CHAIN, header, validators: vals, plan, round: 1 }) };
}

const check = (s: { vals: FixtureValidator[]; header: comet38.Header; commit: comet38.Commit }, chainId = CHAIN) =>
  verifySignedHeader({ chainId, header: s.header, commit: s.commit, validators: s.vals.map((v) => v.validator) });

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { code: number; codespace: string; message: string };
  }
  throw new Error("expected the check to refuse");
};

describe("verifySignedHeader", () => {
  it("counts the power of every valid precommit for the block", () => {
    const r = check(signed([40n, 30n, 20n, 10n]));
    expect(r).toMatchObject({ height: 42n, signedPower: 100n, totalPower: 100n, signers: 4, validators: 4 });
  });

  it("accepts just over 2/3 and refuses exactly 2/3 or less", () => {
    expect(check(signed([40n, 30n, 20n, 10n], ["commit", "commit", "absent", "absent"])).signedPower).toBe(70n);
    const under = refusal(() => check(signed([40n, 30n, 20n, 10n], ["absent", "commit", "commit", "commit"])));
    expect(under).toMatchObject({ codespace: "nesa-client", code: ClientErrorCode.CommitNotTrusted });
    expect(under.message).toMatch(/60 of 100 voting power/);
    // 2 of 3 equal validators is exactly 2/3: CometBFT needs strictly more.
    expect(refusal(() => check(signed([1n, 1n, 1n], ["commit", "commit", "absent"]))).code).toBe(ClientErrorCode.CommitNotTrusted);
    expect(check(signed([1n, 1n, 1n])).signedPower).toBe(3n);
  });

  it("does not count nil precommits", () => {
    const e = refusal(() => check(signed([10n, 10n, 10n, 10n], ["commit", "commit", "nil", "nil"])));
    expect(e.message).toMatch(/20 of 40/);
  });

  it("refuses a bad signature even when the others would suffice", () => {
    const s = signed([10n, 10n, 10n, 10n]);
    const sigs = s.commit.signatures.map((x) => ({ ...x }));
    sigs[3].signature = Uint8Array.from(sigs[3].signature!, (b, i) => (i === 5 ? b ^ 1 : b));
    const e = refusal(() => check({ ...s, commit: { ...s.commit, signatures: sigs } }));
    expect(e.code).toBe(ClientErrorCode.CommitNotTrusted);
    expect(e.message).toMatch(/does not verify/);
  });

  it("refuses a signature made with another key than the slot's validator", () => {
    const s = signed([10n, 10n, 10n]);
    const sigs = [...s.commit.signatures];
    sigs[0] = { ...sigs[0], signature: sigs[1].signature };
    expect(refusal(() => check({ ...s, commit: { ...s.commit, signatures: sigs } })).message).toMatch(/does not verify/);
  });

  it("refuses signatures over another chain id", () => {
    expect(refusal(() => check(signed([10n, 10n, 10n]), "other-chain")).message).toMatch(/expected "other-chain"/);
    const vals = fixtureValidators([10n, 10n, 10n]);
    const header = fixtureHeader({ chainId: CHAIN, height: 42, appHash: APP_HASH, validators: vals });
    const commit = fixtureCommit({ chainId: "other-chain", header, validators: vals });
    expect(refusal(() => check({ vals, header, commit })).message).toMatch(/does not verify/);
  });

  it("refuses a header that is not the signed block (a changed app hash)", () => {
    const s = signed([10n, 10n, 10n]);
    const forged = { ...s.header, appHash: new Uint8Array(32).fill(8) };
    expect(refusal(() => check({ ...s, header: forged })).message).toMatch(/hashes to .* but the commit signs block/);
  });

  it("refuses a validator set that is not the header's", () => {
    const s = signed([10n, 10n, 10n]);
    const inflated = s.vals.map((v, i) => (i === 0 ? { ...v, validator: { ...v.validator, votingPower: 1000n } } : v));
    expect(refusal(() => check({ ...s, vals: inflated })).message).toMatch(/validators_hash/);
  });

  it("with trusted keys, the signers among them must hold > 2/3: a made-up validator set is refused", () => {
    const s = signed([40n, 30n, 20n, 10n]);
    const keys = s.vals.map((v) => v.validator.pubkey!.data);
    const withTrusted = (trusted: Uint8Array[]) => verifySignedHeader({ chainId: CHAIN, header: s.header, commit: s.commit, validators: s.vals.map((v) => v.validator), trusted });
    expect(withTrusted(keys).trustedPower).toBe(100n);
    expect(withTrusted(keys.slice(0, 2)).trustedPower).toBe(70n);
    // The node's set is internally consistent, but none of its keys is one we know.
    const strangers = fixtureValidators([1n, 1n]).map((v) => Uint8Array.from(v.validator.pubkey!.data, (b) => b ^ 0xff));
    expect(refusal(() => withTrusted(strangers)).message).toMatch(/only 0 of 100 voting power signed with the 2 trusted/);
    expect(refusal(() => withTrusted(keys.slice(1))).message).toMatch(/only 60 of 100/);
  });

  it("refuses a commit for another height or with missing slots", () => {
    const s = signed([10n, 10n, 10n]);
    expect(refusal(() => check({ ...s, commit: { ...s.commit, height: 43 } })).message).toMatch(/commit is for height 43/);
    expect(refusal(() => check({ ...s, commit: { ...s.commit, signatures: s.commit.signatures.slice(1) } })).message).toMatch(/2 signature slot/);
  });
});
