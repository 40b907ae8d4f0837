// A generation's input (PROTOCOL §10): the prompt tokenized with the model's public tokenizer, led by the BOS id
// as the trainer feeds every text, trimmed to what the context leaves after the tokens asked for (the oldest
// tokens go: a continuation depends on the end of the prompt), then EE-encrypted id by id. Shard 0's miner
// receives exactly this int32 [1, P] tensor; P is what the pay declares as input_tokens.
import type { Tensor } from "@nesa/crypto";
import { ClientError, ClientErrorCode } from "../errors/nesa-error";
import type { GenerationCodec } from "./generation-codec";

export interface PreparePromptParameters {
  readonly prompt: string;
  /** Tokens to generate at most (max_new_tokens). */
  readonly maxTokens: number;
  /** The model's context length (x/inference Model.context_length): prompt + generated tokens fit in it. */
  readonly contextLength: number;
}

export interface PreparedPrompt {
  /** BOS + the prompt tokens kept, plain. */
  readonly plainIds: readonly number[];
  /** The same ids under the client's key. */
  readonly encryptedIds: readonly number[];
  /** int32 [1, P] of the encrypted ids: the query's EE input. */
  readonly tensor: Tensor;
  /** P (MsgPayForQuery.input_tokens). */
  readonly inputTokens: number;
  readonly maxNewTokens: number;
  /** Prompt tokens dropped from the front to fit the context. */
  readonly droppedTokens: number;
}

const bad = (msg: string, hint: string) => new ClientError(ClientErrorCode.InvalidArgument, msg, hint);

/**
 * Tokenizes, trims and encrypts a prompt.
 *
 * @example
 * const p = preparePrompt(codec, { prompt: "Call me Ishmael.", maxTokens: 24, contextLength: 128 });
 * p.inputTokens; // 10: BOS + 9 tokens
 */
export function preparePrompt(codec: GenerationCodec, p: PreparePromptParameters): PreparedPrompt {
  if (typeof p.prompt !== "string") throw bad("prompt must be a string", 'e.g. prompt: "Call me Ishmael."');
  const C = p.contextLength;
  if (!Number.isInteger(C) || C < 2) throw bad(`the model's context length ${C} leaves no room for a generation`, "is this a generator model? see `nesa models list`");
  if (!Number.isInteger(p.maxTokens) || p.maxTokens < 1 || p.maxTokens > C - 1) {
    throw bad(`maxTokens must be an integer in 1..${C - 1} (the context length ${C} minus the BOS token), got ${p.maxTokens}`, "e.g. maxTokens: 24 (CLI: --max-tokens 24)");
  }
  const tokens = codec.encode(p.prompt);
  // Room for BOS + the prompt: what the context leaves after maxTokens.
  const keep = Math.min(tokens.length, C - p.maxTokens - 1);
  const plainIds = [codec.bosId, ...tokens.slice(tokens.length - keep)];
  const encryptedIds = codec.encryptIds(plainIds);
  return {
    plainIds,
    encryptedIds,
    tensor: { dtype: "int32", dims: [1, encryptedIds.length], data: Int32Array.from(encryptedIds) },
    inputTokens: plainIds.length,
    maxNewTokens: p.maxTokens,
    droppedTokens: tokens.length - keep,
  };
}
