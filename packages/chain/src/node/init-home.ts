// `nesad init`: genesis from chain-config/genesis.template.json, a fresh proposer key and N funded
// test accounts with BIP39 mnemonics (HD path m/44'/118'/0'/0/0). The mnemonics are written to
// HOME/accounts.json (mode 0600) for local use only.
import { pbkdf2Sync } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Bip39, EnglishMnemonic, Random, Secp256k1, Slip10, Slip10Curve, stringToPath } from "@cosmjs/crypto";
import { toBase64, toBech32 } from "@cosmjs/encoding";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { type GenesisDoc, validateGenesisDoc } from "../app/genesis-doc";
import { type ModuleFactory, wireModules } from "../app/modules";
import { BASE_ACCOUNT_TYPE_URL, BECH32_PREFIX } from "../x/auth/keys";
import { homePaths, validatorFromSecret } from "./home";
import { nextBlockTime } from "./block-time";

export interface TestAccount {
  name: string;
  address: string;
  mnemonic: string;
}

export interface InitHomeOptions {
  home: string;
  chainId: string;
  /** Funded test accounts (default 4): "faucet", then "user1", "user2", … */
  accounts?: number;
  /** unes per test account (default 1,000,000 NES). */
  balance?: bigint;
  /** Override genesis_time (tests); default now. */
  genesisTime?: string;
  extraModules?: ModuleFactory[];
  /** Fields merged into a module's genesis section (tests: e.g. `{ gov: { params: {...} } }`). */
  appStateOverrides?: Record<string, Record<string, unknown>>;
}

export const TEMPLATE_PATH = join(dirname(fileURLToPath(import.meta.url)), "../../../../chain-config/genesis.template.json");
export const HD_PATH = "m/44'/118'/0'/0/0";

export async function accountFromMnemonic(mnemonic: string): Promise<{ address: string; privKey: Uint8Array; pubKey: Uint8Array }> {
  // BIP39 seed = PBKDF2-HMAC-SHA512(mnemonic, "mnemonic", 2048): Node's native PBKDF2 takes ~2 ms
  // where cosmjs's JS version took ~0.7 s per account on this machine.
  const words = new EnglishMnemonic(mnemonic).toString().normalize("NFKD");
  const seed = new Uint8Array(pbkdf2Sync(words, "mnemonic", 2048, 64, "sha512"));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath(HD_PATH));
  const pubKey = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
  return { address: toBech32(BECH32_PREFIX, ripemd160(sha256(pubKey))), privKey: privkey, pubKey };
}

export async function initHome(opts: InitHomeOptions): Promise<{ genesis: GenesisDoc; accounts: TestAccount[] }> {
  const p = homePaths(opts.home);
  if (existsSync(p.genesis)) {
    throw new Error(`${p.genesis} already exists: this home is initialised; use another --home or delete it first`);
  }
  const n = opts.accounts ?? 4;
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new Error(`--accounts must be an integer from 0 to 10000, got ${opts.accounts}`);
  const genesis = JSON.parse(readFileSync(TEMPLATE_PATH, "utf8")) as GenesisDoc;
  genesis.chain_id = opts.chainId;
  genesis.genesis_time = opts.genesisTime ?? nextBlockTime("", Date.now());

  const secret = secp256k1.utils.randomSecretKey();
  const validator = validatorFromSecret(secret);
  genesis.validators = [
    {
      address: Buffer.from(validator.address).toString("hex").toUpperCase(),
      pub_key: { type: "tendermint/PubKeySecp256k1", value: toBase64(validator.pubKey) },
      power: "10",
      name: "nesad",
    },
  ];

  const balance = (opts.balance ?? 1_000_000_000_000n).toString();
  const accounts: TestAccount[] = [];
  for (let i = 0; i < n; i++) {
    const mnemonic = Bip39.encode(Random.getBytes(32)).toString();
    const { address } = await accountFromMnemonic(mnemonic);
    accounts.push({ name: i === 0 ? "faucet" : `user${i}`, address, mnemonic });
  }
  const auth = genesis.app_state.auth as { accounts: unknown[] };
  const bank = genesis.app_state.bank as { balances: unknown[] };
  accounts.forEach((a, i) => {
    auth.accounts.push({ "@type": BASE_ACCOUNT_TYPE_URL, address: a.address, pub_key: null, account_number: String(i), sequence: "0" });
    bank.balances.push({ address: a.address, coins: [{ denom: "unes", amount: balance }] });
  });
  for (const m of wireModules(opts.chainId, validator, opts.extraModules).modules) {
    genesis.app_state[m.name] ??= m.defaultGenesis();
    const over = opts.appStateOverrides?.[m.name];
    if (over) genesis.app_state[m.name] = { ...(genesis.app_state[m.name] as object), ...over };
    m.validateGenesis(genesis.app_state[m.name]);
  }
  validateGenesisDoc(genesis);

  mkdirSync(p.config, { recursive: true });
  writeFileSync(p.genesis, `${JSON.stringify(genesis, null, 2)}\n`);
  const keyJson = {
    address: genesis.validators[0].address,
    pub_key: genesis.validators[0].pub_key,
    priv_key: { type: "tendermint/PrivKeySecp256k1", value: toBase64(secret) },
  };
  writeFileSync(p.validatorKey, `${JSON.stringify(keyJson, null, 2)}\n`, { mode: 0o600 });
  chmodSync(p.validatorKey, 0o600);
  writeFileSync(p.accounts, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  return { genesis, accounts };
}
