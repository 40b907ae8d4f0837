// HSS-EE uploads: per replica, the two ECIES-sealed shares (stored like inputs, under their sha256, in Redis and
// the spool) plus a small manifest naming them and the shares' published digests. The manifest is spooled under
// a name derived from (query, replica), so a rebuild after Redis data loss finds it from chain state alone.
import { createHash } from "node:crypto";
import type { RedisClient } from "../../../sidecar/src/redis/connection";
import type { RedisKeys } from "@nesa/data-plane";
import type { InputSpool } from "./input-spool";
import type { InputStore } from "./input-store";

export type HssUpload = {
  /** sha256 of share 0's and share 1's (unsealed) encoding; sha256(d0 ‖ d1) is the query's input_commitment. */
  shareDigests: [string, string];
  /** sha256 of the sealed envelopes: their data-plane keys (the share jobs' inputKey). */
  sealed: [string, string];
};

const sha256Hex = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

/** Spool name of a replica's manifest: a digest-shaped name nobody can collide with a blob by accident. */
export function manifestName(queryId: string, replica: number): string {
  return sha256Hex(`nesa/hss-upload/v1/${queryId}/${replica}`);
}

export class HssUploadStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly spool: InputSpool,
    private readonly inputs: InputStore,
    private readonly ttlSeconds: number,
  ) {}

  /** Stores both sealed envelopes, then the manifest (last, so a manifest always names stored blobs). */
  async put(queryId: string, replica: number, shareDigests: [string, string], blobs: [Uint8Array, Uint8Array]): Promise<HssUpload> {
    const sealed = blobs.map((b) => sha256Hex(b)) as [string, string];
    for (const n of [0, 1]) await this.inputs.put(sealed[n], blobs[n]);
    const upload: HssUpload = { shareDigests, sealed };
    const json = JSON.stringify(upload);
    await this.redis.set(this.keys.hssUpload(queryId, replica), json, "EX", this.ttlSeconds);
    await this.spool.put(manifestName(queryId, replica), Buffer.from(json));
    return upload;
  }

  /**
   * The replica's upload with both envelopes in Redis (restored from the spool if Redis lost them), or
   * "missing" when the client has not uploaded it. `restored` counts blobs put back.
   */
  async ensure(queryId: string, replica: number): Promise<{ upload: HssUpload; restored: number } | "missing"> {
    const key = this.keys.hssUpload(queryId, replica);
    let restored = 0;
    let json = await this.redis.get(key);
    if (json === null) {
      const spooled = await this.spool.get(manifestName(queryId, replica));
      if (!spooled) return "missing";
      json = spooled.toString("utf8");
      await this.redis.set(key, json, "EX", this.ttlSeconds);
      restored++;
    }
    const upload = JSON.parse(json) as HssUpload;
    for (const d of upload.sealed) {
      const r = await this.inputs.ensure(d);
      if (r === "missing") return "missing";
      if (r === "restored") restored++;
    }
    return { upload, restored };
  }
}
