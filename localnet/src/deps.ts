// localnet/ is not a workspace package (it has no node_modules of its own), so third-party modules are reached
// through the installed dependencies of the workspace packages that use them. Every such path is in this one
// file: if localnet becomes a workspace package, only these lines change.
export {
  DirectSecp256k1HdWallet,
  type EncodeObject,
} from "../../packages/sidecar/node_modules/@cosmjs/proto-signing/build/index.js";
export {
  GasPrice,
  QueryClient,
  SigningStargateClient,
  StargateClient,
} from "../../packages/sidecar/node_modules/@cosmjs/stargate/build/index.js";
export { Comet38Client } from "../../packages/sidecar/node_modules/@cosmjs/tendermint-rpc/build/index.js";
export { Redis } from "../../packages/sidecar/node_modules/ioredis/built/index.js";
export { pino } from "../../packages/sidecar/node_modules/pino/pino.js";
