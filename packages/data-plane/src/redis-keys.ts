// Every Redis key and BullMQ queue name of the data plane, built in one place (as BullMQ does), so the whole
// layout fits on one screen: the dispatcher writes inputs and enqueues shard-0 jobs, miners read and write
// tensors, results and queues, clients read results. Tests isolate themselves with their own prefix.
// Redis may lose all of it at any time; the chain, not Redis, is the source of truth.
//
// Redis Cluster: a multi-key command (BullMQ's Lua scripts, MULTI) must keep to one hash slot, and Redis hashes
// only the `{…}` part of a key when it has one. So each BullMQ queue name is a hash tag (all of a queue's keys,
// its jobs included, on one slot; queues spread over the masters), and each seat's own keys carry their query's
// id as a tag (a query's results, reveals, HSS partials and generation lists share a slot). Tensor keys keep no
// tag on purpose: content-addressed and only ever read or written one by one, they spread by digest, which is
// where most of the bytes are.

/** One seat of a query: the chain's (shard, replica) position. */
export type JobCoords = { queryId: string; shard: number; replica: number };

export class RedisKeys {
  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new TypeError(`redisPrefix: expected [A-Za-z0-9_.-]+, got ${JSON.stringify(prefix)}`);
  }

  /** BullMQ's own key prefix: queues live under `<prefix>:bull:{<queue>}:…`. */
  get bullPrefix(): string {
    return `${this.prefix}:bull`;
  }

  /** The work queue of one miner (one per miner address), under {@link bullPrefix}. */
  minerQueue(minerAddress: string): string {
    return `{miner-${minerAddress}}`;
  }

  /** Reveals waiting for the commit phase to close (one queue per miner), under {@link bullPrefix}. */
  revealQueue(minerAddress: string): string {
    return `{reveal-${minerAddress}}`;
  }

  /** The salt and digest a seat committed to, kept until its reveal (survives a miner restart). */
  pendingReveal(c: JobCoords): string {
    return `${this.prefix}:reveal:${taggedSeat(c)}`;
  }

  /**
   * A tensor (or a sealed HSS share) stored under the hex sha256 of its bytes: for tensors, of their canonical
   * encoding (@nesa/crypto `encodeTensor`), so a result's key is exactly the output digest the chain sees.
   */
  tensor(digestHex: string): string {
    return `${this.prefix}:tensor:${digestHex}`;
  }

  /** What a miner produced for one seat ({outputDigest, outputKey, …}); written once (SET NX). */
  result(c: JobCoords): string {
    return `${this.prefix}:result:${taggedSeat(c)}`;
  }

  /** HSS-EE upload manifest of one replica (sealed blob digests, share digests), written by the dispatcher. */
  hssUpload(queryId: string, replica: number): string {
    return `${this.prefix}:hss-upload:{${queryId}}/${replica}`;
  }

  /** HSS partial results waiting to be combined, one hash field per share. */
  hssPartials(c: JobCoords): string {
    return `${this.prefix}:hss:${taggedSeat(c)}`;
  }

  /**
   * Generation (text decoding among miners): the inbox of one seat, a Redis list. Each entry hands one decoding
   * step into the seat (pushed by the previous shard's miner, or by the last shard for the next token), and the
   * seat's miner pops them in order. `<prefix>:gen:{<query>}/<shard>/<replica>:in`.
   */
  genInbox(c: JobCoords): string {
    return `${this.prefix}:gen:${taggedSeat(c)}:in`;
  }

  /**
   * Generation: the tokens a replica has produced so far, a Redis stream appended by the miner of the replica's
   * last shard, one entry per token; clients read it (XREAD) to stream the text as it is decoded.
   * `<prefix>:gen:{<query>}/<replica>:tokens`.
   */
  genTokens(queryId: string, replica: number): string {
    return `${this.prefix}:gen:{${queryId}}/${replica}:tokens`;
  }

  /** The dispatcher's data-loss sentinel: set once, never deleted; missing means Redis lost its data. */
  dispatcherSentinel(): string {
    return `${this.prefix}:dispatcher:sentinel`;
  }

  /** Set once when a generation seat starts its loop (SET NX): a second delivery of its job must not rejoin. */
  genSeatStarted(c: JobCoords): string {
    return `${this.prefix}:gen:${taggedSeat(c)}:started`;
  }
}

/** A seat's coordinates in a key, its query id a hash tag: `{query}/shard/replica`. */
function taggedSeat(c: JobCoords): string {
  return `{${c.queryId}}/${c.shard}/${c.replica}`;
}

/** BullMQ job id of a seat's job: `query/shard/replica`, so enqueueing the same seat twice is a no-op. */
export function jobId(c: JobCoords): string {
  return `${c.queryId}/${c.shard}/${c.replica}`;
}

/** BullMQ job id of an HSS share job (shard 0 only): `query/0/replica/share-N`. */
export function shareJobId(c: JobCoords, share: number): string {
  return `${jobId(c)}/share-${share}`;
}
