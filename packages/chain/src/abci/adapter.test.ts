// The ABCI adapter over a real home (LevelDB, real ECVRF): PrepareProposal puts the proposer's
// beacon first, ProcessProposal accepts it and rejects forged, missing or foreign beacons, CheckTx
// refuses beacon txs, FinalizeBlock returns one result per tx and the app hash Commit persists.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toBase64 } from "@cosmjs/encoding";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { ed25519 } from "@noble/curves/ed25519.js";
import { Request, ResponseProcessProposal_ProposalStatus as Status } from "cosmjs-types/tendermint/abci/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { homePaths } from "../node/home";
import { initHome } from "../node/init-home";
import { makeSignedTx, msgSend } from "../testing/make-signed-tx";
import { AbciApp } from "./adapter";
import { decodeBeaconTx, encodeBeaconTx } from "./beacon-tx";
import { consensusAddress } from "./validator-set";

let dir: string;
let app: AbciApp;
let proposer: Uint8Array;
const other = consensusAddress(ed25519.getPublicKey(ed25519.utils.randomSecretKey()));
let accounts: { address: string; mnemonic: string }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nesa-abci-"));
  const res = await initHome({ home: dir, chainId: "nesa-abci-1", accounts: 2, genesisTime: "2026-01-01T00:00:00.000000000Z" });
  accounts = res.accounts;
  const edPub = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
  proposer = consensusAddress(edPub);
  const p = homePaths(dir).genesis;
  const g = JSON.parse(readFileSync(p, "utf8"));
  g.validators[0].consensus_pub_key = { type: "tendermint/PubKeyEd25519", value: toBase64(edPub) };
  writeFileSync(p, JSON.stringify(g));
  app = await AbciApp.open({ home: dir, checkInvariants: true });
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const time = { seconds: 1_767_225_601n, nanos: 5 };

async function prepare(height: bigint, txs: Uint8Array[] = []): Promise<Uint8Array[]> {
  const res = await app.handle(Request.fromPartial({ prepareProposal: { height, txs, maxTxBytes: 1_000_000n, proposerAddress: proposer, time } }));
  return res.prepareProposal?.txs ?? [];
}

const process_ = (height: bigint, txs: Uint8Array[], by = proposer) =>
  app.processProposal({ txs, height, proposerAddress: by, time, hash: new Uint8Array(32), nextValidatorsHash: new Uint8Array(), misbehavior: [], proposedLastCommit: undefined as never });

describe("AbciApp", () => {
  it("answers Info with height 0 before any block", async () => {
    const res = await app.handle(Request.fromPartial({ info: {} }));
    expect(res.info?.lastBlockHeight).toBe(0n);
  });

  it("PrepareProposal puts a beacon first that ProcessProposal accepts", async () => {
    const txs = await prepare(1n);
    expect(txs.length).toBe(1);
    expect(decodeBeaconTx(txs[0])?.height).toBe(1n);
    expect(process_(1n, txs)).toBe(Status.ACCEPT);
  });

  it("ProcessProposal rejects a forged, missing, misplaced or foreign beacon", async () => {
    const [beacon] = await prepare(1n);
    const b = decodeBeaconTx(beacon);
    if (!b) throw new Error("no beacon");
    const forgedProof = Uint8Array.from(b.proof);
    forgedProof[40] ^= 1;
    expect(process_(1n, [encodeBeaconTx({ ...b, proof: forgedProof })])).toBe(Status.REJECT);
    const forgedOutput = Uint8Array.from(b.output);
    forgedOutput[0] ^= 1;
    expect(process_(1n, [encodeBeaconTx({ ...b, output: forgedOutput })])).toBe(Status.REJECT);
    expect(process_(1n, [encodeBeaconTx({ ...b, height: 2n })])).toBe(Status.REJECT);
    expect(process_(1n, [])).toBe(Status.REJECT);
    expect(process_(1n, [beacon, beacon])).toBe(Status.REJECT);
    // Proposed by a key that is not a genesis validator's.
    expect(process_(1n, [beacon], other)).toBe(Status.REJECT);
  });

  it("CheckTx refuses beacon txs with a registered code", async () => {
    const [beacon] = await prepare(1n);
    const res = await app.handle(Request.fromPartial({ checkTx: { tx: beacon } }));
    expect(res.checkTx?.code).toBe(4);
    expect(res.checkTx?.codespace).toBe("sdk");
    expect(res.checkTx?.log).toMatch(/beacon/);
  });

  it("FinalizeBlock: one result per tx, events indexed, app hash = what Info reports after Commit", async () => {
    const tx = await makeSignedTx({
      wallet: await DirectSecp256k1HdWallet.fromMnemonic(accounts[0].mnemonic, { prefix: "nesa" }),
      chainId: "nesa-abci-1",
      accountNumber: 0n,
      sequence: 0n,
      msgs: [msgSend(accounts[0].address, accounts[1].address, 5n)],
    });
    const check = await app.handle(Request.fromPartial({ checkTx: { tx } }));
    expect(check.checkTx?.code).toBe(0);
    const txs = await prepare(1n, [tx]);
    expect(txs.length).toBe(2);
    expect(process_(1n, txs)).toBe(Status.ACCEPT);
    const fin = await app.handle(Request.fromPartial({ finalizeBlock: { txs, height: 1n, time, proposerAddress: proposer, hash: new Uint8Array(32).fill(1) } }));
    const r = fin.finalizeBlock;
    expect(r?.txResults.map((x) => x.code)).toEqual([0, 0]);
    expect(r?.txResults[1].events.flatMap((e) => e.attributes).every((a) => a.index)).toBe(true);
    expect(r?.appHash.length).toBe(32);
    await app.handle(Request.fromPartial({ commit: {} }));
    const info = await app.handle(Request.fromPartial({ info: {} }));
    expect(info.info?.lastBlockHeight).toBe(1n);
    expect(Buffer.from(info.info?.lastBlockAppHash ?? []).toString("hex")).toBe(Buffer.from(r?.appHash ?? []).toString("hex"));
    // The stored beacon is the proposer's, as proved in the block.
    expect(decodeBeaconTx(txs[0])?.proposerPubkey.length).toBe(33);
  });

  it("CheckTx between FinalizeBlock and Commit sees the mempool's pending sequences; the recheck after Commit keeps them", async () => {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(accounts[0].mnemonic, { prefix: "nesa" });
    const send = (sequence: bigint) => makeSignedTx({ wallet, chainId: "nesa-abci-1", accountNumber: 0n, sequence, msgs: [msgSend(accounts[0].address, accounts[1].address, 1n)] });
    const [tx1, tx2] = [await send(1n), await send(2n)];
    const check = async (tx: Uint8Array, type = 0) => (await app.handle(Request.fromPartial({ checkTx: { tx, type } }))).checkTx?.code;
    expect(await check(tx1)).toBe(0);
    // Block 2 is decided without tx1 (still in the mempool); CometBFT may send CheckTx before Commit.
    const txs = await prepare(2n);
    await app.handle(Request.fromPartial({ finalizeBlock: { txs, height: 2n, time: { seconds: time.seconds + 1n, nanos: 0 }, proposerAddress: proposer, hash: new Uint8Array(32).fill(2) } }));
    expect(await check(tx2)).toBe(0);
    await app.handle(Request.fromPartial({ commit: {} }));
    // CometBFT re-checks the mempool in order (CheckTxType.RECHECK = 1) against block 2's state.
    expect(await check(tx1, 1)).toBe(0);
    expect(await check(tx2, 1)).toBe(0);
  });
});
