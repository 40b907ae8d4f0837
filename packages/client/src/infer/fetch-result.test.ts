import { encodeTensor } from "@nesa/crypto";
import { inferenceState } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { ClientErrorCode, ResultDigestMismatchError } from "../errors/nesa-error";
import { fetchResult } from "./fetch-result";

const tensor = { dtype: "float32" as const, dims: [1, 3], data: Float32Array.from([0.25, -1, 3]) };
const bytes = encodeTensor(tensor);
const hex = Buffer.from(sha256(bytes)).toString("hex");

function records(resultRef: Uint8Array) {
  const query = inferenceState.InferenceQuery.fromPartial({
    id: 3n, shards: 2, replicas: 2,
    reveals: [
      { shard: 1, replica: 0, resultRef: new Uint8Array([9, 9]) }, // a losing replica's bytes must not be used
      { shard: 1, replica: 1, resultRef },
    ],
  });
  const verdict = inferenceState.Verdict.fromPartial({ queryId: 3n, resultReplica: 1, resultDigest: sha256(bytes) });
  return { query, verdict };
}

const store = (entries: Record<string, Uint8Array>) => ({ name: "test-store", getTensor: async (d: string) => entries[d] });

describe("fetchResult", () => {
  it("takes an inline result from the winning replica's reveal", async () => {
    const r = await fetchResult({ ...records(bytes), results: store({}) });
    expect(r.source).toBe("inline");
    expect(Array.from(r.tensor.data as Float32Array)).toEqual([0.25, -1, 3]);
  });

  it("reads a large result from the data plane under the verdict's digest", async () => {
    const r = await fetchResult({ ...records(new Uint8Array()), results: store({ [hex]: bytes }) });
    expect(r.source).toBe("test-store");
    expect(r.digestHex).toBe(hex);
  });

  it("refuses bytes that do not hash to the verdict's digest, before decoding them", async () => {
    const altered = Uint8Array.from(bytes);
    altered[altered.length - 1] ^= 0x40;
    const err = await fetchResult({ ...records(new Uint8Array()), results: store({ [hex]: altered }) }).catch((e) => e);
    expect(err).toBeInstanceOf(ResultDigestMismatchError);
    expect(err.details).toContain(hex);
  });

  it("says the result is gone when the data plane no longer has it", async () => {
    const err = await fetchResult({ ...records(new Uint8Array()), results: store({}) }).catch((e) => e);
    expect(err.code).toBe(ClientErrorCode.ResultUnavailable);
    expect(err.details).toMatch(/TTL/);
  });
});
