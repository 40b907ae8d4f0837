// The block timer: blocks come on their own, waitForTx resolves on commit or times out, events fire.
import { afterEach, describe, expect, it } from "vitest";
import { makeSignedTx, msgSend, startTestChain, type TestChain } from "../testing";
import type { IndexedTx, StoredBlock } from "./types";
import type { AppModule } from "../app/module";

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

  it("stops the timer and calls onHalt when a block fails (a module's EndBlock throws)", async () => {
    const brittle = (): AppModule => ({
      name: "brittle",
      msgHandlers: [],
      queryHandlers: {},
      endBlock(ctx) {
        if (ctx.height === 2n) throw new Error("brittle module gave up at height 2");
      },
      defaultGenesis: () => ({}),
      validateGenesis: () => undefined,
      initGenesis: () => undefined,
      exportGenesis: () => ({}),
      invariants: [],
    });
    let halted: Error | undefined;
    chain = await startTestChain({ accounts: 1, extraModules: [brittle], node: { manualBlocks: false, blockTimeMs: 30, onHalt: (e) => (halted = e) } });
    for (let i = 0; i < 100 && !halted; i++) await new Promise((r) => setTimeout(r, 20));
    expect(halted?.message).toContain("brittle module gave up at height 2");
    const h = chain.node.latestHeight();
    await new Promise((r) => setTimeout(r, 120));
    expect(chain.node.latestHeight()).toBe(h);
    expect(h).toBe(1n);
    await expect(chain.node.produceBlock()).rejects.toThrow(/halted: block 2 failed: brittle module/);
  });
});
