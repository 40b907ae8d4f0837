// The home directory layout and its files:
//   HOME/config/genesis.json               the genesis document
//   HOME/config/priv_validator_key.json    the proposer's secp256k1 key (mode 0600)
//   HOME/data/chain.db/                    LevelDB: state, blocks, tx index
//   HOME/accounts.json                     test accounts with mnemonics (local use only)
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fromBase64 } from "@cosmjs/encoding";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { type GenesisDoc, validateGenesisDoc } from "../app/genesis-doc";

export interface ValidatorKey {
  /** 32-byte secp256k1 secret key: the VRF beacon signs with it. Never log it. */
  privKey: Uint8Array;
  /** 33-byte compressed public key. */
  pubKey: Uint8Array;
  /** ripemd160(sha256(pubKey)): the CometBFT secp256k1 address (proposer_address). */
  address: Uint8Array;
}

export function homePaths(home: string) {
  return {
    config: join(home, "config"),
    genesis: join(home, "config", "genesis.json"),
    validatorKey: join(home, "config", "priv_validator_key.json"),
    data: join(home, "data"),
    db: join(home, "data", "chain.db"),
    accounts: join(home, "accounts.json"),
  };
}

export function validatorFromSecret(privKey: Uint8Array): ValidatorKey {
  const pubKey = secp256k1.getPublicKey(privKey, true);
  return { privKey, pubKey, address: ripemd160(sha256(pubKey)) };
}

export function loadHome(home: string): { genesis: GenesisDoc; validatorKey: ValidatorKey } {
  const p = homePaths(home);
  if (!existsSync(p.genesis)) {
    throw new Error(`${p.genesis} not found: the home ${home} is not initialised; run \`pnpm nesad init --home ${home} --chain-id nesa-localnet-1\``);
  }
  let genesis: GenesisDoc;
  try {
    genesis = JSON.parse(readFileSync(p.genesis, "utf8"));
  } catch (e) {
    throw new Error(`${p.genesis} is not valid JSON (${(e as Error).message})`);
  }
  validateGenesisDoc(genesis);
  if (!existsSync(p.validatorKey)) throw new Error(`${p.validatorKey} not found; run \`pnpm nesad init\` again in an empty home`);
  const key = JSON.parse(readFileSync(p.validatorKey, "utf8"));
  const validatorKey = validatorFromSecret(fromBase64(key.priv_key?.value ?? ""));
  const expected = genesis.validators[0].pub_key.value;
  if (Buffer.from(validatorKey.pubKey).toString("base64") !== expected) {
    throw new Error(`${p.validatorKey} does not match the genesis validator's pub_key: this home's key and genesis were not made together`);
  }
  return { genesis, validatorKey };
}
