// What `infer` needs to know about a model, behind an interface so the SDK core stays free of Node-only code:
// the Node adapter (adapters/node/model-codecs.ts) implements it with @nesa/models (which uses node:crypto and
// onnxruntime); a browser build would supply its own.
import type { Tensor } from "@nesa/crypto";

export type PrivacyMode = "ee" | "hss-ee";

/** What a privacy mode exposes for one model (from @nesa/models privacyExposure, docs/security.md). */
export interface ExposureReport {
  /** A miner is handed the plaintext input itself. */
  readonly rawInputToMiner: boolean;
  /** refuse: raw input to a miner; warn: recoverable with public weights; ok: no known recovery. */
  readonly level: "refuse" | "warn" | "ok";
  /** One line to show the user. */
  readonly message: string;
}

/**
 * Pre/post-processing and the EE transform of one model, for one client key.
 *
 * @example
 * const codec = createNodeModelCodec("lande", eeKey);   // adapters/node
 * const x = codec.encrypt(codec.prepare("Bonjour à tous"));
 */
export interface ModelCodec<I = unknown, O = unknown> {
  readonly modelId: string;
  /** Plaintext user input → the model's float32 input tensor (lande: text → 620 features; OCR: PNG → [1,3,48,W]). */
  prepare(input: I): Tensor;
  /** EE-encrypts an input tensor with the client's key. */
  encrypt(input: Tensor): Tensor;
  /** Undoes EE on the final output. */
  decrypt(output: Tensor): Tensor;
  /** Decrypted output → the answer (lande: language code; OCR: text). */
  decode(output: Tensor): O;
  exposure(mode: PrivacyMode): ExposureReport;
  /** Two additive shares of an encrypted input (HSS-EE); share0 + share1 = input. */
  splitShares(input: Tensor): [Tensor, Tensor];
}
