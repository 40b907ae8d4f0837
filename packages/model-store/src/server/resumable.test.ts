// Resumable uploads within a blob (HEAD/PATCH /uploads/<sha256>, after tus) over real HTTP: appends at the store's
// offset, OffsetMismatch on another offset, Conflict for a second upload at once, the hash checked at the end, and a
// connection cut midway resumed from where the store stopped — by hand and by the uploadBlob client behind a TCP
// proxy that cuts the first connection.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { createConnection, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadBlob } from "../client/upload-client";
import { ModelStoreCode } from "../errors";
import { type MemoryChain, memoryChain } from "../testing/memory-chain";
import { type ModelStoreServer, startModelStoreServer } from "./model-store-server";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("resumable uploads (HEAD/PATCH /uploads/<sha256>?model=<id>)", () => {
  let dir: string;
  let server: ModelStoreServer;
  let chain: MemoryChain;
  const big = randomBytes(3 * 1024 * 1024);
  const other = randomBytes(1024 * 1024);
  const third = randomBytes(2 * 1024 * 1024);
  const url = (b: Buffer) => `${server.url}/uploads/${sha(b)}?model=my-net`;
  const offsetOf = async (b: Buffer) => Number((await fetch(url(b), { method: "HEAD" })).headers.get("upload-offset"));
  const patch = (b: Buffer, offset: number, body: Uint8Array) => fetch(url(b), { method: "PATCH", headers: { "upload-offset": String(offset) }, body: new Uint8Array(body) });

  /** Starts a PATCH, writes `bytes` of its body and leaves the request open; returns the request. */
  const openPatch = (b: Buffer, offset: number, bytes: number) => {
    const u = new URL(url(b));
    const req = request({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: "PATCH", headers: { "upload-offset": String(offset), "content-length": String(b.length - offset) } });
    req.on("error", () => undefined);
    req.write(b.subarray(offset, offset + bytes));
    return req;
  };
  const until = async (ok: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 20));
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nesa-resume-"));
    chain = memoryChain();
    chain.models["my-net"] = { owner: "nesa1owner", deprecated: false, blobs: [big, other, third].map((b) => ({ sha256: sha(b), sizeBytes: b.length })) };
    server = await startModelStoreServer({ dir: join(dir, "blobs"), registry: chain.registry, collectIntervalMs: 0 });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("appends at the store's offset, refuses another offset (OffsetMismatch), stores the blob when complete", async () => {
    const head = await fetch(url(other), { method: "HEAD" });
    expect([head.status, head.headers.get("upload-offset"), head.headers.get("upload-length")]).toEqual([200, "0", String(other.length)]);
    const half = other.length / 2;
    const first = await patch(other, 0, other.subarray(0, half));
    expect([first.status, first.headers.get("upload-offset")]).toEqual([204, String(half)]);
    const wrong = await patch(other, 100, other.subarray(100));
    expect([wrong.status, wrong.headers.get("upload-offset")]).toEqual([409, String(half)]);
    expect(await wrong.json()).toMatchObject({ codespace: "modelstore", code: ModelStoreCode.OffsetMismatch });
    expect((await fetch(`${server.url}/blobs/${sha(other)}`)).status).toBe(404);
    const last = await patch(other, half, other.subarray(half));
    expect(last.status).toBe(201);
    expect(Buffer.from(await (await fetch(`${server.url}/blobs/${sha(other)}`)).arrayBuffer()).equals(other)).toBe(true);
    expect(await offsetOf(other)).toBe(other.length);
  });

  it("resumes a big shard whose connection was cut midway from the bytes the store kept", async () => {
    const req = openPatch(big, 0, 1_500_000);
    await until(async () => (await offsetOf(big)) >= 1_000_000);
    req.destroy(); // the connection is cut with half the body sent
    let kept = 0;
    await until(async () => {
      kept = await offsetOf(big);
      const r = await patch(big, kept, new Uint8Array(0));
      return r.status === 204;
    });
    expect(kept).toBeGreaterThanOrEqual(1_000_000);
    expect(kept).toBeLessThanOrEqual(1_500_000);
    const rest = await patch(big, kept, big.subarray(kept));
    expect(rest.status).toBe(201);
    expect(sha(Buffer.from(await (await fetch(`${server.url}/blobs/${sha(big)}`)).arrayBuffer()))).toBe(sha(big));
  });

  it("refuses a second upload of the same blob while one is in progress (Conflict)", async () => {
    const req = openPatch(third, 0, 100_000);
    await until(async () => (await offsetOf(third)) >= 100_000);
    const second = await patch(third, await offsetOf(third), third.subarray(100_000));
    expect([second.status, (await second.json()).code]).toEqual([409, ModelStoreCode.Conflict]);
    const put = await fetch(`${server.url}/blobs/${sha(third)}?model=my-net`, { method: "PUT", body: new Uint8Array(third) });
    expect((await put.json()).code).toBe(ModelStoreCode.Conflict);
    const done = new Promise<number>((resolve) => req.on("response", (res) => resolve(res.statusCode ?? 0)));
    req.end(third.subarray(100_000));
    expect(await done).toBe(201);
  });

  it("checks the hash at the end: wrong bytes are HashMismatch and the partial upload is dropped", async () => {
    const x = randomBytes(50_000);
    chain.models["my-net"].blobs.push({ sha256: sha(x), sizeBytes: x.length });
    const bad = Buffer.from(x);
    bad[49_999] ^= 1;
    expect((await patch(x, 0, bad.subarray(0, 20_000))).status).toBe(204);
    const r = await patch(x, 20_000, bad.subarray(20_000));
    expect([r.status, (await r.json()).code]).toEqual([400, ModelStoreCode.HashMismatch]);
    expect(await offsetOf(x)).toBe(0);
  });

  it("uploadBlob resumes through a connection that is cut midway, without starting over", async () => {
    const y = randomBytes(4 * 1024 * 1024);
    chain.models["my-net"].blobs.push({ sha256: sha(y), sizeBytes: y.length });
    const file = join(dir, "y.bin");
    await writeFile(file, y);
    // A TCP proxy in front of the store that cuts, once, the connection that has carried ~2 MB towards the store.
    let cut = false;
    const proxy: Server = createServer((client) => {
      const upstream = createConnection(server.port, "127.0.0.1");
      let sent = 0;
      client.on("data", (d: Buffer) => {
        sent += d.length;
        upstream.write(d);
        if (!cut && sent > 2_000_000) {
          cut = true;
          client.destroy();
          upstream.destroy();
        }
      });
      upstream.on("data", (d) => client.write(d));
      for (const s of [client, upstream]) s.on("error", () => undefined).on("close", () => (s === client ? upstream : client).destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (proxy.address() as { port: number }).port;
      const r = await uploadBlob({ storeUrl: `http://127.0.0.1:${port}`, modelId: "my-net", sha256: sha(y), sizeBytes: y.length, file, chunkBytes: 8 * 1024 * 1024 });
      expect(r.status).toBe("stored");
      expect(r.resumedAt).toHaveLength(1);
      expect(r.resumedAt[0]).toBeGreaterThan(1_000_000);
      expect(sha(Buffer.from(await (await fetch(`${server.url}/blobs/${sha(y)}`)).arrayBuffer()))).toBe(sha(y));
    } finally {
      proxy.close();
    }
  });

  it("deletes a partial upload nobody appended to for longer than partialMaxAgeMs; a recent one stays", async () => {
    const z = randomBytes(20_000);
    chain.models["my-net"].blobs.push({ sha256: sha(z), sizeBytes: z.length });
    expect((await patch(z, 0, z.subarray(0, 5_000))).status).toBe(204);
    expect((await patch(third, 0, new Uint8Array(0))).status).toBe(200); // stored already: nothing partial
    expect((await server.collectIntents()).stalePartials).toEqual([]);
    const old = new Date(Date.now() - 25 * 3_600_000);
    await utimes(join(dir, "blobs", ".partial", sha(z)), old, old);
    expect((await server.collectIntents()).stalePartials).toEqual([sha(z)]);
    expect(await offsetOf(z)).toBe(0);
    expect(await readdir(join(dir, "blobs", ".partial"))).toEqual([]);
  });
});
