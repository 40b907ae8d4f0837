// @nesa/data-plane: the data plane's layout, in one place for the dispatcher, the miners and the client.
// Browser-safe (no node: imports, no Redis client): the SDK core imports it too.
export { hssInputCommitment, hssShareAad } from "./hss-share";
export { type JobCoords, RedisKeys, jobId, shareJobId } from "./redis-keys";
export { SHARD_JOB_NAME, type SeatJobOptions, type ShardJobData, seatJobOptions } from "./shard-job";
export { CLUSTER_SCHEME, clusterUrl, parseClusterNodes, type RedisNode, type RedisTarget, redactRedisUrl, redisTarget, redisUrlProblem } from "./redis-target";
