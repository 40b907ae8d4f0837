// ed25519 signature check for CometBFT votes. @noble/curves verifies with ZIP-215 rules by default, the rules of
// CometBFT's own verifier (ed25519consensus), so a signature CometBFT counts is counted here and vice versa.
import { ed25519 } from "@noble/curves/ed25519.js";

export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return ed25519.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}

/** The ed25519 public key of a 32-byte secret (CometBFT priv_validator_key seed). */
export const ed25519PublicKey = (secret: Uint8Array): Uint8Array => ed25519.getPublicKey(secret);

/** An ed25519 signature (tests and tools that play a validator; validators sign inside CometBFT). */
export const signEd25519 = (message: Uint8Array, secret: Uint8Array): Uint8Array => ed25519.sign(message, secret);
