// The final shard's encrypted output: inline in the winning reveal (result_ref) when small, else from the data
// plane under its digest. Either way the bytes must hash to the verdict's result_digest before anything decodes
// them: the data plane is untrusted storage.
import { type Tensor, bytesToHex, decodeTensor } from "@nesa/crypto";
import type { inferenceState } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import { ClientError, ClientErrorCode, ResultDigestMismatchError } from "../errors/nesa-error";
import type { DataPlane, ResultSource } from "../data-plane/data-plane";

export interface FetchResultParameters {
  /** The FINALIZED query record (its reveals carry result_ref). */
  readonly query: inferenceState.InferenceQuery;
  readonly verdict: inferenceState.Verdict;
  readonly results: Pick<ResultSource, "getTensor" | "name"> & { locateTensor?: DataPlane["locateTensor"] };
}

export interface FetchResultReturnType {
  /** The encrypted output tensor (still EE-encrypted). */
  readonly tensor: Tensor;
  readonly digestHex: string;
  /** Where the bytes came from: "inline" (the reveal) or the data plane's name. */
  readonly source: string;
  readonly bytes: number;
}

/**
 * Fetches the verdict's result and checks its sha256 against verdict.result_digest.
 *
 * @example
 * const { tensor } = await fetchResult({ query, verdict, results: dataPlane });
 */
export async function fetchResult(p: FetchResultParameters): Promise<FetchResultReturnType> {
  const { query, verdict } = p;
  const expected = bytesToHex(verdict.resultDigest);
  if (verdict.resultDigest.length !== 32) {
    throw new ClientError(ClientErrorCode.ResultUnavailable, `query ${query.id}: the verdict carries no result digest`, "the query may have failed; check `nesa query show`");
  }
  const lastShard = query.shards - 1;
  const reveal = query.reveals.find((r) => r.shard === lastShard && r.replica === verdict.resultReplica);
  let bytes: Uint8Array | undefined;
  let source: string;
  if (reveal && reveal.resultRef.length > 0) {
    bytes = reveal.resultRef;
    source = "inline";
  } else {
    const found = p.results.locateTensor
      ? await p.results.locateTensor(expected)
      : await p.results.getTensor(expected).then((b) => (b ? { bytes: b, source: p.results.name } : undefined));
    bytes = found?.bytes;
    source = found?.source ?? p.results.name;
    if (!bytes) {
      throw new ClientError(ClientErrorCode.ResultUnavailable, `query ${query.id}: result ${expected} is not in the data plane (${p.results.name})`, "results live in Redis with a TTL: fetch soon after the verdict, and make sure the client reads the network's Redis (redisUrl, redisPrefix)");
    }
  }
  const got = bytesToHex(sha256(bytes));
  if (got !== expected) throw new ResultDigestMismatchError(expected, got, source);
  let tensor: Tensor;
  try {
    tensor = decodeTensor(bytes);
  } catch (err) {
    throw new ClientError(ClientErrorCode.ResultUnavailable, `query ${query.id}: the agreed result is not a canonical tensor`, (err as Error).message, err);
  }
  return { tensor, digestHex: expected, source, bytes: bytes.length };
}
