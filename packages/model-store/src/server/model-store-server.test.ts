import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobDir } from "../blob-dir";
import { type ModelStoreServer, startModelStoreServer } from "./model-store-server";

describe("model store server (real HTTP)", () => {
  let dir: string;
  let server: ModelStoreServer;
  const body = randomBytes(100_000);
  let sha: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nesa-store-"));
    const src = join(dir, "src.bin");
    await writeFile(src, body);
    sha = (await new BlobDir(join(dir, "blobs")).importFile(src)).sha256;
    server = await startModelStoreServer({ dir: join(dir, "blobs") });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("binds 127.0.0.1 by default", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("serves a blob by its sha256 with its length", async () => {
    const res = await fetch(`${server.url}/blobs/${sha}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(body.length));
    const got = Buffer.from(await res.arrayBuffer());
    expect(createHash("sha256").update(got).digest("hex")).toBe(sha);
  });

  it("answers HEAD without a body", async () => {
    const res = await fetch(`${server.url}/blobs/${sha}`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(body.length));
  });

  it("404s an unknown hash, 400s a malformed one, refuses path tricks and writes", async () => {
    expect((await fetch(`${server.url}/blobs/${"0".repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/blobs/..%2Fsrc.bin`)).status).toBe(400);
    expect((await fetch(`${server.url}/blobs/${sha.toUpperCase()}`)).status).toBe(400);
    const put = await fetch(`${server.url}/blobs/${sha}`, { method: "PUT", body: "x" });
    expect(put.status).toBe(405);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
