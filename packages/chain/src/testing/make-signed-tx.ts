// Test helper: a real SIGN_MODE_DIRECT tx, signed by a cosmjs wallet, as TxRaw bytes.
// Usage: makeSignedTx({ wallet, msgs: [{ typeUrl, value }], fee, sequence, accountNumber, chainId }).
import type { EncodeObject, OfflineDirectSigner, Registry } from "@cosmjs/proto-signing";
import { encodePubkey, makeAuthInfoBytes, makeSignDoc, Registry as CosmRegistry } from "@cosmjs/proto-signing";
import { encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { defaultRegistryTypes } from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { fromBase64 } from "@cosmjs/encoding";

export interface MakeSignedTxParams {
  wallet: OfflineDirectSigner;
  msgs: EncodeObject[];
  fee?: { amount: { denom: string; amount: string }[]; gas: string };
  sequence: bigint | number;
  accountNumber: bigint | number;
  chainId: string;
  memo?: string;
  /** Extra message types (nesa modules) besides cosmjs's defaults. */
  registry?: Registry;
}

export const DEFAULT_TEST_FEE = { amount: [{ denom: "unes", amount: "5000" }], gas: "200000" };

export async function makeSignedTx(p: MakeSignedTxParams): Promise<Uint8Array> {
  const registry = p.registry ?? new CosmRegistry(defaultRegistryTypes);
  const [account] = await p.wallet.getAccounts();
  const fee = p.fee ?? DEFAULT_TEST_FEE;
  const bodyBytes = registry.encode({ typeUrl: "/cosmos.tx.v1beta1.TxBody", value: { messages: p.msgs, memo: p.memo ?? "" } });
  const pubkey = encodePubkey(encodeSecp256k1Pubkey(account.pubkey));
  const authInfoBytes = makeAuthInfoBytes([{ pubkey, sequence: BigInt(p.sequence) }], fee.amount, Number(fee.gas), undefined, undefined);
  const signDoc = makeSignDoc(bodyBytes, authInfoBytes, p.chainId, Number(p.accountNumber));
  const { signature, signed } = await p.wallet.signDirect(account.address, signDoc);
  return TxRaw.encode({
    bodyBytes: signed.bodyBytes,
    authInfoBytes: signed.authInfoBytes,
    signatures: [fromBase64(signature.signature)],
  }).finish();
}

export function msgSend(from: string, to: string, amount: bigint | number, denom = "unes"): EncodeObject {
  return { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: from, toAddress: to, amount: [{ denom, amount: String(amount) }] } };
}
