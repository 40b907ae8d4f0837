// The block timer: blocks come on their own, waitForTx resolves on commit or times out, events fire.
import { afterEach, describe, expect, it } from "vitest";
import { makeSignedTx, msgSend, startTestChain, type TestChain } from "../testing";
import type { IndexedTx, StoredBlock } from "./types";

let chain: TestChain | undefined;
afterEach(async () => {
  await chain?.cleanup();
  chain = undefined;
});

describe("block timer", () => {
  it("produces blocks every blockTimeMs, emits block and tx events, resolves waitForTx", async () => {
    chain = await startTestChain({ accounts: 2, node: { manualBlocks: false, blockTimeMs: 50 } });
    const blocks: StoredBlock[] = [];
    const txs: IndexedTx[] = [];
    chain.node.on("block", (b) => blocks.push(b));
    chain.node.on("tx", (t) => txs.push(t));
    const [a, b] = chain.accounts;
    const tx = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, b.address, 1)], sequence: 0, accountNumber: 0, chainId: chain.node.chainId });
    const check = await chain.node.checkTx(tx);
    expect(check.code).toBe(0);
    const included = await chain.node.waitForTx(check.hash, 10_000);
    expect(included.result.code).toBe(0);
    expect(txs.map((t) => Buffer.from(t.hash).toString("hex"))).toContain(Buffer.from(check.hash).toString("hex"));
    // Already committed: resolves at once from the store.
    expect((await chain.node.waitForTx(check.hash, 1000)).height).toBe(included.height);
    await new Promise((r) => setTimeout(r, 200));
    expect(chain.node.latestHeight()).toBeGreaterThan(included.height);
    const heights = blocks.map((x) => x.header.height);
    expect(heights).toEqual([...heights].sort((x, y) => (x < y ? -1 : 1)));
    const times = blocks.map((x) => x.header.time);
    expect(new Set(times).size).toBe(times.length); // strictly increasing stamps
  });

  it("waitForTx rejects after its timeout for a tx that never comes, and close() stops the timer", async () => {
    chain = await startTestChain({ accounts: 1, node: { manualBlocks: false, blockTimeMs: 50 } });
    await expect(chain.node.waitForTx(new Uint8Array(32).fill(1), 120)).rejects.toThrow(/timed out after 120 ms/);
    await chain.node.close();
    const h = chain.node.latestHeight();
    await new Promise((r) => setTimeout(r, 150));
    expect(chain.node.latestHeight()).toBe(h);
    await expect(chain.node.produceBlock()).rejects.toThrow(/closed/);
  });
});
