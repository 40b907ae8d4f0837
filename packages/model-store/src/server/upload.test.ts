import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ModelStoreServer, startModelStoreServer } from "./model-store-server";
import type { RegisteredModel } from "./registry";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("model store uploads (PUT /blobs/<sha256>?model=<id>)", () => {
  let dir: string;
  let server: ModelStoreServer;
  const shard = randomBytes(50_000);
  const big = randomBytes(3_000);
  const models: Record<string, RegisteredModel> = {
    "my-net": { owner: "nesa1owner", deprecated: false, blobs: [{ sha256: sha(shard), sizeBytes: shard.length }, { sha256: sha(big), sizeBytes: big.length }] },
    "old-net": { owner: "nesa1owner", deprecated: true, blobs: [{ sha256: sha(shard), sizeBytes: shard.length }] },
  };
  const put = (hash: string, model: string | undefined, body: Uint8Array) =>
    fetch(`${server.url}/blobs/${hash}${model ? `?model=${model}` : ""}`, { method: "PUT", body: new Uint8Array(body) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nesa-upload-"));
    server = await startModelStoreServer({ dir: join(dir, "blobs"), registry: async (id) => models[id], maxUploadBytes: 10_000 + shard.length });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("stores a registered shard whose bytes hash to it, then serves it; a second upload is a no-op", async () => {
    const r = await put(sha(shard), "my-net", shard);
    expect(r.status).toBe(201);
    expect(Buffer.from(await (await fetch(`${server.url}/blobs/${sha(shard)}`)).arrayBuffer()).equals(shard)).toBe(true);
    expect((await put(sha(shard), "my-net", shard)).status).toBe(200);
  });

  it("refuses a blob that is not a registered shard of the model, naming why", async () => {
    const other = randomBytes(1000);
    const r = await put(sha(other), "my-net", other);
    expect(r.status).toBe(403);
    expect(await r.text()).toMatch(/is not a shard of model my-net/);
    expect((await fetch(`${server.url}/blobs/${sha(other)}`)).status).toBe(404);
    expect(await (await put(sha(shard), "unknown-net", shard)).text()).toMatch(/not registered on chain: broadcast MsgRegisterModel first/);
    expect(await (await put(sha(shard), "old-net", shard)).text()).toMatch(/deprecated/);
    expect((await put(sha(shard), undefined, shard)).status).toBe(403);
  });

  it("refuses bytes that do not hash to the registered sha256, and keeps nothing", async () => {
    const wrong = Buffer.from(big);
    wrong[0] ^= 1;
    const r = await put(sha(big), "my-net", wrong);
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/hashes to/);
    expect((await fetch(`${server.url}/blobs/${sha(big)}`)).status).toBe(404);
    expect((await put(sha(big), "my-net", randomBytes(10))).status).toBe(400); // wrong size
    expect(await readFile(join(dir, "blobs", sha(shard)))).toHaveLength(shard.length);
  });

  it("is read-only without a registry", async () => {
    const ro = await startModelStoreServer({ dir: join(dir, "blobs") });
    try {
      const r = await fetch(`${ro.url}/blobs/${sha(shard)}?model=my-net`, { method: "PUT", body: new Uint8Array(shard) });
      expect(r.status).toBe(405);
    } finally {
      await ro.close();
    }
  });
});
