// Looks for secrets where an attacker could look: every key and value of the chain's LevelDB, every key and
// value under the localnet's Redis prefix (strings, hashes, lists, sets, sorted sets, streams: BullMQ uses all
// of them), and log files. Each needle is searched raw, as hex and as base64 (how bytes end up in JSON logs).
import { readFileSync } from "node:fs";
import { ClassicLevel } from "../../../packages/chain/node_modules/classic-level/index.js";
import { isCluster, type RedisClient } from "../../../packages/sidecar/src/redis/connection";

export type Needle = { name: string; bytes: Buffer };
export type Hit = { needle: string; where: string; form: "raw" | "hex" | "base64" };

function forms(n: Needle): [Hit["form"], Buffer][] {
  return [
    ["raw", n.bytes],
    ["hex", Buffer.from(n.bytes.toString("hex"))],
    ["base64", Buffer.from(n.bytes.toString("base64"))],
  ];
}

export function findIn(haystack: Buffer, where: string, needles: Needle[], hits: Hit[]): void {
  for (const n of needles) {
    for (const [form, b] of forms(n)) if (b.length > 0 && haystack.includes(b)) hits.push({ needle: n.name, where, form });
  }
}

export function scanFiles(files: string[], needles: Needle[]): Hit[] {
  const hits: Hit[] = [];
  for (const f of files) findIn(readFileSync(f), f, needles, hits);
  return hits;
}

/** Every entry of the chain's LevelDB (nesad must be stopped: LevelDB allows one process). */
export async function scanChainDb(dbPath: string, needles: Needle[]): Promise<{ hits: Hit[]; entries: number }> {
  // classic-level's option types live in abstract-level, which does not resolve from this folder: typed by hand.
  type Db = { iterator(): AsyncIterable<[Buffer, Buffer]>; close(): Promise<void> };
  const db = new (ClassicLevel as unknown as new (p: string, o: object) => Db)(dbPath, { keyEncoding: "buffer", valueEncoding: "buffer" });
  const hits: Hit[] = [];
  let entries = 0;
  try {
    for await (const [k, v] of db.iterator()) {
      entries++;
      findIn(Buffer.concat([k, Buffer.from([0]), v]), `chain db key ${k.toString("hex").slice(0, 40)}`, needles, hits);
    }
  } finally {
    await db.close();
  }
  return { hits, entries };
}

/** Every key under `prefix:` with its value(s); on a Redis Cluster, every master's keys. */
export async function scanRedis(redis: RedisClient, prefix: string, needles: Needle[]): Promise<{ hits: Hit[]; keys: number }> {
  const hits: Hit[] = [];
  let keys = 0;
  for (const node of isCluster(redis) ? redis.nodes("master") : [redis]) keys += await scanNode(node, redis, prefix, needles, hits);
  return { hits, keys };
}

async function scanNode(node: { scanBuffer: RedisClient["scanBuffer"] }, redis: RedisClient, prefix: string, needles: Needle[], hits: Hit[]): Promise<number> {
  let keys = 0;
  let cursor = "0";
  do {
    const [next, batch] = await node.scanBuffer(cursor, "MATCH", `${prefix}:*`, "COUNT", "500");
    cursor = next.toString();
    for (const key of batch) {
      keys++;
      const type = await redis.type(key);
      const parts: Buffer[] = [key];
      if (type === "string") parts.push((await redis.getBuffer(key)) ?? Buffer.alloc(0));
      else if (type === "hash") parts.push(...(await redis.hgetallBuffer(key).then((h) => Object.entries(h).flatMap(([f, v]) => [Buffer.from(f), v]))));
      else if (type === "list") parts.push(...(await redis.lrangeBuffer(key, 0, -1)));
      else if (type === "set") parts.push(...(await redis.smembersBuffer(key)));
      else if (type === "zset") parts.push(...(await redis.zrangeBuffer(key, "0", "-1")));
      else if (type === "stream") {
        const entries = (await redis.xrangeBuffer(key, "-", "+")) as [Buffer, Buffer[]][];
        for (const [id, fields] of entries) parts.push(id, ...fields);
      }
      findIn(Buffer.concat(parts.flatMap((p) => [p, Buffer.from([0])])), `redis ${key.toString()}`, needles, hits);
    }
  } while (cursor !== "0");
  return keys;
}

/**
 * A 256-byte window from the middle of a large secret (an OCR image tensor is ~350 KB). Searching a whole
 * megabyte-long needle (and its hex and base64 forms) in every Redis value costs minutes; a window from the
 * middle, where a text line has ink, is at least as sensitive: any copy of the whole holds the window too.
 */
export const window256 = (b: Buffer): Buffer => (b.length <= 256 ? b : b.subarray((b.length >> 1) - 128, (b.length >> 1) + 128));

export const floatBytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
