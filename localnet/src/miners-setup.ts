// Miners: a key file made by `nesa-miner keys add` (0600, under DIR/miners/<i>/), funds from the faucet,
// `nesa-miner register` (bonded stake, both models), then `nesa-miner start` as a background process.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Signer } from "./chain-client";
import { CLI, type Layout } from "./layout";
import { runCli } from "./run-cli";

export const MINER_STAKE = "100000000unes"; // 100 NES each: well above min_stake, equal weights
const MINER_FUNDS = 1_000_000_000n; // 1,000 NES: stake plus fees for many commits and reveals
const MIN_BALANCE = 200_000_000n;

export type MinerSetup = { index: number; name: string; address: string; config: string; metricsPort: number };

export type MinerNetwork = { chainId: string; rpc: string; redisUrl: string; redisPrefix: string; modelStoreUrl: string; models: string[] };

export const minerName = (i: number) => `miner-${i}`;

/** Writes the miner's config (rewritten at every start: ports and URLs may have changed) and makes its key. */
export async function prepareMiner(L: Layout, i: number, metricsPort: number, net: MinerNetwork): Promise<MinerSetup> {
  const dir = L.miner(i);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const config = join(dir, "config.json");
  const keyFile = join(dir, "key.json");
  writeFileSync(
    config,
    `${JSON.stringify(
      {
        chainId: net.chainId,
        rpcUrl: net.rpc,
        redisUrl: net.redisUrl,
        redisPrefix: net.redisPrefix,
        modelStoreUrl: net.modelStoreUrl,
        cacheDir: join(dir, "shards"),
        keyFile,
        metricsPort,
        models: net.models,
        stake: MINER_STAKE,
        // Jobs wait on chain inclusion (commit, reveal): several in flight keep the CPU busy.
        concurrency: 4,
      },
      null,
      2,
    )}\n`,
  );
  const cmd = existsSync(keyFile) ? ["keys", "show"] : ["keys", "add"];
  const out = await runCli(L, minerName(i), CLI.miner, ["-c", config, ...cmd]);
  const { address } = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { address: string };
  if (!address) throw new Error(`nesa-miner ${cmd.join(" ")} printed no address for ${minerName(i)}`);
  return { index: i, name: minerName(i), address, config, metricsPort };
}

/** One tx from the faucet funds every miner whose balance is low. */
export async function fundMiners(faucet: Signer, miners: MinerSetup[], say: (m: string) => void): Promise<void> {
  const msgs = [];
  for (const m of miners) {
    const bal = BigInt((await faucet.client.getBalance(m.address, "unes")).amount);
    if (bal >= MIN_BALANCE) continue;
    msgs.push({
      typeUrl: "/cosmos.bank.v1beta1.MsgSend",
      value: { fromAddress: faucet.address, toAddress: m.address, amount: [{ denom: "unes", amount: MINER_FUNDS.toString() }] },
    });
  }
  if (msgs.length === 0) return;
  const res = await faucet.client.signAndBroadcast(faucet.address, msgs, "auto");
  if (res.code !== 0) throw new Error(`funding the miners failed (code ${res.code}): ${res.rawLog}`);
  say(`miners: funded ${msgs.length} miner account(s) from the faucet (height ${res.height})`);
}

/** `nesa-miner register`: a no-op for a miner that is already registered. */
export async function registerMinerCli(L: Layout, m: MinerSetup): Promise<{ alreadyRegistered: boolean }> {
  const out = await runCli(L, m.name, CLI.miner, ["-c", m.config, "register"]);
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as { alreadyRegistered: boolean };
}
