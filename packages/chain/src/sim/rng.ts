// Seeded PRNG for the simulator (sfc32 seeded by sha256 of the seed): the same seed gives the
// same msgs, so the same app hash. Never used by the state machine itself.
import { sha256 } from "@noble/hashes/sha2.js";

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string | number) {
    const h = sha256(new TextEncoder().encode(`nesa-sim/${seed}`));
    const v = new DataView(h.buffer);
    [this.a, this.b, this.c, this.d] = [v.getUint32(0), v.getUint32(4), v.getUint32(8), v.getUint32(12)];
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return this.next() % n;
  }

  /** True with probability pct / 100. */
  chance(pct: number): boolean {
    return this.int(10_000) < pct * 100;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  bigint(max: bigint): bigint {
    return (BigInt(this.next()) * 4_294_967_296n + BigInt(this.next())) % max;
  }
}
