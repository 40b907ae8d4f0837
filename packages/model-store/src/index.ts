export { type BlobInfo, BlobDir } from "./blob-dir";
export { type GetShardOptions, ShardCache, type ShardCacheOptions } from "./client/shard-cache";
export { postUploadIntent, readStoreError, uploadBlob, type UploadBlobOptions, type UploadBlobResult } from "./client/upload-client";
export { MODEL_STORE_CODESPACE, ModelStoreCode, type ModelStoreCodeValue, ModelStoreError } from "./errors";
export { createLogger } from "./logger";
export {
  type ModelStoreServer,
  type ModelStoreServerOptions,
  startModelStoreServer,
} from "./server/model-store-server";
export { assertSha256Hex, hashFile, isSha256Hex } from "./sha256-hex";
export type { ChainStatus, ModelRegistry, RegisteredModel } from "./server/registry";
export { type IntentLimits, IntentStore } from "./intent/intent-store";
export { checkIntentShape, intentSignDoc, type SignedUploadIntent, signUploadIntent, type UploadIntent, verifyIntentSignature } from "./intent/upload-intent";
