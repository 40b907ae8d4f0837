// Persistence on a real LevelDB: restart resumes at the same height, app hash and balances;
// replay from genesis reproduces every app hash and notices a tampered block.
import { afterEach, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { ClassicLevel } from "classic-level";
import { NesaNode } from "./chain-node";
import { homePaths } from "./home";
import { replay } from "./replay";
import { makeSignedTx, msgSend, queryBalance, startTestChain, type TestChain } from "../testing";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
let chain: TestChain | undefined;
afterEach(async () => {
  await chain?.cleanup();
  chain = undefined;
});

async function runSomeBlocks(c: TestChain, blocks: number, startSeq = 0) {
  const [a, b] = c.accounts;
  for (let i = 0; i < blocks; i++) {
    const tx = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, b.address, 1000 + i)], sequence: startSeq + i, accountNumber: 0, chainId: c.node.chainId });
    expect((await c.node.checkTx(tx)).code).toBe(0);
    await c.node.produceBlock();
  }
}

describe("restart and replay", () => {
  it("a restarted node resumes at the last height with the same app hash, balances and txs", async () => {
    chain = await startTestChain({ accounts: 2 });
    await runSomeBlocks(chain, 3);
    const height = chain.node.latestHeight();
    const appHash = hex(chain.node.latestAppHash());
    const bal = await queryBalance(chain.node, chain.accounts[1].address);
    const lastBlock = await chain.node.getBlock(height);
    await chain.node.close();

    chain.node = await NesaNode.open({ home: chain.home, manualBlocks: true, checkInvariants: true });
    expect(chain.node.latestHeight()).toBe(height);
    expect(hex(chain.node.latestAppHash())).toBe(appHash);
    expect(await queryBalance(chain.node, chain.accounts[1].address)).toBe(bal);
    expect((await chain.node.searchTxs([{ key: "tx.height", op: ">=", value: 1n }], 1, 30, "asc")).total).toBe(3);
    // The chain continues: header links to the block before the restart.
    await runSomeBlocks(chain, 1, 3);
    const next = await chain.node.getBlock(height + 1n);
    expect(hex(next?.header.lastBlockHash ?? new Uint8Array())).toBe(hex(lastBlock?.hash ?? new Uint8Array(1)));
    expect(hex(next?.header.appHash ?? new Uint8Array())).toBe(appHash);
  });

  it("replay from genesis reproduces every app hash, and reports a tampered block", async () => {
    chain = await startTestChain({ accounts: 2 });
    await runSomeBlocks(chain, 4);
    await chain.node.produceBlock();
    const top = chain.node.latestHeight();
    const appHash = hex(chain.node.latestAppHash()).toUpperCase();
    await chain.node.close();

    const ok = await replay({ home: chain.home });
    expect(ok).toEqual({ blocks: 5, lastHeight: top, lastAppHash: appHash });

    // Tamper with the app hash stored for block 3: replay must notice the difference.
    const db = new ClassicLevel<Uint8Array, Uint8Array>(homePaths(chain.home).db, { keyEncoding: "view", valueEncoding: "view" });
    const key = Uint8Array.of(0x62, 0, 0, 0, 0, 0, 0, 0, 3);
    const block = JSON.parse(Buffer.from((await db.get(key)) as Uint8Array).toString());
    block.resultingAppHash = "00".repeat(32);
    await db.put(key, new Uint8Array(Buffer.from(JSON.stringify(block))));
    await db.close();
    const bad = await replay({ home: chain.home });
    expect(bad.mismatchAt).toBe(3n);
    expect(bad.mismatch).toContain("replayed app hash");

    chain.node = await NesaNode.open({ home: chain.home, manualBlocks: true });
  });

  it("refuses to start on damaged state, and on a home that was never initialised", async () => {
    chain = await startTestChain({ accounts: 1 });
    await chain.node.produceBlock();
    await chain.node.close();
    const db = new ClassicLevel<Uint8Array, Uint8Array>(homePaths(chain.home).db, { keyEncoding: "view", valueEncoding: "view" });
    await db.put(Uint8Array.of(0x73, 0x99), Uint8Array.of(1));
    await db.close();
    await expect(NesaNode.open({ home: chain.home, manualBlocks: true })).rejects.toThrow(/does not match its app hash/);
    rmSync(homePaths(chain.home).db, { recursive: true, force: true });
    chain.node = await NesaNode.open({ home: chain.home, manualBlocks: true });
    expect(chain.node.latestHeight()).toBe(0n);
    await expect(NesaNode.open({ home: `${chain.home}-missing` })).rejects.toThrow(/pnpm nesad init/);
  });
});
