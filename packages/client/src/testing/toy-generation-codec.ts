// Unit-test helper: a GenerationCodec small enough to reason about — one token per UTF-8 byte (ids 0..255, so
// characters split across tokens all the time), id 256 is BOS and end of text, and "EE" is the permutation
// id → (7·id + 3) mod 257 (7 is invertible mod the prime 257).
import type { GenerationCodec } from "../generate/generation-codec";

const V = 257;
const INV7 = 147; // 7 × 147 = 1029 = 4 × 257 + 1

export const TOY_EOS = 256;

export function toyGenerationCodec(): GenerationCodec {
  const check = (id: number) => {
    if (!Number.isInteger(id) || id < 0 || id >= V) throw new Error(`token id ${id} is outside the vocabulary (0..${V - 1})`);
    return id;
  };
  return {
    modelId: "toy-lm",
    bosId: TOY_EOS,
    eosId: TOY_EOS,
    encode: (text) => [...new TextEncoder().encode(text)],
    decodeBytes: (ids) => Uint8Array.from(ids.filter((id) => check(id) !== TOY_EOS)),
    encryptIds: (ids) => ids.map((id) => (7 * check(id) + 3) % V),
    decryptIds: (ids) => ids.map((id) => (INV7 * (check(id) - 3 + V)) % V),
    exposure: () => ({ level: "warn", rawInputToMiner: false, message: "toy EE is weak" }),
  };
}
