// HSS_EE through the dispatcher on a real chain and a private Redis: the share upload is checked against the
// on-chain input_commitment = sha256(d0 ‖ d1), the share jobs go to the share seats (chain positions S, S+1) with
// the sidecar's ids, no plain shard-0 job is made, and after FLUSHALL the same jobs, envelopes and manifest return.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChainPendingWork } from "./chain/pending-work";
import { type DispatcherFixture, startDispatcherFixture } from "./testing/dispatcher-fixture";
import { eventually } from "./testing/eventually";
import { type PrivateRedis, startPrivateRedis } from "./testing/private-redis";
import { type ProtocolChain, sha256Hex, startProtocolChain } from "./testing/protocol-chain";
import { Comet38Client } from "@cosmjs/tendermint-rpc";

let pc: ProtocolChain;
let redis: PrivateRedis;
let fx: DispatcherFixture;
let id: string;
let seats: { shard: number; replica: number; miner: string }[];
// Stand-ins for the two encoded shares and their ECIES envelopes (the dispatcher can open neither).
const shares = [randomBytes(300), randomBytes(300)];
const digests = shares.map(sha256Hex);
const sealed = [randomBytes(400), randomBytes(400)];
const put = (body: unknown, path = `${id}/shares/0`) => fetch(`${fx.d.url}/v1/inputs/${path}`, { method: "PUT", body: JSON.stringify(body) });
const body = { shareDigests: digests, sealed: sealed.map((b) => b.toString("base64")) };

async function shareJobs(): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const n of [0, 1]) {
    const miner = seats.find((s) => s.shard === 1 + n && s.replica === 0)!.miner;
    const job = await fx.queueOf(miner).getJob(`${id}/0/0/share-${n}`);
    if (job) out.set(`${miner} ${job.id}`, job.data);
  }
  return out;
}

beforeAll(async () => {
  redis = await startPrivateRedis();
  pc = await startProtocolChain({ miners: 3, shards: 1 });
  fx = await startDispatcherFixture({ rpcUrl: pc.rpc.url, redisUrl: redis.url, tag: "hss" });
  const commitment = createHash("sha256").update(Buffer.from(digests.join(""), "hex")).digest();
  id = await pc.payForQuery(Buffer.concat(shares), 1, 2, commitment);
  const comet = await Comet38Client.connect(pc.rpc.url);
  seats = (await new ChainPendingWork(comet).query(id))!.seats;
  comet.disconnect();
});

afterAll(async () => {
  await fx?.close();
  await pc?.close();
  await redis?.stop();
});

describe("HSS_EE routing", () => {
  it("refuses digests that do not hash to the commitment, a bad replica, and the plain input route's jobs", async () => {
    expect(seats.map((s) => s.shard).sort()).toEqual([0, 1, 2]);
    const wrong = await put({ ...body, shareDigests: [digests[1], digests[0]] });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).reason).toBe("commitment-mismatch");
    expect((await put(body, `${id}/shares/1`)).status).toBe(400);
    expect((await put({ shareDigests: digests, sealed: ["", "x"] })).status).toBe(400);
    expect((await shareJobs()).size).toBe(0);
  });

  it("enqueues one share job per share seat, with the envelope and both digests, and no shard-0 job", async () => {
    expect((await put(body)).status).toBe(201);
    const jobs = await eventually(async () => {
      const j = await shareJobs();
      return j.size === 2 ? j : undefined;
    }, "2 share jobs");
    expect([...jobs.values()]).toEqual([0, 1].map((n) => ({ queryId: id, shard: 0, replica: 0, inputKey: sha256Hex(sealed[n]), share: n, shareDigests: digests })));
    const seat0 = seats.find((s) => s.shard === 0)!.miner;
    expect(await fx.queueOf(seat0).getJob(`${id}/0/0`)).toBeUndefined();
  });

  it("restores the share jobs, envelopes and manifest after FLUSHALL", async () => {
    const before = await shareJobs();
    await fx.redis.flushall();
    await pc.block();
    await eventually(async () => ((await shareJobs()).size === 2 ? true : undefined), "restored share jobs");
    expect(await shareJobs()).toEqual(before);
    for (const b of sealed) expect(await fx.redis.getBuffer(fx.keys.tensor(sha256Hex(b)))).toEqual(b);
    expect(JSON.parse((await fx.redis.get(fx.keys.hssUpload(id, 0)))!)).toEqual({ shareDigests: digests, sealed: sealed.map(sha256Hex) });
  });
});
