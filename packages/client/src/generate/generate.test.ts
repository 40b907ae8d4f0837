// generate's orchestration on a fake chain and a fake token stream: what the pay declares, what is streamed,
// which text wins when the stream and the verdict disagree, and the fee read from the settled escrow.
import { decodeTensor, encodeTensor } from "@nesa/crypto";
import { inferenceState, payforqueryState, payforqueryTx } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import type { DataPlane } from "../data-plane/data-plane";
import { ClientError } from "../errors/nesa-error";
import type { MsgPayForQueryEncodeObject } from "../modules/payforquery/messages";
import { FAKE_CHAIN_ID, fakeAssignment } from "../testing/fake-chain";
import { fakeTokenStream } from "../testing/fake-token-stream";
import { TOY_EOS, toyGenerationCodec } from "../testing/toy-generation-codec";
import { type GenerateDeps, generate } from "./generate";
import type { GeneratedToken } from "./token-stream";

const S = inferenceState.QueryStatus;
const codec = toyGenerationCodec();
const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const coin = (n: number) => ({ denom: "unes", amount: String(n) });

/** The miners generate `verified` (replica 0 streams `streamed` instead when given). */
function fakeNetwork(o: { verified: string; streamed?: string; stream?: boolean; kind?: inferenceState.ModelKind }) {
  const a = fakeAssignment({ queryId: 7n, shards: 2, replicas: 1 });
  const log: string[] = [];
  const sent: MsgPayForQueryEncodeObject[] = [];
  const uploads: Uint8Array[] = [];
  const stream = fakeTokenStream();
  const out = [...utf8(o.verified), TOY_EOS];
  const result = encodeTensor({ dtype: "int32", dims: [1, out.length], data: Int32Array.from(codec.encryptIds(out)) });
  let polls = 0;
  const queryAt = () => {
    polls++;
    if (polls < 2) return { ...a.query, status: S.QUERY_STATUS_PAID, seats: [], assignedHeight: 0n };
    if (polls < 4) return a.query;
    const verdict = inferenceState.Verdict.fromPartial({
      queryId: 7n, status: S.QUERY_STATUS_FINALIZED, resultReplica: 0, resultDigest: sha256(result), height: 20n, generatedTokens: out.length,
      seats: a.query.seats.map((s) => ({ shard: s.shard, replica: s.replica, miner: s.miner, outcome: 1 })),
    });
    return { ...a.query, status: S.QUERY_STATUS_FINALIZED, verdict, reveals: [{ shard: 1, replica: 0, resultRef: result } as inferenceState.Reveal] };
  };
  const dataPlane: DataPlane = {
    name: "fake",
    putInput: async () => {},
    putInputByDigest: async (digest, body) => {
      log.push(`upload ${digest.slice(0, 8)}`);
      uploads.push(body);
    },
    getTensor: async () => undefined,
  };
  const escrow = payforqueryState.Escrow.fromPartial({
    queryId: 7n, status: payforqueryState.EscrowStatus.ESCROW_STATUS_SETTLED, fee: { total: coin(5000) },
    minerPayouts: [{ recipient: "m0", amount: coin(1500) }, { recipient: "m1", amount: coin(1500) }], ownerPayout: coin(300), communityPool: coin(1100), refunded: coin(600),
    generatedTokens: out.length,
  });
  const deps: GenerateDeps = {
    chainId: FAKE_CHAIN_ID,
    sender: "nesa1user",
    dataPlane,
    generationCodecFor: () => codec,
    ...(o.stream === false ? {} : { tokenStream: stream }),
    queries: {
      inference: {
        model: async () => inferenceState.Model.fromPartial({ id: "toy-lm", minReplicas: 1, kind: o.kind ?? inferenceState.ModelKind.MODEL_KIND_GENERATOR, contextLength: 64 }),
        query: async () => queryAt(),
        committee: async () => a.committee,
        verdict: async () => queryAt().verdict!,
      },
      payforquery: {
        estimateFee: async (_m: string, _b: number, _r: number, _p: number, g: { inputTokens: number; maxNewTokens: number }) => {
          log.push(`estimate ${g.inputTokens}+${g.maxNewTokens}`);
          return { total: coin(5000) };
        },
        escrow: async () => escrow,
      },
    } as unknown as GenerateDeps["queries"],
    pay: {
      send: async (msg) => {
        log.push("pay");
        sent.push(msg);
        // The "miners" of replica 0 start as soon as the pay lands: their tokens go to the stream.
        const streamed = [...utf8(o.streamed ?? o.verified), TOY_EOS];
        stream.push(...codec.encryptIds(streamed).map((token, step) => ({ step, token })));
        const value = payforqueryTx.MsgPayForQueryResponse.encode({ queryId: 7n, fee: coin(5000) }).finish();
        return { code: 0, codespace: "", log: "", height: 5n, txHash: "AB", events: [], msgResponse: { typeUrl: "/nesa.payforquery.v1.MsgPayForQueryResponse", value }, txMsgs: 1 };
      },
    },
  };
  return { deps, log, sent, uploads };
}

describe("generate (fake chain)", () => {
  it("pays for the encrypted prompt's tokens with the encrypted stop id, streams the text, and returns the verified one with its fees", async () => {
    const net = fakeNetwork({ verified: "ahoy, é!" });
    const tokens: GeneratedToken[] = [];
    const warnings: string[] = [];
    const r = await generate(net.deps, { model: "toy-lm", prompt: "Call me", maxTokens: 12, pollMs: 0, onToken: (t) => tokens.push(t), onWarning: (w) => warnings.push(w) });
    expect(r.text).toBe("ahoy, é!");
    expect(r.finishReason).toBe("stop");
    expect(r.streamedMatched).toBe(true);
    expect(tokens.map((t) => t.text).join("")).toBe("ahoy, é!");
    expect(tokens.every((t) => !t.verified)).toBe(true);
    expect(warnings).toEqual(["toy EE is weak"]);
    // The prompt went up by digest before the pay, and the pay commits to exactly those bytes.
    const digest = Buffer.from(sha256(net.uploads[0])).toString("hex");
    expect(net.log).toEqual([`upload ${digest.slice(0, 8)}`, "estimate 8+12", "pay"]);
    const msg = net.sent[0].value;
    expect(msg.inputCommitment).toEqual(sha256(net.uploads[0]));
    expect(msg).toMatchObject({ inputTokens: 8, maxNewTokens: 12, stopTokenId: codec.encryptIds([TOY_EOS])[0] });
    const prompt = decodeTensor(net.uploads[0]);
    expect(prompt.dtype).toBe("int32");
    expect(codec.decryptIds(Array.from(prompt.data as Int32Array))).toEqual([TOY_EOS, ...utf8("Call me")]);
    expect(r.fee).toMatchObject({ estimated: 5000n, escrowed: 5000n, paid: 4400n, refunded: 600n });
    expect(r.generatedTokens).toBe(utf8("ahoy, é!").length + 1);
    expect(r.verdict.generatedTokens).toBe(r.generatedTokens);
    expect(r.timings.firstToken).toBeGreaterThanOrEqual(0);
  });

  it("the verified text wins over a stream that differs, and onWarning says so", async () => {
    const net = fakeNetwork({ verified: "the truth", streamed: "a lie" });
    const warnings: string[] = [];
    let streamed = "";
    const r = await generate(net.deps, { model: "toy-lm", prompt: "x", maxTokens: 12, pollMs: 0, onToken: (t) => (streamed += t.text), onWarning: (w) => warnings.push(w) });
    expect(streamed).toBe("a lie");
    expect(r.text).toBe("the truth");
    expect(r.streamedMatched).toBe(false);
    expect(r.streamed).toMatchObject({ tokens: 5, text: "a lie" });
    expect(warnings.some((w) => /differs from the verified result/.test(w))).toBe(true);
  });

  it("keeps the stop id secret on request", async () => {
    const net = fakeNetwork({ verified: "ok" });
    await generate(net.deps, { model: "toy-lm", prompt: "x", maxTokens: 5, pollMs: 0, discloseStop: false });
    expect(net.sent[0].value.stopTokenId).toBeUndefined();
    expect(net.sent[0].value.maxNewTokens).toBe(5);
  });

  it("without a token stream hands on the verified tokens instead", async () => {
    const net = fakeNetwork({ verified: "ok", stream: false });
    const tokens: GeneratedToken[] = [];
    const r = await generate(net.deps, { model: "toy-lm", prompt: "x", maxTokens: 5, pollMs: 0, onToken: (t) => tokens.push(t) });
    expect(tokens.map((t) => [t.text, t.verified])).toEqual([["o", true], ["k", true]]);
    expect(r).toMatchObject({ streamedMatched: true, streamed: { tokens: 0 } });
    expect(r.timings.firstToken).toBeUndefined();
  });

  it("refuses a classifier model and HSS-EE before paying", async () => {
    const net = fakeNetwork({ verified: "ok", kind: inferenceState.ModelKind.MODEL_KIND_CLASSIFIER });
    await expect(generate(net.deps, { model: "toy-lm", prompt: "x", pollMs: 0 })).rejects.toThrow(/not a generator/);
    await expect(generate(net.deps, { model: "toy-lm", prompt: "x", privacy: "hss-ee", pollMs: 0 })).rejects.toBeInstanceOf(ClientError);
    expect(net.sent).toHaveLength(0);
  });
});
