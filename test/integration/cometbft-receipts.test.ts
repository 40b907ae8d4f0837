// Verdict receipts on real CometBFT v0.38 (1 and 4 validators, nesad over ABCI 2.0): test miners drive a query
// to a real verdict through the chain (protocol-driver.ts, stock cosmjs), then the SDK's light-client check
// verifies its receipt against header H+1 and that header's real commit (ed25519 precommit of the validator,
// the validator set read with the stock cosmjs Comet38Client). Tampered receipts, a forged signature and a
// validator set that was not the header's are refused. The same receipt check on the simulator says it trusted
// one node. Fails, never skips, when CometBFT is missing (CometNet.start builds or finds the pinned binary).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBase64 } from "@cosmjs/encoding";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { CometNet } from "@nesa/chain/testing";
import { ClientErrorCode, type CommitSource, checkVerdictReceipt, receiptAppHash } from "@nesa/client";
import { inferenceState as st } from "@nesa/proto-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptionKey } from "../../packages/chain/src/sim/protocol-harness";
import { type Driver, connectDriver } from "./protocol-driver";
import { type Home, type InProcessNode, makeHome, startInProcess } from "./helpers/localnet";

const CHAIN_ID = "nesa-localnet-1";
const shard = (index: number) => ({
  index,
  sha256: new Uint8Array(32).fill(index + 1),
  sizeBytes: 4096n,
  inputs: [{ name: "x", type: "float32", shape: [1, 16] }],
  outputs: [{ name: "y", type: "float32", shape: [1, 16] }],
});

/** Registers a 2-shard model and 3 miners, pays one query (R = 1) and has every seat commit and reveal honestly. */
async function finalizedQuery(d: Driver): Promise<{ id: bigint; q: st.InferenceQuery }> {
  const [owner, user, ...miners] = d.actors;
  const reg = await d.tx(owner, [
    {
      typeUrl: "/nesa.inference.v1.MsgRegisterModel",
      value: { owner: owner.address, modelId: "rcpt", name: "rcpt", version: "1", shards: [shard(0), shard(1)], ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) }, price: { denom: "unes", amount: "1000" }, minReplicas: 1 },
    },
  ]);
  expect(reg.code, reg.rawLog).toBe(0);
  const regs = await Promise.all(
    miners.map((m, i) =>
      d.tx(m, [{ typeUrl: "/nesa.stakingext.v1.MsgRegisterMiner", value: { operator: m.address, encryptionPubkey: encryptionKey(i), models: ["rcpt"], capacity: { memoryMb: 4096n, maxBatch: 4 }, stake: { denom: "unes", amount: "2000000" } } }]),
    ),
  );
  expect(regs.map((r) => r.code)).toEqual(miners.map(() => 0));
  const paid = await d.tx(user, [
    {
      typeUrl: "/nesa.payforquery.v1.MsgPayForQuery",
      value: { sender: user.address, modelId: "rcpt", inputCommitment: new Uint8Array(32).fill(5), inputBytes: 64n, replicas: 1, privacy: 1, maxFee: { denom: "unes", amount: "10000000" }, timeoutBlocks: 0n },
    },
  ]);
  expect(paid.code, paid.rawLog).toBe(0);
  const attr = paid.events.find((e) => e.type === "nesa.payforquery.v1.EventQueryPaid")!.attributes.find((a) => a.key === "query_id")!;
  const id = BigInt(attr.value.replaceAll('"', ""));
  await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_ASSIGNED]);
  await d.revealAll(id, await d.commitAll(id, () => "honest"));
  const q = await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_FINALIZED, st.QueryStatus.QUERY_STATUS_FAILED]);
  expect(q.status).toBe(st.QueryStatus.QUERY_STATUS_FINALIZED);
  return { id, q };
}

const expectationOf = (q: st.InferenceQuery) => ({ queryId: q.id, resultDigest: q.verdict!.resultDigest, owner: q.owner, modelId: q.modelId, inputCommitment: q.inputCommitment });

describe.each([1, 4])("verdict receipts against real CometBFT (%i validator(s))", (validators) => {
  let dir: string;
  let net: CometNet;
  let d: Driver;
  let comet: Comet38Client;
  let query: st.InferenceQuery;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nesa-rcpt-"));
    net = await CometNet.start({ dir, validators, accounts: 5, timeoutCommit: validators === 1 ? "250ms" : "500ms", chainId: CHAIN_ID });
    d = await connectDriver(net.rpcUrl(), net.accounts.map((a) => a.mnemonic));
    comet = await Comet38Client.connect(net.rpcUrl());
    query = (await finalizedQuery(d)).q;
  });

  afterAll(async () => {
    d?.disconnect();
    comet?.disconnect();
    await net?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const check = (source: CommitSource, getReceipt = (id: bigint) => d.q.inference.verdictReceipt(id)) =>
    checkVerdictReceipt({ chainId: CHAIN_ID, comet: source, getReceipt, expect: expectationOf(query), require: "validators", timeoutMs: 20_000 });

  it("a finalized verdict's receipt rebuilds the app hash of header H+1, signed by the validator set", async () => {
    const proof = await check(comet);
    const h = query.verdict!.height;
    // Genesis gives each validator power 10; a commit may lack the last one to arrive (> 2/3 is enough).
    expect(proof).toMatchObject({ height: h, headerHeight: h + 1n, trust: "validators", totalPower: BigInt(10 * validators), validators, verified: true });
    expect(proof.signedPower * 3n).toBeGreaterThan(proof.totalPower * 2n);
    expect(proof.signedPower).toBe(BigInt(10 * proof.signers));
    // The app hash CometBFT carries after block H is the one the receipt rebuilds.
    const receipt = await d.q.inference.verdictReceipt(query.id);
    expect(Buffer.from(receiptAppHash(receipt)).toString("hex").toUpperCase()).toBe(await net.appHashAfter(Number(h), 0));
    expect(proof.appHash.toUpperCase()).toBe(await net.appHashAfter(Number(h), 0));
  });

  it("with the genesis validators' keys as trusted, the proof is anchored; keys of another chain are refused", async () => {
    const genesisKeys = net.homes.map((h) => fromBase64(JSON.parse(readFileSync(join(h.cometHome, "config", "priv_validator_key.json"), "utf8")).pub_key.value));
    const run = (trustedValidators: Uint8Array[]) =>
      checkVerdictReceipt({ chainId: CHAIN_ID, comet, getReceipt: (id) => d.q.inference.verdictReceipt(id), expect: expectationOf(query), trustedValidators, timeoutMs: 20_000 });
    expect(await run(genesisKeys)).toMatchObject({ trust: "validators", anchored: true });
    const otherChain = genesisKeys.map((k) => Uint8Array.from(k, (b) => b ^ 0x5a));
    await expect(run(otherChain)).rejects.toMatchObject({ code: ClientErrorCode.CommitNotTrusted, message: expect.stringMatching(/trusted validator key/) });
  });

  it("refuses a tampered path, leaf or state digest from the node with ReceiptMismatch", async () => {
    const honest = await d.q.inference.verdictReceipt(query.id);
    const forged = [
      { ...honest, verdict: { ...honest.verdict!, seats: honest.verdict!.seats.map((s, i) => (i === 0 ? { ...s, miner: honest.verdict!.seats[1].miner } : s)) } },
      { ...honest, stateDigest: Uint8Array.from(honest.stateDigest, (b, i) => (i === 0 ? b ^ 1 : b)) },
      { ...honest, leafCount: honest.leafCount + 1n, aunts: [...honest.aunts, new Uint8Array(32)] },
    ];
    for (const r of forged) await expect(check(comet, async () => r)).rejects.toMatchObject({ codespace: "nesa-client", code: ClientErrorCode.ReceiptMismatch });
  });

  it("refuses a forged precommit signature or a validator set that is not the header's with CommitNotTrusted", async () => {
    const badSig: CommitSource = {
      commit: async (h) => {
        const c = await comet.commit(h);
        const signatures = c.commit.signatures.map((s) => ({ ...s, signature: s.signature && Uint8Array.from(s.signature, (b, i) => (i === 0 ? b ^ 1 : b)) }));
        return { ...c, commit: { ...c.commit, signatures } };
      },
      validatorsAll: (h) => comet.validatorsAll(h),
    };
    await expect(check(badSig)).rejects.toMatchObject({ code: ClientErrorCode.CommitNotTrusted, message: expect.stringMatching(/does not verify/) });
    const inflated: CommitSource = {
      commit: (h) => comet.commit(h),
      validatorsAll: async (h) => {
        const v = await comet.validatorsAll(h);
        return { ...v, validators: v.validators.map((x) => ({ ...x, votingPower: x.votingPower * 100n })) };
      },
    };
    await expect(check(inflated)).rejects.toMatchObject({ code: ClientErrorCode.CommitNotTrusted, message: expect.stringMatching(/validators_hash/) });
  });
});

describe("the same receipt on the simulator", () => {
  let home: Home;
  let node: InProcessNode;
  let d: Driver;
  let comet: Comet38Client;

  beforeAll(async () => {
    home = await makeHome(5);
    node = await startInProcess(home.home, 100);
    d = await connectDriver(node.url, home.accounts.map((a) => a.mnemonic));
    comet = await Comet38Client.connect(node.url);
  });

  afterAll(async () => {
    d?.disconnect();
    comet?.disconnect();
    await node?.close();
    home?.remove();
  });

  it("checks against the node's own header and says it trusted one node (refused when validators are required)", async () => {
    const { q } = await finalizedQuery(d);
    const run = (require?: "validators") => checkVerdictReceipt({ chainId: CHAIN_ID, comet, getReceipt: (id) => d.q.inference.verdictReceipt(id), expect: expectationOf(q), require, timeoutMs: 20_000 });
    const proof = await run();
    expect(proof).toMatchObject({ height: q.verdict!.height, trust: "single-node", signedPower: 0n, verified: true });
    await expect(run("validators")).rejects.toMatchObject({ code: ClientErrorCode.CommitNotTrusted });
  });
});
