// What `nesa-models publish` registers, read from a prepare manifest and the owner's options, all checked before
// anything is uploaded or broadcast: each file against its sha256 and size, the prices, and for a generator (a
// manifest with a `generator` section) its per-token prices, context length and end-of-text id.
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { hashFile } from "@nesa/model-store";
import { inferenceState } from "@nesa/proto-types";
import { ClientError, ClientErrorCode } from "../errors/nesa-error";

type TensorJson = { name: string; type: string; shape: (number | string)[] | null };
type Blob = { index?: number; file: string; sha256: string; sizeBytes: number; inputs: TensorJson[]; outputs: TensorJson[] };
export type ManifestJson = {
  model: string;
  name?: string;
  shards: Blob[];
  ee?: { scheme: string; keyCommitment: string };
  hss?: { share: Blob; combine: Blob };
  generator?: { contextLength: number; eosTokenId: number };
};

/** The owner's choices that go into MsgRegisterModel besides the manifest. */
export interface RegisterOptions {
  /** Per seat per replica: "1000unes" or "1000". */
  price: string;
  /** Generators only, required for them: per prompt token and per generated token, "IN,OUT" in unes ("1,4"). */
  tokenPrice?: string;
  /** Generators only: largest prompt + new tokens of a query (default and upper bound: the manifest's). */
  contextLength?: number;
  minReplicas?: number;
  version?: string;
  name?: string;
}

type Coin = { denom: string; amount: string };
const bad = (msg: string, hint: string) => new ClientError(ClientErrorCode.InvalidArgument, msg, hint);
const dims = (shape: (number | string)[] | null) => (shape ?? []).map((d) => (typeof d === "number" ? d : -1));
const spec = (t: TensorJson) => ({ name: t.name, type: t.type, shape: dims(t.shape) });
const onChain = (s: Blob, index: number) => ({ index, sha256: Buffer.from(s.sha256, "hex"), sizeBytes: BigInt(s.sizeBytes), inputs: s.inputs.map(spec), outputs: s.outputs.map(spec) });

function unes(value: string, what: string, hint: string): Coin {
  const m = /^(\d+)(unes)?$/.exec(value.trim());
  if (!m || /^0+$/.test(m[1])) throw bad(`${what} must be a positive amount of unes, got "${value}"`, hint);
  return { denom: "unes", amount: m[1].replace(/^0+/, "") };
}

function tokenPrice(value: string): { inputPrice: Coin; outputPrice: Coin } {
  const parts = value.split(",");
  const hint = "e.g. --token-price 1,4 (unes per prompt token, per generated token; per replica)";
  if (parts.length !== 2) throw bad(`--token-price takes IN,OUT, got "${value}"`, hint);
  return { inputPrice: unes(parts[0], "--token-price IN", hint), outputPrice: unes(parts[1], "--token-price OUT", hint) };
}

/** Checks the options against the manifest's kind and builds MsgRegisterModel's value. */
export function registerModelValue(owner: string, m: ManifestJson, o: RegisterOptions) {
  const price = unes(o.price, "--price", "e.g. --price 1000unes (per seat per replica)");
  const g = m.generator;
  if (!g && (o.tokenPrice !== undefined || o.contextLength !== undefined)) {
    throw bad(`${m.model} is a classifier: --token-price and --context-length are for generators`, "a classifier is priced per seat only (--price)");
  }
  if (g && o.tokenPrice === undefined) throw bad(`${m.model} is a generator: it needs --token-price IN,OUT`, "e.g. --token-price 1,4 (unes per prompt token, per generated token)");
  if (g && o.contextLength !== undefined && (!Number.isSafeInteger(o.contextLength) || o.contextLength < 1 || o.contextLength > g.contextLength)) {
    throw bad(`--context-length must be 1..${g.contextLength} (the model's), got ${o.contextLength}`, "a query's prompt + new tokens must fit the model's positions");
  }
  return {
    owner, modelId: m.model, name: o.name ?? m.name ?? m.model, version: o.version ?? "1",
    shards: m.shards.map((b, i) => onChain(b, b.index ?? i)),
    ee: { scheme: m.ee?.scheme, keyCommitment: Buffer.from(m.ee?.keyCommitment ?? "", "hex") },
    price, minReplicas: o.minReplicas ?? 1,
    hss: m.hss ? { share: onChain(m.hss.share, 0), combine: onChain(m.hss.combine, 0) } : undefined,
    ...(g && o.tokenPrice !== undefined
      ? { kind: inferenceState.ModelKind.MODEL_KIND_GENERATOR, tokenPrice: tokenPrice(o.tokenPrice), contextLength: o.contextLength ?? g.contextLength, eosTokenId: g.eosTokenId }
      : { kind: inferenceState.ModelKind.MODEL_KIND_CLASSIFIER }),
  };
}

/** Reads a manifest and checks every file against its sha256 and size. */
export async function readManifest(path: string): Promise<{ m: ManifestJson; files: Map<string, { file: string; sizeBytes: number }> }> {
  let m: ManifestJson;
  try {
    m = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `cannot read manifest ${path}`, "pass the manifest.json `nesa-models prepare` wrote", err);
  }
  if (!Array.isArray(m.shards) || m.shards.length === 0) throw bad(`${path} lists no shards`, "re-run nesa-models prepare");
  if (!m.ee) throw bad(`${path} has no ee section`, "prepare with --ee: the network only serves EE models (MsgRegisterModel needs ee.key_commitment)");
  const files = new Map<string, { file: string; sizeBytes: number }>();
  for (const b of [...m.shards, ...(m.hss ? [m.hss.share, m.hss.combine] : [])]) {
    const file = isAbsolute(b.file) ? b.file : join(dirname(path), b.file);
    const got = await hashFile(file);
    if (got.sha256 !== b.sha256 || got.sizeBytes !== b.sizeBytes) throw bad(`${file} hashes to ${got.sha256} (${got.sizeBytes} bytes), the manifest says ${b.sha256} (${b.sizeBytes})`, "re-run nesa-models prepare; do not edit shard files");
    files.set(b.sha256, { file, sizeBytes: b.sizeBytes });
  }
  return { m, files };
}
