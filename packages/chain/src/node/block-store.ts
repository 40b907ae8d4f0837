// Everything the node persists, in one LevelDB, written in one atomic batch per block:
//   's' | state key                               -> state value (the whole committed state)
//   'b' | height (8 bytes BE)                      -> block (JSON, see block-codec)
//   'h' | tx hash (32 bytes)                       -> height (8 BE) | index (4 BE)
//   'i' | "<type>.<attr>=<value>" 0x00 | height | index -> empty (tx_search index)
//   'm' | "last"                                   -> {height, time, appHash, blockHash} (JSON)
// A block, its state changes and its index entries land together or not at all.
import { ClassicLevel } from "classic-level";
import type { WriteSet } from "../store/cache-store";
import { concatBytes, fromKeyString, prefixEnd } from "../store/key-string";
import { decodeBlock, encodeBlock } from "./block-codec";
import type { IndexedTx, StoredBlock } from "./types";

type Bytes = Uint8Array;
const te = new TextEncoder();
const P = { state: 0x73, block: 0x62, hash: 0x68, index: 0x69, meta: 0x6d } as const;
const META_LAST = concatBytes(Uint8Array.of(P.meta), te.encode("last"));
/** Longer attribute values (blobs) are not indexed. */
export const MAX_INDEXED_VALUE = 256;
/**
 * Left out of the index (tx_search still finds them by scanning): amounts, msg_index, the
 * coin_spent/coin_received twins of `transfer`, fees and signatures. Halves the writes per tx.
 */
export function isIndexedKey(key: string): boolean {
  const dot = key.lastIndexOf(".");
  const type = key.slice(0, dot);
  const attr = key.slice(dot + 1);
  if (attr === "amount" || attr === "msg_index") return false;
  if (type === "coin_spent" || type === "coin_received") return false;
  return key !== "tx.signature" && key !== "tx.fee";
}

export interface LastCommit {
  height: bigint;
  time: string;
  appHash: string;
  blockHash: string;
}

function u64(n: bigint): Bytes {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n);
  return b;
}

function u32(n: number): Bytes {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}


export function indexTerm(type: string, key: string, value: string): Bytes {
  return Buffer.from(`i${type}.${key}=${value}\0`, "utf8");
}

export class BlockStore {
  private readonly db: ClassicLevel<Bytes, Bytes>;

  constructor(path: string) {
    this.db = new ClassicLevel<Bytes, Bytes>(path, { keyEncoding: "view", valueEncoding: "view" });
  }

  async open(): Promise<void> {
    await this.db.open();
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  async lastCommit(): Promise<LastCommit | undefined> {
    const v = await this.db.get(META_LAST);
    if (!v) return undefined;
    const j = JSON.parse(new TextDecoder().decode(v));
    return { ...j, height: BigInt(j.height) };
  }

  async *stateEntries(): AsyncIterable<[Bytes, Bytes]> {
    const start = Uint8Array.of(P.state);
    for await (const [k, v] of this.db.iterator({ gte: start, lt: prefixEnd(start) })) yield [k.subarray(1), v];
  }

  /** Persists state changes, the block (if any), its tx index and the new last-commit record. */
  async commit(changes: WriteSet, block: StoredBlock | undefined, last: LastCommit): Promise<void> {
    const ops: ({ type: "put"; key: Bytes; value: Bytes } | { type: "del"; key: Bytes })[] = [];
    const sp = Uint8Array.of(P.state);
    for (const [ks, value] of changes) {
      const key = concatBytes(sp, fromKeyString(ks));
      ops.push(value === null ? { type: "del", key } : { type: "put", key, value });
    }
    if (block) {
      const h = u64(block.header.height);
      ops.push({ type: "put", key: concatBytes(Uint8Array.of(P.block), h), value: encodeBlock(block) });
      const empty = new Uint8Array();
      block.txs.forEach((tx, i) => {
        const loc = concatBytes(h, u32(i));
        ops.push({ type: "put", key: concatBytes(Uint8Array.of(P.hash), txHashOf(block, i)), value: loc });
        const seen = new Set<string>();
        for (const ev of block.txResults[i].events) {
          for (const a of ev.attributes) {
            const v = a.value ?? "";
            const id = `${ev.type}.${a.key}=${v}`;
            if (v.length > MAX_INDEXED_VALUE || seen.has(id) || !isIndexedKey(`${ev.type}.${a.key}`)) continue;
            seen.add(id);
            ops.push({ type: "put", key: Buffer.concat([indexTerm(ev.type, a.key, v), loc]), value: empty });
          }
        }
        void tx;
      });
    }
    const meta = { ...last, height: last.height.toString() };
    ops.push({ type: "put", key: META_LAST, value: te.encode(JSON.stringify(meta)) });
    await this.db.batch(ops);
  }

  async getBlock(height: bigint): Promise<StoredBlock | undefined> {
    if (height < 0n || height >= 1n << 64n) return undefined;
    const v = await this.db.get(concatBytes(Uint8Array.of(P.block), u64(height)));
    return v ? decodeBlock(v) : undefined;
  }

  async txLocation(hash: Bytes): Promise<{ height: bigint; index: number } | undefined> {
    const v = await this.db.get(concatBytes(Uint8Array.of(P.hash), hash));
    if (!v) return undefined;
    const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
    return { height: dv.getBigUint64(0), index: dv.getUint32(8) };
  }

  /** Locations of txs with an event attribute equal to the value, ascending. */
  async locationsByAttribute(type: string, key: string, value: string): Promise<{ height: bigint; index: number }[]> {
    const start = indexTerm(type, key, value);
    const out: { height: bigint; index: number }[] = [];
    for await (const k of this.db.keys({ gte: start, lt: prefixEnd(start) })) {
      const dv = new DataView(k.buffer, k.byteOffset + start.length, 12);
      out.push({ height: dv.getBigUint64(0), index: dv.getUint32(8) });
    }
    return out;
  }
}

/** Hashes are kept on the block object so the store does not re-hash. */
const hashes = new WeakMap<StoredBlock, Bytes[]>();

export function attachTxHashes(block: StoredBlock, txHashes: Bytes[]): void {
  hashes.set(block, txHashes);
}

function txHashOf(block: StoredBlock, i: number): Bytes {
  const h = hashes.get(block)?.[i];
  if (!h) throw new Error("BlockStore.commit: tx hashes were not attached to the block");
  return h;
}

export function toIndexedTx(block: StoredBlock, index: number, hash: Bytes): IndexedTx {
  return { hash, height: block.header.height, index, tx: block.txs[index], result: block.txResults[index] };
}
