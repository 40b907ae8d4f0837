// Dispatcher pass logic with in-memory fakes (the integration tests use the real chain and Redis).
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { PendingQuery } from "./chain/pending-work";
import { Dispatcher } from "./dispatcher";
import { DispatcherMetrics } from "./metrics/dispatcher-metrics";
import type { Shard0Enqueuer, Shard0Job } from "./queue/shard0-enqueuer";
import type { DataLossSentinel } from "./store/data-loss-sentinel";
import type { HssUploadStore } from "./store/hss-upload-store";
import type { InputStore } from "./store/input-store";

const q = (id: string, privacy = 1): PendingQuery => ({
  queryId: id,
  status: 2,
  privacy,
  inputDigest: id.padStart(64, "0"),
  shard0: [{ replica: 0, miner: "m0" }, { replica: 1, miner: "m1" }],
  shareSeats: privacy === 2 ? [{ replica: 0, miners: ["s0", "s1"] }, { replica: 1, miners: ["s2", "s3"] }] : [],
});

function setup(pending: PendingQuery[]) {
  const jobs = new Set<string>();
  const state = { sentinel: false, failPending: 0, inputs: new Set<string>(), uploads: new Set<string>() };
  const d = new Dispatcher({
    work: { pending: async () => { if (state.failPending-- > 0) throw new Error("rpc down"); return pending; } },
    inputs: { ensure: async (digest: string) => (state.inputs.has(digest) ? "present" : "missing") } as unknown as InputStore,
    shares: {
      ensure: async (id: string, r: number) =>
        state.uploads.has(`${id}/${r}`) ? { upload: { shareDigests: ["d0", "d1"], sealed: [`e${r}0`, `e${r}1`] }, restored: 0 } : "missing",
    } as unknown as HssUploadStore,
    enqueuer: {
      enqueue: async (j: Shard0Job) => {
        const id = `${j.data.queryId}/0/${j.data.replica}${j.data.share === undefined ? "" : `/share-${j.data.share}:${j.miner}:${j.data.inputKey}`}`;
        const created = !jobs.has(id);
        jobs.add(id);
        return created;
      },
    } as unknown as Shard0Enqueuer,
    sentinel: { key: "s", intact: async () => state.sentinel, mark: async () => { state.sentinel = true; return "e"; } } as unknown as DataLossSentinel,
    metrics: new DispatcherMetrics(),
    logger: pino({ level: "silent" }),
  });
  return { d, jobs, state };
}

describe("Dispatcher.pass", () => {
  it("rebuilds at start, then only on a missing sentinel", async () => {
    const { d, state } = setup([q("1")]);
    state.inputs.add(q("1").inputDigest);
    expect(await d.pass(1n)).toMatchObject({ rebuilt: "start", enqueued: 2 });
    expect((await d.pass(2n)).rebuilt).toBeUndefined();
    state.sentinel = false;
    expect(await d.pass(3n)).toMatchObject({ rebuilt: "data-loss", enqueued: 0 });
  });

  it("redoes a failed rebuild in full at the next pass", async () => {
    const { d, state } = setup([q("1")]);
    state.failPending = 1;
    await expect(d.pass(1n)).rejects.toThrow("rpc down");
    expect((await d.pass(2n)).rebuilt).toBe("retry");
  });

  it("holds back jobs whose input is missing; HSS queries get share jobs on the share seats once uploaded", async () => {
    const { d, jobs, state } = setup([q("1"), q("2"), q("3", 2)]);
    state.inputs.add(q("2").inputDigest);
    const r = await d.pass(1n);
    expect(r.inputsMissing).toEqual(["1", "3"]);
    expect([...jobs].sort()).toEqual(["2/0/0", "2/0/1"]);
    state.inputs.add(q("1").inputDigest);
    state.uploads.add("3/1");
    expect((await d.pass(2n)).enqueued).toBe(4);
    // Replica 1's envelopes went to its share seats; replica 0 still waits; no plain shard-0 job for an HSS query.
    expect([...jobs].filter((j) => j.startsWith("3/")).sort()).toEqual(["3/0/1/share-0:s2:e10", "3/0/1/share-1:s3:e11"]);
    expect((await d.pass(3n)).inputsMissing).toEqual(["3"]);
  });
});
