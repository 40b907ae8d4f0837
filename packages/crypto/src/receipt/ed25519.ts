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
