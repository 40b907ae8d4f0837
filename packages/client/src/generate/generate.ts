// One private generation end to end (PROTOCOL §10), in infer's order: tokenize and EE-encrypt the prompt → upload
// it by digest and pay for input_tokens + max_new_tokens → verify the committee against the VRF beacon → stream
// replica 0's tokens as the last shard's miner picks them (unverified) → wait for the verdict → fetch the agreed
// token ids, check their digest, decrypt → read the settled escrow (paid for the agreed length, the rest refunded).
// The verified text is the answer; the streamed one is compared with it and loses when they differ.
import { bytesToHex, encodeTensor } from "@nesa/crypto";
import { inferenceState, payforqueryState } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import type { QueryEventKind } from "../chain/query-events";
import { ClientError, ClientErrorCode, HssUnavailableError, PrivacyRefusedError } from "../errors/nesa-error";
import { fetchResult } from "../infer/fetch-result";
import { type InferDeps, type InferProgress, type InferReturnType, type InferVerdict, inferVerdictOf } from "../infer/infer";
import type { VerdictProof } from "../receipt/light-client";
import type { ExposureReport, PrivacyMode } from "../infer/model-codec";
import { payForQuery } from "../infer/pay-for-query";
import { verifyAssignment } from "../infer/verify-assignment";
import { type QueryStep, stepOf, waitForQuery } from "../infer/wait-for-query";
import { decodeGeneratedOutput, sameIds } from "./generated-output";
import type { GenerationCodec } from "./generation-codec";
import { preparePrompt } from "./prepare-prompt";
import { type SettledFee, settledFee } from "./settled-fee";
import { type FollowedTokens, type GeneratedToken, type TokenStreamSource, followTokens } from "./token-stream";
import { TokenText } from "./token-text";

const { QueryStatus, ModelKind } = inferenceState;
const EVENT_STEP: Partial<Record<QueryEventKind, QueryStep>> = { committed: "committed", revealStarted: "revealed" };
/** The replica whose stream the client follows. */
const STREAM_REPLICA = 0;

export interface GenerateDeps extends Omit<InferDeps, "codecFor" | "hssShareSeats"> {
  readonly generationCodecFor: (modelId: string) => GenerationCodec;
  /** Where the miners' token streams are read; without it tokens are handed on only once verified. */
  readonly tokenStream?: TokenStreamSource;
}

export interface GenerateParameters {
  readonly model: string;
  readonly prompt: string;
  /** Tokens to generate at most (max_new_tokens; escrowed in full, the unused rest refunded). Default 32. */
  readonly maxTokens?: number;
  /** Only "ee": a decoder's input is token ids (HSS-EE has no linear first layer to split). */
  readonly privacy?: PrivacyMode;
  /** Default: the model's min_replicas. */
  readonly replicas?: number;
  /**
   * Tell the miners the encrypted end-of-text id so they stop there (default true). false keeps it secret: every
   * seat generates maxTokens and the text is cut at the end of text here (costs the full escrow).
   */
  readonly discloseStop?: boolean;
  /** Each token as it arrives (unverified, from replica 0's stream) or, without a stream, once verified. */
  readonly onToken?: (t: GeneratedToken) => void;
  readonly onProgress?: (p: InferProgress) => void;
  /** Weak privacy for this model, a stream that differs from the verified text, an unavailable stream. */
  readonly onWarning?: (message: string) => void;
  /** Most the chain may charge (unes); default: the current estimate. */
  readonly maxFee?: bigint;
  readonly timeoutBlocks?: bigint;
  readonly allowExposure?: boolean;
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  /** Upload the prompt only after the committee checks out (about one block slower). */
  readonly verifyBeforeUpload?: boolean;
}

export interface GenerateReturnType {
  /** The verified text (end of text stripped). */
  readonly text: string;
  /** Its plain token ids. */
  readonly tokens: readonly number[];
  /** "stop": the model ended the text; "length": maxTokens (or the context) ran out. */
  readonly finishReason: "stop" | "length";
  /** Tokens the miners generated and the chain paid for (the end of text, and with a secret stop id what follows it, included). */
  readonly generatedTokens: number;
  readonly prompt: { readonly tokens: number; readonly dropped: number };
  readonly queryId: bigint;
  readonly committee: InferReturnType["committee"];
  readonly verdict: InferVerdict & { readonly generatedTokens: number };
  readonly fee: SettledFee;
  readonly privacy: ExposureReport & { readonly mode: "ee" };
  readonly result: InferReturnType["result"];
  /** The streamed ids equal the verified ones (true when nothing was streamed); else onWarning said so. */
  readonly streamedMatched: boolean;
  readonly streamed: { readonly tokens: number; readonly text: string; readonly source?: string };
  /** The verdict's receipt checked against the chain's header, as in `infer` (present when the deps have `verifyVerdict`). */
  readonly proof?: VerdictProof;
  /**
   * Milliseconds: firstToken from the call to the first streamed token, perToken the mean gap between streamed
   * tokens (undefined without a stream), the steps as in `infer`, total to the verified answer.
   */
  readonly timings: {
    readonly encrypt: number; readonly pay: number; readonly assign: number; readonly firstToken?: number; readonly perToken?: number;
    readonly verdict: number; readonly fetch: number; readonly total: number;
  };
}

const bad = (msg: string, hint: string) => new ClientError(ClientErrorCode.InvalidArgument, msg, hint);

/**
 * Runs one private generation and verifies it.
 *
 * @example
 * const r = await generate(deps, { model: "tiny-lm", prompt: "Call me Ishmael.", maxTokens: 24, onToken: (t) => process.stdout.write(t.text) });
 * r.text; r.fee.refunded;
 */
export async function generate(deps: GenerateDeps, p: GenerateParameters): Promise<GenerateReturnType> {
  const t0 = Date.now();
  let mark = t0;
  const lap = () => {
    const now = Date.now();
    const d = now - mark;
    mark = now;
    return d;
  };
  const timeoutMs = p.timeoutMs ?? 120_000;
  const pollMs = p.pollMs ?? 250;
  const progress = p.onProgress ?? (() => {});
  const warn = p.onWarning ?? (() => {});
  if (p.privacy === "hss-ee") throw new HssUnavailableError("HSS-EE does not apply to generation", "a decoder's input is token ids, not a dense tensor to split into shares; use privacy \"ee\"");
  if (p.privacy !== undefined && p.privacy !== "ee") throw bad(`privacy must be "ee", got ${JSON.stringify(p.privacy)}`, 'privacy: "ee"');
  const codec = deps.generationCodecFor(p.model);
  const exposure = codec.exposure();
  if (exposure.rawInputToMiner && !p.allowExposure) throw new PrivacyRefusedError(exposure.message);
  if (exposure.level !== "ok") warn(exposure.message);

  const model = await deps.queries.inference.model(p.model);
  if (model.deprecated) throw new ClientError(ClientErrorCode.UnknownModel, `model ${p.model} is deprecated`, "pick another with `nesa models list`");
  if (model.kind !== ModelKind.MODEL_KIND_GENERATOR) {
    throw new ClientError(ClientErrorCode.UnknownModel, `model ${p.model} is not a generator`, "use infer for classifiers; `nesa models list` shows each model's kind");
  }
  const prompt = preparePrompt(codec, { prompt: p.prompt, maxTokens: p.maxTokens ?? 32, contextLength: model.contextLength });
  const body = encodeTensor(prompt.tensor);
  const stopTokenId = p.discloseStop === false ? undefined : codec.encryptIds([codec.eosId])[0];
  const encryptMs = lap();
  progress({ step: "encrypted", detail: `${prompt.inputTokens} prompt tokens${prompt.droppedTokens ? `, ${prompt.droppedTokens} dropped to fit the context` : ""}` });

  // Upload by digest while the fee is estimated: stored before the pay lands, so shard 0 starts in the assigning block.
  const putByDigest = deps.dataPlane.putInputByDigest;
  const early = putByDigest && !p.verifyBeforeUpload ? putByDigest.call(deps.dataPlane, bytesToHex(sha256(body)), body) : undefined;
  const replicas = p.replicas ?? Math.max(1, model.minReplicas);
  const generation = { inputTokens: prompt.inputTokens, maxNewTokens: prompt.maxNewTokens };
  const [estimate] = await Promise.all([deps.queries.payforquery.estimateFee(p.model, body.length, replicas, payforqueryState.Privacy.PRIVACY_EE, generation), early]);
  const estimated = BigInt(estimate.total?.amount ?? "0");
  const paid = await payForQuery(deps.pay, {
    sender: deps.sender, modelId: p.model, input: body, replicas, privacy: "ee", maxFee: p.maxFee ?? estimated, timeoutBlocks: p.timeoutBlocks,
    mayFail: p.maxFee !== undefined && p.maxFee < estimated, generation: { ...generation, ...(stopTokenId !== undefined ? { stopTokenId } : {}) },
  });
  const queryId = paid.queryId;
  const payMs = lap();
  progress({ step: "paid", queryId, detail: `${paid.fee} unes escrowed for ${prompt.inputTokens} + ${prompt.maxNewTokens} tokens × ${replicas}` });

  // Tokens may come before the committee is even read: follow the stream from now on.
  const stop = new AbortController();
  const source = deps.tokenStream;
  const streaming: Promise<FollowedTokens | undefined> = source
    ? followTokens({ source, queryId, replica: STREAM_REPLICA, codec, limit: prompt.maxNewTokens, signal: stop.signal, onToken: p.onToken }).catch((err: Error) => {
        warn(`token stream (${source.name}) unavailable: ${err.message}; the verified text comes with the verdict`);
        return undefined;
      })
    : Promise.resolve(undefined);

  let done: inferenceState.InferenceQuery;
  let checked: ReturnType<typeof verifyAssignment>;
  let assignMs: number;
  try {
    const getQuery = (id: bigint) => deps.queries.inference.query(id);
    const seen = new Set<QueryStep>(["paid"]);
    const step = (s: QueryStep) => {
      if (seen.has(s)) return;
      seen.add(s);
      progress({ step: s, queryId });
    };
    const onStatus = (q: inferenceState.InferenceQuery) => step(stepOf(q.status));
    const onEvent = (kind: QueryEventKind) => EVENT_STEP[kind] && step(EVENT_STEP[kind]);
    const { blocks, events } = deps;
    const assignMark = events?.height;
    const assigned = await waitForQuery({ queryId, getQuery, until: (q) => q.seats.length > 0, what: "a committee", timeoutMs, pollMs, onStatus, blocks, events, wakeOn: ["assigned", "failed"], onEvent });
    const [committee, proposerPubkeys] = await Promise.all([
      deps.queries.inference.committee(queryId),
      deps.validatorPubkeys ? deps.validatorPubkeys(assigned.assignedHeight) : undefined,
    ]);
    checked = verifyAssignment({ chainId: deps.chainId, query: assigned, committee, proposerPubkeys });
    assignMs = lap();
    progress({ step: "verified", queryId, detail: `beacon ${checked.beaconHeight}, ${checked.seats.length} seat(s)` });
    if (!early) await deps.dataPlane.putInput(queryId, body);
    progress({ step: "delivered", queryId, detail: early ? "by digest, before paying" : undefined });
    done = await waitForQuery({
      queryId, getQuery, until: (q) => q.status === QueryStatus.QUERY_STATUS_FINALIZED, what: "the verdict", timeoutMs, pollMs, onStatus, blocks, events,
      wakeOn: ["finalized", "failed"], after: assignMark, onEvent,
    });
  } finally {
    // Every token of the verdict's seats was appended before their commits: what the stream holds is all there is.
    stop.abort();
  }
  const streamed = await streaming;
  const verdict = done.verdict ?? (await deps.queries.inference.verdict(queryId));
  const verdictMs = lap();
  // As in infer: the receipt needs block H+1, so it is checked while the result is fetched.
  const proof = deps.verifyVerdict?.({ queryId, resultDigest: verdict.resultDigest, owner: done.owner, modelId: done.modelId, inputCommitment: done.inputCommitment });
  proof?.catch(() => undefined);

  const [result, escrow] = await Promise.all([fetchResult({ query: done, verdict, results: deps.dataPlane }), deps.queries.payforquery.escrow(queryId)]);
  const output = decodeGeneratedOutput(codec, result.tensor);
  const fee = settledFee(estimated, paid.fee, escrow);
  const fetchMs = lap();
  progress({ step: "fetched", queryId, detail: `${output.generated} tokens, ${result.bytes} bytes from ${result.source}` });

  let streamedMatched = true;
  if (streamed) {
    streamedMatched = sameIds(streamed.ids, output.ids);
    if (!streamedMatched) {
      warn(
        `the streamed text (replica ${STREAM_REPLICA}, unverified: ${streamed.ids.length} tokens) differs from the verified result (replica ${verdict.resultReplica}: ${output.ids.length} tokens); the verified text is the answer`,
      );
    }
  } else if (p.onToken) {
    // Nothing streamed: hand the verified tokens on instead.
    const text = new TokenText((ids) => codec.decodeBytes(ids));
    for (const [index, id] of output.ids.entries()) p.onToken({ text: text.push(id), id, index, verified: true });
  }
  const checkedProof = proof ? await proof : undefined;
  if (checkedProof) progress({ step: "receipt", queryId, detail: `verdict receipt: ${checkedProof.trust}, ${checkedProof.signedPower}/${checkedProof.totalPower} power` });
  const n = streamed?.ids.length ?? 0;
  const firstToken = streamed?.firstAt !== undefined ? streamed.firstAt - t0 : undefined;
  const perToken = streamed?.firstAt !== undefined && streamed.lastAt !== undefined && n > 1 ? (streamed.lastAt - streamed.firstAt) / (n - 1) : undefined;
  return {
    text: output.text,
    tokens: output.ids,
    finishReason: output.finishReason,
    generatedTokens: verdict.generatedTokens,
    prompt: { tokens: prompt.inputTokens, dropped: prompt.droppedTokens },
    queryId,
    committee: { seats: checked.seats, beaconHeight: checked.beaconHeight, seed: checked.seedHex, proposerPubkey: checked.proposerPubkeyHex, proposerChecked: checked.proposerChecked, verified: true },
    verdict: { ...inferVerdictOf(verdict), generatedTokens: verdict.generatedTokens },
    fee,
    privacy: { ...exposure, mode: "ee" },
    result: { digest: result.digestHex, source: result.source, bytes: result.bytes, verified: true },
    streamedMatched,
    streamed: { tokens: n, text: streamed?.text ?? "", ...(source ? { source: source.name } : {}) },
    ...(checkedProof ? { proof: checkedProof } : {}),
    timings: { encrypt: encryptMs, pay: payMs, assign: assignMs, firstToken, perToken, verdict: verdictMs, fetch: fetchMs, total: Date.now() - t0 },
  };
}
