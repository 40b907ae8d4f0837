// The verdicts each block reached, as Merkle leaves (x/inference README, "Verdict receipts"). EndBlock appends one
// leaf per verdict (point writes: a counter and one fixed-size entry, like the schedule); the application folds
// the block's root into the app hash at commit (AppModule.blockCommitment); the next BeginBlock stores the state
// digest of the block so a receipt can rebuild that app hash later. All of it is state: replay, restart and every
// validator compute the same roots.
import { merkleAunts, merkleRootOfLeafHashes, verdictLeafHash } from "@nesa/crypto";
import type { Context } from "../../app/module";
import { readU64, u64Key } from "../stakingext/store-util";
import { MODULE_NAME, stateDigestKey, verdictCountKey, verdictLeafKey } from "./keys";
import type { InferenceQuery } from "./proto";

const LEAF_ENTRY_BYTES = 8 + 32;

const readCount = (b: Uint8Array | undefined): number => (b && b.length === 4 ? new DataView(b.buffer, b.byteOffset, 4).getUint32(0) : 0);

function u32Value(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

/** The leaf of a query that has its verdict: the verdict plus what the query asked (owner, model, input). */
export function queryVerdictLeafHash(q: InferenceQuery): Uint8Array {
  const v = q.verdict;
  if (!v) throw new Error(`query ${q.id} has no verdict`);
  return verdictLeafHash({
    queryId: v.queryId,
    height: v.height,
    status: v.status,
    reason: v.reason,
    owner: q.owner,
    modelId: q.modelId,
    inputCommitment: q.inputCommitment,
    resultReplica: v.resultReplica,
    resultDigest: v.resultDigest,
    generatedTokens: v.generatedTokens,
    seats: v.seats,
  });
}

/** Appends the verdict just reached (EndBlock, after the query record is written) as the block's next leaf. */
export function recordVerdictLeaf(ctx: Context, q: InferenceQuery): void {
  const store = ctx.kvStore(MODULE_NAME);
  const countKey = verdictCountKey(ctx.height);
  const n = readCount(store.get(countKey));
  const entry = new Uint8Array(LEAF_ENTRY_BYTES);
  entry.set(u64Key(q.id), 0);
  entry.set(queryVerdictLeafHash(q), 8);
  store.set(verdictLeafKey(ctx.height, n), entry);
  store.set(countKey, u32Value(n + 1));
}

export interface VerdictLeafEntry {
  queryId: bigint;
  leafHash: Uint8Array;
}

/** The leaves of a block, in the order its verdicts were reached. */
export function verdictLeaves(ctx: Context, height: bigint): VerdictLeafEntry[] {
  const store = ctx.kvStore(MODULE_NAME);
  const n = readCount(store.get(verdictCountKey(height)));
  const out: VerdictLeafEntry[] = [];
  for (let i = 0; i < n; i++) {
    const e = store.get(verdictLeafKey(height, i));
    if (!e || e.length !== LEAF_ENTRY_BYTES) throw new Error(`verdict leaf ${i} of height ${height} is missing or malformed`);
    out.push({ queryId: readU64(e, 0), leafHash: e.slice(8) });
  }
  return out;
}

/** The block's verdict root: CometBFT's merkle root over its leaf hashes (sha256("") when it reached none). */
export function verdictRoot(ctx: Context, height: bigint): Uint8Array {
  return merkleRootOfLeafHashes(verdictLeaves(ctx, height).map((l) => l.leafHash));
}

/** BeginBlock: keeps the previous block's state digest when that block reached verdicts (receipts need it). */
export function recordPreviousStateDigest(ctx: Context): void {
  const digest = ctx.lastStateDigest;
  if (!digest || ctx.height <= 1n) return;
  const prev = ctx.height - 1n;
  const store = ctx.kvStore(MODULE_NAME);
  if (readCount(store.get(verdictCountKey(prev))) === 0) return;
  store.set(stateDigestKey(prev), digest);
}

export function stateDigestAfter(ctx: Context, height: bigint): Uint8Array | undefined {
  return ctx.kvStore(MODULE_NAME).get(stateDigestKey(height));
}

/** Leaf index, count and aunts of a query's leaf in its block. */
export function verdictPath(ctx: Context, height: bigint, queryId: bigint): { index: number; count: number; aunts: Uint8Array[]; leafHash: Uint8Array } | undefined {
  const leaves = verdictLeaves(ctx, height);
  const index = leaves.findIndex((l) => l.queryId === queryId);
  if (index < 0) return undefined;
  const hashes = leaves.map((l) => l.leafHash);
  return { index, count: leaves.length, aunts: merkleAunts(hashes, index), leafHash: hashes[index] };
}
