// A signer for a mnemonic that derives its key once. cosmjs's DirectSecp256k1HdWallet re-derives the key
// (SLIP-10: HMAC-SHA512 chain and point multiplications in JS) on every signDirect and getAccounts: ~8 ms per
// tx, which measured as the largest CPU cost of a miner and of a busy dApp. BIP39's PBKDF2 runs natively here.
import { pbkdf2Sync } from "node:crypto";
import { EnglishMnemonic, Slip10, Slip10Curve, stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1Wallet } from "@cosmjs/proto-signing";

/** Cosmos Hub's HD path, which the localnet and Keplr use for `nesa` accounts. */
export const COSMOS_HD_PATH = "m/44'/118'/0'/0/0";

/**
 * The same account as `DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix })`, as a wallet that holds the
 * derived key. Throws on an invalid mnemonic (never echoing it).
 *
 * @example
 * const wallet = await walletFromMnemonic(account.mnemonic);
 * const client = await NesaClient.connectWithSigner(rpc, wallet, options);
 */
export async function walletFromMnemonic(mnemonic: string, prefix = "nesa", hdPath = COSMOS_HD_PATH): Promise<DirectSecp256k1Wallet> {
  const words = new EnglishMnemonic(mnemonic).toString().normalize("NFKD");
  const seed = new Uint8Array(pbkdf2Sync(words, "mnemonic", 2048, 64, "sha512"));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath(hdPath));
  return DirectSecp256k1Wallet.fromKey(privkey, prefix);
}
