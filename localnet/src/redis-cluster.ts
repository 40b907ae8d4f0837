// `localnet/start --redis-cluster`: a real Redis Cluster of 6 redis-server processes on 127.0.0.1 (3 masters, each
// with one replica), data and nodes.conf under DIR/redis-cluster/<i>/, every process recorded like the others so
// localnet/stop stops them. Ports (client and cluster bus) are drawn free at the first start and kept in
// DIR/run/redis-cluster.json; a later start brings back the nodes that are not running and they rejoin from their nodes.conf.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { clusterUrl } from "../../packages/data-plane/src/index";
import type { Layout } from "./layout";
import { freePort, waitUntil } from "./net";
import { logTail, running, startDetached } from "./processes";

export const CLUSTER_NODES = 6;
export type ClusterPorts = { port: number; bus: number }[];

export const clusterProc = (i: number) => `redis-cluster-${i}`;

/**
 * Fresh ports for the 6 nodes: a client port and a bus port each (port + 10000 may not exist). `taken`: ports the
 * localnet has drawn for its other processes (free now, so the kernel may offer them again).
 */
export async function drawClusterPorts(taken: number[]): Promise<ClusterPorts> {
  const used = new Set(taken);
  const draw = async () => {
    for (;;) {
      const p = await freePort();
      if (used.has(p)) continue;
      used.add(p);
      return p;
    }
  };
  const out: ClusterPorts = [];
  for (let i = 0; i < CLUSTER_NODES; i++) out.push({ port: await draw(), bus: await draw() });
  return out;
}

/** `redis-cli -p PORT …` on 127.0.0.1, its output; undefined when the node does not answer. */
export function redisCli(port: number, args: string[], timeoutMs = 5000): string | undefined {
  try {
    return execFileSync("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { encoding: "utf8", timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"] });
  } catch {
    return undefined;
  }
}

/** CLUSTER INFO of one node as a map (cluster_state, cluster_known_nodes, …). */
export function clusterInfo(port: number): Map<string, string> | undefined {
  const out = redisCli(port, ["cluster", "info"]);
  if (!out) return undefined;
  return new Map(out.split(/\r?\n/).filter((l) => l.includes(":")).map((l) => l.split(":", 2) as [string, string]));
}

function requireBinaries(): void {
  for (const bin of ["redis-server", "redis-cli"]) {
    try {
      execFileSync("sh", ["-c", `command -v ${bin}`], { stdio: "ignore" });
    } catch {
      throw new Error(`--redis-cluster needs ${bin}, which is not installed: install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) and run localnet/start again`);
    }
  }
}

function startNode(L: Layout, i: number, p: { port: number; bus: number }): void {
  const dir = join(L.home, "redis-cluster", String(i));
  mkdirSync(dir, { recursive: true });
  // node-timeout 1 s: a dead master is failed over within a few seconds (localnet blocks are short). In memory
  // only: a restarted node comes back empty and resyncs from its master (its nodes.conf says who it was).
  // Full coverage not required: the other masters keep serving while one slot range fails over.
  const args = ["--bind", "127.0.0.1", "--port", String(p.port), "--cluster-enabled", "yes", "--cluster-port", String(p.bus), "--cluster-config-file", "nodes.conf"];
  args.push("--cluster-node-timeout", "1000", "--cluster-replica-validity-factor", "0", "--cluster-require-full-coverage", "no");
  args.push("--save", "", "--appendonly", "no", "--dir", dir);
  startDetached(L, clusterProc(i), "redis-server", args, `:${p.port}`);
}

/** Starts (or finds) the cluster and returns its `redis-cluster://…` URL once every node says cluster_state:ok. */
export async function ensureRedisCluster(L: Layout, ports: ClusterPorts, say: (m: string) => void): Promise<string> {
  requireBinaries();
  const started: number[] = [];
  for (const [i, p] of ports.entries()) {
    if (running(L, clusterProc(i))) continue;
    startNode(L, i, p);
    started.push(i);
  }
  const alive = (i: number) => {
    if (!running(L, clusterProc(i))) throw new Error(`redis-server ${clusterProc(i)} exited:\n${logTail(L, clusterProc(i))}`);
  };
  await waitUntil("the cluster's redis-server processes", async () => (ports.every((p) => redisCli(p.port, ["ping"])?.trim() === "PONG") ? true : undefined), 15_000, () => {
    for (const i of ports.keys()) alive(i);
  });
  // A node that has never been part of a cluster knows only itself: create the cluster once, at the first start.
  if (ports.every((p) => clusterInfo(p.port)?.get("cluster_known_nodes") === "1")) {
    say(`redis cluster: creating 3 masters + 3 replicas on ports ${ports.map((p) => p.port).join(",")}`);
    execFileSync("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p.port}`), "--cluster-replicas", "1", "--cluster-yes"], { stdio: ["ignore", "ignore", "pipe"], timeout: 30_000 });
  } else if (started.length > 0) say(`redis cluster: restarted node(s) ${started.join(",")}; they rejoin from nodes.conf`);
  else say("redis cluster: already running");
  const ok = (p: { port: number }) => {
    const info = clusterInfo(p.port);
    return info?.get("cluster_state") === "ok" && info.get("cluster_slots_ok") === "16384";
  };
  await waitUntil("cluster_state:ok and all 16384 slots on every node", async () => (ports.every(ok) ? true : undefined), 30_000);
  return clusterUrl(ports.map((p) => ({ host: "127.0.0.1", port: p.port })));
}

const portsFile = (L: Layout) => join(L.run, "redis-cluster.json");

/**
 * The cluster's URL when this home runs on one (chosen by `--redis-cluster` at its first start, kept in
 * DIR/run/redis-cluster.json), starting whatever of it is not running; undefined for a home on a single Redis.
 * `previousUrl` is the Redis a home made earlier already uses: the choice is fixed at the first start. `taken`:
 * the ports of the localnet's other processes.
 */
export async function ensureClusterIfChosen(L: Layout, flag: boolean, previousUrl: string | undefined, taken: number[], say: (m: string) => void): Promise<string | undefined> {
  let ports: ClusterPorts | undefined = existsSync(portsFile(L)) ? (JSON.parse(readFileSync(portsFile(L), "utf8")) as ClusterPorts) : undefined;
  if (!ports && !flag) return undefined;
  if (!ports) {
    if (previousUrl) throw new Error(`this home already uses the Redis at ${previousUrl}; --redis-cluster is fixed at the first start: use another --home`);
    ports = await drawClusterPorts(taken);
    mkdirSync(L.run, { recursive: true });
    writeFileSync(portsFile(L), `${JSON.stringify(ports)}\n`);
  }
  return ensureRedisCluster(L, ports, say);
}

/** Every port the localnet's settings hold (its processes' and validators'). */
export function settingsPorts(s: { rpcPort: number; restPort: number; storePort: number; dispatcherPort: number; playgroundPort?: number; minerPorts: number[]; validatorPorts?: { rpc: number; p2p: number }[] }): number[] {
  return [s.rpcPort, s.restPort, s.storePort, s.dispatcherPort, s.playgroundPort ?? 0, ...s.minerPorts, ...(s.validatorPorts ?? []).flatMap((v) => [v.rpc, v.p2p])];
}
