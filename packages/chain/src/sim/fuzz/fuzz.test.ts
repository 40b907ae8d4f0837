// The 2,000-input slice of `pnpm bench fuzz`: 1,400 mutated txs of every Msg type through the twin
// chains (tx-fuzzer.ts) and 600 hostile HTTP/WebSocket inputs against a real node's RPC (rpc-fuzzer.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../rng";
import { RpcFuzzer } from "./rpc-fuzzer";
import { MUTANT_KINDS } from "./tx-mutants";
import { TxFuzzer } from "./tx-fuzzer";
import { seededTypeUrls } from "./tx-seeds";

describe("tx fuzzing on twin chains", () => {
  it("seeds every registered Msg type", () => {
    const f = new TxFuzzer("seeds");
    expect([...seededTypeUrls(f.seedWorld(), new Rng(1))].sort()).toEqual([...f.typeUrls()].sort());
  });

  it("1,400 mutants: every refusal registered, no panic, refused inputs change no state, invariants hold", () => {
    const f = new TxFuzzer("slice");
    for (let i = 0; i < 14; i++) f.batch(100);
    const s = f.stats;
    expect(s.inputs).toBe(1400);
    expect(s.panics).toEqual([]);
    expect(s.unregistered).toEqual([]);
    expect(s.stateChanges).toEqual([]);
    expect(s.invariantFailures).toEqual([]);
    for (const k of MUTANT_KINDS) expect(s.byKind[k].rejected, k).toBeGreaterThan(0);
    // Re-signed msg mutants get past the ante into the handlers: module codespaces answer, not only sdk.
    expect(Object.keys(s.rejections).filter((id) => !id.startsWith("sdk/")).length).toBeGreaterThan(3);
    expect(Object.keys(s.byTypeUrl).length).toBe(f.typeUrls().length);
  });
});

describe("RPC fuzzing on a real node", () => {
  let f: RpcFuzzer;
  beforeAll(async () => {
    f = await RpcFuzzer.start("slice");
  });
  afterAll(async () => {
    await f.close();
  });

  it("600 hostile HTTP and WebSocket inputs: no crash, no hang, every refusal a known code, no state change", async () => {
    for (let i = 0; i < 6; i++) await f.batch(100);
    const s = f.stats;
    expect(s.inputs).toBe(600);
    expect(s.crashes).toEqual([]);
    expect(s.hangs).toEqual([]);
    expect(s.unregistered).toEqual([]);
    expect(s.stateChanges).toEqual([]);
    expect(s.answers["jsonrpc -32700"]).toBeGreaterThan(0); // malformed JSON was refused as such
    expect(s.refusedTxsForced).toBeGreaterThan(0);
  });
});
