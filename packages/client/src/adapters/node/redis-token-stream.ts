// NODE-ONLY ADAPTER: reads a generation's token stream straight from the data plane's Redis (ioredis), under
// @nesa/data-plane RedisKeys.genTokens (`<prefix>:gen:{<query>}/<replica>:tokens`), where the last shard's miner
// XADDs {step, token} per token. Each read blocks (XREAD BLOCK) on a duplicate connection of its own, so a
// waiting stream never holds up other commands; aborting the read closes that connection, then what is already
// stored is read without blocking. The tokens are unverified: `generate` checks them against the verdict.
import { RedisKeys } from "@nesa/data-plane";
import type { StreamedToken, TokenStreamSource } from "../../generate/token-stream";
import { type ClientRedis, connectClientRedis, duplicateClientRedis, redisSourceName } from "./redis-connection";

type XReadReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

export interface RedisTokenStreamOptions {
  /** Longest single XREAD BLOCK (ms); the read loops until aborted. Default 5000. */
  readonly blockMs?: number;
  /** Entries per XREAD. Default 256. */
  readonly count?: number;
}

/** The {step, token} entries of an XREAD reply; malformed entries are skipped. */
export function parseTokenEntries(reply: XReadReply): { id: string; token: StreamedToken }[] {
  const out: { id: string; token: StreamedToken }[] = [];
  for (const [, entries] of reply ?? []) {
    for (const [id, fields] of entries) {
      const f = new Map<string, string>();
      for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i], fields[i + 1]);
      const step = Number(f.get("step"));
      const token = Number(f.get("token"));
      if (Number.isSafeInteger(step) && step >= 0 && Number.isSafeInteger(token) && token >= 0) out.push({ id, token: { step, token } });
    }
  }
  return out;
}

/**
 * @example
 * const tokenStream = createRedisTokenStream(info.redisUrl, info.redisPrefix);
 * const client = await NesaClient.connectWithSigner(rpc, wallet, { dataPlane, generators, tokenStream });
 */
export function createRedisTokenStream(redisUrl: string, prefix = "nesa", options: RedisTokenStreamOptions = {}): TokenStreamSource & { close(): Promise<void> } {
  const keys = new RedisKeys(prefix);
  const blockMs = options.blockMs ?? 5000;
  const count = options.count ?? 256;
  const base = connectClientRedis(redisUrl);
  const open = new Set<ClientRedis>();
  return {
    name: redisSourceName(redisUrl, prefix),
    async *read(queryId, replica, signal) {
      const key = keys.genTokens(String(queryId), replica);
      const conn = duplicateClientRedis(base);
      open.add(conn);
      // Closing the connection is what interrupts a pending XREAD BLOCK.
      const onAbort = () => conn.disconnect();
      signal.addEventListener("abort", onAbort, { once: true });
      let last = "0";
      try {
        while (!signal.aborted) {
          let reply: XReadReply;
          try {
            reply = (await conn.xread("COUNT", count, "BLOCK", blockMs, "STREAMS", key, last)) as XReadReply;
          } catch (err) {
            if (signal.aborted) break;
            throw err;
          }
          for (const e of parseTokenEntries(reply)) {
            last = e.id;
            yield e.token;
          }
        }
        // Aborted: hand on what is already stored, without blocking.
        for (;;) {
          const entries = parseTokenEntries((await base.xread("COUNT", count, "STREAMS", key, last)) as XReadReply);
          if (entries.length === 0) break;
          for (const e of entries) {
            last = e.id;
            yield e.token;
          }
        }
      } finally {
        signal.removeEventListener("abort", onAbort);
        conn.disconnect();
        open.delete(conn);
      }
    },
    async close() {
      for (const c of open) c.disconnect();
      open.clear();
      base.disconnect();
    },
  };
}
