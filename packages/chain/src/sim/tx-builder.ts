// Builds and signs SIGN_MODE_DIRECT txs for the simulator and the benchmark: the same bytes cosmjs
// would produce (TxRaw of TxBody + AuthInfo, signature over SignDoc), with deterministic RFC 6979
// signatures so a run is reproducible byte for byte.
import { toBech32 } from "@cosmjs/encoding";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { AuthInfo, SignDoc, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";

export interface AnyMsg {
  typeUrl: string;
  value: Uint8Array;
}

export interface SimAccount {
  privkey: Uint8Array;
  pubkey: Uint8Array;
  address: string;
  accountNumber: bigint;
  sequence: bigint;
}

export function accountFromSecret(secret: Uint8Array, accountNumber: bigint): SimAccount {
  const pubkey = secp256k1.getPublicKey(secret, true);
  return { privkey: secret, pubkey, address: toBech32("nesa", ripemd160(sha256(pubkey))), accountNumber, sequence: 0n };
}

/** Gas the simulator asks for: generous per msg, paid at the default 0.025unes/gas. */
export function gasFor(msgCount: number): bigint {
  return 250_000n + 150_000n * BigInt(msgCount);
}

export function feeFor(gas: bigint): bigint {
  return (gas * 25n + 999n) / 1000n;
}

/** Signs a tx with the account's current sequence and advances it (the ante bumps it on chain). */
export function signTx(account: SimAccount, msgs: AnyMsg[], chainId: string, gas = gasFor(msgs.length)): Uint8Array {
  const bodyBytes = TxBody.encode(TxBody.fromPartial({ messages: msgs })).finish();
  const authInfoBytes = AuthInfo.encode(
    AuthInfo.fromPartial({
      signerInfos: [
        {
          publicKey: { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: PubKey.encode({ key: account.pubkey }).finish() },
          modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } },
          sequence: account.sequence,
        },
      ],
      fee: { amount: [{ denom: "unes", amount: feeFor(gas).toString() }], gasLimit: gas },
    }),
  ).finish();
  const signBytes = SignDoc.encode(
    SignDoc.fromPartial({ bodyBytes, authInfoBytes, chainId, accountNumber: account.accountNumber }),
  ).finish();
  const signature = secp256k1.sign(signBytes, account.privkey);
  account.sequence++;
  return TxRaw.encode(TxRaw.fromPartial({ bodyBytes, authInfoBytes, signatures: [signature] })).finish();
}
