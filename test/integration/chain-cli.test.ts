// The real `nesad` CLI as a child process, used over HTTP by stock cosmjs; then stopped and
// restarted on the same home: height, balances, blocks and app hashes must survive.
import { StargateClient, type StdFee } from "@cosmjs/stargate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceOf, DENOM, signerFor } from "./helpers/cosmjs";
import { freePort, type Home, makeHome, type SpawnedNode, spawnNesad, waitForHeight } from "./helpers/localnet";

let home: Home;
let proc: SpawnedNode | undefined;
const fee: StdFee = { amount: [{ denom: DENOM, amount: "5000" }], gas: "200000" };

async function rpc(url: string, method: string, params: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = await res.json();
  if (body.error) throw new Error(body.error.data);
  return body.result;
}

beforeAll(async () => {
  home = await makeHome(3);
});

afterAll(async () => {
  await proc?.stop();
  home?.remove();
});

describe("nesad CLI process", () => {
  let sentHeight = 0;
  let beforeStop: { height: number; appHashAfter: string; blockHash: string; alice: bigint; bob: bigint };

  it("serves stock cosmjs over HTTP: a send, getTx and searchTx", async () => {
    proc = await spawnNesad(home.home, await freePort(), 150);
    await waitForHeight(proc.url, 0);
    const alice = await signerFor(proc.url, home.accounts[1].mnemonic);
    const bob = home.accounts[2].address;
    const bobBefore = await balanceOf(alice.client, bob);
    const r = await alice.client.sendTokens(alice.address, bob, [{ denom: DENOM, amount: "4242" }], fee);
    expect(r.code).toBe(0);
    sentHeight = r.height;
    expect((await alice.client.getTx(r.transactionHash))?.height).toBe(r.height);
    expect((await alice.client.searchTx(`message.sender='${alice.address}'`)).map((t) => t.hash)).toEqual([r.transactionHash]);
    expect(await balanceOf(alice.client, bob)).toBe(bobBefore + 4242n);
    alice.client.disconnect();
  });

  it("stops on SIGTERM with exit code 0", async () => {
    const url = proc!.url;
    const status = await rpc(url, "status");
    const client = await StargateClient.connect(url);
    const alice = await balanceOf(client, home.accounts[1].address);
    const bob = await balanceOf(client, home.accounts[2].address);
    client.disconnect();
    const height = Number(status.sync_info.latest_block_height);
    const block = await rpc(url, "block", { height: String(height) });
    beforeStop = { height, appHashAfter: status.sync_info.latest_app_hash, blockHash: block.block_id.hash, alice, bob };
    const running = proc!;
    expect(await running.stop(), `nesad output:\n${running.output().slice(-3000)}`).toBe(0);
    proc = undefined;
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it("restarts on the same home with the same blocks, app hash and balances, then keeps going", async () => {
    proc = await spawnNesad(home.home, await freePort(), 150);
    const url = proc.url;
    const resumedAt = Number((await rpc(url, "status")).sync_info.latest_block_height);
    expect(resumedAt).toBeGreaterThanOrEqual(beforeStop.height);
    const next = await waitForHeight(url, beforeStop.height);
    expect(next).toBeGreaterThan(beforeStop.height);
    // The block we saw before the stop is unchanged, and the next block's header carries the
    // app hash we saw as latest_app_hash at that height.
    expect((await rpc(url, "block", { height: String(beforeStop.height) })).block_id.hash).toBe(beforeStop.blockHash);
    const after = await rpc(url, "block", { height: String(beforeStop.height + 1) });
    expect(after.block.header.app_hash).toBe(beforeStop.appHashAfter);
    const client = await StargateClient.connect(url);
    expect(await balanceOf(client, home.accounts[1].address)).toBe(beforeStop.alice);
    expect(await balanceOf(client, home.accounts[2].address)).toBe(beforeStop.bob);
    // The tx index survived too.
    expect((await client.searchTx(`tx.height=${sentHeight}`)).length).toBe(1);
    client.disconnect();
  });
});
