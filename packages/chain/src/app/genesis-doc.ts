// The genesis document (CometBFT genesis.json shape) and its checks.
export interface GenesisValidator {
  address: string; // 40 hex
  pub_key: { type: "tendermint/PubKeySecp256k1"; value: string }; // base64 33 bytes
  power: string;
  name: string;
  /** ABCI mode: the validator's CometBFT consensus key; `pub_key` above is then its VRF key. */
  consensus_pub_key?: { type: "tendermint/PubKeyEd25519"; value: string };
}

export interface GenesisDoc {
  genesis_time: string;
  chain_id: string;
  initial_height: string;
  consensus_params: {
    block: { max_bytes: string; max_gas: string };
    evidence?: { max_age_num_blocks: string; max_age_duration: string; max_bytes: string };
    validator?: { pub_key_types: string[] };
    version?: { app: string };
    abci?: { vote_extensions_enable_height: string };
  };
  validators: GenesisValidator[];
  app_hash: string;
  app_state: Record<string, unknown>;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** `multiValidator`: behind CometBFT (nesad start --abci) genesis may list several validators. */
export function validateGenesisDoc(doc: GenesisDoc, opts: { multiValidator?: boolean } = {}): void {
  if (!doc || typeof doc !== "object") throw new Error("genesis.json must be a JSON object");
  if (!doc.chain_id || !/^[a-zA-Z0-9_.-]{1,50}$/.test(doc.chain_id)) {
    throw new Error(`genesis chain_id "${doc.chain_id}" is invalid: use letters, digits, '-', '_' or '.' (max 50)`);
  }
  if (!RFC3339.test(doc.genesis_time ?? "")) {
    throw new Error(`genesis_time "${doc.genesis_time}" must be RFC3339 UTC, e.g. 2026-01-01T00:00:00.000000000Z`);
  }
  if (!/^[1-9]\d*$/.test(doc.initial_height ?? "")) throw new Error("initial_height must be a positive integer string");
  const b = doc.consensus_params?.block;
  if (!b || !/^[1-9]\d*$/.test(b.max_bytes) || !/^(-1|[1-9]\d*)$/.test(b.max_gas)) {
    throw new Error("consensus_params.block needs max_bytes (positive) and max_gas (positive, or -1 for no limit) as strings");
  }
  if (opts.multiValidator && Array.isArray(doc.validators) && doc.validators.length >= 1) {
    // checked per validator by the ABCI adapter (abci/validator-set.ts)
  } else if (!Array.isArray(doc.validators) || doc.validators.length !== 1) {
    throw new Error("genesis needs exactly one validator (the block proposer); run `pnpm nesad init` to create one");
  }
  if (!doc.app_state || typeof doc.app_state !== "object") throw new Error("genesis app_state must be an object");
}

/** Block time strings are compared as RFC3339 with 9 fractional digits. */
export function normalizeTime(t: string): string {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(t);
  if (!m) throw new Error(`time "${t}" is not RFC3339 UTC`);
  return `${m[1]}.${(m[2] ?? "").padEnd(9, "0")}Z`;
}
