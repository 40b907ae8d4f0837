// Query/VerdictReceipt: a verdict with what a light client needs to rebuild the app hash of the verdict's block
// (README, "Verdict receipts"): the leaf's Merkle path among that block's verdicts and the block's state digest.
import type { Context } from "../../app/module";
import { ErrLogic } from "../../errors/sdk-errors";
import { ErrQueryNotFound, ErrReceiptNotAvailable } from "./errors";
import type { InferenceKeeper } from "./keeper";
import { QueryStatus, type VerdictReceipt } from "./proto";
import { queryVerdictLeafHash, stateDigestAfter, verdictPath } from "./verdict-leaves";

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export function verdictReceipt(k: InferenceKeeper, ctx: Context, queryId: bigint): VerdictReceipt {
  const q = k.query(ctx, queryId);
  if (!q) throw ErrQueryNotFound.wrap(`query_id ${queryId} does not exist`);
  const v = q.verdict;
  if (!v) throw ErrReceiptNotAvailable.wrap(`query ${queryId} has no verdict yet (status ${QueryStatus[q.status]}); ask again once it is finalized or failed`);
  const path = verdictPath(ctx, v.height, queryId);
  if (!path) {
    throw ErrReceiptNotAvailable.wrap(`query ${queryId}'s verdict (height ${v.height}) has no Merkle leaf: it was reached before verdict receipts existed or came in through genesis`);
  }
  const stateDigest = stateDigestAfter(ctx, v.height);
  if (!stateDigest) {
    throw ErrReceiptNotAvailable.wrap(
      `query ${queryId}'s verdict was reached at height ${v.height}; its receipt is served once block ${v.height + 1n} is committed (last committed: ${ctx.height}); retry after the next block`,
    );
  }
  // The record is immutable once finished, so this only fails if the state was altered under us.
  if (!equal(queryVerdictLeafHash(q), path.leafHash)) throw ErrLogic.wrap(`query ${queryId}: stored verdict leaf does not match its record`);
  return {
    verdict: v,
    owner: q.owner,
    modelId: q.modelId,
    inputCommitment: q.inputCommitment,
    leafIndex: BigInt(path.index),
    leafCount: BigInt(path.count),
    aunts: path.aunts,
    stateDigest,
  };
}
