// The ante handler (PROTOCOL.md §2): memo/timeout → account number and sequence → signature
// (SIGN_MODE_DIRECT, low-S) → fee ≥ gas limit × min gas price, deducted → sequence bump.
// It runs inside a cache-wrapped store, so any error here leaves no trace.
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { toBase64, toBech32 } from "@cosmjs/encoding";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  ErrInsufficientFee,
  ErrInvalidPubKey,
  ErrMemoTooLarge,
  ErrTooManySignatures,
  ErrTxTimeoutHeight,
  ErrUnauthorized,
  ErrWrongSequence,
  ErrInvalidGasLimit,
} from "../errors/sdk-errors";
import type { AuthKeeper } from "../x/auth/keeper";
import { BECH32_PREFIX, FEE_COLLECTOR, PUBKEY_TYPE_URL } from "../x/auth/keys";
import { requiredFee } from "../x/auth/params";
import type { BankKeeperImpl } from "../x/bank/keeper";
import { type Coin, formatCoins, parseCoins } from "../x/bank/coins";
import { event } from "./events";
import type { Context } from "./module";
import { verifySecp256k1 } from "./sig-verify";
import { encodeSignDoc } from "./sign-doc";
import { sigCacheKey } from "./sig-prepare";
import type { DecodedTx } from "./tx-decode";

export type TxMode = "check" | "deliver" | "simulate";

export interface AnteDeps {
  auth: AuthKeeper;
  bank: BankKeeperImpl;
  /** Verified (tx hash, account numbers) pairs: CheckTx verified them, DeliverTx need not again. */
  sigCache: Set<string>;
  maxBlockGas: bigint;
}

export interface AnteInfo {
  feePayer: string;
  fee: Coin[];
  /** Fee per gas in the fee denom, scaled by 1e9: the mempool priority. */
  priority: bigint;
  sequences: bigint[];
}

const SIGN_MODE_DIRECT = 1;
const SIMULATED_SIG_BYTES = 64n + 33n + 8n;

export function pubkeyToAddress(pubkey: Uint8Array): string {
  return toBech32(BECH32_PREFIX, ripemd160(sha256(pubkey)));
}

export function runAnte(ctx: Context, tx: DecodedTx, hashHex: string, deps: AnteDeps, mode: TxMode): AnteInfo {
  const { auth, bank } = deps;
  const params = auth.getParams(ctx);
  if (tx.body.memo.length > Number(params.max_memo_characters)) {
    throw ErrMemoTooLarge.wrap(`memo has ${tx.body.memo.length} characters, the limit is ${params.max_memo_characters}`);
  }
  if (tx.body.timeoutHeight > 0n && ctx.height > tx.body.timeoutHeight) {
    throw ErrTxTimeoutHeight.wrap(`block height ${ctx.height} is past the tx's timeout_height ${tx.body.timeoutHeight}`);
  }
  if (tx.signers.length > Number(params.tx_sig_limit)) {
    throw ErrTooManySignatures.wrap(`${tx.signers.length} signatures, the limit is ${params.tx_sig_limit}`);
  }
  if (mode !== "simulate" && deps.maxBlockGas >= 0n && tx.gasLimit > deps.maxBlockGas) {
    throw ErrInvalidGasLimit.wrap(`gas limit ${tx.gasLimit} exceeds the block gas limit ${deps.maxBlockGas}`);
  }
  const perByte = BigInt(params.tx_size_cost_per_byte);
  ctx.gasMeter.consume(perByte * BigInt(tx.bytes.length), "txSize");
  if (mode === "simulate") ctx.gasMeter.consume(perByte * SIMULATED_SIG_BYTES * BigInt(tx.signers.length), "txSize (simulated signatures)");

  const accounts = tx.signers.map((s) => auth.mustGetAccount(ctx, s));
  const pubkeys: Uint8Array[] = [];
  accounts.forEach((acc, i) => {
    const info = tx.authInfo.signerInfos[i];
    if (mode !== "simulate" && info.sequence !== acc.sequence) {
      throw ErrWrongSequence.wrap(`account sequence mismatch, expected ${acc.sequence}, got ${info.sequence}`);
    }
    pubkeys.push(signerPubkey(info.publicKey, acc.pubKey, acc.address));
  });

  const sigCost = BigInt(params.sig_verify_cost_secp256k1);
  const cacheKey = sigCacheKey(hashHex, accounts.map((a) => a.accountNumber));
  const cached = mode === "deliver" ? deps.sigCache.delete(cacheKey) : mode === "check" && deps.sigCache.has(cacheKey);
  accounts.forEach((acc, i) => {
    ctx.gasMeter.consume(sigCost, "ante verify: secp256k1");
    if (mode === "simulate" || cached) return;
    const single = tx.authInfo.signerInfos[i].modeInfo?.single;
    if (single?.mode !== SIGN_MODE_DIRECT) {
      throw ErrUnauthorized.wrap(`signer ${i} does not use SIGN_MODE_DIRECT; only direct signing is supported`);
    }
    const signBytes = encodeSignDoc(tx.raw.bodyBytes, tx.raw.authInfoBytes, ctx.chainId, acc.accountNumber);
    if (!verifySecp256k1(pubkeys[i], signBytes, tx.raw.signatures[i])) {
      throw ErrUnauthorized.wrap(
        `signature verification failed; please verify account number (${acc.accountNumber}), sequence (${acc.sequence}) and chain-id (${ctx.chainId})`,
      );
    }
  });
  if (mode === "check") deps.sigCache.add(cacheKey);

  const price = auth.minGasPrice(params);
  const fee = parseCoins(tx.authInfo.fee?.amount ?? [], "fee.amount");
  const paid = fee.find((c) => c.denom === price.denom)?.amount ?? 0n;
  if (mode !== "simulate") {
    const required = requiredFee(tx.gasLimit, price);
    if (paid < required) {
      throw ErrInsufficientFee.wrap(
        `insufficient fees; got: ${formatCoins(fee) || "0" + price.denom} required: ${required}${price.denom} (gas limit ${tx.gasLimit} × ${params.min_gas_price})`,
      );
    }
  }
  const feePayer = tx.signers[0];
  // Simulate gets an empty fee from cosmjs; moving a zero fee charges the same store gas as the
  // real deduction, so the estimate × 1.3–1.4 covers the signed tx.
  const deducted = fee.length > 0 ? fee : mode === "simulate" ? [{ denom: price.denom, amount: 0n }] : [];
  if (deducted.length > 0) bank.sendCoinsFromAccountToModule(ctx, feePayer, FEE_COLLECTOR, deducted);
  ctx.eventManager.emit(event("tx", { fee: formatCoins(fee), fee_payer: feePayer }));

  const sequences: bigint[] = [];
  accounts.forEach((acc, i) => {
    sequences.push(acc.sequence);
    auth.setAccount(ctx, { ...acc, pubKey: pubkeys[i], sequence: acc.sequence + 1n });
    ctx.eventManager.emit(event("tx", { acc_seq: `${acc.address}/${acc.sequence}` }));
    ctx.eventManager.emit(event("tx", { signature: toBase64(tx.raw.signatures[i] ?? new Uint8Array()) }));
  });
  const priority = tx.gasLimit > 0n ? (paid * 1_000_000_000n) / tx.gasLimit : 0n;
  return { feePayer, fee, priority, sequences };
}

function signerPubkey(any: { typeUrl: string; value: Uint8Array } | undefined, stored: Uint8Array | undefined, address: string) {
  if (!any || any.value.length === 0) {
    if (stored) return stored;
    throw ErrInvalidPubKey.wrap(`account ${address} has no pubkey yet; include it in signer_infos.public_key`);
  }
  if (any.typeUrl !== PUBKEY_TYPE_URL) throw ErrInvalidPubKey.wrap(`pubkey type ${any.typeUrl} is not supported; use ${PUBKEY_TYPE_URL}`);
  let key: Uint8Array;
  try {
    key = PubKey.decode(any.value).key;
  } catch (e) {
    // Found by the fuzzer: a malformed key must be a registered error, not an internal one.
    throw ErrInvalidPubKey.wrap(`signer_infos.public_key of ${address} is not a protobuf PubKey (${(e as Error).message})`);
  }
  if (stored && Buffer.compare(Buffer.from(stored), Buffer.from(key)) !== 0) {
    throw ErrInvalidPubKey.wrap(`pubkey does not match the one recorded for ${address}`);
  }
  if (!stored && pubkeyToAddress(key) !== address) {
    throw ErrInvalidPubKey.wrap(`pubkey does not belong to signer ${address}`);
  }
  return key;
}
