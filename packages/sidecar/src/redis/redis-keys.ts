// Every Redis key and BullMQ queue name the miner uses, built in one place (as BullMQ does), so the whole
// data-plane layout fits on one screen and tests can isolate themselves with their own prefix.

export type JobCoords = { queryId: string; shard: number; replica: number };

export class RedisKeys {
  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new TypeError(`redisPrefix: expected [A-Za-z0-9_.-]+, got ${JSON.stringify(prefix)}`);
  }

  /** BullMQ's own key prefix: queues live under `<prefix>:bull:<queue>:…`. */
  get bullPrefix(): string {
    return `${this.prefix}:bull`;
  }

  /** The work queue of one miner (one per miner address). */
  minerQueue(minerAddress: string): string {
    return `miner-${minerAddress}`;
  }

  /** Reveals waiting for the commit phase to close (one per miner). */
  revealQueue(minerAddress: string): string {
    return `reveal-${minerAddress}`;
  }

  /** The salt and digest a seat committed to, kept until its reveal (survives a miner restart). */
  pendingReveal(c: JobCoords): string {
    return `${this.prefix}:reveal:${jobId(c)}`;
  }

  /** A tensor stored under the hex sha256 of its canonical encoding. */
  tensor(digestHex: string): string {
    return `${this.prefix}:tensor:${digestHex}`;
  }

  /** What this miner produced for one seat ({outputDigest, outputKey, …}); written once (SET NX). */
  result(c: JobCoords): string {
    return `${this.prefix}:result:${jobId(c)}`;
  }

  /** HSS-EE upload manifest of one replica (sealed blob digests, share digests), written by the dispatcher. */
  hssUpload(queryId: string, replica: number): string {
    return `${this.prefix}:hss-upload:${queryId}/${replica}`;
  }

  /** HSS partial results waiting to be combined, one hash field per share. */
  hssPartials(c: JobCoords): string {
    return `${this.prefix}:hss:${jobId(c)}`;
  }
}

/** BullMQ job id of an HSS share job (shard 0 only): `query/0/replica/share-N`. */
export function shareJobId(c: JobCoords, share: number): string {
  return `${jobId(c)}/share-${share}`;
}

/** BullMQ job id of a seat's job: `query/shard/replica`, so enqueueing the same seat twice is a no-op. */
export function jobId(c: JobCoords): string {
  return `${c.queryId}/${c.shard}/${c.replica}`;
}
