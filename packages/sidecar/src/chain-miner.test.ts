// End to end on a real nesad (LevelDB, CometBFT RPC) with unmodified cosmjs: two `nesa-miner start` instances
// register with stake, take their seats from the chain, run the 2-shard lande pipeline through real Redis +
// BullMQ + onnxruntime, commit, reveal, and the query finalizes with their result.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SigningStargateClient } from "@cosmjs/stargate";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { createNode, initHome, type NesaNode, type TestAccount } from "@nesa/chain";
import { createNesaRegistry } from "@nesa/client";
import { type ModelStoreServer, startModelStoreServer } from "@nesa/model-store";
import { createSession, decodeLande, landeBatch, maxAbsDiff, runSingle } from "@nesa/models";
import { inferenceState } from "@nesa/proto-types";
import { Queue } from "bullmq";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARD_JOB_NAME } from "@nesa/data-plane";
import { type RpcServer, startRpcServer } from "../../chain/src/rpc";
import { type ChainMiner, startChainMiner } from "./chain-miner";
import { registerMiner } from "./cli/register-miner";
import { resolveConfig } from "./config/miner-config";
import { createKeyFile } from "./keys/key-file";
import { createRedis } from "./redis/connection";
import { encodeTensor } from "./tensor/tensor-codec";
import { type LandeFixture, prepareLandeFixture } from "./testing/lande-fixture";
import { TEST_REDIS_URL, deletePrefix, randomPrefix } from "./testing/redis-test-env";
import { ChainReader } from "./chain/chain-reader";
import { CosmjsTxBackend } from "./chain/tx-backend";
import { TxSubmitter } from "./chain/tx-submitter";
import { MinerMetrics } from "./metrics/miner-metrics";

const { QueryStatus } = inferenceState;
const CHAIN_ID = "nesa-localnet-1";
const FEE = { amount: [{ denom: "unes", amount: "20000" }], gas: "800000" };
const TEXT = "Ceci est une phrase en français, assez longue pour que le modèle soit sûr de lui.";

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("nesa-miner on a real nesad", () => {
  const prefix = randomPrefix("chainminer");
  const log = pino({ level: process.env.TEST_LOG ?? "silent" });
  let dir: string;
  let accounts: TestAccount[];
  let node: NesaNode;
  let rpc: RpcServer;
  let store: ModelStoreServer;
  let fixture: LandeFixture;
  const miners: ChainMiner[] = [];
  const clients: SigningStargateClient[] = [];
  const readers: ChainReader[] = [];

  async function client(i: number): Promise<{ c: SigningStargateClient; address: string }> {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(accounts[i].mnemonic, { prefix: "nesa" });
    const [{ address }] = await wallet.getAccounts();
    const c = await SigningStargateClient.connectWithSigner(rpc.url, wallet, { registry: createNesaRegistry(), broadcastPollIntervalMs: 100 });
    clients.push(c);
    return { c, address };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nesa-chainminer-"));
    ({ accounts } = await initHome({ home: join(dir, "home"), chainId: CHAIN_ID, accounts: 4 }));
    node = await createNode({ home: join(dir, "home"), blockTimeMs: 200, checkInvariants: true });
    rpc = await startRpcServer(node, { port: 0, logger: pino({ level: "warn" }) });
    const probe = await ChainReader.connect(rpc.url);
    readers.push(probe);
    // Queries need a committed block (abci_query answers with its height).
    await poll("first block", async () => ((await probe.height()) >= 1 ? true : undefined));
    fixture = await prepareLandeFixture(dir, 2);
    store = await startModelStoreServer({ dir: fixture.storeDir });

    const owner = await client(0);
    const dims = (shape: (number | string)[] | null) => (shape ?? []).map((d) => (typeof d === "number" ? d : -1));
    const spec = (t: { name: string; type: string; shape: (number | string)[] | null }) => ({ name: t.name, type: t.type, shape: dims(t.shape) });
    const reg = await owner.c.signAndBroadcast(owner.address, [
      {
        typeUrl: "/nesa.inference.v1.MsgRegisterModel",
        value: {
          owner: owner.address,
          modelId: "lande",
          name: "lande",
          version: "1",
          shards: fixture.manifest.shards.map((s) => ({ index: s.index, sha256: Buffer.from(s.sha256, "hex"), sizeBytes: BigInt(s.sizeBytes), inputs: s.inputs.map(spec), outputs: s.outputs.map(spec) })),
          ee: { scheme: "none", keyCommitment: new Uint8Array(32) },
          price: { denom: "unes", amount: "1000" },
          minReplicas: 1,
        },
      },
    ], FEE);
    expect(reg.code, reg.rawLog).toBe(0);

    for (const i of [2, 3]) {
      const config = resolveConfig({
        chainId: CHAIN_ID,
        rpcUrl: rpc.url,
        redisUrl: TEST_REDIS_URL,
        redisPrefix: prefix,
        modelStoreUrl: store.url,
        cacheDir: join(dir, `cache-${i}`),
        keyFile: join(dir, `key-${i}.json`),
        models: ["lande"],
        stake: "2000000unes",
      }, {});
      const keys = await createKeyFile(config.keyFile, accounts[i].mnemonic);
      const sent = await registerMiner(config, keys, log);
      expect(sent.height).toBeGreaterThan(0);
      miners.push(await startChainMiner(config, log, { serveMetrics: false, pollMs: 100 }));
    }
  });

  afterAll(async () => {
    await Promise.allSettled(miners.map((m) => m.stop()));
    for (const c of clients) c.disconnect();
    for (const r of readers) r.disconnect();
    await rpc?.close();
    await node?.close();
    await store?.close();
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it("a paid query is assigned, run across both miners, committed, revealed and finalized", async () => {
    const user = await client(1);
    const input = landeBatch([TEXT]);
    const tensor = { dtype: "float32" as const, dims: input.dims, data: input.data };
    const encoded = encodeTensor(tensor);
    const paid = await user.c.signAndBroadcast(user.address, [
      {
        typeUrl: "/nesa.payforquery.v1.MsgPayForQuery",
        value: { sender: user.address, modelId: "lande", inputCommitment: createHash("sha256").update(encoded).digest(), inputBytes: BigInt(encoded.length), replicas: 1, privacy: 1, maxFee: { denom: "unes", amount: "10000000" }, timeoutBlocks: 0n },
      },
    ], FEE);
    expect(paid.code, paid.rawLog).toBe(0);
    const attr = paid.events.find((e) => e.type === "nesa.payforquery.v1.EventQueryPaid")!.attributes.find((a) => a.key === "query_id")!;
    const queryId = attr.value.replaceAll('"', "");

    const chain = await ChainReader.connect(rpc.url);
    readers.push(chain);
    const q = chain.query.inference;
    const assigned = await poll("committee", async () => {
      const info = await q.query(queryId);
      return info.seats.length === 2 ? info : undefined;
    });
    const seats = assigned.seats;
    const first = seats.find((s) => s.shard === 0)!.miner;
    const shard0 = miners.find((m) => m.address === first)!;
    // What the dispatcher does: the input into the data plane, the shard-0 job on the seat's queue.
    const inputKey = await shard0.node.tensors.put(tensor);
    const conn = createRedis(TEST_REDIS_URL);
    const queue = new Queue(shard0.node.queueName, { connection: conn, prefix: shard0.node.keys.bullPrefix });
    await queue.add(SHARD_JOB_NAME, { queryId, shard: 0, replica: 0, inputKey }, { jobId: `${queryId}/0/0` });
    await queue.close();
    conn.disconnect();

    const done = await poll("verdict", async () => {
      const info = await q.query(queryId);
      return info.status === QueryStatus.QUERY_STATUS_FINALIZED || info.status === QueryStatus.QUERY_STATUS_FAILED ? info : undefined;
    });
    expect(QueryStatus[done.status], JSON.stringify(await q.verdict(queryId).catch(() => "no verdict"), (_k, v) => (typeof v === "bigint" ? String(v) : v))).toBe("QUERY_STATUS_FINALIZED");
    const verdict = await q.verdict(queryId);
    const digest = Buffer.from(verdict.resultDigest).toString("hex");
    const out = await shard0.node.tensors.get(digest);
    const full = await runSingle(await createSession(fixture.fullModelPath, { threads: 1 }), input);
    expect(maxAbsDiff({ dims: [...out.dims], data: out.data as Float32Array }, full)).toBeLessThanOrEqual(1e-6);
    expect(decodeLande(out.data as Float32Array).language).toBe("fra");
    expect(verdict.seats.map((s) => inferenceState.SeatOutcome[s.outcome])).toEqual(["SEAT_OUTCOME_AGREED", "SEAT_OUTCOME_AGREED"]);
    // The chain credits both miners with a served seat.
    for (const m of miners) expect((await chain.query.stakingext.miner(m.address)).seatsServed).toBe(1n);
  });

  it("the submitter recovers from a stale sequence (sdk/32) after the same key signed elsewhere", async () => {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(accounts[1].mnemonic, { prefix: "nesa" });
    const [{ address }] = await wallet.getAccounts();
    const backend = await CosmjsTxBackend.connect({ rpcUrl: rpc.url, signer: wallet, chainId: CHAIN_ID, gasPrice: "0.025unes" });
    const metrics = new MinerMetrics();
    const submitter = new TxSubmitter({ address, backend, logger: log, metrics, pollMs: 100 });
    const send = (amount: string) => [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: address, toAddress: address, amount: [{ denom: "unes", amount }] } }];
    try {
      expect((await submitter.submit("register", send("1"))).height).toBeGreaterThan(0);
      // Another client signs with the same key: the submitter's cached sequence is now stale.
      const other = await client(1);
      expect((await other.c.signAndBroadcast(address, send("2"), FEE)).code).toBe(0);
      const again = await submitter.submit("register", send("3"));
      expect(again.height).toBeGreaterThan(0);
      expect(await metrics.registry.getSingleMetricAsString("nesa_miner_tx_failures_total")).toMatch(/codespace="sdk",code="32"\} 1/);
    } finally {
      backend.disconnect();
    }
  });

  it("`nesa-miner start` runs as a process, reports healthy, and exits 0 on SIGTERM", async () => {
    const keyFile = join(dir, "key-cli.json");
    await createKeyFile(keyFile, accounts[1].mnemonic);
    const metricsPort = 20_000 + Math.floor(Math.random() * 20_000);
    const configPath = join(dir, "miner-cli.json");
    await writeFile(configPath, JSON.stringify({ chainId: CHAIN_ID, rpcUrl: rpc.url, redisUrl: TEST_REDIS_URL, redisPrefix: prefix, modelStoreUrl: store.url, cacheDir: join(dir, "cache-cli"), keyFile, metricsPort }));
    const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
    const cli = fileURLToPath(new URL("./cli/nesa-miner.ts", import.meta.url));
    const child = spawn(tsx, [cli, "-c", configPath, "start"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    try {
      const health = await poll("healthz", async () => {
        const res = await fetch(`http://127.0.0.1:${metricsPort}/healthz`).catch(() => undefined);
        return res?.ok ? res.json() : undefined;
      });
      expect(health).toMatchObject({ status: "ok", worker: "running" });
      const status = await new Promise<string>((resolve, reject) =>
        execFile(tsx, [cli, "-c", configPath, "status"], (err, stdout) => (err ? reject(err) : resolve(stdout))),
      );
      const parsed = JSON.parse(status);
      expect(parsed.chain).toMatchObject({ registered: false });
      expect(parsed.queue).toMatchObject({ waiting: 0, active: 0, failed: 0 });
      expect(parsed.sidecar).toMatchObject({ status: "ok" });
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/"msg":"stopped"/);
      // The mnemonic never reaches the logs.
      expect(stderr).not.toContain(accounts[1].mnemonic.split(" ").slice(0, 4).join(" "));
    } finally {
      child.kill("SIGKILL");
    }
  });
});

