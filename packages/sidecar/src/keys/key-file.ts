// The miner's secrets: a BIP-39 mnemonic (its chain account) and a separate secp256k1 key that HSS shares are
// sealed to. The file is created with mode 0600 in one step (no window where it is readable), never overwritten,
// and refused when group or others can read it. Nothing here logs or prints the secrets.
import { Bip39, Random, Secp256k1 } from "@cosmjs/crypto";
import { toHex, fromHex } from "@cosmjs/encoding";
import type { DirectSecp256k1Wallet } from "@cosmjs/proto-signing";
import { walletFromMnemonic } from "@nesa/client/node";
import { open, mkdir, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { SidecarCode, SidecarError } from "../errors";

export const BECH32_PREFIX = "nesa";

type KeyFileJson = { version: 1; mnemonic: string; encryptionKey: string };

export type MinerKeys = {
  /** bech32 account address (public). */
  address: string;
  /** Compressed secp256k1 public key for ECIES, hex (public: registered on chain). */
  encryptionPubkeyHex: string;
  /** Holds the derived key: signing does not re-derive it per tx (see walletFromMnemonic). */
  wallet: DirectSecp256k1Wallet;
  /** Private ECIES key: keep in memory only. */
  encryptionPrivateKey: Uint8Array;
};

/** Creates a new key file. Refuses to replace an existing one (losing a key loses the stake behind it). */
export async function createKeyFile(path: string, mnemonic?: string): Promise<MinerKeys> {
  const words = mnemonic ?? Bip39.encode(Random.getBytes(32)).toString();
  const keypair = await Secp256k1.makeKeypair(Random.getBytes(32));
  const json: KeyFileJson = { version: 1, mnemonic: words, encryptionKey: toHex(keypair.privkey) };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "wx", 0o600);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "EEXIST") {
      throw new SidecarError(SidecarCode.BadKeyFile, `key file ${path} already exists`, "refusing to overwrite it; move it away first if you really want a new key", { cause });
    }
    throw new SidecarError(SidecarCode.BadKeyFile, `cannot create key file ${path}`, (cause as Error).message, { cause });
  }
  try {
    await handle.writeFile(`${JSON.stringify(json)}\n`);
  } finally {
    await handle.close();
  }
  return keysFrom(json, path);
}

export async function loadKeyFile(path: string): Promise<MinerKeys> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (cause) {
    throw new SidecarError(SidecarCode.BadKeyFile, `no key file at ${path}`, "create one with `nesa-miner keys add`", { cause });
  }
  if ((mode & 0o077) !== 0) {
    throw new SidecarError(SidecarCode.BadKeyFile, `key file ${path} is readable by other users (mode ${(mode & 0o777).toString(8)})`, `run: chmod 600 ${path}`);
  }
  let json: KeyFileJson;
  try {
    json = JSON.parse(await readFile(path, "utf8")) as KeyFileJson;
  } catch (cause) {
    // Never include the file's content in the error: it holds the mnemonic.
    throw new SidecarError(SidecarCode.BadKeyFile, `key file ${path} is not valid JSON`, "restore it from your backup", { cause });
  }
  if (json?.version !== 1 || typeof json.mnemonic !== "string" || !/^[0-9a-f]{64}$/.test(json.encryptionKey ?? "")) {
    throw new SidecarError(SidecarCode.BadKeyFile, `key file ${path} is not a nesa-miner key file (version 1)`);
  }
  return keysFrom(json, path);
}

async function keysFrom(json: KeyFileJson, path: string): Promise<MinerKeys> {
  let wallet: DirectSecp256k1Wallet;
  try {
    wallet = await walletFromMnemonic(json.mnemonic, BECH32_PREFIX);
  } catch (cause) {
    throw new SidecarError(SidecarCode.BadKeyFile, `key file ${path} holds an invalid mnemonic`, undefined, { cause });
  }
  const [account] = await wallet.getAccounts();
  const encryptionPrivateKey = fromHex(json.encryptionKey);
  const pub = (await Secp256k1.makeKeypair(encryptionPrivateKey)).pubkey;
  return {
    address: account.address,
    encryptionPubkeyHex: toHex(Secp256k1.compressPubkey(pub)),
    wallet,
    encryptionPrivateKey,
  };
}
