// tx_search over the block store: pick the narrowest candidate set (tx.hash, an indexed event
// attribute, or a height range), then check every condition on each candidate.
import { type BlockStore, MAX_INDEXED_VALUE, isIndexedKey, toIndexedTx } from "./block-store";
import { txHash } from "./header-hash";
import type { IndexedTx, SearchCondition, StoredBlock } from "./types";

type Loc = { height: bigint; index: number };

function heightRange(conds: SearchCondition[], latest: bigint): [bigint, bigint] {
  let lo = 1n;
  let hi = latest;
  for (const c of conds) {
    if (c.key !== "tx.height") continue;
    const v = BigInt(c.value);
    if (c.op === "=") [lo, hi] = [v > lo ? v : lo, v < hi ? v : hi];
    else if (c.op === ">") lo = v + 1n > lo ? v + 1n : lo;
    else if (c.op === ">=") lo = v > lo ? v : lo;
    else if (c.op === "<") hi = v - 1n < hi ? v - 1n : hi;
    else if (c.op === "<=") hi = v < hi ? v : hi;
  }
  return [lo, hi];
}

function compare(actual: string, op: SearchCondition["op"], expected: string | bigint): boolean {
  if (op === "EXISTS") return true;
  if (op === "CONTAINS") return actual.includes(String(expected));
  if (op === "=") return typeof expected === "bigint" ? /^-?\d+$/.test(actual) && BigInt(actual) === expected : actual === expected;
  const a = Number(actual);
  const e = Number(expected);
  if (Number.isNaN(a) || Number.isNaN(e)) return false;
  return op === "<" ? a < e : op === "<=" ? a <= e : op === ">" ? a > e : a >= e;
}

export function matches(tx: IndexedTx, c: SearchCondition): boolean {
  if (c.key === "tm.event") return true;
  if (c.key === "tx.hash") return Buffer.from(tx.hash).toString("hex").toUpperCase() === String(c.value).toUpperCase();
  if (c.key === "tx.height") return compare(tx.height.toString(), c.op, BigInt(c.value));
  const dot = c.key.lastIndexOf(".");
  const type = c.key.slice(0, dot);
  const attr = c.key.slice(dot + 1);
  return tx.result.events.some((e) => e.type === type && e.attributes.some((a) => a.key === attr && compare(a.value ?? "", c.op, c.value)));
}

export async function searchTxs(
  store: BlockStore,
  latest: bigint,
  conditions: SearchCondition[],
  page: number,
  perPage: number,
  order: "asc" | "desc",
): Promise<{ txs: IndexedTx[]; total: number }> {
  const conds = conditions.filter((c) => c.key !== "tm.event");
  let locs: Loc[] | undefined;
  const byHash = conds.find((c) => c.key === "tx.hash" && c.op === "=");
  const byAttr = conds.find(
    (c) =>
      c.key.includes(".") && c.key !== "tx.hash" && c.key !== "tx.height" && c.op === "=" && isIndexedKey(c.key) && String(c.value).length <= MAX_INDEXED_VALUE,
  );
  if (byHash) {
    const hex = String(byHash.value);
    const loc = /^[0-9a-fA-F]{64}$/.test(hex) ? await store.txLocation(new Uint8Array(Buffer.from(hex, "hex"))) : undefined;
    locs = loc ? [loc] : [];
  } else if (byAttr) {
    const dot = byAttr.key.lastIndexOf(".");
    locs = await store.locationsByAttribute(byAttr.key.slice(0, dot), byAttr.key.slice(dot + 1), String(byAttr.value));
  }
  const blocks = new Map<bigint, StoredBlock | undefined>();
  const load = async (h: bigint) => {
    if (!blocks.has(h)) blocks.set(h, await store.getBlock(h));
    return blocks.get(h);
  };
  const found: IndexedTx[] = [];
  if (locs) {
    for (const l of locs) {
      const b = await load(l.height);
      if (b?.txs[l.index]) found.push(toIndexedTx(b, l.index, txHash(b.txs[l.index])));
    }
  } else {
    const [lo, hi] = heightRange(conds, latest);
    for (let h = lo; h <= hi; h++) {
      const b = await load(h);
      if (!b) continue;
      for (const [i, t] of b.txs.entries()) found.push(toIndexedTx(b, i, txHash(t)));
    }
  }
  const hits = found.filter((t) => conds.every((c) => matches(t, c)));
  hits.sort((a, b) => (a.height === b.height ? a.index - b.index : a.height < b.height ? -1 : 1));
  if (order === "desc") hits.reverse();
  const start = (Math.max(1, page) - 1) * perPage;
  return { txs: hits.slice(start, start + perPage), total: hits.length };
}
