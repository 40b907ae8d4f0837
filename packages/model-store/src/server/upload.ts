// PUT /blobs/<sha256>?model=<id>: the model store's only write path. A blob is accepted only when the chain lists
// its sha256 as a shard (or HSS stage) of that registered, non-deprecated model, and its bytes are exactly the
// registered size and hash to it. The owner's signed MsgRegisterModel is what decides which bytes may come in.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import type { BlobDir } from "../blob-dir";

/** What the store needs to know about a model on chain. */
export interface RegisteredModel {
  owner: string;
  deprecated: boolean;
  /** Shards and HSS stages: the blobs miners will fetch. */
  blobs: { sha256: string; sizeBytes: number }[];
}

/** Looks a model up on chain; undefined when it is not registered. */
export type ModelRegistry = (modelId: string) => Promise<RegisteredModel | undefined>;

export interface UploadResult {
  status: number;
  body: string;
}

const MODEL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Checks the request against the chain, then streams the body to a temporary file, hashing it, and renames it in. */
export async function handleUpload(blobs: BlobDir, registry: ModelRegistry, maxBytes: number, sha256: string, modelId: string | null, req: IncomingMessage): Promise<UploadResult> {
  if (!modelId || !MODEL_ID.test(modelId)) return { status: 400, body: "name the model: PUT /blobs/<sha256>?model=<id> (register it first with MsgRegisterModel)\n" };
  const model = await registry(modelId);
  if (!model) return { status: 403, body: `model ${modelId} is not registered on chain: broadcast MsgRegisterModel first (nesa-models publish does)\n` };
  if (model.deprecated) return { status: 403, body: `model ${modelId} is deprecated: no new blobs are accepted for it\n` };
  const entry = model.blobs.find((b) => b.sha256 === sha256);
  if (!entry) return { status: 403, body: `refused: ${sha256} is not a shard of model ${modelId} (owner ${model.owner}); only registered shards are accepted\n` };
  if (entry.sizeBytes > maxBytes) return { status: 413, body: `refused: the shard is ${entry.sizeBytes} bytes, over this store's limit of ${maxBytes}\n` };
  const declared = Number(req.headers["content-length"]);
  if (req.headers["content-length"] !== undefined && declared !== entry.sizeBytes) {
    return { status: 400, body: `refused: content-length ${declared}, but the registered shard is ${entry.sizeBytes} bytes\n` };
  }
  if ((await blobs.sizeOf(sha256)) === entry.sizeBytes) {
    req.resume();
    return { status: 200, body: "already stored\n" };
  }
  await mkdir(blobs.root, { recursive: true });
  const tmp = join(blobs.root, `.upload-${randomBytes(6).toString("hex")}`);
  const hash = createHash("sha256");
  let size = 0;
  try {
    const out = createWriteStream(tmp);
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > entry.sizeBytes) {
        out.destroy();
        req.resume();
        return { status: 413, body: `refused: more than the registered ${entry.sizeBytes} bytes\n` };
      }
      hash.update(chunk as Buffer);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const got = hash.digest("hex");
    if (got !== sha256 || size !== entry.sizeBytes) return { status: 400, body: `refused: the body hashes to ${got} (${size} bytes), not ${sha256}\n` };
    await rename(tmp, blobs.pathOf(sha256));
    return { status: 201, body: "stored\n" };
  } finally {
    await rm(tmp, { force: true });
  }
}
