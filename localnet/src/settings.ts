// Ports and choices made at the first start, kept in DIR/run/settings.json so a second start (or a restart of
// one crashed process) reuses them: miners' configs and localnet.json keep pointing at the same URLs.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Layout } from "./layout";
import { freePort, portOpen } from "./net";

export type Settings = {
  chainId: string;
  rpcPort: number;
  /** nesad's Cosmos REST API (LCD): 1317 when free at the first start (where Keplr looks), else a free port. */
  restPort: number;
  blockTimeMs: number;
  miners: number;
  storePort: number;
  dispatcherPort: number;
  /** The web Playground/Explorer (`pnpm playground`); absent in a home made before it existed (then drawn). */
  playgroundPort: number;
  minerPorts: number[];
  redisUrl?: string;
  redisPrefix: string;
  /** CometBFT validators (`--validators N`, fixed at the first start); absent: the simulator. */
  validators?: number;
  /** Per validator its CometBFT RPC and P2P ports; validator 0's RPC is `rpcPort`. */
  validatorPorts?: { rpc: number; p2p: number }[];
};

export type StartOptions = { home: string; miners?: number; rpcPort?: number; restPort?: number; blockTimeMs?: number; validators?: number };

const DEFAULT_REST_PORT = 1317;

export const DEFAULTS = { miners: 6, rpcPort: 26657, blockTimeMs: 1000 };

export async function loadSettings(L: Layout, o: StartOptions): Promise<Settings> {
  const prev: Partial<Settings> = existsSync(L.settings) ? JSON.parse(readFileSync(L.settings, "utf8")) : {};
  const miners = o.miners ?? prev.miners ?? DEFAULTS.miners;
  const minerPorts = [...(prev.minerPorts ?? [])];
  while (minerPorts.length < miners) minerPorts.push(await freePort());
  const s: Settings = {
    chainId: prev.chainId ?? "nesa-localnet-1",
    rpcPort: o.rpcPort ?? prev.rpcPort ?? DEFAULTS.rpcPort,
    // Checking 1317 and taking it is racy when several localnets start at once (the test suite): they pass --rest-port.
    restPort: o.restPort ?? prev.restPort ?? ((await portOpen(DEFAULT_REST_PORT)) ? await freePort() : DEFAULT_REST_PORT),
    blockTimeMs: o.blockTimeMs ?? prev.blockTimeMs ?? DEFAULTS.blockTimeMs,
    miners,
    storePort: prev.storePort ?? (await freePort()),
    dispatcherPort: prev.dispatcherPort ?? (await freePort()),
    playgroundPort: prev.playgroundPort ?? (await freePort()),
    minerPorts,
    redisUrl: prev.redisUrl,
    // One prefix per localnet, drawn at its first start and kept in the home: localnets (and tests) can share a
    // Redis without seeing each other's keys, and a home deleted and created again at the same path does not
    // inherit the old chain's job ids and results (query ids restart at 1, so `3/0/0` would look already done).
    redisPrefix: prev.redisPrefix ?? `nesa-ln-${randomBytes(5).toString("hex")}`,
  };
  if (o.validators !== undefined && existsSync(L.settings) && prev.validators !== o.validators) {
    throw new Error(`this home was made with ${prev.validators ? `--validators ${prev.validators}` : "the simulator"}; the engine and validator count are fixed at the first start: use another --home`);
  }
  const validators = prev.validators ?? o.validators;
  if (validators !== undefined) {
    s.validators = validators;
    s.validatorPorts = prev.validatorPorts ?? [];
    for (let i = s.validatorPorts.length; i < validators; i++) s.validatorPorts.push({ rpc: i === 0 ? s.rpcPort : await freePort(), p2p: await freePort() });
  }
  saveSettings(L, s);
  return s;
}

export function saveSettings(L: Layout, s: Settings): void {
  mkdirSync(L.run, { recursive: true });
  writeFileSync(L.settings, `${JSON.stringify(s, null, 2)}\n`);
}
