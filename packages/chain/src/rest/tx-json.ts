// A stored tx as the SDK's tx service writes it: `tx` (cosmos.tx.v1beta1.Tx with decoded msgs)
// and `tx_response` (TxResponse), from the exact TxRaw bytes and the DeliverTx result.
import { AuthInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { IndexedTx } from "../node/types";
import { anyToJson, snakeKeys } from "./json";

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const hexUpper = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();

export function txToJson(bytes: Uint8Array): Record<string, unknown> {
  let raw: TxRaw;
  let body: TxBody;
  let authInfo: AuthInfo;
  try {
    raw = TxRaw.decode(bytes);
    body = TxBody.decode(raw.bodyBytes);
    authInfo = AuthInfo.decode(raw.authInfoBytes);
  } catch {
    return { "@type": "/cosmos.tx.v1beta1.Tx", body: null, auth_info: null, signatures: [] };
  }
  const auth = snakeKeys(AuthInfo.toJSON(authInfo)) as { signer_infos?: Record<string, unknown>[] };
  (auth.signer_infos ?? []).forEach((s, i) => {
    s.public_key = anyToJson(authInfo.signerInfos[i].publicKey);
  });
  return {
    "@type": "/cosmos.tx.v1beta1.Tx",
    body: {
      messages: body.messages.map(anyToJson),
      memo: body.memo,
      timeout_height: body.timeoutHeight.toString(),
      extension_options: body.extensionOptions.map(anyToJson),
      non_critical_extension_options: body.nonCriticalExtensionOptions.map(anyToJson),
    },
    auth_info: auth,
    signatures: raw.signatures.map(b64),
  };
}

export function txResponseJson(tx: IndexedTx, timestamp: string): Record<string, unknown> {
  const r = tx.result;
  return {
    height: tx.height.toString(),
    txhash: hexUpper(tx.hash),
    codespace: r.codespace,
    code: r.code,
    data: hexUpper(r.data),
    raw_log: r.log,
    logs: [],
    info: r.info ?? "",
    gas_wanted: r.gasWanted.toString(),
    gas_used: r.gasUsed.toString(),
    tx: txToJson(tx.tx),
    timestamp,
    events: r.events.map((e) => ({
      type: e.type,
      attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: a.index ?? true })),
    })),
  };
}
