// What CheckTx hands to the signature workers: the sign bytes and pubkey of every signer, taken
// from the check state. Anything unusual (unknown account, missing pubkey, other sign mode)
// returns undefined and the ante handler verifies inline, producing the precise error.
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import type { AuthKeeper } from "../x/auth/keeper";
import { PUBKEY_TYPE_URL } from "../x/auth/keys";
import type { Context } from "./module";
import type { SigItem } from "../node/sig-verifier-pool";
import { encodeSignDoc } from "./sign-doc";
import type { DecodedTx } from "./tx-decode";

const SIGN_MODE_DIRECT = 1;

/** The signature-cache key: the tx hash covers body, auth info and signatures; the account numbers complete the sign bytes. */
export function sigCacheKey(hashHex: string, accountNumbers: bigint[]): string {
  return `${hashHex}:${accountNumbers.join(",")}`;
}

export function prepareSignatures(
  ctx: Context,
  tx: DecodedTx,
  hashHex: string,
  auth: AuthKeeper,
): { cacheKey: string; items: SigItem[] } | undefined {
  try {
    const items: SigItem[] = [];
    const numbers: bigint[] = [];
    for (const [i, signer] of tx.signers.entries()) {
      const acc = auth.getAccount(ctx, signer);
      const info = tx.authInfo.signerInfos[i];
      if (!acc || info.modeInfo?.single?.mode !== SIGN_MODE_DIRECT) return undefined;
      const any = info.publicKey;
      const pubkey = any?.value.length ? (any.typeUrl === PUBKEY_TYPE_URL ? PubKey.decode(any.value).key : undefined) : acc.pubKey;
      // Only well-formed sizes go to the workers (their wire format has one length byte).
      if (!pubkey || pubkey.length !== 33 || tx.raw.signatures[i]?.length !== 64) return undefined;
      items.push({ pubkey, message: encodeSignDoc(tx.raw.bodyBytes, tx.raw.authInfoBytes, ctx.chainId, acc.accountNumber), signature: tx.raw.signatures[i] });
      numbers.push(acc.accountNumber);
    }
    return { cacheKey: sigCacheKey(hashHex, numbers), items };
  } catch {
    return undefined;
  }
}
