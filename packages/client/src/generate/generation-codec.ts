// What `generate` needs to know about a decoder model, behind an interface so the SDK core stays browser-safe:
// the Node adapter (adapters/node/generation-codec.ts) implements it with @nesa/models/lm (BpeTokenizer from the
// model's public tokenizer.json, LmCipher from the client's EE key); a browser build would supply its own.
import type { ExposureReport } from "../infer/model-codec";

/**
 * Tokenizer and EE vocabulary permutation of one generator model, for one client key. Plain ids are the
 * tokenizer's; encrypted ids are what the EE-transformed shards read and the last shard's argmax yields.
 *
 * @example
 * const codec = createNodeGenerationCodec("tiny-lm", lmKey, BpeTokenizer.fromFile("tokenizer.json")); // adapters/node
 * codec.encryptIds([codec.bosId, ...codec.encode("Call me Ishmael.")]);
 */
export interface GenerationCodec {
  readonly modelId: string;
  /** Plain id prepended to every prompt (the trainer's `<|endoftext|>`). */
  readonly bosId: number;
  /** Plain id that ends a text (`<|endoftext|>`); the miners only ever see its encrypted form. */
  readonly eosId: number;
  /** Text → plain ids, no BOS. */
  encode(text: string): number[];
  /** Plain ids → UTF-8 bytes (special tokens dropped): the caller decides where characters end. */
  decodeBytes(ids: readonly number[]): Uint8Array;
  /** Plain ids → encrypted ids (the client's vocabulary permutation). */
  encryptIds(ids: readonly number[]): number[];
  /** Encrypted ids → plain ids. */
  decryptIds(ids: readonly number[]): number[];
  /** What EE on this model exposes to a miner (docs/security.md). */
  exposure(): ExposureReport;
}
