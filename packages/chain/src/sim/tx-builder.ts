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

/** What a fuzzer may set in a tx's AuthInfo and SignDoc instead of the honest values. */
export interface SignOverrides {
  fee?: { denom: string; amount: string }[];
  gas?: bigint;
  sequence?: bigint;
  accountNumber?: bigint;
  chainId?: string;
  /** The signer info's public key Any (e.g. a wrong type URL or key length). */
  publicKey?: { typeUrl: string; value: Uint8Array };
  /** Signatures to put in the TxRaw instead of the one computed. */
  signatures?: Uint8Array[];
}

/** Signs already-encoded body bytes (a fuzzer's mutated body) without touching the account's sequence. */
export function signBody(account: SimAccount, bodyBytes: Uint8Array, chainId: string, gas: bigint, o: SignOverrides = {}): Uint8Array {
  const authInfoBytes = AuthInfo.encode(
    AuthInfo.fromPartial({
      signerInfos: [
        {
          publicKey: o.publicKey ?? { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: PubKey.encode({ key: account.pubkey }).finish() },
          modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } },
          sequence: o.sequence ?? account.sequence,
        },
      ],
      fee: { amount: o.fee ?? [{ denom: "unes", amount: feeFor(gas).toString() }], gasLimit: o.gas ?? gas },
    }),
  ).finish();
  const signBytes = SignDoc.encode(
    SignDoc.fromPartial({ bodyBytes, authInfoBytes, chainId: o.chainId ?? chainId, accountNumber: o.accountNumber ?? account.accountNumber }),
  ).finish();
  const signatures = o.signatures ?? [secp256k1.sign(signBytes, account.privkey)];
  return TxRaw.encode(TxRaw.fromPartial({ bodyBytes, authInfoBytes, signatures })).finish();
}

/** Signs a tx with the account's current sequence and advances it (the ante bumps it on chain). */
export function signTx(account: SimAccount, msgs: AnyMsg[], chainId: string, gas = gasFor(msgs.length)): Uint8Array {
  const tx = signBody(account, TxBody.encode(TxBody.fromPartial({ messages: msgs })).finish(), chainId, gas);
  account.sequence++;
  return tx;
}
