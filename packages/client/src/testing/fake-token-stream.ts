// Unit-test helper: a TokenStreamSource over an in-memory list that can grow while a reader waits, like a Redis
// stream the last shard's miner appends to.
import type { StreamedToken, TokenStreamSource } from "../generate/token-stream";

export interface FakeTokenStream extends TokenStreamSource {
  /** Appends entries (as the miner's XADD). */
  push(...entries: StreamedToken[]): void;
  readonly reads: number;
}

export function fakeTokenStream(initial: StreamedToken[] = []): FakeTokenStream {
  const entries = [...initial];
  let wake: (() => void) | undefined;
  let reads = 0;
  return {
    name: "fake stream",
    get reads() {
      return reads;
    },
    push(...more) {
      entries.push(...more);
      wake?.();
    },
    async *read(_queryId, _replica, signal) {
      reads++;
      let i = 0;
      const onAbort = () => wake?.();
      signal.addEventListener("abort", onAbort);
      try {
        for (;;) {
          while (i < entries.length) yield entries[i++];
          if (signal.aborted) return;
          await new Promise<void>((r) => {
            wake = r;
          });
        }
      } finally {
        signal.removeEventListener("abort", onAbort);
      }
    },
  };
}
