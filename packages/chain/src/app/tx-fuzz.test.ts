// Mutated and random txs never crash the node, never pass, and never change state: neither at
// CheckTx nor when forced into a block.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSignedTx, msgSend, stateSnapshot, startTestChain, type TestChain } from "../testing";

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ accounts: 2 });
});
afterAll(async () => {
  await chain.cleanup();
});

/** xorshift32: a fixed seed keeps failures reproducible. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

describe("tx fuzzing", () => {
  it("300 single-byte mutations of a signed tx and 200 random blobs are all rejected without state change", async () => {
    const [a, b] = chain.accounts;
    const valid = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, b.address, 77)], sequence: 0, accountNumber: 0, chainId: chain.node.chainId });
    const next = rng(20261122);
    const bad: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) {
      const m = Uint8Array.from(valid);
      const pos = next() % m.length;
      m[pos] ^= (next() % 255) + 1;
      bad.push(m);
    }
    for (let i = 0; i < 200; i++) bad.push(Uint8Array.from({ length: 1 + (next() % 600) }, () => next() & 0xff));
    const before = stateSnapshot(chain.node);
    const codes = new Map<string, number>();
    for (const tx of bad) {
      const r = await chain.node.checkTx(tx);
      expect(r.code, `CheckTx accepted a corrupted tx (${Buffer.from(tx).toString("hex")})`).not.toBe(0);
      expect(r.codespace).not.toBe("");
      codes.set(`${r.codespace}/${r.code}`, (codes.get(`${r.codespace}/${r.code}`) ?? 0) + 1);
    }
    expect(chain.node.mempoolSize()).toBe(0);
    // Mostly decode errors and failed signatures, as expected of bit flips.
    expect((codes.get("sdk/2") ?? 0) + (codes.get("sdk/4") ?? 0)).toBeGreaterThan(bad.length / 2);
    const block = await chain.node.produceBlock({ txs: bad });
    expect(block.txResults.every((r) => r.code !== 0)).toBe(true);
    expect(stateSnapshot(chain.node)).toEqual(before);
    // The original still works afterwards.
    expect((await chain.node.checkTx(valid)).code).toBe(0);
  });
});
