export { type BlobInfo, BlobDir } from "./blob-dir";
export { type GetShardOptions, ShardCache, type ShardCacheOptions } from "./client/shard-cache";
export { MODEL_STORE_CODESPACE, ModelStoreCode, type ModelStoreCodeValue, ModelStoreError } from "./errors";
export { createLogger } from "./logger";
export {
  type ModelStoreServer,
  type ModelStoreServerOptions,
  startModelStoreServer,
} from "./server/model-store-server";
export { assertSha256Hex, hashFile, isSha256Hex } from "./sha256-hex";
export type { ModelRegistry, RegisteredModel } from "./server/upload";
