// The two node:crypto calls that the browser-reached parts of @nesa/models make, on Web Crypto and
// @noble/hashes: createHash("sha256") (EE key commitments, permutation streams) and the OS CSPRNG (HSS masks).
// Bundled in place of node:crypto by models-in-browser.ts; anything else fails loudly.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

type Digest = Uint8Array & { toString(encoding?: string): string };

class Sha256 {
  private readonly h = sha256.create();
  update(data: string | Uint8Array): this {
    this.h.update(typeof data === "string" ? utf8ToBytes(data) : data);
    return this;
  }
  digest(): Digest;
  digest(encoding: "hex"): string;
  digest(encoding?: "hex"): Digest | string {
    const out = this.h.digest();
    return encoding === "hex" ? bytesToHex(out) : (out as Digest);
  }
}

export function createHash(algorithm: string): Sha256 {
  if (algorithm !== "sha256") throw new Error(`createHash("${algorithm}") is not available in the browser (only sha256)`);
  return new Sha256();
}

export function randomFillSync<T extends ArrayBufferView>(buf: T): T {
  // getRandomValues fills at most 65,536 bytes per call.
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  // (A view on a SharedArrayBuffer is refused by getRandomValues' types; HSS masks are plain ArrayBuffers.)
  for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536) as Uint8Array<ArrayBuffer>);
  return buf;
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return randomFillSync(new Uint8Array(n));
}

export default { createHash, randomFillSync, randomBytes };
