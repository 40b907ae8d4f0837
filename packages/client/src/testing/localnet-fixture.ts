// Test fixture: a whole small network in this process, built from the real parts — nesad (LevelDB, CometBFT RPC,
// 100 ms blocks), the model store, the dispatcher and miner sidecars (Redis + BullMQ + onnxruntime; two by
// default) — serving the EE-encrypted 2-shard lande model, and on request the 2-shard EE generator tiny-lm. Other packages' test helpers are imported by path, as the dispatcher does.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { SigningStargateClient } from "@cosmjs/stargate";
import { createNode, initHome, type NesaNode, type TestAccount } from "@nesa/chain";
import { BlobDir, type ModelStoreServer, startModelStoreServer } from "@nesa/model-store";
import { type EEKey, applyEE, buildLandeModel, eeKeyCommitment, extractShards, generateEEKey, planShards, writeShards } from "@nesa/models";
import pino from "pino";
import { type RpcServer, startRpcServer } from "../../../chain/src/rpc";
import { resolveConfig as resolveDispatcherConfig } from "../../../dispatcher/src/config";
import { type RunningDispatcher, startDispatcher } from "../../../dispatcher/src/dispatcher-service";
import { type ChainMiner, startChainMiner } from "../../../sidecar/src/chain-miner";
import { registerMiner } from "../../../sidecar/src/cli/register-miner";
import { resolveConfig as resolveMinerConfig } from "../../../sidecar/src/config/miner-config";
import { createKeyFile, type MinerKeys } from "../../../sidecar/src/keys/key-file";
import type { MinerConfig } from "../../../sidecar/src/config/miner-config";
import { chainModelRegistry } from "../publish/chain-model-registry";
import { TEST_REDIS_URL, deletePrefix, randomPrefix } from "../../../sidecar/src/testing/redis-test-env";
import type { LocalnetInfo } from "../localnet/localnet-info";
import { createNesaRegistry } from "../registry";
import { prepareTinyLm, registerTinyLm } from "./tiny-lm-fixture";

const CHAIN_ID = "nesa-localnet-1";
/** Below lande's 217-byte result, so results travel through the data plane (Redis), not inline in the reveal. */
const RESULT_INLINE_LIMIT = "64";

export interface LocalnetFixture {
  readonly dir: string;
  readonly info: LocalnetInfo;
  readonly eeKey: EEKey;
  readonly accounts: TestAccount[];
  readonly miners: ChainMiner[];
  readonly node: NesaNode;
  /** The home directory holding localnet.json, as `localnet/start` would write it. */
  readonly home: string;
  /** Each miner's resolved config and keys (what `nesa-miner serve` needs), in `miners` order. */
  readonly minerSetups: { readonly config: MinerConfig; readonly keys: MinerKeys }[];
  close(): Promise<void>;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface LocalnetFixtureOptions {
  /** Miner sidecars (default 2); a query's seats need distinct miners, so S × R of them at least. */
  readonly miners?: number;
  /** Also serve tiny-lm (2 EE shards, a GENERATOR), from this model folder or the committed one. */
  readonly tinyLm?: boolean | { readonly modelDir: string };
  /** Start the model store with the chain as its registry, so `publish` can upload registered shards. */
  readonly uploads?: boolean;
}

export async function startLocalnetFixture(options: LocalnetFixtureOptions = {}): Promise<LocalnetFixture> {
  const minerCount = options.miners ?? 2;
  const dir = await mkdtemp(join(tmpdir(), "nesa-client-e2e-"));
  const prefix = randomPrefix("client");
  const log = pino({ level: process.env.TEST_LOG ?? "silent" });
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await deletePrefix(prefix).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const { accounts } = await initHome({ home: join(dir, "chain"), chainId: CHAIN_ID, accounts: 2 + minerCount });
    // Fast blocks keep the test short; wide commit/reveal windows (the chain closes them early once every seat
    // has answered) keep a miner slowed by a busy 2-core machine from missing its window and failing the query.
    const genesisPath = join(dir, "chain", "config", "genesis.json");
    const genesis = JSON.parse(await readFile(genesisPath, "utf8"));
    genesis.app_state.inference.params = { ...genesis.app_state.inference.params, commitBlocks: "60", revealBlocks: "60", maxResultBytes: RESULT_INLINE_LIMIT };
    genesis.app_state.payforquery.params = { ...genesis.app_state.payforquery.params, defaultTimeoutBlocks: "300" };
    await writeFile(genesisPath, JSON.stringify(genesis));
    const node = await createNode({ home: join(dir, "chain"), blockTimeMs: 100 });
    cleanups.push(() => node.close());
    const rpc: RpcServer = await startRpcServer(node, { port: 0, logger: log });
    cleanups.push(() => rpc.close());

    // The EE variant of lande, cut in two; the client keeps the key, the chain gets its commitment.
    const eeKey = generateEEKey("lande", { seed: "nesa-client-e2e" });
    const plain = buildLandeModel();
    const plan = planShards(plain, 2);
    const ee = applyEE(plain, { cutTensors: plan.cuts.map((c) => c.tensor.name) }, eeKey);
    const prepared = join(dir, "lande");
    const manifest = writeShards(extractShards(ee, plan), prepared, "lande", { ee: { scheme: "nesa-ee-v1", keyCommitment: Buffer.from(eeKeyCommitment(eeKey)).toString("hex") } });
    const keyFile = join(dir, "lande.key.json");
    await writeFile(keyFile, JSON.stringify(eeKey));
    await new BlobDir(join(dir, "store")).importManifest(join(prepared, "manifest.json"));
    const tinyLm = options.tinyLm ? await prepareTinyLm(dir, join(dir, "store"), typeof options.tinyLm === "object" ? options.tinyLm.modelDir : undefined) : undefined;
    const registry = options.uploads ? await chainModelRegistry(rpc.url) : undefined;
    if (registry) cleanups.push(async () => registry.close());
    const store: ModelStoreServer = await startModelStoreServer({ dir: join(dir, "store"), ...(registry ? { registry } : {}) });
    cleanups.push(() => store.close());

    const ownerWallet = await DirectSecp256k1HdWallet.fromMnemonic(accounts[0].mnemonic, { prefix: "nesa" });
    const owner = await SigningStargateClient.connectWithSigner(rpc.url, ownerWallet, { registry: createNesaRegistry(), broadcastPollIntervalMs: 100 });
    cleanups.push(async () => owner.disconnect());
    await waitFor("block 1", async () => ((await owner.getHeight()) >= 1 ? true : undefined));
    const dims = (shape: (number | string)[] | null) => (shape ?? []).map((d) => (typeof d === "number" ? d : -1));
    const spec = (t: { name: string; type: string; shape: (number | string)[] | null }) => ({ name: t.name, type: t.type, shape: dims(t.shape) });
    const reg = await owner.signAndBroadcast(accounts[0].address, [{
      typeUrl: "/nesa.inference.v1.MsgRegisterModel",
      value: {
        owner: accounts[0].address, modelId: "lande", name: "lande (EE)", version: "1",
        shards: manifest.shards.map((s) => ({ index: s.index, sha256: Buffer.from(s.sha256, "hex"), sizeBytes: BigInt(s.sizeBytes), inputs: s.inputs.map(spec), outputs: s.outputs.map(spec) })),
        ee: { scheme: "nesa-ee-v1", keyCommitment: eeKeyCommitment(eeKey) },
        price: { denom: "unes", amount: "1000" },
        minReplicas: 1,
      },
    }], { amount: [{ denom: "unes", amount: "20000" }], gas: "800000" });
    if (reg.code !== 0) throw new Error(`MsgRegisterModel failed: ${reg.rawLog}`);
    if (tinyLm) await registerTinyLm(owner, accounts[0].address, tinyLm.manifest);

    const miners: ChainMiner[] = [];
    const minerSetups: { config: MinerConfig; keys: MinerKeys }[] = [];
    for (let i = 2; i < 2 + minerCount; i++) {
      const config = resolveMinerConfig({
        chainId: CHAIN_ID, rpcUrl: rpc.url, redisUrl: TEST_REDIS_URL, redisPrefix: prefix, modelStoreUrl: store.url,
        cacheDir: join(dir, `cache-${i}`), keyFile: join(dir, `key-${i}.json`), models: tinyLm ? ["lande", "tiny-lm"] : ["lande"], stake: "2000000unes",
      }, {});
      const keys = await createKeyFile(config.keyFile, accounts[i].mnemonic);
      await registerMiner(config, keys, log);
      minerSetups.push({ config, keys });
      const m = await startChainMiner(config, log, { serveMetrics: false, pollMs: 100 });
      miners.push(m);
      cleanups.push(() => m.stop());
    }

    const dispatcher: RunningDispatcher = await startDispatcher(
      resolveDispatcherConfig({ rpcUrl: rpc.url, redisUrl: TEST_REDIS_URL, redisPrefix: prefix, spoolDir: join(dir, "spool"), port: 0, pollIntervalMs: 200, wsCheckIntervalMs: 1000 }),
      log,
    );
    cleanups.push(() => dispatcher.close());

    const info: LocalnetInfo = {
      rpc: rpc.url, chainId: CHAIN_ID, redisUrl: TEST_REDIS_URL, redisPrefix: prefix, dispatcherUrl: dispatcher.url, modelStoreUrl: store.url,
      accounts: [
        { name: "owner", address: accounts[0].address, mnemonic: accounts[0].mnemonic },
        { name: "user1", address: accounts[1].address, mnemonic: accounts[1].mnemonic },
      ],
      miners: miners.map((m, i) => ({ name: `miner${i + 1}`, address: m.address })),
      models: { lande: { manifest: "lande/manifest.json", eeKeyFile: "lande.key.json" }, ...(tinyLm ? { "tiny-lm": tinyLm.files } : {}) },
    };
    await writeFile(join(dir, "localnet.json"), JSON.stringify(info, null, 2));
    return { dir, home: dir, info, eeKey, accounts, miners, minerSetups, node, close };
  } catch (err) {
    await close();
    throw err;
  }
}
