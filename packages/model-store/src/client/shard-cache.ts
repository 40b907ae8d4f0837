// Fetch once, verify, cache: a miner asks for a shard by sha256 and gets a local path to bytes that hash to it.
// Downloads go to a temporary file that is renamed into place only after its hash matched, so the cache never
// holds an unverified file under a hash name.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Logger } from "pino";
import { BlobDir } from "../blob-dir";
import { ModelStoreCode, ModelStoreError } from "../errors";
import { assertSha256Hex, hashFile } from "../sha256-hex";

export type ShardCacheOptions = {
  /** Base URL of a model store, e.g. http://127.0.0.1:8090 */
  storeUrl: string;
  cacheDir: string;
  /** Refuse files larger than this (default 2 GiB): a hostile store cannot fill the disk. */
  maxBytes?: number;
  logger?: Logger;
  /** Re-hash a file found in the cache the first time this process uses it (default true). */
  verifyCached?: boolean;
};

export type GetShardOptions = { sizeBytes?: number };

export class ShardCache {
  private readonly blobs: BlobDir;
  private readonly storeUrl: string;
  private readonly maxBytes: number;
  private readonly verifyCached: boolean;
  private readonly log?: Logger;
  private readonly verified = new Set<string>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(opts: ShardCacheOptions) {
    this.blobs = new BlobDir(opts.cacheDir);
    this.storeUrl = opts.storeUrl.replace(/\/+$/, "");
    this.maxBytes = opts.maxBytes ?? 2 * 1024 ** 3;
    this.verifyCached = opts.verifyCached ?? true;
    this.log = opts.logger;
  }

  /** Local path of the verified shard, downloading it at most once even under concurrent calls. */
  get(sha256: string, opts: GetShardOptions = {}): Promise<string> {
    assertSha256Hex("sha256", sha256);
    let p = this.inflight.get(sha256);
    if (!p) {
      p = this.resolve(sha256, opts).finally(() => this.inflight.delete(sha256));
      this.inflight.set(sha256, p);
    }
    return p;
  }

  private async resolve(sha256: string, opts: GetShardOptions): Promise<string> {
    const path = this.blobs.pathOf(sha256);
    if (this.verified.has(sha256)) return path;
    if ((await this.blobs.sizeOf(sha256)) !== undefined) {
      if (!this.verifyCached || (await hashFile(path)).sha256 === sha256) {
        this.verified.add(sha256);
        return path;
      }
      // Someone changed the cached file on disk: drop it and fetch a good copy.
      this.log?.warn({ sha256, path }, "cached shard does not match its hash; downloading it again");
      await rm(path, { force: true });
    }
    await this.download(sha256, path, opts);
    this.verified.add(sha256);
    return path;
  }

  private async download(sha256: string, path: string, opts: GetShardOptions): Promise<void> {
    const url = `${this.storeUrl}/blobs/${sha256}`;
    const limit = Math.min(opts.sizeBytes ?? this.maxBytes, this.maxBytes);
    let res: Response;
    try {
      res = await fetch(url);
    } catch (cause) {
      throw new ModelStoreError(
        ModelStoreCode.Unavailable,
        `cannot reach the model store at ${this.storeUrl}`,
        "check the miner's modelStoreUrl setting and that the store is running",
        { cause },
      );
    }
    if (res.status === 404) {
      await res.body?.cancel();
      throw new ModelStoreError(ModelStoreCode.NotFound, `the model store has no shard ${sha256}`, url);
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new ModelStoreError(ModelStoreCode.Unavailable, `model store answered HTTP ${res.status}`, url);
    }
    const declared = Number(res.headers.get("content-length") ?? Number.NaN);
    if (declared > limit) {
      await res.body.cancel();
      throw tooLarge(sha256, declared, limit);
    }
    await mkdir(this.blobs.root, { recursive: true });
    const tmp = join(this.blobs.root, `.download-${randomBytes(6).toString("hex")}`);
    const hash = createHash("sha256");
    let received = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received > limit) return done(tooLarge(sha256, received, limit));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body as never), meter, createWriteStream(tmp, { mode: 0o644 }));
      const got = hash.digest("hex");
      if (got !== sha256) {
        throw new ModelStoreError(
          ModelStoreCode.HashMismatch,
          `refused shard from ${url}: its bytes hash to ${got}, not the requested ${sha256}`,
          "the store holds a corrupted or substituted file; nothing was cached. Re-import the shard into the store or use another store",
        );
      }
      if (opts.sizeBytes !== undefined && received !== opts.sizeBytes) {
        throw new ModelStoreError(
          ModelStoreCode.HashMismatch,
          `shard ${sha256} has ${received} bytes but ${opts.sizeBytes} were expected`,
          "the chain's size_bytes for this shard disagrees with its hash; check the model registration",
        );
      }
      await rename(tmp, path);
      this.log?.info({ sha256, sizeBytes: received }, "shard downloaded and verified");
    } finally {
      await rm(tmp, { force: true });
    }
  }
}

function tooLarge(sha256: string, size: number, limit: number): ModelStoreError {
  return new ModelStoreError(
    ModelStoreCode.TooLarge,
    `shard ${sha256} is larger than allowed (${size} > ${limit} bytes)`,
    "raise maxShardBytes in the miner config if this model really is that large",
  );
}
