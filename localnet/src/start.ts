// `localnet/start --home DIR [--miners N] [--rpc-port P] [--block-time MS]`: brings up a whole local network
// (Redis, nesad, model store, dispatcher, N miners) and writes DIR/localnet.json. Running it again starts
// only what is not running, so it is also how a crashed process is brought back.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { connectQueries, signerFromMnemonic } from "./chain-client";
import { layout } from "./layout";
import { LOCALNET_FILE, type LocalnetAccount, type LocalnetInfo, type LocalnetValidator } from "./localnet-info";
import { addMinerModels, fundMiners, MINER_STAKE, minerName, prepareMiner, registerMiners } from "./miners-setup";
import { LOCALNET_MODELS, prepareModels, registerModels } from "./models-setup";
import { ensureClusterIfChosen, settingsPorts } from "./redis-cluster";
import { ensureRedis } from "./redis-setup";
import { RedisKeys } from "../../packages/data-plane/src/index";
import { isLocalnetChainId } from "../../packages/sidecar/src/config/miner-config";
import { ensureChain, ensureDispatcher, ensureMiner, ensureModelStore, ensurePlayground } from "./services";
import { DEFAULTS, loadSettings, saveSettings } from "./settings";
import { ensureValidators, firstAppHome } from "./validators";

const GENESIS_ACCOUNTS = 8;
const HELP = `usage: localnet/start --home DIR [--validators N] [--miners N] [--rpc-port P] [--rest-port P] [--block-time MS] [--byzantine-miners I,J] [--redis-cluster]

Starts a local Nesa network with every process in the background, logs under DIR/logs:
  Redis (REDIS_URL, else 127.0.0.1:6379, else a private redis-server on a free port), nesad,
  the model store, the dispatcher and N miners (registered and staked for ocr-rec, lande and the text
  generator tiny-lm, and the OCR detector ocr-det (prepared by prepare --onnx); a home made before a model
  existed gets it prepared, registered and served).
Then writes DIR/localnet.json (rpc, chainId, redisUrl, accounts, miners, models, and \`playground\`: the URL
of the web Playground/Explorer it serves on 127.0.0.1, see docs/playground.md).
Running it again only starts what is not running. Stop everything with: localnet/stop --home DIR

  --home DIR        localnet home (created if missing)
  --validators N    run the chain as N CometBFT validators (N CometBFT nodes + N \`nesad start --abci\` apps on
                    127.0.0.1, one genesis) instead of the simulator; fixed at the first start. The other
                    processes use validator 0's RPC (--rpc-port); localnet.json lists every node's RPC.
                    No REST API in this mode. See docs/validators.md.
  --redis-cluster   run the data plane on a real Redis Cluster of its own: 6 redis-server processes on free
                    127.0.0.1 ports (3 masters + 3 replicas, data under DIR/redis-cluster/), which every
                    process reaches as redis-cluster://…; fixed at the first start (needs redis-server, redis-cli).
  --miners N        number of miners (default ${DEFAULTS.miners}; fixed after the first start unless raised)
  --rpc-port P      nesad RPC port on 127.0.0.1 (default ${DEFAULTS.rpcPort})
  --rest-port P     nesad REST API (LCD) port on 127.0.0.1 (default 1317 when free at the first start, else a free port)
  --block-time MS   milliseconds between blocks (default ${DEFAULTS.blockTimeMs})
  --byzantine-miners I,J
                    TESTS ONLY: the miners of these indices that this run starts get \`nesa-miner start
                    --byzantine\` (wrong outputs on purpose); a miner already running is left as it is, and a
                    later start without the option starts it honest. Refused unless the chain id is a localnet one.
`;

const say = (m: string) => process.stderr.write(`[localnet] ${m}\n`);

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${v}" (see --help)`);
  return Number(v);
}

/** `--byzantine-miners 0,3` → {0, 3}: indices of existing miners, and only on a localnet chain id (as the sidecar checks). */
function byzantineMiners(v: string | undefined, miners: number, chainId: string): Set<number> {
  if (v === undefined) return new Set();
  if (!/^\d+(,\d+)*$/.test(v) || v.split(",").some((i) => Number(i) >= miners)) {
    throw new Error(`--byzantine-miners must list miner indices 0..${miners - 1} separated by commas, got "${v}" (see --help)`);
  }
  if (!isLocalnetChainId(chainId)) throw new Error(`--byzantine-miners is refused on chain "${chainId}": it is a test-only option for localnet chain ids`);
  return new Set(v.split(",").map(Number));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      home: { type: "string" },
      miners: { type: "string" },
      "rpc-port": { type: "string" },
      "rest-port": { type: "string" },
      "block-time": { type: "string" },
      "byzantine-miners": { type: "string" },
      validators: { type: "string" },
      "redis-cluster": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return void process.stdout.write(HELP);
  if (!values.home) throw new Error("--home DIR is required (see --help)");
  const L = layout(values.home);
  mkdirSync(L.home, { recursive: true });
  const s = await loadSettings(L, {
    home: L.home,
    miners: int("--miners", values.miners, 1),
    rpcPort: int("--rpc-port", values["rpc-port"], 1),
    restPort: int("--rest-port", values["rest-port"], 1),
    blockTimeMs: int("--block-time", values["block-time"], 10),
    validators: int("--validators", values.validators, 1),
  });
  const byzantine = byzantineMiners(values["byzantine-miners"], s.miners, s.chainId);
  const engine = s.validators ? `${s.validators} CometBFT validators` : "the simulator";
  say(`home ${L.home}: ${engine}, ${s.miners} miners, RPC 127.0.0.1:${s.rpcPort}, blocks every ${s.blockTimeMs} ms`);

  const redisUrl = (await ensureClusterIfChosen(L, values["redis-cluster"] === true, s.redisUrl, settingsPorts(s), say)) ?? (await ensureRedis(L, s.redisUrl, say));
  s.redisUrl = redisUrl;
  saveSettings(L, s);
  say(`redis: ${redisUrl} (key prefix ${s.redisPrefix})`);

  // Preparing the models is CPU work of its own: it overlaps with the chain's start.
  const startChain = async (): Promise<{ rpc: string; validators?: LocalnetValidator[] }> =>
    s.validators ? ensureValidators(L, s, GENESIS_ACCOUNTS, say) : { rpc: await ensureChain(L, s, GENESIS_ACCOUNTS, say) };
  const [models, { rpc, validators }] = await Promise.all([prepareModels(L, say), startChain()]);
  const accounts = JSON.parse(readFileSync(join(s.validators ? firstAppHome(L) : L.chain, "accounts.json"), "utf8")) as LocalnetAccount[];
  const [faucetAcct, ownerAcct] = accounts;
  const modelStoreUrl = await ensureModelStore(L, s, say, rpc);

  const chain = await connectQueries(rpc);
  const owner = await signerFromMnemonic(rpc, ownerAcct.mnemonic);
  const faucet = await signerFromMnemonic(rpc, faucetAcct.mnemonic);
  try {
    await registerModels(owner, chain.q, models, say);
    const dispatcher = ensureDispatcher(L, s, rpc, redisUrl, say);
    const playground = ensurePlayground(L, s, say);
    playground.catch(() => {}); // awaited below; marked handled so a failure meanwhile is not an unhandled rejection

    // The models prepared now (tiny-lm waits for its model.onnx), in LOCALNET_MODELS order.
    const net = { chainId: s.chainId, rpc, redisUrl, redisPrefix: s.redisPrefix, modelStoreUrl, models: LOCALNET_MODELS.map((m) => m.id).filter((id) => models[id]) };
    const setups = await Promise.all(Array.from({ length: s.miners }, (_, i) => prepareMiner(L, i, s.minerPorts[i], net)));
    await fundMiners(faucet, setups, say);
    const unregistered: typeof setups = [];
    for (const m of setups) {
      const known = await chain.q.stakingext.miner(m.address).then(() => true, () => false);
      if (!known) unregistered.push(m);
    }
    await registerMiners(unregistered);
    if (unregistered.length > 0) say(`miners: registered ${unregistered.length} miner(s) with stake ${MINER_STAKE} for ${net.models.join(", ")}`);
    const updated = await addMinerModels(rpc, chain.q, setups.filter((m) => !unregistered.includes(m)), net.models);
    if (updated.length > 0) say(`miners: ${updated.length} miner(s) now also serve ${net.models.join(", ")} (MsgUpdateMiner)`);
    const procs = await Promise.all(setups.map((m) => ensureMiner(L, m.name, m.config, m.metricsPort, say, byzantine.has(m.index))));
    const dispatcherUrl = await dispatcher;
    const playgroundUrl = await playground;

    const info: LocalnetInfo = {
      rpc,
      ...(validators ? { engine: "cometbft" as const, validators } : { engine: "simulator" as const, rest: `http://127.0.0.1:${s.restPort}` }),
      chainId: s.chainId,
      redisUrl,
      redisPrefix: s.redisPrefix,
      dispatcherUrl,
      modelStoreUrl,
      playground: playgroundUrl,
      accounts,
      miners: setups.map((m, i) => ({
        name: minerName(m.index),
        address: m.address,
        encryptionPubkey: m.encryptionPubkey,
        queue: new RedisKeys(s.redisPrefix).minerQueue(m.address),
        pid: procs[i].pid,
        metricsUrl: `http://127.0.0.1:${m.metricsPort}`,
      })),
      models,
      modelOwner: ownerAcct.name,
      blockTimeMs: s.blockTimeMs,
      home: L.home,
      logsDir: L.logs,
    };
    writeFileSync(join(L.home, LOCALNET_FILE), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    say(`ready: ${join(L.home, LOCALNET_FILE)} (rpc ${rpc}, dispatcher ${dispatcherUrl}, ${setups.length} miners)`);
    say(`playground: open ${playgroundUrl} in a browser`);
    process.stdout.write(`${join(L.home, LOCALNET_FILE)}\n`);
  } finally {
    owner.disconnect();
    faucet.disconnect();
    chain.disconnect();
  }
}

main().catch((err: Error) => {
  say(`error: ${err.message}`);
  say("what you can do: read the log named above, fix the cause, and run localnet/start again (it resumes); localnet/stop --home DIR stops what was started");
  process.exit(1);
});
