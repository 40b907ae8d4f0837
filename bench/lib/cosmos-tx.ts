// Fast, dependency-light signing of bank MsgSend txs (SIGN_MODE_DIRECT) for load generation:
// the same bytes cosmjs would produce, without its async wallet per call.
import { pbkdf2Sync } from "node:crypto";
import { Slip10, Slip10Curve, stringToPath } from "@cosmjs/crypto";
import { toBech32 } from "@cosmjs/encoding";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { AuthInfo, SignDoc, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";

export interface KeyPair {
  privkey: Uint8Array;
  /** 33-byte compressed. */
  pubkey: Uint8Array;
  address: string;
}

export interface SignedTx {
  txBytes: Uint8Array;
  signBytes: Uint8Array;
  signature: Uint8Array;
  pubkey: Uint8Array;
}

export interface SendSpec {
  chainId: string;
  accountNumber: bigint;
  sequence: bigint;
  to: string;
  amount: string;
  denom: string;
  feeAmount: string;
  gasLimit: bigint;
}

/** BIP39 seed (PBKDF2 via OpenSSL: fast) → SLIP-10 m/44'/118'/0'/0/0 → bech32 address. */
export function keyFromMnemonic(mnemonic: string, prefix = "nesa", hdPath = "m/44'/118'/0'/0/0"): KeyPair {
  const seed = pbkdf2Sync(mnemonic.normalize("NFKD"), "mnemonic", 2048, 64, "sha512");
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, new Uint8Array(seed), stringToPath(hdPath));
  const pubkey = secp256k1.getPublicKey(privkey, true);
  return { privkey, pubkey, address: toBech32(prefix, ripemd160(sha256(pubkey))) };
}

/** A key from a 32-byte secret (benchmarks derive many accounts quickly from a seed string). */
export function keyFromSecret(privkey: Uint8Array, prefix = "nesa"): KeyPair {
  const pubkey = secp256k1.getPublicKey(privkey, true);
  return { privkey, pubkey, address: toBech32(prefix, ripemd160(sha256(pubkey))) };
}

export function signMsgSend(key: KeyPair, spec: SendSpec): SignedTx {
  const msg = MsgSend.fromPartial({
    fromAddress: key.address,
    toAddress: spec.to,
    amount: [{ denom: spec.denom, amount: spec.amount }],
  });
  const bodyBytes = TxBody.encode(
    TxBody.fromPartial({ messages: [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: MsgSend.encode(msg).finish() }] }),
  ).finish();
  const authInfoBytes = AuthInfo.encode(
    AuthInfo.fromPartial({
      signerInfos: [
        {
          publicKey: {
            typeUrl: "/cosmos.crypto.secp256k1.PubKey",
            value: PubKey.encode({ key: key.pubkey }).finish(),
          },
          modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } },
          sequence: spec.sequence,
        },
      ],
      fee: { amount: [{ denom: spec.denom, amount: spec.feeAmount }], gasLimit: spec.gasLimit },
    }),
  ).finish();
  const signBytes = SignDoc.encode(
    SignDoc.fromPartial({ bodyBytes, authInfoBytes, chainId: spec.chainId, accountNumber: spec.accountNumber }),
  ).finish();
  // noble hashes with sha256 before signing and returns compact low-S r‖s, as Cosmos requires.
  const signature = secp256k1.sign(signBytes, key.privkey);
  const txBytes = TxRaw.encode(TxRaw.fromPartial({ bodyBytes, authInfoBytes, signatures: [signature] })).finish();
  return { txBytes, signBytes, signature, pubkey: key.pubkey };
}
