// Miners: a key file as `nesa-miner keys add` makes it (0600, under DIR/miners/<i>/), funds from the faucet,
// MsgRegisterMiner as `nesa-miner register` sends it (bonded stake, every localnet model), then `nesa-miner start`.
// A miner registered before a model existed gets it added with MsgUpdateMiner at the next start.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { NesaQueries, Signer } from "./chain-client";
import { createNesaRegistry } from "../../packages/client/src/index";
import type { Layout } from "./layout";
import { registerMiner } from "../../packages/sidecar/src/cli/register-miner";
import { loadConfig } from "../../packages/sidecar/src/config/load-config";
import { createKeyFile, loadKeyFile } from "../../packages/sidecar/src/keys/key-file";
import { GasPrice, SigningStargateClient, pino } from "./deps";

export const MINER_STAKE = "100000000unes"; // 100 NES each: well above min_stake, equal weights
const MINER_FUNDS = 1_000_000_000n; // 1,000 NES: stake plus fees for many commits and reveals
const MIN_BALANCE = 200_000_000n;

export type MinerSetup = { index: number; name: string; address: string; encryptionPubkey: string; config: string; metricsPort: number };

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
  // The functions behind `nesa-miner keys add` / `keys show`, in this process: one CLI start-up per miner
  // cost seconds each on a 2-core machine. Same file, same 0600 mode, the mnemonic is never printed.
  const keys = existsSync(keyFile) ? await loadKeyFile(keyFile) : await createKeyFile(keyFile);
  return { index: i, name: minerName(i), address: keys.address, encryptionPubkey: keys.encryptionPubkeyHex, config, metricsPort };
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

/**
 * What `nesa-miner register` does (MsgRegisterMiner signed with the miner's own key, from its config), run in
 * this process so that all miners register side by side in one block instead of one CLI start-up each.
 */
export async function registerMiners(miners: MinerSetup[]): Promise<void> {
  const logger = pino({ level: "warn" }, pino.destination(2));
  await Promise.all(
    miners.map(async (m) => {
      const config = await loadConfig(m.config, {});
      await registerMiner(config, await loadKeyFile(config.keyFile), logger);
    }),
  );
}

/**
 * Miners already on chain whose record lacks some of `models` (registered before a model existed): each sends
 * MsgUpdateMiner with its own key, listing its models plus the missing ones. Returns the miners updated.
 */
export async function addMinerModels(rpc: string, q: NesaQueries, miners: MinerSetup[], models: string[]): Promise<MinerSetup[]> {
  const stale: { m: MinerSetup; models: string[] }[] = [];
  for (const m of miners) {
    const record = await q.stakingext.miner(m.address).catch(() => undefined);
    if (record && models.some((id) => !record.models.includes(id))) stale.push({ m, models: [...new Set([...record.models, ...models])] });
  }
  await Promise.all(
    stale.map(async ({ m, models: all }) => {
      const config = await loadConfig(m.config, {});
      const keys = await loadKeyFile(config.keyFile);
      const client = await SigningStargateClient.connectWithSigner(rpc, keys.wallet, { registry: createNesaRegistry(), gasPrice: GasPrice.fromString(config.gasPrice), broadcastPollIntervalMs: 100 });
      try {
        const msg = { typeUrl: "/nesa.stakingext.v1.MsgUpdateMiner", value: { operator: keys.address, encryptionPubkey: new Uint8Array(0), models: all } };
        const res = await client.signAndBroadcast(keys.address, [msg], "auto");
        if (res.code !== 0) throw new Error(`MsgUpdateMiner of ${m.name} failed (code ${res.code}): ${res.rawLog}`);
      } finally {
        client.disconnect();
      }
    }),
  );
  return stale.map((s) => s.m);
}
