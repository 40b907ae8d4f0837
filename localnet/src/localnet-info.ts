// The contract between `localnet/start` and everything that talks to a running localnet (the `nesa` CLI, the
// SDK, the e2e tests, the benchmark): DIR/localnet.json, written once every process is ready.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type LocalnetAccount = {
  /** "faucet", "user1", "user2", … as `nesad init` names them. */
  name: string;
  address: string;
  /** Local test mnemonic (genesis-funded); never use it anywhere else. */
  mnemonic: string;
};

export type LocalnetMiner = {
  /** "miner-0", "miner-1", … (its files are under DIR/miners/<i>/). */
  name: string;
  address: string;
  /** Compressed secp256k1 public key (hex) HSS shares are sealed to (also on chain in the miner record). */
  encryptionPubkey: string;
  /** BullMQ queue name of the miner (under `<redisPrefix>:bull`). */
  queue: string;
  pid: number;
  /** Base URL serving /metrics and /healthz. */
  metricsUrl: string;
};

/** One CometBFT validator of a `--validators N` localnet. */
export type LocalnetValidator = {
  /** "validator0", … (its files are under DIR/validators/<name>/). */
  name: string;
  /** Its CometBFT JSON-RPC, e.g. http://127.0.0.1:26657. */
  rpc: string;
  /** Its CometBFT P2P listen address (host:port). */
  p2p: string;
  nesadHome: string;
  cometHome: string;
  /** The ABCI address its nesad listens on (CometBFT's proxy_app). */
  abci: string;
};

export type LocalnetModel = {
  /** Absolute path of the manifest.json written by `nesa-models prepare`. */
  manifest: string;
  /** Absolute path of the EE key (mode 0600): the client needs it to encrypt inputs and decrypt outputs. */
  eeKeyFile: string;
  shards: number;
};

export type LocalnetInfo = {
  /** CometBFT JSON-RPC of nesad, e.g. http://127.0.0.1:26657. */
  rpc: string;
  /** nesad's Cosmos REST API (LCD), e.g. http://127.0.0.1:1317 (simulator only; absent in a localnet.json written before it). */
  rest?: string;
  /** "cometbft" with `localnet/start --validators N`, else "simulator" (absent in a localnet.json written before it). */
  engine?: "simulator" | "cometbft";
  /** With --validators: every validator's CometBFT RPC and P2P address and homes (`rpc` above is validator 0's). */
  validators?: LocalnetValidator[];
  chainId: string;
  redisUrl: string;
  /** Prefix of every Redis key and BullMQ queue of this localnet (several localnets may share one Redis). */
  redisPrefix: string;
  /** Input ingest: PUT <dispatcherUrl>/v1/inputs/<queryId> with the encrypted input as the body. */
  dispatcherUrl: string;
  modelStoreUrl: string;
  /** The web Playground, Explorer and Wallet (`pnpm playground`), e.g. http://127.0.0.1:5173 (absent in an older localnet.json). */
  playground?: string;
  /** Genesis accounts: accounts[0] is the faucet; the model owner is `modelOwner`; the rest are free for users. */
  accounts: LocalnetAccount[];
  miners: LocalnetMiner[];
  models: Record<string, LocalnetModel>;
  /** Name of the genesis account that registered the models (it receives the owner share of fees). */
  modelOwner: string;
  blockTimeMs: number;
  /** Absolute path of the localnet home. */
  home: string;
  /** Where every process writes its log (one file per process). */
  logsDir: string;
};

export const LOCALNET_FILE = "localnet.json";

/** Reads DIR/localnet.json; the error says how to get one. */
export function readLocalnetInfo(home: string): LocalnetInfo {
  const file = join(home, LOCALNET_FILE);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LocalnetInfo;
  } catch (cause) {
    throw new Error(`cannot read ${file}: start the localnet first (localnet/start --home ${home})`, { cause });
  }
}
