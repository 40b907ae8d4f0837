// The "sign whatever is queued whenever the signer is free" loop shared by the SDK's pay batcher and the miner's tx
// submitter: one drain at a time, started one microtask after the first kick so that work queued in the same tick
// goes into the same tx, and started again at once if work arrived while it ran.

/**
 * Returns `kick`: call it whenever work is queued. `drain` runs while `pending()` holds, never twice at once.
 *
 * @example
 * private readonly kick = serialPump(() => this.pump(), () => this.queue.length > 0);
 */
export function serialPump(drain: () => Promise<void>, pending: () => boolean): () => void {
  let running = false;
  const kick = (): void => {
    if (running || !pending()) return;
    running = true;
    queueMicrotask(() => {
      void drain().finally(() => {
        running = false;
        kick();
      });
    });
  };
  return kick;
}
