// The store's on-disk layout: one file per content hash, `<root>/<sha256>`. A file is only ever created by
// writing a temporary file and renaming it, so a reader never sees a half-written blob.
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { assertSha256Hex, hashFile } from "./sha256-hex";

export type BlobInfo = { sha256: string; sizeBytes: number };

export class BlobDir {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  pathOf(sha256: string): string {
    assertSha256Hex("sha256", sha256);
    return join(this.root, sha256);
  }

  async sizeOf(sha256: string): Promise<number | undefined> {
    try {
      const s = await stat(this.pathOf(sha256));
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  }

  /** Copies a file in under its own sha256 (computed here, never trusted from the caller). */
  async importFile(source: string): Promise<BlobInfo> {
    await mkdir(this.root, { recursive: true });
    const info = await hashFile(source);
    const tmp = join(this.root, `.import-${randomBytes(6).toString("hex")}`);
    try {
      await copyFile(source, tmp);
      await rename(tmp, this.pathOf(info.sha256));
    } finally {
      await rm(tmp, { force: true });
    }
    return info;
  }

  /**
   * Imports every shard a `nesa-models prepare` manifest lists and checks each against the manifest's sha256,
   * so a manifest that disagrees with its files is caught before any miner downloads them.
   */
  async importManifest(manifestPath: string): Promise<BlobInfo[]> {
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
      shards?: { index: number; file: string; sha256?: string }[];
      hss?: { share?: { file: string; sha256?: string }; combine?: { file: string; sha256?: string } };
    };
    if (!Array.isArray(manifest.shards)) throw new Error(`${manifestPath}: no "shards" array; is this a model manifest?`);
    const out: BlobInfo[] = [];
    // HSS-EE stages are served like shards: miners fetch them by hash too.
    const hss = [manifest.hss?.share, manifest.hss?.combine].flatMap((s, i) => (s ? [{ index: -1 - i, ...s }] : []));
    for (const shard of [...manifest.shards, ...hss]) {
      const file = isAbsolute(shard.file) ? shard.file : join(dirname(manifestPath), shard.file);
      const info = await this.importFile(file);
      if (shard.sha256 !== undefined && shard.sha256 !== info.sha256) {
        throw new Error(
          `${manifestPath}: shard ${shard.index} (${file}) hashes to ${info.sha256} but the manifest says ${shard.sha256}; re-run the prepare step`,
        );
      }
      out.push(info);
    }
    return out;
  }
}
