// The one write path under PUT and PATCH: a request body is appended to the blob's partial file
// (`<root>/.partial/<sha256>`), and once the partial holds the blob's full size it is hashed and renamed in. A
// connection cut midway keeps every byte that arrived, so the upload resumes from there (HEAD /uploads/<sha256>).
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import type { BlobDir } from "../blob-dir";
import { ModelStoreCode, ModelStoreError } from "../errors";
import { hashFile } from "../sha256-hex";
import type { Admission } from "./upload-gate";

/** `<root>/.partial/<sha256>` (pathOf checks the hash's shape first). */
export function partialPath(blobs: BlobDir, sha256: string): string {
  blobs.pathOf(sha256);
  return join(blobs.root, ".partial", sha256);
}

/** Bytes held for a blob: its full size once stored, else what its partial upload holds (0 when none). */
export async function uploadOffset(blobs: BlobDir, sha256: string): Promise<{ offset: number; complete: boolean }> {
  const stored = await blobs.sizeOf(sha256);
  if (stored !== undefined) return { offset: stored, complete: true };
  try {
    return { offset: (await stat(partialPath(blobs, sha256))).size, complete: false };
  } catch {
    return { offset: 0, complete: false };
  }
}

export type Received = { offset: number; complete: boolean; cut: boolean };

/**
 * Appends the body at `offset` (the caller checked it equals the partial's size and holds the blob's lock). More
 * bytes than the blob's size drop the partial (TooLarge); a full partial that hashes to another sha256 is dropped
 * (HashMismatch); a full one that matches is renamed in.
 */
export async function receiveBody(blobs: BlobDir, a: Admission, offset: number, req: IncomingMessage): Promise<Received> {
  const path = partialPath(blobs, a.sha256);
  await mkdir(join(blobs.root, ".partial"), { recursive: true });
  const out = createWriteStream(path, { flags: offset === 0 ? "w" : "a" });
  const room = a.sizeBytes - offset;
  let written = 0;
  let over = false;
  let cut = false;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (written + chunk.length > room) {
        over = true;
        break;
      }
      written += chunk.length;
      if (!out.write(chunk)) await once(out, "drain");
    }
  } catch (err) {
    if (out.errored) throw err;
    cut = true; // the client went away: keep what arrived
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  if (over) {
    await rm(path, { force: true });
    throw new ModelStoreError(ModelStoreCode.TooLarge, `refused: more than the registered ${a.sizeBytes} bytes`, "the partial upload was dropped; start again at offset 0");
  }
  const now = offset + written;
  if (now < a.sizeBytes) return { offset: now, complete: false, cut };
  const got = await hashFile(path);
  if (got.sha256 !== a.sha256) {
    await rm(path, { force: true });
    throw new ModelStoreError(ModelStoreCode.HashMismatch, `refused: the body hashes to ${got.sha256} (${got.sizeBytes} bytes), not ${a.sha256}`, "the partial upload was dropped; check the file against the manifest");
  }
  await rename(path, blobs.pathOf(a.sha256));
  return { offset: now, complete: true, cut };
}
