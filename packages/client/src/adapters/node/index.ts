// NODE-ONLY entry (`@nesa/client/node`): adapters that need node:fs, ioredis or onnxruntime (through @nesa/models).
export { type NodeModelInput, type NodeModelKeys, createNodeModelCodec, readEEKeyFile, readModelKeys } from "./model-codecs";
export { createNodeGenerationCodec, loadNodeGenerationCodec } from "./generation-codec";
export { createRedisResultSource } from "./redis-result-source";
export { type RedisTokenStreamOptions, createRedisTokenStream, parseTokenEntries } from "./redis-token-stream";
export { COSMOS_HD_PATH, walletFromMnemonic } from "./wallet";
export { createTensorCodec } from "./tensor-codec";
export { createOcrDetCodec, createOcrLinesCodec, type PageInput, readPage, type ReadPageParameters, type ReadPageResult } from "./ocr-codecs";
export { parseNpy, parseTensorJson, readTensorFile, tensorToJson, toNpy, writeTensorFile } from "./tensor-file";
