// @nesa/sidecar: the miner. Everything a dispatcher, a test or another tool needs to talk to miners; the key
// layout, job names and payload they share are in @nesa/data-plane.
export { type ChainMiner, startChainMiner } from "./chain-miner";
export { ChainAssignmentSource } from "./chain/chain-assignment-source";
export { ChainReader } from "./chain/chain-reader";
export { CommitStep, type PendingReveal } from "./chain/commit-step";
export { RevealWorker } from "./chain/reveal-worker";
export { SignerQueue, signerQueueFor } from "./chain/signer-queue";
export { type AccountSeq, CosmjsTxBackend, type TxBackend } from "./chain/tx-backend";
export { type TxAction, type TxDecision, TxFailedError, type TxKind, decideTxFailure } from "./chain/tx-policy";
export { type Submitted, TxSubmitter } from "./chain/tx-submitter";
export { loadConfig } from "./config/load-config";
export { type MinerConfig, defaultConfig, envName, isLocalnetChainId, resolveConfig } from "./config/miner-config";
export { SIDECAR_CODESPACE, SidecarCode, SidecarError, isFinalError } from "./errors";
export { type MinerKeys, createKeyFile, loadKeyFile } from "./keys/key-file";
export { MinerMetrics } from "./metrics/miner-metrics";
export { MinerNode, type MinerNodeOptions } from "./miner-node";
export { type Assignment, type AssignmentSource, type HssAssignment, type ShardSpec, StaticAssignmentSource } from "./pipeline/assignment-source";
export { WORKER_LOCK_SETTINGS } from "./pipeline/miner-worker";
export type { OnResult, SeatResult } from "./pipeline/result-recorder";
export { type ShardJobResult, parseShardJob } from "./pipeline/shard-job";
export { createRedis } from "./redis/connection";
export { type Tensor, decodeTensor, digestOfEncoded, encodeTensor } from "./tensor/tensor-codec";
export { TensorStore } from "./tensor/tensor-store";
