// A model owner's path end to end, on one in-process network whose two miners are already running (serving lande):
// a conv net with random weights, written by the project's ONNX writer → `prepare --onnx --ee` (2 shards) →
// publish (a signed upload intent, resumable uploads, then MsgRegisterModel) → `nesa-miner serve` on the running
// miners (no restart) → `nesa infer --tensor x.npy --out y.npy` → equal to stock onnxruntime on the unsplit file.
// Then a generator the same way: tiny-lm prepared under the owner's own id → publish --token-price (registered as a
// GENERATOR with its context length and end-of-text id) → served by the same miners → generate() equals greedy
// decoding of the unsplit plaintext model.onnx, and the fee uses the registered token prices.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildConvNet, createSession, runSingle, saveOnnx } from "@nesa/models";
import { prepareOnnx } from "@nesa/models";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { QueryClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { DecoderPipeline, TINY_LM_DIR, greedyGenerate, lmFiles, prepareLm, readDecoderConfig } from "@nesa/models/lm";
import { inferenceState } from "@nesa/proto-types";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { serveModels } from "../../../sidecar/src/cli/serve-models";
import { loadNodeGenerationCodec } from "../adapters/node/generation-codec";
import { createRedisResultSource } from "../adapters/node/redis-result-source";
import { readTensorFile, writeTensorFile } from "../adapters/node/tensor-file";
import { buildProgram } from "../cli/nesa";
import { NesaClient } from "../client";
import { combineDataPlanes } from "../data-plane/data-plane";
import { createHttpDataPlane } from "../data-plane/http-data-plane";
import { preparePrompt } from "../generate/prepare-prompt";
import { setupInferenceExtension } from "../modules/inference/queries";
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

  it("publishes a generator (--token-price; context length and EOS from the manifest): served, generate() is greedy decoding of model.onnx", async () => {
    const MAX = 12;
    const out = join(net.dir, "my-lm");
    const keyFile = join(net.dir, "my-lm.ee-key.json");
    const prepared = prepareLm({ modelDir: TINY_LM_DIR, modelId: "my-lm", shards: 2, out, keyOut: keyFile });
    const manifest = join(out, "manifest.json");
    const base = { manifest, price: "1000unes", home: net.home, from: "owner" };
    // Refused before anything is uploaded: no token price, a context longer than the model's, a malformed price,
    // and token prices for a classifier.
    await expect(publishModel(base, log)).rejects.toThrow(/is a generator: it needs --token-price IN,OUT/);
    await expect(publishModel({ ...base, tokenPrice: "1,4", contextLength: prepared.generator!.contextLength + 1 }, log)).rejects.toThrow(/--context-length must be 1\.\./);
    await expect(publishModel({ ...base, tokenPrice: "1" }, log)).rejects.toThrow(/--token-price takes IN,OUT/);
    await expect(publishModel({ ...base, manifest: join(net.dir, "lande", "manifest.json"), tokenPrice: "1,4" }, log)).rejects.toThrow(/is a classifier/);

    const published = await publishModel({ ...base, tokenPrice: "1,4", contextLength: 64 }, log);
    expect(published).toMatchObject({ modelId: "my-lm", alreadyRegistered: false });
    expect(published.uploaded.sort()).toEqual(prepared.shards.map((s) => s.sha256).sort());
    const comet = await Comet38Client.connect(net.info.rpc);
    const model = await QueryClient.withExtensions(comet, setupInferenceExtension).inference.model("my-lm");
    comet.disconnect();
    expect(model.kind).toBe(inferenceState.ModelKind.MODEL_KIND_GENERATOR);
    expect([model.tokenPrice?.inputPrice?.amount, model.tokenPrice?.outputPrice?.amount]).toEqual(["1", "4"]);
    expect(model.contextLength).toBe(64);
    expect(model.eosTokenId).toBe(prepared.generator!.eosTokenId);

    for (const m of net.minerSetups) expect((await serveModels(m.config, m.keys, ["my-lm"], log)).models).toContain("my-lm");

    const codec = await loadNodeGenerationCodec("my-lm", { manifest, eeKeyFile: keyFile });
    const files = lmFiles(TINY_LM_DIR);
    const reference = await DecoderPipeline.open([files.model], readDecoderConfig(files.config));
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(net.info.accounts[1].mnemonic, { prefix: "nesa" });
    const dataPlane = combineDataPlanes(createHttpDataPlane(net.info.dispatcherUrl), [createRedisResultSource(net.info.redisUrl, net.info.redisPrefix)]);
    const client = await NesaClient.connectWithSigner(net.info.rpc, wallet, { dataPlane, generators: { "my-lm": codec } });
    try {
      const prompt = "Call me Ishmael.";
      const r = await client.generate({ model: "my-lm", prompt, maxTokens: MAX, replicas: 1 });
      const ids = [...preparePrompt(codec, { prompt, maxTokens: MAX, contextLength: 64 }).plainIds];
      const greedy = await greedyGenerate(reference, ids, MAX, codec.eosId);
      const eos = greedy.indexOf(codec.eosId);
      expect(r.tokens.length).toBeGreaterThan(0);
      expect(r.tokens).toEqual(eos < 0 ? greedy : greedy.slice(0, eos));
      expect(r.result.verified).toBe(true);
      // Every seat agreed: the refund is the tokens not generated at the registered output price.
      expect(r.fee.paid + r.fee.refunded).toBe(r.fee.escrowed);
      expect(r.fee.refunded).toBe(BigInt(MAX - r.generatedTokens) * 4n);
    } finally {
      client.disconnect();
    }
  }, 90_000);
});
