// HSS-EE through the sidecar: two miners each open their ECIES-sealed share and run the share stage, the
// combine job waits for both partials, then the pipeline continues; real Redis, BullMQ and onnxruntime on
// the lande model's HSS stages built by @nesa/models.
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Random, Secp256k1 } from "@cosmjs/crypto";
import { eciesSeal } from "@nesa/crypto";
import { BlobDir, type ModelStoreServer, startModelStoreServer } from "@nesa/model-store";
import { buildHssModels, buildLandeModel, createSession, decodeLande, extractShards, landeBatch, maxAbsDiff, planShards, runSingle, saveOnnx, splitShares } from "@nesa/models";
import { Queue } from "bullmq";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARD_JOB_NAME, hssShareAad } from "@nesa/data-plane";
import { resolveConfig } from "../config/miner-config";
import { MinerNode } from "../miner-node";
import { createRedis } from "../redis/connection";
import { encodeTensor } from "../tensor/tensor-codec";
import { TEST_REDIS_URL, deletePrefix, randomPrefix, waitForJob } from "../testing/redis-test-env";
import { type Assignment, StaticAssignmentSource } from "./assignment-source";
import type { SeatResult } from "./result-recorder";

const [A, B, C] = ["a", "b", "c"].map((x) => `nesa1hss${x.repeat(34)}`);
const TEXT = "Questo è un testo italiano abbastanza lungo per essere riconosciuto con sicurezza.";

describe("HSS-EE shares through the sidecar", () => {
  const prefix = randomPrefix("hss");
  const assignments = new StaticAssignmentSource();
  const commits: SeatResult[] = [];
  const nodes = new Map<string, MinerNode>();
  const pub = new Map<string, Uint8Array>();
  let dir: string;
  let store: ModelStoreServer;
  let fullPath: string;
  let base: Omit<Assignment, "queryId">;
  let conn: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nesa-hss-"));
    const model = buildLandeModel();
    fullPath = join(dir, "lande.onnx");
    await writeFile(fullPath, saveOnnx(model));
    const [s0, s1] = extractShards(model, planShards(model, 2));
    const hss = buildHssModels(s0);
    const blobs = new BlobDir(join(dir, "store"));
    const imported = async (name: string, bytes: Uint8Array) => {
      await writeFile(join(dir, name), bytes);
      return blobs.importFile(join(dir, name));
    };
    const spec0 = await imported("s0.onnx", saveOnnx(s0));
    const spec1 = await imported("s1.onnx", saveOnnx(s1));
    const share = await imported("share.onnx", saveOnnx(hss.share));
    const combine = await imported("combine.onnx", saveOnnx(hss.combine));
    base = {
      modelId: "lande",
      shards: [{ index: 0, ...spec0 }, { index: 1, ...spec1 }],
      seats: [[C], [A]],
      hss: { share: { index: 0, ...share }, combine: { index: 0, ...combine }, shareSeats: [[A, B]] },
    };
    store = await startModelStoreServer({ dir: blobs.root });
    for (const miner of [A, B, C]) {
      const priv = Random.getBytes(32);
      pub.set(miner, Secp256k1.compressPubkey((await Secp256k1.makeKeypair(priv)).pubkey));
      const config = resolveConfig({ redisUrl: TEST_REDIS_URL, redisPrefix: prefix, modelStoreUrl: store.url, cacheDir: join(dir, `cache-${miner}`) }, {});
      const onResult = async (r: SeatResult) => {
        commits.push(r);
      };
      nodes.set(miner, await MinerNode.start({ config, miner, assignments, onResult, logger: pino({ level: "silent" }), serveMetrics: false, encryptionKey: priv }));
    }
    conn = createRedis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    await Promise.allSettled([...nodes.values()].map((n) => n.stop()));
    await Promise.allSettled([...queues.values()].map((q) => q.close()));
    conn?.disconnect();
    await store?.close();
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  const queues = new Map<string, Queue>();
  const queueOf = (miner: string) => {
    if (!queues.has(miner)) queues.set(miner, new Queue(nodes.get(miner)!.queueName, { connection: conn, prefix: nodes.get(miner)!.keys.bullPrefix }));
    return queues.get(miner)!;
  };

  /** What the client does: split the input, seal share n to the miner seated for it, put both in Redis. */
  // `beforeEnqueue` sees the true input commitment before any job exists, so a test can register the assignment
  // first (a job that runs before its assignment is retried, and may exhaust its attempts on a slow machine).
  async function sendShares(
    queryId: string,
    sealTo: [string, string],
    published?: (d: [string, string]) => [string, string],
    beforeEnqueue?: (commitment: string) => void,
  ) {
    const input = landeBatch([TEXT]);
    const shares = splitShares(input);
    const encoded = shares.map((s) => encodeTensor({ dtype: "float32", dims: s.dims, data: s.data }));
    const digests = encoded.map((b) => createHash("sha256").update(b).digest("hex")) as [string, string];
    const shareDigests = published ? published(digests) : digests;
    const commitment = createHash("sha256").update(Buffer.from(digests.join(""), "hex")).digest("hex");
    beforeEnqueue?.(commitment);
    for (const n of [0, 1] as const) {
      const sealed = eciesSeal(pub.get(sealTo[n])!, encoded[n], hssShareAad(queryId, 0, n));
      const inputKey = await nodes.get(A)!.tensors.putBytes(sealed);
      const miner = base.hss!.shareSeats[0][n];
      await queueOf(miner).add(SHARD_JOB_NAME, { queryId, shard: 0, replica: 0, inputKey, share: n, shareDigests }, { jobId: `${queryId}/0/0/share-${n}`, attempts: 2 });
    }
    return { input, commitment };
  }

  it("combines both shares and matches the unsplit model", async () => {
    assignments.set({ queryId: "21", ...base });
    const { input } = await sendShares("21", [A, B]);
    expect(await waitForJob(queueOf(A), "21/0/0/share-0")).toBe("completed");
    expect(await waitForJob(queueOf(B), "21/0/0/share-1")).toBe("completed");
    // The combine job (seat 0/0, miner C) ran only once both partials existed, then shard 1 on miner A.
    expect(await waitForJob(queueOf(C), "21/0/0")).toBe("completed");
    expect(await waitForJob(queueOf(A), "21/1/0")).toBe("completed");
    const combineJob = await queueOf(C).getJob("21/0/0");
    expect(combineJob?.data.inputKeys).toHaveLength(2);
    // Share seats commit at chain positions S + n (S = 2), next to the combine seat and shard 1.
    expect(commits.filter((c) => c.queryId === "21").map((c) => `${c.shard}:${c.miner}`).sort()).toEqual([`0:${C}`, `1:${A}`, `2:${A}`, `3:${B}`].sort());
    const final = commits.find((c) => c.queryId === "21" && c.final)!;
    const out = await nodes.get(A)!.tensors.get(final.outputDigest);
    const full = await runSingle(await createSession(fullPath, { threads: 1 }), input);
    expect(maxAbsDiff({ dims: [...out.dims], data: out.data as Float32Array }, full)).toBeLessThanOrEqual(1e-4);
    expect(decodeLande(out.data as Float32Array).language).toBe(decodeLande(full).language);
  });

  it("refuses a share whose digest is not the committed one, without retrying", async () => {
    // The chain's input_commitment binds the true digests; the job publishes share 1's digest for share 0.
    await sendShares("23", [A, B], ([, d1]) => [d1, d1], (commitment) =>
      assignments.set({ queryId: "23", ...base, hss: { ...base.hss!, inputCommitment: commitment } }),
    );
    expect(await waitForJob(queueOf(A), "23/0/0/share-0")).toBe("failed");
    const job = await queueOf(A).getJob("23/0/0/share-0");
    expect(job?.failedReason).toMatch(/sidecar\/7: share digests of 23\/0\/0\/share-0 do not hash to the query's input_commitment/);
    expect(commits.some((c) => c.queryId === "23")).toBe(false);
  });

  it("refuses a share sealed to another miner, without retrying", async () => {
    assignments.set({ queryId: "22", ...base });
    await sendShares("22", [B, B]); // share 0 sealed to B's key but seated on A
    expect(await waitForJob(queueOf(A), "22/0/0/share-0")).toBe("failed");
    const job = await queueOf(A).getJob("22/0/0/share-0");
    expect(job?.failedReason).toMatch(/sidecar\/7: share 22\/0\/0\/share-0 does not open with this miner's key/);
    expect(job?.attemptsMade).toBe(1);
    expect(await queueOf(C).getJob("22/0/0")).toBeUndefined();
  });
});
