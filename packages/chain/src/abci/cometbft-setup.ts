// Homes for N validators behind CometBFT on one machine: per validator a nesad home (genesis with
// every validator's VRF and consensus keys, its own VRF key) and a CometBFT home (`cometbft init`,
// then genesis derived from nesad's and config.toml pointed at 127.0.0.1 ports). Used by
// `localnet/start --validators N`, the CometBFT tests and `pnpm bench chain --engine cometbft`.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import { sha256 } from "@noble/hashes/sha2.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import type { GenesisDoc } from "../app/genesis-doc";
import { type InitHomeOptions, type TestAccount, initHome } from "../node/init-home";
import { homePaths, validatorFromSecret } from "../node/home";
import { consensusAddress } from "./validator-set";

const hexUpper = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();

export interface ValidatorPorts {
  rpc: number;
  p2p: number;
}

export interface ValidatorHome {
  index: number;
  moniker: string;
  nesadHome: string;
  cometHome: string;
  /** unix:// socket nesad listens on and CometBFT's proxy_app dials. */
  abciAddress: string;
  rpcUrl: string;
  ports: ValidatorPorts;
  nodeId: string;
}

export interface SetupValidatorsOptions {
  cometbft: string;
  dir: string;
  chainId: string;
  ports: ValidatorPorts[];
  /** CometBFT consensus.timeout_commit, e.g. "1s" or "200ms". */
  timeoutCommit?: string;
  accounts?: number;
  genesisTime?: string;
  appStateOverrides?: InitHomeOptions["appStateOverrides"];
  /** Edits nesad's genesis file after `init` and before it is copied to every home (e.g. phase windows). */
  adjustGenesis?: (genesisPath: string) => void;
}

/** CometBFT's p2p node id: hex(sha256(ed25519 pubkey)[:20]) of node_key.json. */
export function cometNodeId(cometHome: string): string {
  const key = JSON.parse(readFileSync(join(cometHome, "config", "node_key.json"), "utf8"));
  const priv = fromBase64(key.priv_key.value); // 64 bytes: seed ‖ public key
  return Buffer.from(sha256(priv.slice(32)).slice(0, 20)).toString("hex");
}

/** CometBFT's genesis.json from nesad's: same chain id, time, app_state; ed25519 validators. */
export function cometGenesis(g: GenesisDoc): unknown {
  return {
    genesis_time: g.genesis_time,
    chain_id: g.chain_id,
    initial_height: g.initial_height,
    consensus_params: {
      block: { max_bytes: g.consensus_params.block.max_bytes, max_gas: g.consensus_params.block.max_gas },
      evidence: g.consensus_params.evidence ?? { max_age_num_blocks: "100000", max_age_duration: "172800000000000", max_bytes: "1048576" },
      validator: { pub_key_types: ["ed25519"] },
      version: { app: "0" },
      abci: { vote_extensions_enable_height: "0" },
    },
    validators: g.validators.map((v) => {
      if (!v.consensus_pub_key) throw new Error(`validator ${v.name} has no consensus_pub_key`);
      return { address: hexUpper(consensusAddress(fromBase64(v.consensus_pub_key.value))), pub_key: v.consensus_pub_key, power: v.power, name: v.name };
    }),
    app_hash: "",
    app_state: g.app_state,
  };
}

/** Sets `key = value` inside `[section]` of a TOML file written by `cometbft init` (the key exists there). */
export function setToml(text: string, section: string, key: string, value: string | boolean | number): string {
  const start = section === "" ? 0 : text.indexOf(`\n[${section}]\n`);
  if (start < 0) throw new Error(`config.toml has no [${section}] section`);
  const nextSection = text.indexOf("\n[", start + 2);
  const end = nextSection < 0 ? text.length : nextSection;
  const body = text.slice(start, end);
  const re = new RegExp(`^${key.replace(/[.]/g, "\\.")} = .*$`, "m");
  if (!re.test(body)) throw new Error(`config.toml [${section}] has no ${key}`);
  const v = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.slice(0, start) + body.replace(re, `${key} = ${v}`) + text.slice(end);
}

function configure(h: ValidatorHome, peers: string, timeoutCommit: string): void {
  const file = join(h.cometHome, "config", "config.toml");
  let t = readFileSync(file, "utf8");
  t = setToml(t, "", "proxy_app", h.abciAddress);
  t = setToml(t, "", "moniker", h.moniker);
  t = setToml(t, "rpc", "laddr", `tcp://127.0.0.1:${h.ports.rpc}`);
  t = setToml(t, "rpc", "cors_allowed_origins", "__CORS__").replace('"__CORS__"', '["*"]');
  t = setToml(t, "p2p", "laddr", `tcp://127.0.0.1:${h.ports.p2p}`);
  t = setToml(t, "p2p", "persistent_peers", peers);
  t = setToml(t, "p2p", "allow_duplicate_ip", true);
  t = setToml(t, "p2p", "addr_book_strict", false);
  t = setToml(t, "p2p", "pex", false);
  t = setToml(t, "consensus", "timeout_commit", timeoutCommit);
  // All peers are on 127.0.0.1: the defaults (100 ms batching of p2p writes, 100 ms gossip naps) would add
  // several hundred ms per block for nothing.
  t = setToml(t, "p2p", "flush_throttle_timeout", "20ms");
  t = setToml(t, "consensus", "peer_gossip_sleep_duration", "20ms");
  t = setToml(t, "consensus", "create_empty_blocks", true);
  t = setToml(t, "mempool", "size", 50000);
  t = setToml(t, "mempool", "cache_size", 100000);
  t = setToml(t, "storage", "discard_abci_responses", false);
  t = setToml(t, "tx_index", "indexer", "kv");
  writeFileSync(file, t);
}

/** Where validator i's files live under `dir` (nodeId is filled in by setupValidatorHomes). */
export function validatorHomeLayout(dir: string, ports: ValidatorPorts[]): ValidatorHome[] {
  return ports.map((p, index) => ({
    index,
    moniker: `validator${index}`,
    nesadHome: join(dir, `validator${index}`, "nesad"),
    cometHome: join(dir, `validator${index}`, "cometbft"),
    abciAddress: `unix://${join(dir, `validator${index}`, "abci.sock")}`,
    rpcUrl: `http://127.0.0.1:${p.rpc}`,
    ports: p,
    nodeId: "",
  }));
}

/** Creates every validator's two homes under `dir` (which must not hold them yet). */
export async function setupValidatorHomes(o: SetupValidatorsOptions): Promise<{ homes: ValidatorHome[]; genesis: GenesisDoc; accounts: TestAccount[] }> {
  const n = o.ports.length;
  if (n < 1) throw new Error("at least one validator is needed");
  const homes = validatorHomeLayout(o.dir, o.ports);
  const init = await initHome({
    home: homes[0].nesadHome,
    chainId: o.chainId,
    accounts: o.accounts,
    genesisTime: o.genesisTime,
    appStateOverrides: o.appStateOverrides,
  });
  const { accounts } = init;
  let { genesis } = init;
  if (o.adjustGenesis) {
    o.adjustGenesis(homePaths(homes[0].nesadHome).genesis);
    genesis = JSON.parse(readFileSync(homePaths(homes[0].nesadHome).genesis, "utf8")) as GenesisDoc;
  }
  const vrfSecrets = [JSON.parse(readFileSync(homePaths(homes[0].nesadHome).validatorKey, "utf8")).priv_key.value as string];
  for (let i = 1; i < n; i++) vrfSecrets.push(toBase64(secp256k1.utils.randomSecretKey()));
  genesis.validators = homes.map((h, i) => {
    execFileSync(o.cometbft, ["init", "--home", h.cometHome], { stdio: "ignore" });
    h.nodeId = cometNodeId(h.cometHome);
    const consensus = JSON.parse(readFileSync(join(h.cometHome, "config", "priv_validator_key.json"), "utf8"));
    const vrf = validatorFromSecret(fromBase64(vrfSecrets[i]));
    return {
      address: hexUpper(vrf.address),
      pub_key: { type: "tendermint/PubKeySecp256k1", value: toBase64(vrf.pubKey) },
      power: "10",
      name: h.moniker,
      consensus_pub_key: { type: "tendermint/PubKeyEd25519", value: consensus.pub_key.value },
    };
  });
  const cg = `${JSON.stringify(cometGenesis(genesis), null, 2)}\n`;
  for (const [i, h] of homes.entries()) {
    const p = homePaths(h.nesadHome);
    mkdirSync(p.config, { recursive: true });
    writeFileSync(p.genesis, `${JSON.stringify(genesis, null, 2)}\n`);
    const v = genesis.validators[i];
    writeFileSync(p.validatorKey, `${JSON.stringify({ address: v.address, pub_key: v.pub_key, priv_key: { type: "tendermint/PrivKeySecp256k1", value: vrfSecrets[i] } }, null, 2)}\n`, { mode: 0o600 });
    chmodSync(p.validatorKey, 0o600);
    writeFileSync(join(h.cometHome, "config", "genesis.json"), cg);
    const peers = homes.filter((x) => x !== h).map((x) => `${x.nodeId}@127.0.0.1:${x.ports.p2p}`).join(",");
    configure(h, peers, o.timeoutCommit ?? "1s");
  }
  return { homes, genesis, accounts };
}
