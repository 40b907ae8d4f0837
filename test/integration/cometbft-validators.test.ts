// Four validators (CometBFT v0.38 node + `nesad start --abci` each) on 127.0.0.1 under a mixed load:
// kill -9 one validator (blocks go on, txs finalize, it rejoins with the same app hashes); kill 2 of 4
// (no blocks: 20 of 40 power is not > 2/3; restarted, the chain resumes with no fork); every app's own
// app hash for every height of a run of ≥ 200 blocks is the same; a real validator's beacon, tampered,
// is rejected by ProcessProposal and by CheckTx. Fails (never skips) when the CometBFT binary is missing.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBase64 } from "@cosmjs/encoding";
import { ResponseProcessProposal_ProposalStatus as Status } from "cosmjs-types/tendermint/abci/types";
import { abci } from "@nesa/chain";
import { CometNet, rpc } from "@nesa/chain/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENOM, signerFor } from "./helpers/cosmjs";

const BLOCKS = 200;
const FEE = { amount: [{ denom: DENOM, amount: "5000" }], gas: "200000" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let net: CometNet;
const load = { stop: false, ok: 0, failedInBlock: 0, errors: [] as string[], done: Promise.resolve() };

/**
 * Height → app hash as each app itself logged it: at Commit ("block committed", LOG_LEVEL=debug) and, after a
 * restart, the height and hash it resumed from its database ("resumed"; a kill -9 can land after the commit
 * but before its log line).
 */
function appHashesOf(i: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of net.logOf(i, "nesad").split("\n")) {
    if (!line.includes('"msg":"block committed"') && !line.includes('"msg":"resumed"')) continue;
    const { height, appHash } = JSON.parse(line) as { height: string; appHash: string };
    if (height === "0") continue;
    const prev = out.get(Number(height));
    // A replay after a restart logs a height again: it must give the same hash.
    if (prev !== undefined && prev !== appHash) throw new Error(`validator ${i} committed height ${height} twice with different app hashes`);
    out.set(Number(height), appHash);
  }
  return out;
}

/** Three senders in a loop: good sends and overspends (CheckTx admits them, the block fails them). */
function startLoad(): Promise<void> {
  const sender = async (k: number) => {
    const me = await signerFor(net.rpcUrl(0), net.accounts[k].mnemonic);
    const to = net.accounts[((k + 1) % 3) + 1].address;
    for (let n = 0; !load.stop; n++) {
      const overspend = n % 4 === 3;
      try {
        const r = await me.client.sendTokens(me.address, to, [{ denom: DENOM, amount: overspend ? "999999999999999" : "7" }], FEE);
        if (r.code === 0) load.ok++;
        else load.failedInBlock++;
      } catch (e) {
        load.errors.push((e as Error).message);
        await sleep(300);
      }
    }
    me.client.disconnect();
  };
  return Promise.all([1, 2, 3].map(sender)).then(() => undefined);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nesa-comet4-"));
  net = await CometNet.start({ dir, validators: 4, accounts: 5, timeoutCommit: "50ms", env: { LOG_LEVEL: "debug" } });
  load.done = startLoad();
}, 120_000);

afterAll(async () => {
  load.stop = true;
  await load.done;
  await net?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("4 CometBFT validators + nesad", () => {
  it("kill -9 one validator: blocks go on and a tx finalizes; restarted, it catches up with the same app hashes", async () => {
    await net.waitForHeight(5, 0);
    await net.kill(3, "SIGKILL");
    const h = await net.height(0);
    await net.waitForHeight(h + 5, 0);
    const alice = await signerFor(net.rpcUrl(1), net.accounts[4].mnemonic);
    const r = await alice.client.sendTokens(alice.address, net.accounts[1].address, [{ denom: DENOM, amount: "1" }], FEE);
    expect(r.code).toBe(0);
    expect((await alice.client.getTx(r.transactionHash))?.height).toBe(r.height);
    alice.client.disconnect();
    await net.startValidator(3);
    const tip = await net.height(0);
    await net.waitForHeight(tip, 3);
    const mine = appHashesOf(3);
    const theirs = appHashesOf(0);
    for (let x = 1; x <= tip; x++) expect(mine.get(x), `height ${x}`).toBe(theirs.get(x));
  }, 90_000);

  it("kill 2 of 4: no new blocks; restarted, the chain resumes with no fork", async () => {
    await net.kill(2, "SIGKILL");
    await net.kill(3, "SIGKILL");
    await sleep(1500); // a block whose precommits were already out may still land
    const stalled = await net.height(0);
    await sleep(3000); // 60 × timeout_commit
    expect(await net.height(0)).toBe(stalled);
    expect(await net.height(1)).toBeLessThanOrEqual(stalled);
    await Promise.all([net.startValidator(2), net.startValidator(3)]);
    await net.waitForHeight(stalled + 5, 0);
    for (const i of [1, 2, 3]) await net.waitForHeight(stalled + 5, i);
    // No fork: every node has the same block hash at every height.
    const ids = async (i: number) => {
      const out: string[] = [];
      for (let lo = 1; lo <= stalled + 5; lo += 20) {
        const r = await rpc(net.rpcUrl(i), "blockchain", { minHeight: String(lo), maxHeight: String(Math.min(lo + 19, stalled + 5)) });
        for (const m of [...r.block_metas].reverse()) out.push(`${m.header.height}:${m.block_id.hash}`);
      }
      return out;
    };
    const first = await ids(0);
    expect(first.length).toBe(stalled + 5);
    for (const i of [1, 2, 3]) expect(await ids(i)).toEqual(first);
  }, 90_000);

  it(`all 4 apps computed the same app hash at every height of a mixed-load run of ≥ ${BLOCKS} blocks`, async () => {
    await net.waitForHeight(BLOCKS + 1, 0, 120_000);
    load.stop = true;
    await load.done;
    const tip = Math.min(...(await Promise.all([0, 1, 2, 3].map((i) => net.height(i)))));
    expect(tip).toBeGreaterThanOrEqual(BLOCKS);
    const logs = [0, 1, 2, 3].map(appHashesOf);
    for (let h = 1; h <= BLOCKS; h++) {
      const want = logs[0].get(h);
      expect(want, `validator 0 logged no commit of height ${h}`).toMatch(/^[0-9A-F]{64}$/);
      for (const i of [1, 2, 3]) expect(logs[i].get(h), `validator ${i}, height ${h}`).toBe(want);
    }
    // What CometBFT agreed on: header H+1 carries the app hash after H.
    for (const h of [1, Math.floor(BLOCKS / 2), BLOCKS - 1]) expect(await net.appHashAfter(h, 2)).toBe(logs[0].get(h));
    // The load was mixed and it landed: good sends, and overspends the blocks failed.
    expect(load.ok).toBeGreaterThan(30);
    expect(load.failedInBlock).toBeGreaterThan(5);
  }, 150_000);

  it("a proposal whose beacon (a real validator's, tampered) does not verify is rejected; CheckTx refuses beacons", async () => {
    const block = await rpc(net.rpcUrl(0), "block", { height: "1" });
    const beacon = fromBase64(block.block.data.txs[0]);
    const proposer = Buffer.from(block.block.header.proposer_address, "hex");
    // A fresh app on a copy of validator 1's config (genesis and VRF key), at height 0 like block 1's proposal.
    const home = join(dir, "pp-check");
    cpSync(join(net.homes[1].nesadHome, "config"), join(home, "config"), { recursive: true });
    const app = await abci.AbciApp.open({ home });
    try {
      const pp = (txs: Uint8Array[], by: Uint8Array = proposer) =>
        app.processProposal({ txs, height: 1n, proposerAddress: by, time: { seconds: 0n, nanos: 0 }, hash: new Uint8Array(32), nextValidatorsHash: new Uint8Array(), misbehavior: [], proposedLastCommit: undefined as never });
      expect(pp([beacon])).toBe(Status.ACCEPT);
      const b = abci.decodeBeaconTx(beacon);
      if (!b) throw new Error("block 1 does not start with a beacon tx");
      const proof = Uint8Array.from(b.proof);
      proof[50] ^= 0x01;
      expect(pp([abci.encodeBeaconTx({ ...b, proof })])).toBe(Status.REJECT);
      expect(app.beaconProblemOf([abci.encodeBeaconTx({ ...b, proof })], 1n, proposer)).toMatch(/does not verify/);
      // The right beacon, credited to another validator: its VRF key is not the proposer's.
      const other = (await rpc(net.rpcUrl(0), "validators", { height: "1" })).validators.find((v: { address: string }) => v.address !== block.block.header.proposer_address);
      expect(pp([beacon], Buffer.from(other.address, "hex"))).toBe(Status.REJECT);
    } finally {
      await app.close();
    }
    // A beacon never seen before (block 1's is in CometBFT's tx cache): CheckTx itself must refuse it.
    const b = abci.decodeBeaconTx(beacon);
    const fresh = abci.encodeBeaconTx({ ...(b as NonNullable<typeof b>), height: 999_999n });
    const res = await rpc(net.rpcUrl(0), "broadcast_tx_sync", { tx: Buffer.from(fresh).toString("base64") });
    expect(res.code).toBe(4);
    expect(res.log).toMatch(/beacon/);
  }, 60_000);
});
