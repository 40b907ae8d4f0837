// What a seat needs to reveal (its salt and its output bytes), kept in the miner's memory from the commit until the
// reveal is included, next to the copy in Redis. Redis may lose everything at any time (PROTOCOL.md §1); a miner that
// had committed then could not open its commitment and would be slashed for a missed reveal. Redis stays the copy
// that survives a miner restart. Bounded by bytes: beyond the bound the oldest entries fall back to Redis alone.
import type { PendingReveal } from "./commit-step";

type Entry = { pending: PendingReveal; bytes: Uint8Array };

export class PendingRevealMemory {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  set(id: string, pending: PendingReveal, bytes: Uint8Array): void {
    this.delete(id);
    if (bytes.length > this.maxBytes) return;
    this.entries.set(id, { pending, bytes });
    this.bytes += bytes.length;
    // Map iteration is insertion order: the oldest go first.
    for (const [old, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(old);
      this.bytes -= e.bytes.length;
    }
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  delete(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    this.bytes -= e.bytes.length;
  }

  get size(): number {
    return this.entries.size;
  }
}
