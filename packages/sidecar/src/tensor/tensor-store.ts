// Tensors in the data plane: stored under the sha256 of their canonical bytes with a TTL (Redis may lose
// them at any time; the chain, not Redis, is the source of truth). Reads re-hash, so a tensor altered in
// Redis is refused instead of being computed on.
import type { RedisClient } from "../redis/connection";
import type { RedisKeys } from "@nesa/data-plane";
import { SidecarCode, SidecarError } from "../errors";
import { type Tensor, decodeTensor, digestOfEncoded, encodeTensor } from "./tensor-codec";

export type TensorStoreOptions = { ttlSeconds: number; maxBytes: number };

export class TensorStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly opts: TensorStoreOptions,
  ) {}

  /** Stores a tensor and returns its digest (hex sha256 of the canonical bytes). */
  async put(tensor: Tensor): Promise<string> {
    return this.putBytes(encodeTensor(tensor));
  }

  /** Stores opaque bytes (e.g. a sealed HSS share) under their own sha256. */
  async putBytes(bytes: Uint8Array): Promise<string> {
    this.checkSize(bytes.length, "tensor to store");
    const digest = digestOfEncoded(bytes);
    await this.redis.set(this.keys.tensor(digest), Buffer.from(bytes), "EX", this.opts.ttlSeconds);
    return digest;
  }

  async get(digest: string): Promise<Tensor> {
    return decodeTensor(await this.getBytes(digest));
  }

  async getBytes(digest: string): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new SidecarError(SidecarCode.BadJob, "tensor key: expected a hex sha256", digest.slice(0, 80));
    const bytes = await this.redis.getBuffer(this.keys.tensor(digest));
    if (!bytes) {
      throw new SidecarError(SidecarCode.InputMissing, `tensor ${digest} is not in the data plane`, "it expired or was never written; the dispatcher must re-send the input");
    }
    this.checkSize(bytes.length, `tensor ${digest}`);
    const got = digestOfEncoded(bytes);
    if (got !== digest) throw new SidecarError(SidecarCode.TensorCorrupt, `tensor stored under ${digest} hashes to ${got}`, "refusing to compute on altered data");
    return bytes;
  }

  private checkSize(size: number, what: string): void {
    if (size > this.opts.maxBytes) {
      throw new SidecarError(SidecarCode.TensorTooLarge, `${what} has ${size} bytes, over the limit of ${this.opts.maxBytes}`, "raise maxTensorBytes if this model needs it");
    }
  }
}
