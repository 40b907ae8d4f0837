// What the page learns about the localnet from the playground server (/api/localnet): the chain id, the test
// accounts in dev mode, which models have an EE key in the home, and the Keplr chain info pointed at this
// localnet. Read from DIR/localnet.json on each request, so a localnet restarted on other ports is followed.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type LocalnetInfo, parseLocalnetInfo } from "@nesa/client";
import type { PlaygroundConfig } from "../page/session";
import { REPO_ROOT } from "./paths";

/** The fields of DIR/localnet.json the server uses (written by localnet/start). */
export type HomeInfo = LocalnetInfo & { rest?: string; blockTimeMs?: number; modelOwner?: string };

export class LocalnetNotReady extends Error {}

export function readHome(home: string): HomeInfo {
  const file = join(home, "localnet.json");
  if (!existsSync(file)) throw new LocalnetNotReady(`${file} does not exist yet: the localnet is still starting (or was never started with localnet/start --home ${home})`);
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const str = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  return { ...parseLocalnetInfo(raw, file), rest: str("rest"), modelOwner: str("modelOwner"), blockTimeMs: typeof raw.blockTimeMs === "number" ? raw.blockTimeMs : undefined };
}

/** The EE key files of the home, by model id (absolute paths from localnet.json, else relative to the home). */
export function eeKeyFiles(home: string, info: HomeInfo): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, m] of Object.entries(info.models ?? {})) {
    if (!m.eeKeyFile) continue;
    const file = m.eeKeyFile.startsWith("/") ? m.eeKeyFile : join(home, m.eeKeyFile);
    if (existsSync(file)) out.set(id, file);
  }
  return out;
}

export function pageConfig(home: string, origin: string, devMode: boolean): PlaygroundConfig {
  const info = readHome(home);
  const keplr = JSON.parse(readFileSync(join(REPO_ROOT, "chain-config/keplr-chain-info.json"), "utf8")) as Record<string, unknown>;
  return {
    chainId: info.chainId,
    devMode,
    // The genesis accounts' mnemonics are public test keys; only a dev-mode localnet page gets them.
    accounts: devMode ? info.accounts.map((a) => ({ name: a.name, address: a.address, mnemonic: a.mnemonic })) : [],
    modelOwner: info.modelOwner ?? "",
    keyedModels: [...eeKeyFiles(home, info).keys()],
    // Keplr talks to the same-origin proxies, so it works on whatever ports the localnet took.
    keplrChainInfo: { ...keplr, chainId: info.chainId, rpc: `${origin}/rpc`, rest: `${origin}/rest` },
    blockTimeMs: info.blockTimeMs ?? 1000,
  };
}
