import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadOnnx } from "../onnx/onnx-io";
import type { Manifest } from "../shard/manifest";
import { writeShards } from "../shard/manifest";
import { buildDecoderGraph, configFromOnnx } from "./decoder-graph";
import type { DecoderConfig } from "./decoder-config";
import { encryptDecoderWeights } from "./decoder-ee";
import { weightsFromOnnx } from "./decoder-weights";
import { generateLmEEKey, lmKeyCommitment } from "./lm-key";
import { BpeTokenizer } from "./tokenizer";
import { lmFiles } from "./tiny-lm";

export interface PrepareLmOptions {
  /** Folder with model.onnx, tokenizer.json, config.json. */
  modelDir: string;
  modelId: string;
  shards: number;
  out: string;
  /** With a path: fold a fresh EE key into the shards and write the key there (mode 0600). */
  keyOut?: string;
  /** Deterministic key (tests only). */
  keySeed?: string;
}

/**
 * Blocks per shard, as even as possible: shard 0 also carries the embeddings and the last shard the LM head.
 * @example blockRanges(4, 3) // [[0, 1], [1, 3], [3, 4]]
 */
export function blockRanges(nLayer: number, shards: number): [number, number][] {
  if (!Number.isInteger(shards) || shards < 1 || shards > nLayer) {
    throw new Error(`a decoder of ${nLayer} blocks can be cut into 1..${nLayer} shards at block boundaries, not ${shards}`);
  }
  return Array.from({ length: shards }, (_, i) => [Math.round((i * nLayer) / shards), Math.round(((i + 1) * nLayer) / shards)]);
}

/** model.onnx → (EE) → S block-range shards + manifest.json (with its `generator` section) + tokenizer.json. */
export function prepareLm(options: PrepareLmOptions): Manifest {
  const files = lmFiles(options.modelDir);
  const full = loadOnnx(files.model);
  const config: DecoderConfig = configFromOnnx(full);
  let weights = weightsFromOnnx(full);
  let ee: Manifest["ee"];
  if (options.keyOut) {
    const tokenizer = BpeTokenizer.fromFile(files.tokenizer);
    const key = generateLmEEKey(options.modelId, config, Object.fromEntries(tokenizer.specialIds), options.keySeed === undefined ? {} : { seed: options.keySeed });
    weights = encryptDecoderWeights(weights, config, key);
    mkdirSync(dirname(options.keyOut), { recursive: true });
    writeFileSync(options.keyOut, `${JSON.stringify(key)}\n`, { mode: 0o600 });
    ee = { scheme: key.scheme, keyCommitment: Buffer.from(lmKeyCommitment(key)).toString("hex") };
  }
  const blocks = blockRanges(config.nLayer, options.shards);
  const models = blocks.map(([firstBlock, endBlock], i) =>
    buildDecoderGraph(weights, config, { firstBlock, endBlock, embed: i === 0, head: i === blocks.length - 1 }),
  );
  mkdirSync(options.out, { recursive: true });
  copyFileSync(files.tokenizer, join(options.out, "tokenizer.json"));
  const generator = {
    contextLength: config.nPositions,
    vocabSize: config.vocabSize,
    eosTokenId: config.eosTokenId,
    tokenizer: "tokenizer.json",
    blocks,
    dModel: config.nEmbd,
  };
  return writeShards(models, options.out, options.modelId, { ...(ee ? { ee } : {}), generator });
}
