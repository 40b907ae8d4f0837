// A deterministic byte stream: key = sha256(len‖tag ‖ seed), block i = sha256(key ‖ u64be(i)) for i = 0, 1, …
// Used wherever a seed must expand into many pseudorandom values (committee draw, sketch projection signs).
// Hashing the 40-byte key ‖ counter costs one sha256 compression per 32 output bytes.
import { sha256 } from "@noble/hashes/sha2.js";
import { assertBytes } from "./assert";
import { concatBytes, lengthPrefixedUtf8 } from "./bytes";

export class HashStream {
  /** key (32 bytes) ‖ u64be(counter), rewritten in place for each block. */
  private readonly input = new Uint8Array(40);
  private readonly view = new DataView(this.input.buffer);
  private counter = 0n;
  private block: Uint8Array = new Uint8Array(0);
  private pos = 0;

  constructor(tag: string, seed: Uint8Array) {
    assertBytes("seed", seed);
    this.input.set(sha256(concatBytes(lengthPrefixedUtf8(tag, "tag"), seed)), 0);
  }

  /** The next 32-byte block, not aligned with `bytes()` reads. */
  nextBlock(): Uint8Array {
    this.view.setBigUint64(32, this.counter, false);
    this.counter++;
    return sha256(this.input);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (this.pos === this.block.length) {
        this.block = this.nextBlock();
        this.pos = 0;
      }
      out[i] = this.block[this.pos++];
    }
    return out;
  }

  /** Uniform in [0, bound) by rejection sampling on the smallest covering bit width: no modulo bias. */
  uniformBigInt(bound: bigint): bigint {
    if (bound <= 0n) throw new RangeError(`bound: expected a positive bigint, got ${bound}`);
    if (bound === 1n) return 0n;
    const bits = (bound - 1n).toString(2).length;
    const nBytes = (bits + 7) >> 3;
    const mask = (1n << BigInt(bits)) - 1n;
    for (;;) {
      let v = 0n;
      for (const b of this.bytes(nBytes)) v = (v << 8n) | BigInt(b);
      v &= mask;
      if (v < bound) return v;
    }
  }
}
