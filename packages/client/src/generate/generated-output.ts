// The verified side of a generation: the agreed result is the last shard's int32 [1, n] tensor of encrypted token
// ids (n = the verdict's generated_tokens, the end-of-text id included when the miners stopped at it). Decrypted
// and cut at the first end of text — a query that kept the stop id secret runs the full max_new_tokens, past it.
import type { Tensor } from "@nesa/crypto";
import { ClientError, ClientErrorCode } from "../errors/nesa-error";
import type { GenerationCodec } from "./generation-codec";

export interface GeneratedOutput {
  /** Plain ids of the text (up to the first end of text, which is not included). */
  readonly ids: readonly number[];
  readonly text: string;
  /** "stop": the model ended the text; "length": it ran out of tokens (max_new_tokens or the context). */
  readonly finishReason: "stop" | "length";
  /** Every id the miners generated (n), the end of text and anything after it included. */
  readonly generated: number;
}

/**
 * @example
 * const { text, finishReason } = decodeGeneratedOutput(codec, result.tensor);
 */
export function decodeGeneratedOutput(codec: GenerationCodec, tensor: Tensor): GeneratedOutput {
  if ((tensor.dtype !== "int32" && tensor.dtype !== "int64") || tensor.dims.length !== 2 || tensor.dims[0] !== 1) {
    throw new ClientError(ClientErrorCode.ResultUnavailable, "the agreed result is not a generation's token ids", `expected an int32 [1, n] tensor, got ${tensor.dtype} [${tensor.dims}]`);
  }
  const encrypted = Array.from(tensor.data as ArrayLike<number | bigint>, Number);
  let plain: number[];
  try {
    plain = codec.decryptIds(encrypted);
  } catch (err) {
    throw new ClientError(ClientErrorCode.ResultUnavailable, "the agreed result holds ids outside the vocabulary", (err as Error).message, err);
  }
  const eos = plain.indexOf(codec.eosId);
  const ids = eos < 0 ? plain : plain.slice(0, eos);
  return { ids, text: new TextDecoder().decode(codec.decodeBytes(ids)), finishReason: eos < 0 ? "length" : "stop", generated: plain.length };
}

/** Whether the streamed ids are exactly the verified ones. */
export function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
