// ECIES for handing tensors and HSS shares to one miner: secp256k1 ECDH with a fresh ephemeral key, HKDF-SHA256,
// AES-256-GCM. Browser-safe (noble only, randomness from crypto.getRandomValues).
import { gcm } from "@noble/ciphers/aes.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { assertBytes } from "../util/assert";
import { concatBytes, utf8ToBytes } from "../util/bytes";

export const ECIES_VERSION = 0x01;
export const ECIES_INFO = "nesa/ecies/v1";
const PUBKEY_LEN = 33;
const NONCE_LEN = 12;
const TAG_LEN = 16;
const HEADER_LEN = 1 + PUBKEY_LEN + NONCE_LEN;
/** Bytes an envelope adds to the plaintext: version, ephemeral key, nonce, GCM tag. */
export const ECIES_OVERHEAD = HEADER_LEN + TAG_LEN;

const EMPTY = new Uint8Array(0);

function parsePublicKey(name: string, bytes: Uint8Array): Uint8Array {
  assertBytes(name, bytes, PUBKEY_LEN);
  try {
    secp256k1.Point.fromBytes(bytes).assertValidity();
  } catch {
    throw new Error(`${name}: not a valid compressed secp256k1 public key`);
  }
  return bytes;
}

/** key = HKDF-SHA256(ikm = x(ECDH), salt = ephemeral pubkey ‖ recipient pubkey, info = "nesa/ecies/v1", 32). */
function deriveKey(secret: Uint8Array, peerPublic: Uint8Array, ephemeralPub: Uint8Array, recipientPub: Uint8Array) {
  const shared = secp256k1.getSharedSecret(secret, peerPublic, true).subarray(1);
  return hkdf(sha256, shared, concatBytes(ephemeralPub, recipientPub), utf8ToBytes(ECIES_INFO), 32);
}

/**
 * Envelope = 0x01 ‖ ephemeral pubkey (33) ‖ nonce (12) ‖ AES-256-GCM(plaintext) ‖ tag (16). The GCM
 * additional data is the 46-byte header followed by the caller's `aad`, so neither can be swapped.
 */
export function eciesSeal(recipientPubKey: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = EMPTY): Uint8Array {
  const recipient = parsePublicKey("recipientPubKey", recipientPubKey);
  assertBytes("plaintext", plaintext);
  assertBytes("aad", aad);
  const ephemeralSecret = secp256k1.utils.randomSecretKey();
  const ephemeralPub = secp256k1.getPublicKey(ephemeralSecret, true);
  const key = deriveKey(ephemeralSecret, recipient, ephemeralPub, recipient);
  const nonce = randomBytes(NONCE_LEN);
  const header = concatBytes(Uint8Array.of(ECIES_VERSION), ephemeralPub, nonce);
  const sealed = gcm(key, nonce, concatBytes(header, aad)).encrypt(plaintext);
  ephemeralSecret.fill(0);
  return concatBytes(header, sealed);
}

/** Opens an envelope from `eciesSeal`; throws a clear error if it was altered or is not for this key. */
export function eciesOpen(recipientPrivKey: Uint8Array, envelope: Uint8Array, aad: Uint8Array = EMPTY): Uint8Array {
  assertBytes("recipientPrivKey", recipientPrivKey, 32);
  if (!secp256k1.utils.isValidSecretKey(recipientPrivKey)) {
    throw new RangeError("recipientPrivKey: not a valid secp256k1 secret key");
  }
  assertBytes("envelope", envelope);
  assertBytes("aad", aad);
  if (envelope.length < ECIES_OVERHEAD) {
    throw new Error(`envelope: ${envelope.length} bytes is shorter than the ${ECIES_OVERHEAD}-byte minimum`);
  }
  if (envelope[0] !== ECIES_VERSION) throw new Error(`envelope: unsupported version ${envelope[0]}`);
  const header = envelope.subarray(0, HEADER_LEN);
  const ephemeralPub = parsePublicKey("envelope ephemeral key", envelope.subarray(1, 1 + PUBKEY_LEN));
  const nonce = envelope.subarray(1 + PUBKEY_LEN, HEADER_LEN);
  const recipientPub = secp256k1.getPublicKey(recipientPrivKey, true);
  const key = deriveKey(recipientPrivKey, ephemeralPub, ephemeralPub, recipientPub);
  try {
    return gcm(key, nonce, concatBytes(header, aad)).decrypt(envelope.subarray(HEADER_LEN));
  } catch {
    throw new Error("envelope: authentication failed (tampered, wrong key or wrong aad)");
  }
}
