// A model owner's path end to end, on one in-process network whose two miners are already running (serving lande):
// a conv net with random weights, written by the project's ONNX writer → `prepare --onnx --ee` (2 shards) →
// publish (a signed upload intent, resumable uploads, then MsgRegisterModel) → `nesa-miner serve` on the running
// miners (no restart) → `nesa infer --tensor x.npy --out y.npy` → equal to stock onnxruntime on the unsplit file.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildConvNet, createSession, runSingle, saveOnnx } from "@nesa/models";
import { prepareOnnx } from "@nesa/models";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { serveModels } from "../../../sidecar/src/cli/serve-models";
import { readTensorFile, writeTensorFile } from "../adapters/node/tensor-file";
import { buildProgram } from "../cli/nesa";
import { type LocalnetFixture, startLocalnetFixture } from "../testing/localnet-fixture";
import { publishModel } from "./publish-model";

const log = pino({ level: process.env.TEST_LOG ?? "silent" });

describe("a model owner's own ONNX model: prepare → publish → served by running miners → infer --tensor", () => {
  let net: LocalnetFixture;
  beforeAll(async () => {
    net = await startLocalnetFixture({ uploads: true });
  }, 60_000);
  afterAll(async () => {
    await net?.close();
  });

  it("serves it, and the decrypted result equals onnxruntime on the unsplit file (≤ 1e-5)", async () => {
    const plainFile = join(net.dir, "conv-net.onnx");
    await writeFile(plainFile, saveOnnx(buildConvNet({ seed: 11 })));
    const out = join(net.dir, "conv-net");
    const manifest = await prepareOnnx({ onnx: plainFile, id: "conv-net", name: "Test conv net (random weights)", shards: 2, out, ee: true }, log);

    const published = await publishModel({ manifest: join(out, "manifest.json"), price: "1000unes", home: net.home, from: "owner" }, log);
    expect(published).toMatchObject({ modelId: "conv-net", owner: net.accounts[0].address, alreadyRegistered: false });
    // The shards went up under the owner's signed upload intent, before MsgRegisterModel was in a block.
    expect(published.intentExpiresHeight).toBeGreaterThan(published.height ?? Number.POSITIVE_INFINITY);
    expect(published.uploaded.sort()).toEqual(manifest.shards.map((s) => s.sha256).sort());
    // Publishing again resumes: registered by the same owner with the same shards, nothing left to upload.
    expect(await publishModel({ manifest: join(out, "manifest.json"), price: "1000unes", home: net.home, from: "owner" }, log)).toMatchObject({ alreadyRegistered: true, intentExpiresHeight: null, uploaded: [] });

    // A blob that is not a registered shard is refused by the store.
    const junk = randomBytes(2048);
    const { createHash } = await import("node:crypto");
    const refused = await fetch(`${net.info.modelStoreUrl}/blobs/${createHash("sha256").update(junk).digest("hex")}?model=conv-net`, { method: "PUT", body: new Uint8Array(junk) });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/is not a shard of model conv-net/);

    // The miners were started before the model existed; they opt in while running.
    for (const m of net.minerSetups) {
      const r = await serveModels(m.config, m.keys, ["conv-net"], log);
      expect(r.models.sort()).toEqual(["conv-net", "lande"]);
      expect(r.fetched).toHaveLength(2);
    }

    const x = { dtype: "float32" as const, dims: [1, 3, 16, 16], data: Float32Array.from({ length: 768 }, (_, i) => Math.sin(i * 0.37)) };
    const xFile = join(net.dir, "x.npy");
    const yFile = join(net.dir, "y.npy");
    await writeTensorFile(xFile, x);
    let stdout = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((c) => {
      stdout += String(c);
      return true;
    });
    try {
      // EE alone hands an image input to shard 0 (prepare's key has no input permutation): the owner's choice here.
      await buildProgram().parseAsync(["node", "nesa", "infer", "--home", net.home, "--model", "conv-net", "--tensor", xFile, "--out", yFile, "--key", join(out, "conv-net.ee-key.json"), "--allow-exposure", "--replicas", "1", "--json"]);
    } finally {
      spy.mockRestore();
    }
    const result = JSON.parse(stdout);
    expect(result.verified).toBe(true);
    expect(result.output.dims).toEqual([1, 10]);
    const y = await readTensorFile(yFile);
    const session = await createSession(await readFile(plainFile), { threads: 1 });
    const expected = await runSingle(session, { data: x.data, dims: [...x.dims] });
    await session.release();
    const got = y.data as Float32Array;
    let maxDiff = 0;
    for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected.data[i]));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  }, 60_000);
});
