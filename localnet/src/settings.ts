// Ports and choices made at the first start, kept in DIR/run/settings.json so a second start (or a restart of
// one crashed process) reuses them: miners' configs and localnet.json keep pointing at the same URLs.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Layout } from "./layout";
import { freePort } from "./net";

export type Settings = {
  chainId: string;
  rpcPort: number;
  blockTimeMs: number;
  miners: number;
  storePort: number;
  dispatcherPort: number;
  minerPorts: number[];
  redisUrl?: string;
  redisPrefix: string;
};

export type StartOptions = { home: string; miners?: number; rpcPort?: number; blockTimeMs?: number };

export const DEFAULTS = { miners: 6, rpcPort: 26657, blockTimeMs: 1000 };

export async function loadSettings(L: Layout, o: StartOptions): Promise<Settings> {
  const prev: Partial<Settings> = existsSync(L.settings) ? JSON.parse(readFileSync(L.settings, "utf8")) : {};
  const miners = o.miners ?? prev.miners ?? DEFAULTS.miners;
  const minerPorts = [...(prev.minerPorts ?? [])];
  while (minerPorts.length < miners) minerPorts.push(await freePort());
  const s: Settings = {
    chainId: prev.chainId ?? "nesa-localnet-1",
    rpcPort: o.rpcPort ?? prev.rpcPort ?? DEFAULTS.rpcPort,
    blockTimeMs: o.blockTimeMs ?? prev.blockTimeMs ?? DEFAULTS.blockTimeMs,
    miners,
    storePort: prev.storePort ?? (await freePort()),
    dispatcherPort: prev.dispatcherPort ?? (await freePort()),
    minerPorts,
    redisUrl: prev.redisUrl,
    // One prefix per home: localnets (and tests) can share a Redis without seeing each other's keys.
    redisPrefix: prev.redisPrefix ?? `nesa-ln-${createHash("sha256").update(L.home).digest("hex").slice(0, 10)}`,
  };
  saveSettings(L, s);
  return s;
}

export function saveSettings(L: Layout, s: Settings): void {
  mkdirSync(L.run, { recursive: true });
  writeFileSync(L.settings, `${JSON.stringify(s, null, 2)}\n`);
}
