// What a module sees in Begin/EndBlock: the header's height and time, the previous app hash (the
// VRF beacon's input), the proposer, and events that land in the block's finalize events.
import { afterEach, describe, expect, it } from "vitest";
import { startTestChain, type TestChain } from "../testing";
import { event } from "./events";
import type { AppModule } from "./module";

let chain: TestChain | undefined;
afterEach(async () => {
  await chain?.cleanup();
  chain = undefined;
});

describe("module hooks", () => {
  it("BeginBlock gets the previous app hash and header data; state written in EndBlock is committed", async () => {
    const seen: { height: bigint; lastAppHash: string; time: string; proposer: string }[] = [];
    const probe = (): AppModule => ({
      name: "probe",
      msgHandlers: [],
      queryHandlers: {
        "/nesa.probe.v1.Query/Count": (ctx) => ctx.kvStore("probe").get(Uint8Array.of(1)) ?? new Uint8Array(),
      },
      beginBlock(ctx) {
        seen.push({
          height: ctx.height,
          lastAppHash: Buffer.from(ctx.lastAppHash).toString("hex"),
          time: ctx.blockTime,
          proposer: Buffer.from(ctx.proposerAddress).toString("hex"),
        });
        ctx.eventManager.emit(event("probe_begin", { height: ctx.height.toString() }));
      },
      endBlock(ctx) {
        const store = ctx.kvStore("probe");
        const n = store.get(Uint8Array.of(1))?.[0] ?? 0;
        store.set(Uint8Array.of(1), Uint8Array.of(n + 1));
      },
      defaultGenesis: () => ({}),
      validateGenesis: () => undefined,
      initGenesis: () => undefined,
      exportGenesis: () => ({}),
      invariants: [],
    });
    chain = await startTestChain({ accounts: 1, extraModules: [probe] });
    const genesisHash = Buffer.from(chain.node.latestAppHash()).toString("hex");
    const b1 = await chain.node.produceBlock();
    const b2 = await chain.node.produceBlock();
    expect(seen.map((s) => s.height)).toEqual([1n, 2n]);
    expect(seen[0].lastAppHash).toBe(genesisHash);
    expect(seen[1].lastAppHash).toBe(Buffer.from(b1.resultingAppHash).toString("hex"));
    expect(seen[1].lastAppHash).toBe(Buffer.from(b2.header.appHash).toString("hex"));
    expect(seen[1].time).toBe(b2.header.time);
    expect(seen[1].proposer).toBe(Buffer.from(chain.node.validator().address).toString("hex"));
    expect(b2.finalizeBlockEvents.find((e) => e.type === "probe_begin")?.attributes[0].value).toBe("2");
    expect(b2.resultingAppHash).not.toEqual(b1.resultingAppHash);
    const r = await chain.node.query("/nesa.probe.v1.Query/Count", new Uint8Array());
    expect(r.value).toEqual(Uint8Array.of(2));
  });
});
