// Local copy of every ingested input, one file per digest, so inputs survive Redis losing its data.
// It holds only what already travels through Redis: EE-encrypted inputs (or sealed HSS shares), never plaintext.
// Writes go to a temp file then rename, so a crash never leaves a truncated blob under a digest's name.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

const DIGEST = /^[0-9a-f]{64}$/;

function checkDigest(digest: string): void {
  // The digest becomes a file name: anything but 64 hex chars could escape the directory.
  if (!DIGEST.test(digest)) throw new TypeError(`digest: expected 64 lower-case hex chars, got ${JSON.stringify(digest.slice(0, 80))}`);
}

export class InputSpool {
  private ready: Promise<unknown> | undefined;

  constructor(readonly dir: string) {}

  private ensureDir(): Promise<unknown> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    return this.ready;
  }

  private path(digest: string): string {
    checkDigest(digest);
    return join(this.dir, `${digest}.bin`);
  }

  async put(digest: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(digest);
    await this.ensureDir();
    const tmp = join(this.dir, `.${digest}.${randomBytes(4).toString("hex")}.tmp`);
    await writeFile(tmp, bytes, { mode: 0o600 });
    await rename(tmp, path);
  }

  /** The blob, or undefined when it was never spooled (or was pruned). */
  async get(digest: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(digest));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  }

  /** Deletes blobs older than `maxAgeMs` whose digest is not in `keep`; returns how many were deleted. */
  async prune(keep: ReadonlySet<string>, maxAgeMs: number, now = Date.now()): Promise<number> {
    await this.ensureDir();
    let deleted = 0;
    for (const name of await readdir(this.dir)) {
      const digest = name.endsWith(".bin") ? name.slice(0, -4) : "";
      if (!DIGEST.test(digest) || keep.has(digest)) continue;
      const file = join(this.dir, name);
      const { mtimeMs } = await stat(file);
      if (now - mtimeMs < maxAgeMs) continue;
      await rm(file, { force: true });
      deleted++;
    }
    return deleted;
  }
}
