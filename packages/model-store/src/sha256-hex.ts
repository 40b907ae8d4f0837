import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { ModelStoreCode, ModelStoreError } from "./errors";

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: unknown): value is string {
  return typeof value === "string" && SHA256_HEX.test(value);
}

/** Throws a ModelStoreError (BadHash) naming the field, so a typo in a manifest or config is caught at the boundary. */
export function assertSha256Hex(field: string, value: unknown): asserts value is string {
  if (!isSha256Hex(value)) {
    throw new ModelStoreError(
      ModelStoreCode.BadHash,
      `${field}: expected 64 lowercase hex characters (a sha256)`,
      `got ${JSON.stringify(value)?.slice(0, 80)}`,
    );
  }
}

/** sha256 of a file, streamed so a multi-GB shard never sits in memory. */
export async function hashFile(path: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash("sha256");
  let sizeBytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    sizeBytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), sizeBytes };
}
