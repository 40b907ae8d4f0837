// Canonical tensor bytes come from @nesa/crypto, so the data-plane key of a tensor (the sha256 of its bytes)
// is exactly the output digest the chain sees in commits and reveals.
import { createHash } from "node:crypto";

export { type Tensor, type TensorDtype, decodeTensor, encodeTensor } from "@nesa/crypto";

/** Hex sha256 of canonical tensor bytes: the tensor's data-plane key and (as bytes) its output digest. */
export function digestOfEncoded(encoded: Uint8Array): string {
  return createHash("sha256").update(encoded).digest("hex");
}
