// A miner's memory budget for KV caches. Each seat of a generation reserves its cache at full context length
// when it starts (what it may grow to), and gives it back when its loop ends; a seat that does not fit is
// refused at once rather than letting the process run out of memory mid-generation.
import type { InferenceSession } from "onnxruntime-node";
import { kvCacheBytes } from "@nesa/models/lm";
import { SidecarCode, SidecarError } from "../errors";

export class KvBudget {
  private used = 0;

  constructor(readonly maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`kvCacheBudgetBytes: expected a non-negative integer, got ${maxBytes}`);
  }

  get usedBytes(): number {
    return this.used;
  }

  /** Reserve the cache of one seat; returns the release function (idempotent). */
  reserve(session: InferenceSession, contextLength: number, what: string): () => void {
    const bytes = kvCacheBytes(session, contextLength);
    if (this.used + bytes > this.maxBytes) {
      throw new SidecarError(SidecarCode.OverMemoryBudget, `no room for the KV cache of ${what}`, `it needs ${bytes} bytes; ${this.used} of ${this.maxBytes} are in use (raise kvCacheBudgetBytes)`);
    }
    this.used += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= bytes;
    };
  }
}
