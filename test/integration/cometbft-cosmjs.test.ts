// Stock cosmjs against a real CometBFT v0.38 node whose application is nesad over ABCI 2.0
// (`nesad start --abci unix://…`): send with fee "auto", getTx, searchTx by our event
// attributes, an unknown account, block_results; then kill -9 the app, restart it and check
// that CometBFT's handshake replays to the same app hashes and the chain goes on.
import { cpSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toBech32 } from "@cosmjs/encoding";
import { StargateClient } from "@cosmjs/stargate";
import { CometNet, rpc } from "@nesa/chain/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENOM, balanceOf, signerFor } from "./helpers/cosmjs";

let dir: string;
let net: CometNet;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nesa-comet1-"));
  net = await CometNet.start({ dir, validators: 1, accounts: 3, timeoutCommit: "300ms" });
});

afterAll(async () => {
  await net?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("cosmjs against CometBFT + nesad (1 validator)", () => {
  it("status reports CometBFT 0.38 and our chain id; an unknown account is null", async () => {
    const status = await rpc(net.rpcUrl(), "status");
    expect(status.node_info.version).toMatch(/^0\.38\./);
    const client = await StargateClient.connect(net.rpcUrl());
    expect(await client.getChainId()).toBe("nesa-localnet-1");
    expect(await client.getAccount(toBech32("nesa", new Uint8Array(20).fill(3)))).toBeNull();
    expect((await client.getAccount(net.accounts[1].address))?.accountNumber).toBe(1n);
    client.disconnect();
  });

  it("sends tokens, finds the tx by hash and by indexed event attributes", async () => {
    const alice = await signerFor(net.rpcUrl(), net.accounts[1].mnemonic);
    const bob = net.accounts[2].address;
    const before = await balanceOf(alice.client, bob);
    const res = await alice.client.sendTokens(alice.address, bob, [{ denom: DENOM, amount: "1234" }], "auto", "over cometbft");
    expect(res.code).toBe(0);
    expect(await balanceOf(alice.client, bob)).toBe(before + 1234n);
    const tx = await alice.client.getTx(res.transactionHash);
    expect(tx?.height).toBe(res.height);
    expect(tx?.code).toBe(0);
    const found = await alice.client.searchTx([{ key: "transfer.recipient", value: bob }]);
    expect(found.map((t) => t.hash)).toContain(res.transactionHash);
    const bySender = await alice.client.searchTx([{ key: "message.sender", value: alice.address }]);
    expect(bySender.map((t) => t.hash)).toContain(res.transactionHash);
    // The block starts with the proposer's beacon tx; block_results has one result per tx.
    const results = await rpc(net.rpcUrl(), "block_results", { height: String(res.height) });
    const block = await rpc(net.rpcUrl(), "block", { height: String(res.height) });
    expect(results.txs_results.length).toBe(block.block.data.txs.length);
    expect(block.block.data.txs.length).toBeGreaterThanOrEqual(2);
    alice.client.disconnect();
  });

  it("a bad tx gets its registered error code from CheckTx", async () => {
    const r = await rpc(net.rpcUrl(), "broadcast_tx_sync", { tx: Buffer.from("not a tx").toString("base64") });
    expect(r.code).not.toBe(0);
    expect(r.codespace).toBe("sdk");
  });

  it("kill -9, restart with the app behind: the handshake replays the missed blocks to the same app hashes", async () => {
    await net.waitForHeight(3);
    await net.kill(0, "SIGKILL");
    // Keep the app's database as of now, run on, then put the old database back: on restart the
    // app answers Info with the old height and CometBFT must replay every block it missed.
    const db = join(net.homes[0].nesadHome, "data", "chain.db");
    cpSync(db, `${db}.saved`, { recursive: true });
    await net.startValidator(0);
    const h0 = await net.waitForHeight(1, 0);
    const h1 = await net.waitForHeight(h0 + 5);
    const hashes: string[] = [];
    for (let h = 1; h <= h1; h++) hashes.push(await net.appHashAfter(h - 1, 0));
    await net.kill(0, "SIGKILL");
    rmSync(db, { recursive: true, force: true });
    renameSync(`${db}.saved`, db);
    await net.startValidator(0);
    await net.waitForHeight(h1 + 3);
    for (let h = 1; h <= h1; h++) expect(await net.appHashAfter(h - 1, 0)).toBe(hashes[h - 1]);
    // The app restarted below CometBFT's height; CometBFT replayed those blocks through FinalizeBlock
    // (it stops with "wrong Block.Header.AppHash" if a replayed app hash differed).
    const resumed = net.logOf(0, "nesad").split("\n").filter((l) => l.includes('"msg":"resumed"')).map((l) => Number(JSON.parse(l).height));
    expect(resumed.length).toBe(2);
    expect(resumed[1]).toBeLessThan(h0 + 1);
  });
});
