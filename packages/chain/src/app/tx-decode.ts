// Stateless part of the ante: size limit, protobuf decode, msg resolution and validate-basic.
import { AuthInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { ChainError } from "../errors/chain-error";
import { ErrInvalidRequest, ErrTxDecode, ErrTxTooLarge, ErrUnauthorized } from "../errors/sdk-errors";
import { checkAddress } from "../x/auth/keeper";
import type { MsgHandler } from "./module";
import type { Router } from "./router";

export interface DecodedMsg {
  typeUrl: string;
  msg: unknown;
  handler: MsgHandler;
}

export interface DecodedTx {
  bytes: Uint8Array;
  raw: TxRaw;
  body: TxBody;
  authInfo: AuthInfo;
  msgs: DecodedMsg[];
  /** Unique signers in order of first appearance; signer i signs with signer_infos[i]. */
  signers: string[];
  gasLimit: bigint;
}

function decodeOrThrow<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ChainError) throw e;
    throw ErrTxDecode.wrap(`cannot decode ${what} (${(e as Error).message}); send a protobuf cosmos.tx.v1beta1.TxRaw`);
  }
}

export function decodeTx(bytes: Uint8Array, router: Router, maxTxBytes: number): DecodedTx {
  if (bytes.length > maxTxBytes) {
    throw ErrTxTooLarge.wrap(`tx is ${bytes.length} bytes, the limit is ${maxTxBytes} bytes; split it into smaller txs`);
  }
  if (bytes.length === 0) throw ErrTxDecode.wrap("tx is empty; send a protobuf cosmos.tx.v1beta1.TxRaw");
  const raw = decodeOrThrow("TxRaw", () => TxRaw.decode(bytes));
  const body = decodeOrThrow("TxBody", () => TxBody.decode(raw.bodyBytes));
  const authInfo = decodeOrThrow("AuthInfo", () => AuthInfo.decode(raw.authInfoBytes));
  if (body.messages.length === 0) throw ErrInvalidRequest.wrap("tx contains no messages; add at least one");
  const msgs = body.messages.map((any, i) => {
    const handler = router.msgs.get(any.typeUrl);
    if (!handler) throw ErrTxDecode.wrap(`unable to resolve type URL ${any.typeUrl} (message ${i}): no module handles it`);
    const msg = decodeOrThrow(`message ${i} (${any.typeUrl})`, () => handler.decode(any.value));
    handler.validateBasic?.(msg);
    return { typeUrl: any.typeUrl, msg, handler };
  });
  const signers: string[] = [];
  for (const m of msgs) for (const s of m.handler.signers(m.msg)) if (!signers.includes(s)) signers.push(s);
  // Not every msg's validateBasic checks its signer field; the ante looks the account up by it (found by the fuzzer).
  for (const s of signers) checkAddress(s, "signer");
  if (raw.signatures.length !== signers.length || authInfo.signerInfos.length !== signers.length) {
    throw ErrUnauthorized.wrap(
      `wrong number of signers; expected ${signers.length}, got ${authInfo.signerInfos.length} signer infos and ${raw.signatures.length} signatures`,
    );
  }
  if (!authInfo.fee) throw ErrInvalidRequest.wrap("auth_info.fee is missing; set a fee and gas limit");
  return { bytes, raw, body, authInfo, msgs, signers, gasLimit: authInfo.fee.gasLimit };
}
