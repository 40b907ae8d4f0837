// typeUrl → codec for every Msg nesad accepts, found in the generated modules (not a hand-kept
// list): each exported `Msg*` message of a tx.proto is `/<proto package>.<name>`.
import * as bankTx from "cosmjs-types/cosmos/bank/v1beta1/tx";
import * as distributionTx from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import * as govTx from "cosmjs-types/cosmos/gov/v1/tx";
import { inferenceTx, payforqueryTx, stakingextTx } from "@nesa/proto-types";

export interface JsonCodec {
  decode(bytes: Uint8Array): unknown;
  toJSON(message: unknown): unknown;
}

const MODULES: [string, Record<string, unknown>][] = [
  ["cosmos.bank.v1beta1", bankTx],
  ["cosmos.distribution.v1beta1", distributionTx],
  ["cosmos.gov.v1", govTx],
  [inferenceTx.protobufPackage, inferenceTx],
  [stakingextTx.protobufPackage, stakingextTx],
  [payforqueryTx.protobufPackage, payforqueryTx],
];

let codecs: Map<string, JsonCodec> | undefined;

export function msgCodecs(): Map<string, JsonCodec> {
  if (codecs) return codecs;
  codecs = new Map();
  for (const [pkg, mod] of MODULES) {
    for (const [name, value] of Object.entries(mod)) {
      const c = value as Partial<JsonCodec> | undefined;
      if (name.startsWith("Msg") && typeof c?.decode === "function" && typeof c.toJSON === "function") {
        codecs.set(`/${pkg}.${name}`, c as JsonCodec);
      }
    }
  }
  return codecs;
}
