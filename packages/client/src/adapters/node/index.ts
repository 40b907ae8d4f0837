// NODE-ONLY entry (`@nesa/client/node`): adapters that need node:fs, ioredis or onnxruntime (through @nesa/models).
export { type NodeModelInput, createNodeModelCodec, readEEKeyFile } from "./model-codecs";
export { createRedisResultSource } from "./redis-result-source";
export { COSMOS_HD_PATH, walletFromMnemonic } from "./wallet";
