// infer's orchestration on a fake chain: what is sent, in which order, and what is never sent when a check fails.
import { type Tensor, decodeTensor, encodeTensor } from "@nesa/crypto";
import { inferenceState, payforqueryTx } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import type { DataPlane } from "../data-plane/data-plane";
import { CommitteeMismatchError, HssUnavailableError, PrivacyRefusedError } from "../errors/nesa-error";
import type { MsgPayForQueryEncodeObject } from "../modules/payforquery/messages";
import { FAKE_CHAIN_ID, fakeAssignment } from "../testing/fake-chain";
import { type InferDeps, infer } from "./infer";
import type { ExposureReport, ModelCodec } from "./model-codec";

const S = inferenceState.QueryStatus;

/** "EE" here adds 100 to every element; decode returns the first element. */
function codec(level: ExposureReport["level"] = "ok"): ModelCodec<number, number> {
  const map = (t: Tensor, f: (x: number) => number): Tensor => ({ dtype: "float32", dims: [...t.dims], data: Float32Array.from(t.data as Float32Array, f) });
  return {
    modelId: "toy",
    prepare: (x) => ({ dtype: "float32", dims: [1, 2], data: Float32Array.from([x, x]) }),
    encrypt: (t) => map(t, (v) => v + 100),
    decrypt: (t) => map(t, (v) => v - 100),
    decode: (t) => (t.data as Float32Array)[0],
    exposure: () => ({ level, rawInputToMiner: level === "refuse", message: `exposure ${level}` }),
    splitShares: (t) => [t, t],
  };
}

function fakeNetwork(opts: { tamperCommittee?: boolean; level?: ExposureReport["level"]; byDigest?: boolean } = {}) {
  const a = fakeAssignment({ queryId: 7n, shards: 2, replicas: 1 });
  if (opts.tamperCommittee) a.committee.seed = new Uint8Array(32).fill(1);
  const log: string[] = [];
  const sent: MsgPayForQueryEncodeObject[] = [];
  const uploads: Uint8Array[] = [];
  let polls = 0;
  let result: Uint8Array | undefined;
  const queryAt = () => {
    polls++;
    if (polls < 2) return { ...a.query, status: S.QUERY_STATUS_PAID, seats: [], assignedHeight: 0n };
    if (uploads.length === 0) return a.query;
    // The "miners": output = encrypted input × 1 (identity model), revealed inline by replica 0 of the last shard.
    result ??= encodeTensor(decodeTensor(uploads[0]));
    const verdict = inferenceState.Verdict.fromPartial({ queryId: 7n, status: S.QUERY_STATUS_FINALIZED, resultReplica: 0, resultDigest: sha256(result), height: 20n, seats: a.query.seats.map((s) => ({ shard: s.shard, replica: s.replica, miner: s.miner, outcome: 1 })) });
    return { ...a.query, status: S.QUERY_STATUS_FINALIZED, verdict, reveals: [{ shard: 1, replica: 0, resultRef: result } as inferenceState.Reveal] };
  };
  const dataPlane: DataPlane = {
    name: "fake",
    putInput: async (id, body) => {
      log.push(`upload ${id}`);
      uploads.push(body);
    },
    getTensor: async () => undefined,
    ...(opts.byDigest
      ? {
          putInputByDigest: async (digest: string, body: Uint8Array) => {
            log.push(`upload ${digest.slice(0, 8)}`);
            uploads.push(body);
          },
        }
      : {}),
  };
  const deps: InferDeps = {
    chainId: FAKE_CHAIN_ID,
    sender: "nesa1user",
    dataPlane,
    codecFor: () => codec(opts.level) as ModelCodec,
    queries: {
      inference: {
        model: async () => inferenceState.Model.fromPartial({ id: "toy", minReplicas: 1 }),
        query: async () => queryAt(),
        committee: async () => {
          log.push("committee");
          return a.committee;
        },
        verdict: async () => queryAt().verdict!,
      },
      payforquery: { estimateFee: async () => ({ total: { denom: "unes", amount: "4200" } }) },
    } as unknown as InferDeps["queries"],
    pay: {
      send: async (msg) => {
        log.push("pay");
        sent.push(msg);
        const value = payforqueryTx.MsgPayForQueryResponse.encode({ queryId: 7n, fee: { denom: "unes", amount: "4100" } }).finish();
        return { code: 0, codespace: "", log: "", height: 5n, txHash: "AB", events: [], msgResponse: { typeUrl: "/nesa.payforquery.v1.MsgPayForQueryResponse", value }, txMsgs: 1 };
      },
    },
  };
  return { deps, log, sent, uploads };
}

describe("infer (fake chain)", () => {
  it("pays for the exact bytes it uploads, uploads only after the committee checks out, and decrypts the agreed result", async () => {
    const net = fakeNetwork();
    const r = await infer<number, number>(net.deps, { model: "toy", input: 3, pollMs: 0 });
    expect(r.output).toBe(3);
    expect(net.log).toEqual(["pay", "committee", "upload 7"]);
    const msg = net.sent[0].value;
    expect(msg.inputCommitment).toEqual(sha256(net.uploads[0]));
    expect(msg.inputBytes).toBe(BigInt(net.uploads[0].length));
    expect(msg.maxFee).toEqual({ denom: "unes", amount: "4200" }); // default cap = the estimate
    expect(Array.from(decodeTensor(net.uploads[0]).data as Float32Array)).toEqual([103, 103]); // never the plaintext
    expect(r.fee).toEqual({ estimated: 4200n, paid: 4100n, denom: "unes" });
    expect(r.verdict.seats.every((s) => s.outcome === "agreed")).toBe(true);
  });

  it("with a data plane that takes inputs by digest, uploads the committed bytes before paying", async () => {
    const net = fakeNetwork({ byDigest: true });
    const r = await infer<number, number>(net.deps, { model: "toy", input: 3, pollMs: 0 });
    expect(r.output).toBe(3);
    const digest = Buffer.from(sha256(net.uploads[0])).toString("hex");
    expect(net.log).toEqual([`upload ${digest.slice(0, 8)}`, "pay", "committee"]);
    expect(net.sent[0].value.inputCommitment).toEqual(sha256(net.uploads[0]));
    // verifyBeforeUpload keeps the old order: the committee checks out first.
    const strict = fakeNetwork({ byDigest: true });
    await infer<number, number>(strict.deps, { model: "toy", input: 3, pollMs: 0, verifyBeforeUpload: true });
    expect(strict.log).toEqual(["pay", "committee", "upload 7"]);
  });

  it("never uploads the input when the committee does not re-derive from the beacon", async () => {
    const net = fakeNetwork({ tamperCommittee: true });
    await expect(infer(net.deps, { model: "toy", input: 3, pollMs: 0 })).rejects.toBeInstanceOf(CommitteeMismatchError);
    expect(net.uploads).toHaveLength(0);
  });

  it("refuses a mode that hands the raw input to a miner before paying, unless allowed; warns on weak ones", async () => {
    const refuse = fakeNetwork({ level: "refuse" });
    await expect(infer(refuse.deps, { model: "toy", input: 3, pollMs: 0 })).rejects.toBeInstanceOf(PrivacyRefusedError);
    expect(refuse.log).toEqual([]);
    const allowed = fakeNetwork({ level: "refuse" });
    const warnings: string[] = [];
    await infer(allowed.deps, { model: "toy", input: 3, pollMs: 0, allowExposure: true, onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual(["exposure refuse"]);
  });

  it("refuses HSS-EE before paying while the network cannot route shares", async () => {
    const net = fakeNetwork();
    await expect(infer(net.deps, { model: "toy", input: 3, privacy: "hss-ee", pollMs: 0 })).rejects.toBeInstanceOf(HssUnavailableError);
    expect(net.log).toEqual([]);
  });
});
