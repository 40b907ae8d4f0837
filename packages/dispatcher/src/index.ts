// @nesa/dispatcher: the chain follower that hands assignments to the miners' BullMQ queues.
export { type DispatcherConfig, DEFAULT_PORT, defaultConfig, resolveConfig } from "./config";
export { type RunningDispatcher, startDispatcher } from "./dispatcher-service";
export { Dispatcher, type DispatcherDeps, type PassReport } from "./dispatcher";
export { ChainFollower, type ChainFollowerOptions, type FollowMode } from "@nesa/client";
export { ChainPendingWork, type PendingQuery, type PendingWorkSource, type Shard0Seat, toPendingQuery } from "./chain/pending-work";
export { Shard0Enqueuer, type Shard0Job } from "./queue/shard0-enqueuer";
export { InputSpool } from "./store/input-spool";
export { InputStore, type EnsureResult } from "./store/input-store";
export { DataLossSentinel } from "./store/data-loss-sentinel";
export { DispatcherMetrics } from "./metrics/dispatcher-metrics";
export { type DispatcherServer, startDispatcherServer } from "./http/dispatcher-server";
export { createLogger } from "./logger";
