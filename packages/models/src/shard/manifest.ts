import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { saveOnnx } from "../onnx/onnx-io";
import { type ModelProto, type ValueInfoProto, elemTypeName, toNumber } from "../onnx/proto";
import type { HssManifestSection } from "../hss/manifest";

/** A tensor at a shard boundary, as MsgRegisterModel's tensor specs carry it. */
export interface TensorSpec {
  name: string;
  /** onnxruntime's spelling: "float32", "int64", … */
  type: string;
  /** Numbers for fixed dims, strings for symbolic ones; null when the model declares no shape. */
  shape: (number | string)[] | null;
}

export interface ShardEntry {
  index: number;
  /** Path relative to the manifest's directory. */
  file: string;
  /** Hex SHA-256 of the file: miners refuse a shard whose bytes hash differently. */
  sha256: string;
  sizeBytes: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** DIR/manifest.json; maps field for field onto MsgRegisterModel.shards (+ ee). */
export interface Manifest {
  model: string;
  /** Human-readable name, for a model prepared with `prepare --onnx --name` (what `publish` registers). */
  name?: string;
  shards: ShardEntry[];
  /** Present when the shards are EE-transformed: the scheme and the commitment to the key. */
  ee?: { scheme: string; keyCommitment: string };
  /** Present when prepared with --hss: the HSS-EE share and combine stages (writeHssStages). */
  hss?: HssManifestSection;
  /** Present for a generator (decoder) model: what the chain's Model and the client need to drive decoding. */
  generator?: GeneratorManifestSection;
}

/** A decoder model's shards: which blocks each computes, and the token-level facts of the model. */
export interface GeneratorManifestSection {
  /** Tokens the model can see (prompt + generated). */
  contextLength: number;
  vocabSize: number;
  /** The plain end-of-text id; under EE the client takes the encrypted one from its key. */
  eosTokenId: number;
  /** The public tokenizer, relative to the manifest. */
  tokenizer: string;
  /** Blocks [first, end) of each shard, in order. */
  blocks: [number, number][];
  dModel: number;
}

/**
 * Write shard i as DIR/<modelId>.shard<i>.onnx and DIR/manifest.json; returns the manifest.
 * @example writeShards(extractShards(model, planShards(model, 2)), "out/ocr", "ocr-rec")
 */
export function writeShards(models: ModelProto[], dir: string, modelId: string, extra: Pick<Manifest, "name" | "ee" | "hss" | "generator"> = {}): Manifest {
  if (models.length === 0) throw new Error("writeShards: no shards to write");
  if (!/^[a-z0-9][a-z0-9-]*$/.test(modelId)) throw new Error(`writeShards: modelId "${modelId}" must be lower-case letters, digits and dashes`);
  mkdirSync(dir, { recursive: true });
  const shards = models.map((model, index) => {
    const bytes = saveOnnx(model);
    const file = `${modelId}.shard${index}.onnx`;
    writeFileSync(join(dir, file), bytes);
    return {
      index,
      file,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      sizeBytes: bytes.length,
      inputs: model.graph.input.filter((v) => !model.graph.initializer.some((t) => t.name === v.name)).map(tensorSpec),
      outputs: model.graph.output.map(tensorSpec),
    };
  });
  const { name, ...rest } = extra;
  const manifest: Manifest = { model: modelId, ...(name !== undefined ? { name } : {}), shards, ...rest };
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export function tensorSpec(info: ValueInfoProto): TensorSpec {
  const tensorType = info.type?.tensorType;
  if (!tensorType?.elemType) throw new Error(`writeShards: boundary tensor "${info.name}" has no element type; extract shards with extractShards`);
  const dims = tensorType.shape?.dim;
  return {
    name: info.name,
    type: elemTypeName(tensorType.elemType),
    shape: dims ? dims.map((d) => (d.dimParam ? d.dimParam : toNumber(d.dimValue))) : null,
  };
}
