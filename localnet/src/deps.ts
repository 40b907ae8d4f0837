// Third-party modules the localnet scripts use, in one place (localnet/ is the workspace package @nesa/localnet).
export type { EncodeObject } from "@cosmjs/proto-signing";
export { GasPrice, QueryClient, SigningStargateClient, StargateClient } from "@cosmjs/stargate";
export { Comet38Client } from "@cosmjs/tendermint-rpc";
export { Redis } from "ioredis";
export { pino } from "pino";
