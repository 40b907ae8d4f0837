// Behind CometBFT every validator has two keys: the ed25519 consensus key CometBFT signs votes with,
// and the secp256k1 VRF key the beacon is proved with. genesis.json (nesad's) lists both per
// validator (`consensus_pub_key`, `pub_key`); the proposer of a block is known by its consensus
// address (sha256(ed25519 pubkey)[:20]), which this table maps to the VRF key its beacon must use.
import { existsSync, readFileSync } from "node:fs";
import { fromBase64 } from "@cosmjs/encoding";
import { sha256 } from "@noble/hashes/sha2.js";
import { type GenesisDoc, validateGenesisDoc } from "../app/genesis-doc";
import { type ValidatorKey, homePaths, validatorFromSecret } from "../node/home";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();

export function consensusAddress(ed25519PubKey: Uint8Array): Uint8Array {
  return sha256(ed25519PubKey).slice(0, 20);
}

export class ValidatorSet {
  private readonly vrfByConsensus = new Map<string, Uint8Array>();

  constructor(genesis: GenesisDoc) {
    for (const [i, v] of genesis.validators.entries()) {
      if (!v.consensus_pub_key) {
        throw new Error(`genesis validator ${i} (${v.name}) has no consensus_pub_key: behind CometBFT each validator needs its ed25519 key next to its VRF key (localnet/start --validators N writes both)`);
      }
      const ed = fromBase64(v.consensus_pub_key.value);
      if (ed.length !== 32) throw new Error(`genesis validator ${i} consensus_pub_key must be 32 bytes of ed25519, got ${ed.length}`);
      const vrf = fromBase64(v.pub_key.value);
      if (vrf.length !== 33) throw new Error(`genesis validator ${i} pub_key (VRF key) must be a 33-byte compressed secp256k1 key, got ${vrf.length}`);
      this.vrfByConsensus.set(hex(consensusAddress(ed)), vrf);
    }
  }

  /** The VRF public key of the validator with this consensus address (undefined: not a validator). */
  vrfKeyOf(consensusAddr: Uint8Array): Uint8Array | undefined {
    return this.vrfByConsensus.get(hex(consensusAddr));
  }

  get size(): number {
    return this.vrfByConsensus.size;
  }
}

/** nesad's home in ABCI mode: the shared genesis (several validators) and this validator's VRF key. */
export function loadAbciHome(home: string): { genesis: GenesisDoc; vrfKey: ValidatorKey; validators: ValidatorSet } {
  const p = homePaths(home);
  if (!existsSync(p.genesis)) throw new Error(`${p.genesis} not found: initialise the home first (localnet/start --validators N, or nesad init)`);
  const genesis = JSON.parse(readFileSync(p.genesis, "utf8")) as GenesisDoc;
  validateGenesisDoc(genesis, { multiValidator: true });
  if (!existsSync(p.validatorKey)) throw new Error(`${p.validatorKey} (this validator's VRF key) not found`);
  const key = JSON.parse(readFileSync(p.validatorKey, "utf8"));
  const vrfKey = validatorFromSecret(fromBase64(key.priv_key?.value ?? ""));
  const mine = Buffer.from(vrfKey.pubKey).toString("base64");
  if (!genesis.validators.some((v) => v.pub_key.value === mine)) {
    throw new Error(`${p.validatorKey} is not the VRF key of any genesis validator: this home's key and genesis were not made together`);
  }
  return { genesis, vrfKey, validators: new ValidatorSet(genesis) };
}
