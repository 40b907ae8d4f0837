// Faults on a real localnet: kill -9 a miner that holds seats, FLUSHALL Redis (a private redis-server), and
// kill -9 nesad followed by a restart. After each, every paid query ends FINALIZED or FAILED with its fee
// refunded; at the end, total supply equals genesis supply minus what slashing burned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inferenceState, payforqueryState } from "@nesa/proto-types";
import { landeBatch, ocrPreprocess, renderTextLine } from "../../packages/models/src/index";
import { type Localnet, startLocalnet } from "./helpers/localnet-fixture";
import { encryptInput, type PaidQuery, pay, upload, waitForVerdict } from "./helpers/nesa-query";
import { type PrivateRedis, startPrivateRedis } from "./helpers/private-redis";
import { auditSupply } from "./helpers/supply-audit";

const { QueryStatus } = inferenceState;
const TEXTS = ["This sentence is written in plain English for the test.", "Une phrase française écrite pour ce test de pannes.", "Ein deutscher Satz, geschrieben für diesen Test."];

describe("localnet faults", () => {
  let redis: PrivateRedis;
  let net: Localnet;
  const paid: PaidQuery[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    net = await startLocalnet({ miners: 4, tag: "faults", env: { REDIS_URL: redis.url } });
  }, 150_000);

  afterAll(async () => {
    await net?.stop();
    await redis?.stop();
  }, 60_000);

  /** Pays a batch (three lande queries and one OCR query), each from its own account. */
  async function payBatch(): Promise<PaidQuery[]> {
    const inputs = [...TEXTS.map((t) => ({ model: "lande", input: landeBatch([t]) })), { model: "ocr-rec", input: ocrPreprocess(renderTextLine("Faults end in refunds")) }];
    const batch = await Promise.all(inputs.map(async ({ model, input }, i) => pay(await net.user(2 + i), model, encryptInput(net.info, model, input))));
    paid.push(...batch);
    return batch;
  }

  /** Every query ends FINALIZED, or FAILED with its escrow REFUNDED. Returns the final statuses. */
  async function expectSettled(batch: PaidQuery[]): Promise<string[]> {
    const out: string[] = [];
    for (const p of batch) {
      const rec = await waitForVerdict(net.q, p.queryId, 90_000);
      const escrow = await net.q.payforquery.escrow(p.queryId);
      const want = rec.status === QueryStatus.QUERY_STATUS_FINALIZED ? "ESCROW_STATUS_SETTLED" : "ESCROW_STATUS_REFUNDED";
      expect(payforqueryState.EscrowStatus[escrow.status], `query ${p.queryId} (${QueryStatus[rec.status]})`).toBe(want);
      out.push(QueryStatus[rec.status]);
    }
    return out;
  }

  it("kill -9 of a miner holding seats: its queries are refunded or finalized, and localnet/start brings it back", async () => {
    const batch = await payBatch();
    // Wait for the committees, then kill a miner that sits in one of them before any input arrives.
    const seats = await Promise.all(
      batch.map(async (p) => {
        for (;;) {
          const q = await net.q.inference.query(p.queryId);
          if (q.seats.length > 0) return q.seats.map((s) => s.miner);
          await new Promise((r) => setTimeout(r, 100));
        }
      }),
    );
    const victim = net.info.miners.find((m) => m.address === seats[0][0])!;
    await net.kill9(victim.name);
    await Promise.all(batch.map((p) => upload(net.info, p)));
    const statuses = await expectSettled(batch);
    // The queries that seated the killed miner cannot finalize with one replica.
    expect(statuses[0]).toBe("QUERY_STATUS_FAILED");
    expect(await net.restart()).toMatch(new RegExp(`${victim.name}: started`));
  }, 120_000);

  it("FLUSHALL on Redis: the dispatcher rebuilds jobs and inputs from chain state and its spool", async () => {
    const batch = await payBatch();
    await Promise.all(batch.map((p) => upload(net.info, p)));
    await net.redis.flushall();
    const statuses = await expectSettled(batch);
    expect(statuses.filter((s) => s === "QUERY_STATUS_FINALIZED").length).toBeGreaterThan(0);
  }, 120_000);

  it("kill -9 of nesad and a restart: the chain resumes and every paid query settles", async () => {
    const batch = await payBatch();
    await Promise.all(batch.map((p) => upload(net.info, p)));
    await net.kill9("nesad");
    expect(await net.restart()).toMatch(/nesad: started/);
    await expectSettled(batch);
  }, 120_000);

  it("after all faults, every paid query is settled and total supply = genesis − burned (+ minted)", async () => {
    await expectSettled(paid);
    const a = await auditSupply(net.info.rpc, `${net.home}/chain`);
    expect(a.supply).toBe(a.genesis + a.minted - a.burned);
    // The killed miner missed its commit: slashing burned part of its stake.
    expect(a.burned).toBeGreaterThan(0n);
  }, 120_000);
});
