// CometBFT types as proto3 JSON (cosmos.base.tendermint.v1beta1): bytes are base64 here, not
// the hex of the JSON-RPC; heights are strings; `sdk_block` carries the bech32 proposer.
import { toBech32 } from "@cosmjs/encoding";
import { sha256 } from "@noble/hashes/sha2.js";
import type { StoredBlock, ValidatorInfo } from "../node/types";
import { BECH32_PREFIX } from "../x/auth/keys";

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

export const consAddress = (address: Uint8Array) => toBech32(`${BECH32_PREFIX}valcons`, address);

export function blockIdJson(hash: Uint8Array): Record<string, unknown> {
  if (hash.length === 0) return { hash: "", part_set_header: { total: 0, hash: "" } };
  return { hash: b64(hash), part_set_header: { total: 1, hash: b64(sha256(hash)) } };
}

function headerJson(b: StoredBlock, validator: ValidatorInfo, proposer: string): Record<string, unknown> {
  const h = b.header;
  const validatorsHash = b64(sha256(validator.address));
  return {
    version: { block: "11", app: "0" },
    chain_id: h.chainId,
    height: h.height.toString(),
    time: h.time,
    last_block_id: blockIdJson(h.lastBlockHash),
    last_commit_hash: h.lastBlockHash.length ? b64(sha256(h.lastBlockHash)) : "",
    data_hash: b64(h.dataHash),
    validators_hash: validatorsHash,
    next_validators_hash: validatorsHash,
    consensus_hash: "",
    app_hash: b64(h.appHash),
    last_results_hash: b64(h.lastResultsHash),
    evidence_hash: "",
    proposer_address: proposer,
  };
}

function blockOf(b: StoredBlock, validator: ValidatorInfo, proposer: string): Record<string, unknown> {
  return {
    header: headerJson(b, validator, proposer),
    data: { txs: b.txs.map(b64) },
    evidence: { evidence: [] },
    last_commit: {
      height: (b.header.height - 1n).toString(),
      round: 0,
      block_id: blockIdJson(b.header.lastBlockHash),
      signatures: [],
    },
  };
}

/** tendermint.types.Block: proposer_address is base64 bytes. */
export function blockJson(b: StoredBlock, validator: ValidatorInfo): Record<string, unknown> {
  return blockOf(b, validator, b64(b.header.proposerAddress));
}

/** cosmos.base.tendermint.v1beta1.Block: proposer_address is a valcons bech32 address. */
export function sdkBlockJson(b: StoredBlock, validator: ValidatorInfo): Record<string, unknown> {
  return blockOf(b, validator, consAddress(b.header.proposerAddress));
}

export function validatorJson(v: ValidatorInfo): Record<string, unknown> {
  return {
    address: consAddress(v.address),
    pub_key: { "@type": "/cosmos.crypto.secp256k1.PubKey", key: b64(v.pubKey.value) },
    voting_power: v.votingPower.toString(),
    proposer_priority: "0",
  };
}
