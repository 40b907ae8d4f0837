// Synchronous key-value interface used by the state machine. The working state lives in memory
// (sorted by key bytes) and is flushed to LevelDB atomically at Commit, so module code never awaits.

export interface KVStore {
  get(key: Uint8Array): Uint8Array | undefined;
  has(key: Uint8Array): boolean;
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
  /** Entries with start <= key < end in byte order (end undefined = to the end of the store). */
  iterator(start?: Uint8Array, end?: Uint8Array, reverse?: boolean): Iterable<[Uint8Array, Uint8Array]>;
}
