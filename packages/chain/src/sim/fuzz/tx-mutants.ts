// Fuzzed txs from seeds: byte-level damage to a signed tx (fails decoding or the signature), and
// msg-level damage re-signed by the right key at the right sequence, so it gets past the ante and
// reaches decoding of the msg, validateBasic and the handlers: field mutations (bit flips, huge and
// negative numbers, swapped, dropped and unknown fields, hostile strings), wrong type URLs, hostile
// fees, gas, sequences, chain ids and keys, and a valid msg followed by a bad one (atomicity).
import { TxBody } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { Rng } from "../rng";
import { type AnyMsg, type SignOverrides, type SimAccount, gasFor, signBody } from "../tx-builder";
import type { Seed } from "./tx-seeds";
import { mutateBytes, mutateFields } from "./wire-mutate";

export type MutantKind = "raw" | "fields" | "type-url" | "auth-info" | "atomic" | "random";
export const MUTANT_KINDS: readonly MutantKind[] = ["raw", "fields", "type-url", "auth-info", "atomic", "random"];

export interface Mutant {
  kind: MutantKind;
  /** The seed's type URL (what was mutated). */
  typeUrl: string;
  bytes: Uint8Array;
}

const HOSTILE_AMOUNTS = ["-1", "0", "1e18", "18446744073709551616", "9".repeat(80), "", "1.5", "0x10"];
const HOSTILE_DENOMS = ["", "UNES", "u", "x".repeat(200), "unes ", "ibc/ZZ"];

function wrongTypeUrl(rng: Rng, urls: readonly string[], own: string): string {
  const k = rng.int(6);
  if (k === 0) return "";
  if (k === 1) return `${own}X`;
  if (k === 2) return own.toUpperCase();
  if (k === 3) return "/cosmos.bank.v1beta1.MsgMultiSend"; // known to the SDK, not registered here
  if (k === 4) return `/${"a".repeat(1 + rng.int(300))}`;
  return rng.pick(urls); // a registered type with another type's bytes
}

function hostileOverrides(rng: Rng, chainId: string): SignOverrides {
  const k = rng.int(9);
  if (k === 0) return { fee: [{ denom: rng.pick(HOSTILE_DENOMS), amount: rng.pick(HOSTILE_AMOUNTS) }] };
  if (k === 1) return { fee: [{ denom: "unes", amount: rng.pick(HOSTILE_AMOUNTS) }] };
  if (k === 2) return { gas: rng.pick([0n, 1n, 2n ** 63n - 1n, 2n ** 64n - 1n]) };
  if (k === 3) return { sequence: rng.pick([0n, 2n ** 64n - 1n, 12_345n]) };
  if (k === 4) return { accountNumber: rng.pick([2n ** 64n - 1n, 999_999n]) };
  if (k === 5) return { chainId: rng.pick(["", `${chainId}x`, "cosmoshub-4"]) };
  if (k === 6) return { publicKey: { typeUrl: rng.pick(["/cosmos.crypto.ed25519.PubKey", "/cosmos.crypto.secp256k1.PubKey", ""]), value: Uint8Array.from({ length: rng.pick([0, 2, 35, 66]) }, () => rng.int(256)) } };
  if (k === 7) return { signatures: rng.pick([[], [new Uint8Array(64)], [new Uint8Array(65).fill(1)], [new Uint8Array(64).fill(2), new Uint8Array(64).fill(3)]]) };
  return { fee: [{ denom: "unes", amount: "1" }, { denom: "unes", amount: "1" }] }; // duplicate denom
}

export interface MutantSource {
  chainId: string;
  /** The chain under test's accounts by address (their sequences must be the on-chain ones). */
  accounts: Map<string, SimAccount>;
  /** Every type URL the app registers. */
  typeUrls: readonly string[];
}

function bodyOf(msgs: AnyMsg[], rng: Rng): Uint8Array {
  const body = TxBody.encode(TxBody.fromPartial({ messages: msgs, memo: rng.chance(5) ? "m".repeat(rng.pick([300, 70_000])) : "" })).finish();
  return rng.chance(10) ? mutateFields(body, rng) : body;
}

/** One mutant of `seed` of the given kind (signed by the seed's signer unless the damage is to the bytes). */
export function mutant(src: MutantSource, seed: Seed, kind: MutantKind, rng: Rng, partner?: Seed): Mutant {
  const account = src.accounts.get(seed.signer);
  if (!account) throw new Error(`no key for seed signer ${seed.signer}`);
  const gas = gasFor(2);
  const sign = (msgs: AnyMsg[], o: SignOverrides = {}) => signBody(account, bodyOf(msgs, rng), src.chainId, gas, o);
  let bytes: Uint8Array;
  if (kind === "raw") {
    bytes = signBody(account, TxBody.encode(TxBody.fromPartial({ messages: [seed.msg] })).finish(), src.chainId, gas);
    for (let n = 1 + rng.int(3); n > 0; n--) bytes = rng.chance(50) ? mutateBytes(bytes, rng) : mutateFields(bytes, rng);
  } else if (kind === "fields") {
    let value = seed.msg.value;
    for (let n = 1 + rng.int(3); n > 0; n--) value = rng.chance(80) ? mutateFields(value, rng) : mutateBytes(value, rng);
    bytes = sign([{ typeUrl: seed.msg.typeUrl, value }]);
  } else if (kind === "type-url") {
    bytes = sign([{ typeUrl: wrongTypeUrl(rng, src.typeUrls, seed.msg.typeUrl), value: seed.msg.value }]);
  } else if (kind === "auth-info") {
    bytes = sign([seed.msg], hostileOverrides(rng, src.chainId));
  } else if (kind === "atomic") {
    // A valid msg first, then a broken one from the same signer: nothing of the first may stay.
    const bad = { typeUrl: seed.msg.typeUrl, value: mutateFields(seed.msg.value, rng) };
    const first = partner && partner.signer === seed.signer ? partner.msg : seed.msg;
    bytes = sign(rng.chance(50) ? [first, bad] : [first, seed.msg, { typeUrl: wrongTypeUrl(rng, src.typeUrls, seed.msg.typeUrl), value: bad.value }]);
  } else {
    bytes = Uint8Array.from({ length: rng.int(rng.chance(10) ? 5000 : 300) }, () => rng.int(256));
  }
  return { kind, typeUrl: seed.msg.typeUrl, bytes };
}
