// Proto3 JSON as the Cosmos SDK's grpc-gateway writes it: the proto field names (snake_case, the
// gateway's OrigName), int64 as strings, bytes as base64, Any as {"@type", ...fields}.
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import type { Any } from "cosmjs-types/google/protobuf/any";
import { msgCodecs } from "./msg-codecs";

const snake = (k: string) => (k.startsWith("@") ? k : k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));

/** Renames the camelCase keys of a ts-proto / cosmjs-types `toJSON` result to proto field names. */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[snake(k)] = snakeKeys(v);
  return out;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

/** An Any as JSON; an unknown type keeps its bytes under `value` (base64). */
export function anyToJson(any: Any | undefined): Record<string, unknown> | null {
  if (!any) return null;
  if (any.typeUrl === "/cosmos.auth.v1beta1.BaseAccount") {
    const a = BaseAccount.decode(any.value);
    return {
      "@type": any.typeUrl,
      address: a.address,
      pub_key: anyToJson(a.pubKey),
      account_number: a.accountNumber.toString(),
      sequence: a.sequence.toString(),
    };
  }
  if (any.typeUrl === "/cosmos.crypto.secp256k1.PubKey") return { "@type": any.typeUrl, key: b64(PubKey.decode(any.value).key) };
  const codec = msgCodecs().get(any.typeUrl);
  if (!codec) return { "@type": any.typeUrl, value: b64(any.value) };
  return { "@type": any.typeUrl, ...(snakeKeys(codec.toJSON(codec.decode(any.value))) as Record<string, unknown>) };
}
