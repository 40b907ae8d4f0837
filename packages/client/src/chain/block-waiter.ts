// Wakes waiters when the chain moves past a height, so the SDK re-reads chain state right after each block instead
// of sleeping a fixed poll interval. Fed by a ChainFollower (NewBlock over WebSocket, status polling fallback).
// A waiter also wakes after `fallbackMs` without a block: a stalled follower then degrades into slow polling
// rather than a hang, and the caller's own timeout still gets checked.

/** What block-driven waits need: the newest height seen, and a wait for a newer one. */
export interface BlockSource {
  /** The newest height seen (0n before the first). */
  readonly height: bigint;
  /** Resolves once a height above `after` is seen (at once if one already was), or after the fallback delay. */
  next(after: bigint): Promise<void>;
}

export class BlockWaiter implements BlockSource {
  private newest = 0n;
  private readonly waiters = new Set<{ after: bigint; wake: () => void }>();

  constructor(private readonly fallbackMs = 1000) {}

  get height(): bigint {
    return this.newest;
  }

  /** Records a height; wakes every waiter it satisfies. */
  seen(height: bigint): void {
    if (height <= this.newest) return;
    this.newest = height;
    for (const w of this.waiters) if (height > w.after) w.wake();
  }

  next(after: bigint): Promise<void> {
    if (this.newest > after) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const w = {
        after,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(w);
          resolve();
        },
      };
      const timer = setTimeout(w.wake, this.fallbackMs);
      this.waiters.add(w);
    });
  }

  /** Wakes every waiter (on disconnect: they re-check and see their own timeouts). */
  wakeAll(): void {
    for (const w of this.waiters) w.wake();
  }
}
