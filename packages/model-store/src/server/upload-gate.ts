// Who may upload what. A blob comes in only for a named model: listed by that model's registration on chain (not
// deprecated), or, while the id is not registered, by an unexpired upload intent its owner signed. One upload of a
// blob at a time (a second one gets Conflict), so an append never races another.
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { BlobDir } from "../blob-dir";
import { ModelStoreCode, ModelStoreError } from "../errors";
import type { IntentLimits, IntentStore } from "../intent/intent-store";
import { checkIntentShape, MODEL_ID } from "../intent/upload-intent";
import { isSha256Hex } from "../sha256-hex";
import type { ModelRegistry } from "./registry";

/** What one collection dropped. */
export interface Collected {
  intents: string[];
  deletedBlobs: string[];
  /** Partial uploads nobody appended to for longer than the store's partialMaxAgeMs. */
  stalePartials: string[];
}

/** A blob the gate let in, and on whose strength. */
export interface Admission {
  modelId: string;
  sha256: string;
  sizeBytes: number;
  viaIntent: boolean;
}

const refuse = (msg: string, details?: string) => new ModelStoreError(ModelStoreCode.NotRegistered, msg, details);

export class UploadGate {
  private readonly busy = new Set<string>();

  constructor(
    readonly blobs: BlobDir,
    private readonly registry: ModelRegistry,
    /** Present when the registry can tell the chain's id and height (intents need them). */
    readonly intents: IntentStore | undefined,
    private readonly limits: IntentLimits,
  ) {}

  async admit(sha256: string, modelId: string | null): Promise<Admission> {
    if (!modelId || !MODEL_ID.test(modelId)) throw refuse("name the model: /blobs/<sha256>?model=<id>", "the blob must be a shard of that model's registration or of its owner's upload intent");
    const model = await this.registry(modelId);
    let sizeBytes: number;
    let viaIntent = false;
    if (model) {
      if (model.deprecated) throw refuse(`model ${modelId} is deprecated: no new blobs are accepted for it`);
      const entry = model.blobs.find((b) => b.sha256 === sha256);
      if (!entry) throw refuse(`refused: ${sha256} is not a shard of model ${modelId} (owner ${model.owner}); only registered shards are accepted`);
      sizeBytes = entry.sizeBytes;
    } else {
      const allowed = this.intents && this.registry.status ? await this.intents.allows(modelId, sha256, (await this.registry.status()).height) : undefined;
      if (!allowed) {
        throw refuse(
          `model ${modelId} is not registered on chain: broadcast MsgRegisterModel first, or POST /intents an upload intent of its owner listing ${sha256}`,
          "nesa-models publish signs the intent, uploads, then registers",
        );
      }
      sizeBytes = allowed.sizeBytes;
      viaIntent = true;
    }
    if (sizeBytes > this.limits.maxBlobBytes) throw new ModelStoreError(ModelStoreCode.TooLarge, `refused: the shard is ${sizeBytes} bytes, over this store's limit of ${this.limits.maxBlobBytes}`);
    return { modelId, sha256, sizeBytes, viaIntent };
  }

  /** Takes the blob's upload lock; the returned function releases it. */
  lock(sha256: string): () => void {
    if (this.busy.has(sha256)) throw new ModelStoreError(ModelStoreCode.Conflict, `another upload of ${sha256} is in progress`, "wait for it, then HEAD /uploads/<sha256> for the offset to resume from");
    this.busy.add(sha256);
    return () => this.busy.delete(sha256);
  }

  /** A blob is complete and renamed in: remember the intent that let it in (it is dropped with it unless registered). */
  async stored(a: Admission): Promise<void> {
    if (a.viaIntent) await this.intents?.admitted(a.modelId, a.sha256);
  }

  /** POST /intents: checks the shape, then the chain's id and height, the signature, limits and the id's owner. */
  async acceptIntent(body: unknown): Promise<{ modelId: string; owner: string; expiresHeight: number }> {
    if (!this.intents || !this.registry.status) throw new ModelStoreError(ModelStoreCode.BadIntent, "this store takes no upload intents", "start it with --rpc (it needs the chain's height)");
    const signed = checkIntentShape(body);
    const status = await this.registry.status();
    const registered = await this.registry(signed.intent.modelId);
    await this.intents.put(signed, { ...status, registered }, this.limits);
    return { modelId: signed.intent.modelId, owner: signed.intent.owner, expiresHeight: signed.intent.expiresHeight };
  }

  /** Drops expired intents and what only they let in, and partial uploads idle for longer than `partialMaxAgeMs`. */
  async collect(partialMaxAgeMs: number): Promise<Collected> {
    let dropped = { intents: [] as string[], deletedBlobs: [] as string[] };
    if (this.intents && this.registry.status && this.registry.listedBlobs) {
      const { height } = await this.registry.status();
      dropped = await this.intents.collect(height, await this.registry.listedBlobs());
    }
    return { ...dropped, stalePartials: await this.sweepPartials(partialMaxAgeMs) };
  }

  /** An abandoned upload (of a registered model too) must not hold disk forever; wall-clock age is fine off chain. */
  private async sweepPartials(maxAgeMs: number): Promise<string[]> {
    const dir = join(this.blobs.root, ".partial");
    const names = await readdir(dir).catch(() => [] as string[]);
    const out: string[] = [];
    for (const name of names) {
      if (!isSha256Hex(name) || this.busy.has(name)) continue;
      const s = await stat(join(dir, name)).catch(() => undefined);
      if (!s || Date.now() - s.mtimeMs <= maxAgeMs) continue;
      await rm(join(dir, name), { force: true });
      out.push(name);
    }
    return out;
  }
}
