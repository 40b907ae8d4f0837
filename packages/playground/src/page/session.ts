// What every page shares: the localnet's public facts (from the playground server), one read-only NesaClient for
// the explorer, the chosen wallet (a local test account or Keplr) and its signing client, and the EE keys.
// Everything the SDK does — EE, HSS shares sealed to miners, VRF committee check, digest check, decryption —
// runs here in the page; the EE keys are read from the local home once and never sent anywhere.
import { DirectSecp256k1HdWallet, type OfflineSigner } from "@cosmjs/proto-signing";
import { type ModelCodec, NesaClient, createHttpDataPlane } from "@nesa/client";
import { createBrowserModelCodec } from "@nesa/client/browser";
import type { EEKey } from "@nesa/models";

export type LocalAccount = { name: string; address: string; mnemonic: string };
export type PlaygroundConfig = {
  chainId: string;
  /** Dev mode: the server hands the page the localnet's genesis test accounts (local only). */
  devMode: boolean;
  accounts: LocalAccount[];
  modelOwner: string;
  /** Model ids with an EE key in the home (the page can encrypt for them). */
  keyedModels: string[];
  keplrChainInfo: Record<string, unknown>;
  blockTimeMs: number;
};

export type Wallet = { kind: "local" | "keplr"; label: string; address: string; signer: OfflineSigner };

type Keplr = {
  experimentalSuggestChain(info: unknown): Promise<void>;
  enable(chainId: string): Promise<void>;
  getOfflineSigner(chainId: string): OfflineSigner;
};
declare global {
  interface Window {
    keplr?: Keplr;
  }
}

const origin = () => window.location.origin;
export const RPC_URL = () => `${origin()}/rpc`;
export const DISPATCHER_URL = () => `${origin()}/dispatcher`;

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `${path}: HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

export class Session {
  private reader: Promise<NesaClient> | undefined;
  private signing: { address: string; client: Promise<NesaClient> } | undefined;
  private readonly keys = new Map<string, EEKey>();
  wallet: Wallet | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(readonly config: PlaygroundConfig) {}

  static async load(): Promise<Session> {
    return new Session(await getJson<PlaygroundConfig>("/api/localnet"));
  }

  onWalletChange(f: () => void): void {
    this.listeners.add(f);
  }

  read(): Promise<NesaClient> {
    this.reader ??= NesaClient.connect(RPC_URL());
    return this.reader;
  }

  /** The EE keys of the models this page can encrypt for, read once from the local home. */
  async loadKeys(): Promise<void> {
    await Promise.all(
      this.config.keyedModels.filter((id) => !this.keys.has(id)).map(async (id) => this.keys.set(id, await getJson<EEKey>(`/api/ee-key/${encodeURIComponent(id)}`))),
    );
  }

  codecFor(modelId: string): ModelCodec {
    const key = this.keys.get(modelId);
    if (!key) throw new Error(`no EE key for model ${modelId} in this localnet's home`);
    return createBrowserModelCodec(modelId, key) as ModelCodec;
  }

  async useLocalAccount(name: string): Promise<Wallet> {
    const acct = this.config.accounts.find((a) => a.name === name);
    if (!acct) throw new Error(`no test account ${name}`);
    const signer = await DirectSecp256k1HdWallet.fromMnemonic(acct.mnemonic, { prefix: "nesa" });
    return this.setWallet({ kind: "local", label: `${acct.name} (local test account)`, address: acct.address, signer });
  }

  /** A new key made in this page and kept only in its memory: an empty account (to see what an unfunded one gets). */
  async useNewAccount(): Promise<Wallet> {
    const signer = await DirectSecp256k1HdWallet.generate(12, { prefix: "nesa" });
    const [account] = await signer.getAccounts();
    return this.setWallet({ kind: "local", label: "new empty account (this page only)", address: account.address, signer });
  }

  async useKeplr(): Promise<Wallet> {
    const keplr = window.keplr;
    if (!keplr) throw new Error("Keplr is not installed in this browser");
    await keplr.experimentalSuggestChain(this.config.keplrChainInfo);
    await keplr.enable(this.config.chainId);
    const signer = keplr.getOfflineSigner(this.config.chainId);
    const [account] = await signer.getAccounts();
    return this.setWallet({ kind: "keplr", label: "Keplr", address: account.address, signer });
  }

  private setWallet(w: Wallet): Wallet {
    this.wallet = w;
    this.signing = undefined;
    for (const f of this.listeners) f();
    return w;
  }

  /** The signing client of the chosen wallet (a test account is chosen when none is). */
  async signer(): Promise<NesaClient> {
    if (!this.wallet) await this.useLocalAccount(this.defaultAccount());
    const wallet = this.wallet!;
    if (this.signing?.address !== wallet.address) {
      await this.loadKeys();
      const client = NesaClient.connectWithSigner(RPC_URL(), wallet.signer, {
        dataPlane: createHttpDataPlane(DISPATCHER_URL()),
        codecs: (id) => this.codecFor(id),
      });
      this.signing = { address: wallet.address, client };
    }
    return this.signing.client;
  }

  defaultAccount(): string {
    return this.config.accounts.find((a) => a.name !== "faucet" && a.name !== this.config.modelOwner)?.name ?? this.config.accounts[0]?.name ?? "";
  }
}
