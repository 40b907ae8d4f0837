import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobDir } from "../blob-dir";
import { ModelStoreCode, ModelStoreError } from "../errors";
import { type ModelStoreServer, startModelStoreServer } from "../server/model-store-server";
import { ShardCache } from "./shard-cache";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("ShardCache against a real model store", () => {
  let dir: string;
  let server: ModelStoreServer;
  const good = randomBytes(64_000);
  const goodSha = sha256(good);
  const evil = randomBytes(64_000);
  // A substituted file: stored under a hash that is not its own (a compromised or corrupted store).
  const claimedSha = sha256(randomBytes(32));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nesa-cache-"));
    const blobs = new BlobDir(join(dir, "store"));
    await writeFile(join(dir, "good.bin"), good);
    await blobs.importFile(join(dir, "good.bin"));
    await writeFile(blobs.pathOf(claimedSha), evil);
    server = await startModelStoreServer({ dir: blobs.root });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("downloads, verifies and caches; a second get needs no store", async () => {
    const cacheDir = join(dir, "cache-a");
    const cache = new ShardCache({ storeUrl: server.url, cacheDir });
    const [p1, p2] = await Promise.all([cache.get(goodSha), cache.get(goodSha)]);
    expect(p1).toBe(p2);
    expect(sha256(await readFile(p1))).toBe(goodSha);
    // A fresh cache object (a restarted miner) on the same dir with the store unreachable still works.
    const offline = new ShardCache({ storeUrl: "http://127.0.0.1:9", cacheDir });
    expect(await offline.get(goodSha)).toBe(p1);
  });

  it("refuses a file whose hash differs, with a clear error, and caches nothing", async () => {
    const cacheDir = join(dir, "cache-b");
    const cache = new ShardCache({ storeUrl: server.url, cacheDir });
    const err = await cache.get(claimedSha).catch((e) => e);
    expect(err).toBeInstanceOf(ModelStoreError);
    expect(err.code).toBe(ModelStoreCode.HashMismatch);
    expect(err.message).toContain(`hash to ${sha256(evil)}`);
    expect(err.message).toContain(claimedSha);
    await expect(stat(join(cacheDir, claimedSha))).rejects.toThrow();
  });

  it("re-downloads a cached file that was altered on disk", async () => {
    const cacheDir = join(dir, "cache-c");
    const first = new ShardCache({ storeUrl: server.url, cacheDir });
    const path = await first.get(goodSha);
    await writeFile(path, Buffer.from("tampered"));
    const second = new ShardCache({ storeUrl: server.url, cacheDir });
    expect(sha256(await readFile(await second.get(goodSha)))).toBe(goodSha);
  });

  it("enforces size limits and reports unknown hashes and unreachable stores by code", async () => {
    const cache = new ShardCache({ storeUrl: server.url, cacheDir: join(dir, "cache-d"), maxBytes: 1000 });
    expect((await cache.get(goodSha).catch((e) => e)).code).toBe(ModelStoreCode.TooLarge);
    const sized = new ShardCache({ storeUrl: server.url, cacheDir: join(dir, "cache-e") });
    expect((await sized.get(goodSha, { sizeBytes: 10 }).catch((e) => e)).code).toBe(ModelStoreCode.TooLarge);
    expect((await sized.get("a".repeat(64)).catch((e) => e)).code).toBe(ModelStoreCode.NotFound);
    expect(() => sized.get("nothex")).toThrow(/64 lowercase hex/);
    const down = new ShardCache({ storeUrl: "http://127.0.0.1:9", cacheDir: join(dir, "cache-f") });
    expect((await down.get(goodSha).catch((e) => e)).code).toBe(ModelStoreCode.Unavailable);
  });
});
