// The store's pending upload intents, one per model id, as JSON files in `<root>/.intents/`. An intent lets its
// blobs in until its expiry height; after that `collect` drops it and deletes the blobs (and partial uploads) it let
// in that no registered model and no other live intent lists (a model never registered leaves nothing behind).
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { ModelStoreCode, ModelStoreError } from "../errors";
import type { RegisteredModel } from "../server/registry";
import { MODEL_ID, type SignedUploadIntent, verifyIntentSignature } from "./upload-intent";

export interface IntentLimits {
  /** Furthest expiry accepted, in blocks after the current height (default 600: about an hour at 6 s blocks). */
  maxBlocks: number;
  /** Largest single blob. */
  maxBlobBytes: number;
  /** Sum of the blob sizes one intent may name. */
  maxIntentBytes: number;
  /** Intents the store holds at once (each reserves up to maxIntentBytes of disk until it expires). */
  maxIntents: number;
  /** Live intents one owner may hold (a single account cannot take every slot). */
  maxIntentsPerOwner: number;
}

/** Where a blob and its partial upload live (BlobDir.pathOf and the resumable upload's file). */
export interface BlobPaths {
  blob(sha256: string): string;
  partial(sha256: string): string;
}

/** What the store keeps: the signed intent and the blobs it let in (deleted at expiry unless registered). */
interface IntentRecord {
  signed: SignedUploadIntent;
  admitted: string[];
}

const bad = (code: (typeof ModelStoreCode)[keyof typeof ModelStoreCode], msg: string, details?: string) => new ModelStoreError(code, msg, details);

export class IntentStore {
  readonly dir: string;
  // Read-modify-write of one record must not interleave (two blobs of a model finishing at once).
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    root: string,
    private readonly paths: BlobPaths,
  ) {
    this.dir = join(root, ".intents");
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async names(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -5));
    } catch {
      return [];
    }
  }

  private file(modelId: string): string {
    if (!MODEL_ID.test(modelId)) throw bad(ModelStoreCode.BadIntent, `bad model id ${JSON.stringify(modelId)}`);
    return join(this.dir, `${modelId}.json`);
  }

  private async read(modelId: string): Promise<IntentRecord | undefined> {
    try {
      return JSON.parse(await readFile(this.file(modelId), "utf8")) as IntentRecord;
    } catch {
      return undefined;
    }
  }

  private async write(modelId: string, r: IntentRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `.tmp-${randomBytes(6).toString("hex")}`);
    await writeFile(tmp, JSON.stringify(r));
    await rename(tmp, this.file(modelId));
  }

  /**
   * Accepts a signed intent: right chain, the owner's signature, an expiry in (height, height + maxBlocks], sizes
   * within limits, and a model id that nobody else registered or holds an unexpired intent for. The same owner's
   * newer intent for the id replaces the older one.
   */
  put(s: SignedUploadIntent, at: { height: number; chainId: string; registered: RegisteredModel | undefined }, limits: IntentLimits): Promise<void> {
    return this.serial(() => this.putNow(s, at, limits));
  }

  private async putNow(s: SignedUploadIntent, at: { height: number; chainId: string; registered: RegisteredModel | undefined }, limits: IntentLimits): Promise<void> {
    const i = s.intent;
    if (i.chainId !== at.chainId) throw bad(ModelStoreCode.BadIntent, `intent is for chain ${i.chainId}; this store serves ${at.chainId}`);
    if (i.expiresHeight <= at.height) throw bad(ModelStoreCode.BadIntent, `intent expired at height ${i.expiresHeight}; the chain is at ${at.height}`, "sign a new one with a later expiresHeight");
    if (i.expiresHeight > at.height + limits.maxBlocks) throw bad(ModelStoreCode.BadIntent, `intent expires at ${i.expiresHeight}, more than ${limits.maxBlocks} blocks after the current height ${at.height}`);
    const big = i.blobs.find((b) => b.sizeBytes > limits.maxBlobBytes);
    if (big) throw bad(ModelStoreCode.TooLarge, `blob ${big.sha256} is ${big.sizeBytes} bytes, over this store's limit of ${limits.maxBlobBytes}`);
    const total = i.blobs.reduce((a, b) => a + b.sizeBytes, 0);
    if (total > limits.maxIntentBytes) throw bad(ModelStoreCode.TooLarge, `intent names ${total} bytes, over this store's per-intent limit of ${limits.maxIntentBytes}`);
    await verifyIntentSignature(s);
    if (at.registered && at.registered.owner !== i.owner) throw bad(ModelStoreCode.Conflict, `model ${i.modelId} is registered by ${at.registered.owner}`, "ids are never reused: prepare under another --id");
    const prior = await this.read(i.modelId);
    if (prior && prior.signed.intent.owner !== i.owner && prior.signed.intent.expiresHeight >= at.height) {
      throw bad(ModelStoreCode.Conflict, `model ${i.modelId} is being registered by ${prior.signed.intent.owner} (intent until height ${prior.signed.intent.expiresHeight})`, "pick another --id, or wait for that intent to expire");
    }
    if (!prior) {
      const names = await this.names();
      if (names.length >= limits.maxIntents) throw bad(ModelStoreCode.TooLarge, `this store holds ${limits.maxIntents} upload intents already`, "retry after some expire, or register the model first (then no intent is needed)");
      let mine = 0;
      for (const id of names) {
        const r = await this.read(id);
        if (r && r.signed.intent.owner === i.owner && r.signed.intent.expiresHeight >= at.height) mine += 1;
      }
      if (mine >= limits.maxIntentsPerOwner) throw bad(ModelStoreCode.TooLarge, `${i.owner} holds ${mine} live upload intents, this store's limit per owner`, "register those models (or let their intents expire) first");
    }
    // An expired intent of another owner not yet collected hands over its admitted blobs, so they are still collected.
    const keep = prior ? prior.admitted : [];
    await this.write(i.modelId, { signed: s, admitted: keep });
  }

  /** The blob entry of an unexpired intent for this model listing this sha256, if any. */
  async allows(modelId: string, sha256: string, height: number): Promise<{ owner: string; sizeBytes: number } | undefined> {
    const r = await this.read(modelId);
    if (!r || r.signed.intent.expiresHeight < height) return undefined;
    const b = r.signed.intent.blobs.find((x) => x.sha256 === sha256);
    return b ? { owner: r.signed.intent.owner, sizeBytes: b.sizeBytes } : undefined;
  }

  /** Records that a blob came in on the strength of an intent (only those are collected at expiry). */
  admitted(modelId: string, sha256: string): Promise<void> {
    return this.serial(async () => {
      const r = await this.read(modelId);
      if (r && !r.admitted.includes(sha256)) await this.write(modelId, { ...r, admitted: [...r.admitted, sha256] });
    });
  }

  /**
   * Drops intents expired at `height` and deletes what each let in (blobs it admitted, partial uploads of its blobs)
   * unless `listed` (the blobs registered models list) or a live intent names it.
   */
  collect(height: number, listed: Set<string>): Promise<{ intents: string[]; deletedBlobs: string[] }> {
    return this.serial(async () => {
      const out = { intents: [] as string[], deletedBlobs: [] as string[] };
      const records = new Map<string, IntentRecord>();
      for (const id of await this.names()) {
        const r = await this.read(id);
        if (r) records.set(id, r);
      }
      const keep = new Set(listed);
      for (const r of records.values()) if (r.signed.intent.expiresHeight >= height) for (const b of r.signed.intent.blobs) keep.add(b.sha256);
      for (const [modelId, r] of records) {
        if (r.signed.intent.expiresHeight >= height) continue;
        for (const sha of new Set([...r.admitted, ...r.signed.intent.blobs.map((b) => b.sha256)])) {
          if (keep.has(sha)) continue;
          await rm(this.paths.partial(sha), { force: true });
          if (!r.admitted.includes(sha)) continue;
          await rm(this.paths.blob(sha), { force: true });
          out.deletedBlobs.push(sha);
        }
        await rm(this.file(modelId), { force: true });
        out.intents.push(modelId);
      }
      return out;
    });
  }
}
