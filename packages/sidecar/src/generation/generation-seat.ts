// One seat's part of a generation (PROTOCOL §10): the decoding loop among the seats of one replica pipeline.
// The prompt pass travels like any query — shard 0's job carries the prompt, each later seat's job the previous
// seat's hidden state by digest — and every later step goes through the seats' inboxes (StepHandoff): a hidden
// state down the pipeline, the last shard's (EE-permuted) argmax back to shard 0, which embeds it as it is.
// Each seat keeps its own blocks' KV cache here, in memory, for as long as the loop runs; the cache is gone when
// the job ends (verdict or not). A seat that waits longer than the step timeout gives up: its job fails without
// a commit and the chain's timeout refunds the query — a stalled pipeline never hangs.
import type { InferenceSession } from "onnxruntime-node";
import type { JobCoords } from "@nesa/data-plane";
import { type KvCache, type ShardStepInput, argmax, emptyKvCacheFor, runShardStep } from "@nesa/models/lm";
import { SidecarCode, SidecarError } from "../errors";
import type { Tensor } from "../tensor/tensor-codec";
import type { KvBudget } from "./kv-budget";
import type { StepHandoff } from "./step-handoff";
import type { StepMessage } from "./step-message";

export type GenerationParams = {
  /** Tokens in the prompt (what the pay declared). */
  inputTokens: number;
  maxNewTokens: number;
  /** The (EE-permuted) id that ends the text, if the client disclosed it; else exactly maxNewTokens are made. */
  stopTokenId?: number;
  contextLength: number;
};

export type GenerationSeatDeps = {
  handoff: StepHandoff;
  budget: KvBudget;
  /** Longest wait for the next step before the seat gives up. */
  stepTimeoutMs: number;
  /** The first hand-off goes as a job (the next seat may not be listening yet): store it and enqueue. */
  startNext: (firstHidden: Tensor) => Promise<void>;
  /** The last shard publishes each token as it is picked, for clients that stream (unverified until the verdict). */
  publishToken: (step: number, id: number) => Promise<void>;
  /** How the last shard picks the next token from the argmax (greedy: the argmax itself). */
  pickToken?: (argmax: number, vocabSize: number) => number;
};

export type GenerationSeatResult = {
  /** What the seat commits to: every hidden state it produced [1, T, D], or the last shard's token ids [1, n]. */
  output: Tensor;
  /** Tokens generated (the last shard's count; 0 for other seats). */
  outputTokens: number;
};

export async function runGenerationSeat(
  deps: GenerationSeatDeps,
  seat: JobCoords & { shards: number },
  session: InferenceSession,
  params: GenerationParams,
  firstInput: Tensor,
): Promise<GenerationSeatResult> {
  const first = seat.shard === 0;
  const last = seat.shard === seat.shards - 1;
  const at = (shard: number): JobCoords => ({ queryId: seat.queryId, shard, replica: seat.replica });
  let cache: KvCache = emptyKvCacheFor(session);
  const release = deps.budget.reserve(session, params.contextLength, `seat ${seat.queryId}/${seat.shard}/${seat.replica}`);
  const hidden: Float32Array[] = [];
  const tokens: number[] = [];
  let width = 0;
  // Hand-offs are not awaited before this seat starts waiting for its next step: the write and the wait overlap,
  // which saves a round trip per hop. A failed write surfaces here at the end (or as a stall meanwhile).
  const writes = new Set<Promise<unknown>>();
  let writeError: unknown;
  const handOn = (p: Promise<unknown>) => {
    writes.add(p);
    p.then(
      () => writes.delete(p),
      (err) => {
        writeError ??= err;
        writes.delete(p);
      },
    );
  };
  try {
    let input: ShardStepInput = first ? { ids: promptIds(firstInput, params) } : { hidden: floatInput(firstInput) };
    for (let step = 0; ; step++) {
      const result = await runShardStep(session, input, cache);
      cache = result.present;
      const out = result.output;
      if (last) {
        const V = out.dims[2];
        const S = out.dims[1];
        const best = argmax(out.data.subarray((S - 1) * V, S * V));
        const token = deps.pickToken ? deps.pickToken(best, V) : best;
        tokens.push(token);
        const done = token === params.stopTokenId || tokens.length >= params.maxNewTokens || params.inputTokens + tokens.length >= params.contextLength;
        const published = deps.publishToken(step, token);
        if (first) {
          await published;
          if (done) break;
          input = { ids: [token] };
          continue;
        }
        // Both writes leave in one round trip: the token back to shard 0 does not wait for the stream's reply.
        handOn(published);
        handOn(deps.handoff.send(at(0), done ? { kind: "end", step } : { kind: "token", step, id: token }));
        if (done) break;
      } else {
        width = out.dims[2];
        hidden.push(out.data);
        const dims: [number, number, number] = [1, out.dims[1], width];
        if (step === 0) await deps.startNext({ dtype: "float32", dims, data: out.data });
        else handOn(deps.handoff.send(at(seat.shard + 1), { kind: "hidden", step, dims, data: out.data }));
      }
      const next = await wait(deps, at(seat.shard), () => writeError);
      if (next.kind === "end") {
        // The end travels from the last shard to shard 0 and on down to the seat before the last.
        if (seat.shard + 1 < seat.shards - 1) await deps.handoff.send(at(seat.shard + 1), next);
        break;
      }
      input = next.kind === "token" ? { ids: [expectFirst(first, next).id] } : { hidden: { dims: [...next.dims], data: next.data } };
    }
    await Promise.allSettled([...writes]);
    if (writeError) throw writeError;
  } finally {
    release();
  }
  if (last) return { output: { dtype: "int32", dims: [1, tokens.length], data: Int32Array.from(tokens) }, outputTokens: tokens.length };
  const rows = hidden.reduce((n, h) => n + h.length / width, 0);
  const all = new Float32Array(rows * width);
  let offset = 0;
  for (const h of hidden) {
    all.set(h, offset);
    offset += h.length;
  }
  return { output: { dtype: "float32", dims: [1, rows, width], data: all }, outputTokens: 0 };
}

async function wait(deps: GenerationSeatDeps, self: JobCoords, writeError: () => unknown): Promise<StepMessage> {
  const message = await deps.handoff.receive(self, deps.stepTimeoutMs);
  if (writeError()) throw writeError();
  if (!message) {
    throw new SidecarError(SidecarCode.GenerationStalled, `generation ${self.queryId}/${self.replica} stalled at shard ${self.shard}`, `no step arrived within ${deps.stepTimeoutMs} ms; the query will time out and be refunded`);
  }
  return message;
}

function expectFirst(first: boolean, m: Extract<StepMessage, { kind: "token" }>) {
  if (!first) throw new SidecarError(SidecarCode.BadJob, "malformed decoding step hand-off", "a token reached a seat that is not shard 0");
  return m;
}

/** The prompt as shard 0 receives it: a [1, P] tensor of (EE-permuted) ids, P = the declared input_tokens. */
function promptIds(t: Tensor, params: GenerationParams): number[] {
  const ids = Array.from(t.data as ArrayLike<number | bigint>, Number);
  if (t.dims.length !== 2 || t.dims[0] !== 1 || ids.length !== params.inputTokens) {
    throw new SidecarError(SidecarCode.BadJob, "malformed prompt", `expected [1, ${params.inputTokens}] token ids, got dims [${t.dims}]`);
  }
  if (!ids.every((id) => Number.isInteger(id) && id >= 0)) throw new SidecarError(SidecarCode.BadJob, "malformed prompt", "token ids must be non-negative integers");
  return ids;
}

function floatInput(t: Tensor): { dims: number[]; data: Float32Array } {
  if (t.dtype !== "float32" || t.dims.length !== 3) throw new SidecarError(SidecarCode.BadJob, "malformed hidden state", `expected float32 [1, S, D], got ${t.dtype} [${t.dims}]`);
  return { dims: [...t.dims], data: t.data as Float32Array };
}
