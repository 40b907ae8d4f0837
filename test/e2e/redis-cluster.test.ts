// End to end on a real Redis Cluster (`localnet/start --redis-cluster`: 6 redis-server processes, 3 masters with
// a replica each): HSS-EE OCR and EE lande queries finalize with the data plane spread over the masters; then
// kill -9 of the master that holds a miner's queue while queries are being paid: its replica takes over, and
// every paid query ends FINALIZED (escrow settled) or FAILED with its fee refunded, none left open.
// Needs redis-server and redis-cli: without them localnet/start fails, and so does this test.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inferenceState, payforqueryState } from "@nesa/proto-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeLande, landeBatch, OCR_FIXTURE } from "../../packages/models/src/index";
import { type ClusterPorts, clusterInfo, clusterProc, redisCli } from "../../localnet/src/redis-cluster";
import { type Localnet, startLocalnet } from "./helpers/localnet-fixture";
import { runNesaCli } from "./helpers/nesa-cli";
import { encryptInput, type PaidQuery, pay, runQuery, uploadByDigest, waitForVerdict } from "./helpers/nesa-query";

const { QueryStatus } = inferenceState;
const SENTENCES: [string, string][] = [
  ["The weather is lovely today and we are going for a long walk in the park.", "eng"],
  ["Ceci est une phrase en français, assez longue pour que le modèle soit sûr de lui.", "fra"],
  ["Das ist ein deutscher Satz, lang genug, damit das Modell sich ganz sicher ist.", "deu"],
];

type ClusterNode = { id: string; port: number; master: boolean; masterId?: string; slots: [number, number][] };

/** CLUSTER NODES as one live node sees the cluster. */
function clusterNodes(port: number): ClusterNode[] {
  const out = redisCli(port, ["cluster", "nodes"]) ?? "";
  return out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [id, addr, flags, masterId, , , , , ...ranges] = line.split(" ");
      const slots = ranges.filter((r) => /^\d+(-\d+)?$/.test(r)).map((r) => r.split("-").map(Number) as [number] | [number, number]).map(([a, b]) => [a, b ?? a] as [number, number]);
      return { id, port: Number(addr.split("@")[0].split(":")[1]), master: flags.split(",").includes("master"), masterId: masterId === "-" ? undefined : masterId, slots };
    });
}

describe("localnet on a Redis Cluster", () => {
  let net: Localnet;
  let ports: ClusterPorts;

  beforeAll(async () => {
    net = await startLocalnet({ miners: 4, tag: "cluster", args: ["--redis-cluster"] });
    ports = JSON.parse(readFileSync(join(net.home, "run", "redis-cluster.json"), "utf8")) as ClusterPorts;
  }, 180_000);

  afterAll(async () => {
    await net?.stop();
  }, 60_000);

  it("runs 3 masters with one replica each, and every process reaches it as redis-cluster://", () => {
    expect(net.info.redisUrl).toBe(`redis-cluster://${ports.map((p) => `127.0.0.1:${p.port}`).join(",")}`);
    const nodes = clusterNodes(ports[0].port);
    expect(nodes.filter((n) => n.master).length).toBe(3);
    const masterIds = new Set(nodes.filter((n) => n.master).map((n) => n.id));
    expect(nodes.filter((n) => !n.master).map((n) => masterIds.has(n.masterId ?? "")).sort()).toEqual([true, true, true]);
    for (const p of ports) expect(clusterInfo(p.port)?.get("cluster_state")).toBe("ok");
  });

  it("HSS-EE OCR and EE lande queries finalize, with the data plane's keys on more than one master", async () => {
    const run = await runNesaCli(["infer", "--home", net.home, "--model", "ocr-rec", "--image", OCR_FIXTURE.file, "--privacy", "hss-ee", "--from", "user1", "--json"]);
    expect(run.code, `${run.stderr}\n${run.stdout}`).toBe(0);
    expect(run.json?.output).toBe(OCR_FIXTURE.text);
    expect(run.json?.verified).toBe(true);
    const results = await Promise.all(SENTENCES.map(async ([text], i) => runQuery(net.info, await net.user(2 + i), net.q, net.redis, "lande", landeBatch([text]), 2)));
    for (const [i, r] of results.entries()) {
      expect(r.status).toBe("QUERY_STATUS_FINALIZED");
      expect(decodeLande(r.output!).language).toBe(SENTENCES[i][1]);
    }
    // The keys really are spread: queues (one hash tag each), seats (their query's tag) and tensors (by digest).
    const masters = clusterNodes(ports[0].port).filter((n) => n.master);
    const perMaster = masters.map((m) => (redisCli(m.port, ["--scan", "--pattern", `${net.info.redisPrefix}:*`]) ?? "").split("\n").filter(Boolean).length);
    expect(perMaster.filter((n) => n > 0).length, `keys per master: ${perMaster.join(", ")}`).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it("kill -9 of a master mid-load: its replica takes over, and every paid query ends FINALIZED or refunded", async () => {
    // The victim: the master holding miner-0's BullMQ queue (its hash tag decides the slot).
    const queue = net.info.miners[0].queue;
    const slot = Number(redisCli(ports[0].port, ["cluster", "keyslot", `${net.info.redisPrefix}:bull:${queue}:wait`]));
    const nodes = clusterNodes(ports[0].port);
    const victim = nodes.find((n) => n.master && n.slots.some(([from, to]) => slot >= from && slot <= to))!;
    const victimPort = victim.port;
    const replica = nodes.find((n) => n.masterId === victim.id)!;
    expect(replica, "the victim master has a replica").toBeDefined();
    const survivor = ports.find((p) => p.port !== victimPort)!.port;

    const paid: PaidQuery[] = [];
    const payRound = async (round: number) => {
      const batch = await Promise.all(
        SENTENCES.map(async ([text], i) => {
          const encrypted = encryptInput(net.info, "lande", landeBatch([`${text} (${round})`]));
          await uploadByDigest(net.info, encrypted);
          return pay(await net.user(2 + i), "lande", encrypted);
        }),
      );
      paid.push(...batch);
    };
    await payRound(0);
    const killed = net.kill9(clusterProc(ports.findIndex((p) => p.port === victimPort)));
    // Paid while the master is dead and then while its replica is promoted.
    const load = (async () => {
      for (let round = 1; round <= 3; round++) await payRound(round);
    })();
    await killed;
    await waitFor("the replica promoted to master", () => {
      const seen = clusterNodes(survivor);
      return seen.find((n) => n.id === replica.id)?.master === true && clusterInfo(survivor)?.get("cluster_state") === "ok";
    }, 30_000);
    await load;

    const outcomes: string[] = [];
    for (const p of paid) {
      const rec = await waitForVerdict(net.q, p.queryId, 90_000, net.info.rpc);
      const escrow = await net.q.payforquery.escrow(p.queryId);
      const want = rec.status === QueryStatus.QUERY_STATUS_FINALIZED ? "ESCROW_STATUS_SETTLED" : "ESCROW_STATUS_REFUNDED";
      expect(payforqueryState.EscrowStatus[escrow.status], `query ${p.queryId} (${QueryStatus[rec.status]})`).toBe(want);
      outcomes.push(QueryStatus[rec.status]);
    }
    expect(outcomes.length).toBe(4 * SENTENCES.length);
    // And the cluster serves on: a query paid now, with miner-0's queue on the promoted replica, finalizes.
    const after = await runQuery(net.info, await net.user(5), net.q, net.redis, "lande", landeBatch([SENTENCES[0][0]]));
    expect(after.status).toBe("QUERY_STATUS_FINALIZED");
    expect(decodeLande(after.output!).language).toBe("eng");
  }, 150_000);
});

async function waitFor(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
