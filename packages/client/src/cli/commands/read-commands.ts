// The read-only commands: `nesa models list`, `nesa models show ID`, `nesa query show ID`, `nesa miners list`, `nesa balance`.
import { inferenceState, stakingextState } from "@nesa/proto-types";
import { NesaClient } from "../../client";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";
import { loadHome } from "../load-home";
import { printJson, table } from "../output";

const enumName = (e: Record<number, string>, v: number, prefix: string) => (e[v] ?? String(v)).replace(prefix, "").toLowerCase();

async function withClient<T>(home: string | undefined, run: (c: NesaClient, info: Awaited<ReturnType<typeof loadHome>>) => Promise<T>): Promise<T> {
  const info = await loadHome(home);
  const client = await NesaClient.connect(info.rpc);
  try {
    return await run(client, info);
  } finally {
    client.disconnect();
  }
}

export async function modelsList(o: { home?: string; json?: boolean }): Promise<void> {
  await withClient(o.home, async (c, info) => {
    const { models } = await c.queries.inference.models({ includeDeprecated: true });
    const coin = (c: { amount: string; denom: string } | undefined) => `${c?.amount ?? 0}${c?.denom ?? ""}`;
    const rows = models.map((m) => {
      const generator = m.kind === inferenceState.ModelKind.MODEL_KIND_GENERATOR;
      return {
        id: m.id, name: m.name, version: m.version, kind: generator ? "generator" : "classifier", shards: m.shards.length, price: coin(m.price),
        minReplicas: m.minReplicas, eeScheme: m.ee?.scheme ?? "", deprecated: m.deprecated, eeKey: info.models[m.id] !== undefined,
        ...(generator ? { contextLength: m.contextLength, tokenPrice: { input: coin(m.tokenPrice?.inputPrice), output: coin(m.tokenPrice?.outputPrice) } } : {}),
      };
    });
    if (o.json) return printJson({ models: rows });
    if (rows.length === 0) return void process.stdout.write("no models registered yet\n");
    const tokens = (r: (typeof rows)[number]) => (r.tokenPrice ? `${r.tokenPrice.input} in / ${r.tokenPrice.output} out, ctx ${r.contextLength}` : "");
    process.stdout.write(
      `${table([["ID", "NAME", "KIND", "VERSION", "SHARDS", "PRICE/SEAT", "PER TOKEN", "MIN-R", "EE", "KEY", "STATUS"], ...rows.map((r) => [r.id, r.name, r.kind, r.version, String(r.shards), r.price, tokens(r), String(r.minReplicas), r.eeScheme, r.eeKey ? "yes" : "no", r.deprecated ? "deprecated" : "active"])])}\n`,
    );
  });
}

/** One model: its record and what it has earned its owner (x/payforquery's per-model counter). */
export async function modelsShow(id: string, o: { home?: string; json?: boolean }): Promise<void> {
  await withClient(o.home, async (c, info) => {
    const m = await c.queries.inference.model(id).catch((err: Error) => {
      if (/not found|does not exist|no model/i.test(err.message)) {
        throw new ClientError(ClientErrorCode.InvalidArgument, `model ${id} is not registered on this chain`, "see `nesa models list`; publish yours with `nesa-models publish`");
      }
      throw err;
    });
    const e = await c.queries.payforquery.modelEarnings(id);
    const coin = (x: { amount: string; denom: string } | undefined) => `${x?.amount ?? 0}${x?.denom ?? "unes"}`;
    const generator = m.kind === inferenceState.ModelKind.MODEL_KIND_GENERATOR;
    const out = {
      id: m.id, name: m.name, version: m.version, owner: m.owner, kind: generator ? "generator" : "classifier", shards: m.shards.length, hss: m.hss !== undefined,
      price: coin(m.price), minReplicas: m.minReplicas, deprecated: m.deprecated, eeKey: info.models[m.id] !== undefined,
      ...(generator ? { contextLength: m.contextLength, eosTokenId: m.eosTokenId, tokenPrice: { input: coin(m.tokenPrice?.inputPrice), output: coin(m.tokenPrice?.outputPrice) } } : {}),
      earnings: { ownerEarned: coin(e.ownerEarned), settledQueries: e.settledQueries.toString() },
    };
    if (o.json) return printJson(out);
    const rows: [string, string][] = [
      ["id", out.id], ["name", out.name], ["owner", out.owner], ["kind", out.kind], ["shards", `${out.shards}${out.hss ? " (+ HSS-EE stages)" : ""}`],
      ["price/seat", out.price], ["min replicas", String(out.minReplicas)], ["status", out.deprecated ? "deprecated" : "active"],
      ...(out.tokenPrice ? ([["per token", `${out.tokenPrice.input} in / ${out.tokenPrice.output} out`], ["context", String(out.contextLength)]] as [string, string][]) : []),
      ["earned by owner", `${out.earnings.ownerEarned} over ${out.earnings.settledQueries} settled queries`],
    ];
    process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(16)} ${v}`).join("\n")}\n`);
  });
}

export async function queryShow(id: string, o: { home?: string; json?: boolean }): Promise<void> {
  if (!/^\d+$/.test(id)) throw new ClientError(ClientErrorCode.InvalidArgument, `query id must be a number, got ${id}`, "e.g. nesa query show 7");
  await withClient(o.home, async (c) => {
    const q = await c.queries.inference.query(id).catch((err: Error) => {
      if (/not found|does not exist/i.test(err.message)) {
        throw new ClientError(ClientErrorCode.InvalidArgument, `query ${id} does not exist on this chain`, "ids come from `nesa infer` (queryId); check --home points at the right localnet");
      }
      throw err;
    });
    const status = enumName(inferenceState.QueryStatus, q.status, "QUERY_STATUS_");
    const v = q.verdict;
    const out = {
      queryId: q.id.toString(), model: q.modelId, owner: q.owner, status, shards: q.shards, replicas: q.replicas,
      privacy: q.privacy === 2 ? "hss-ee" : "ee", createdHeight: q.createdHeight.toString(), assignedHeight: q.assignedHeight.toString(),
      commitDeadline: q.commitDeadline.toString(), revealDeadline: q.revealDeadline.toString(),
      ...(q.maxNewTokens > 0 ? { generation: { inputTokens: q.inputTokens, maxNewTokens: q.maxNewTokens, stopDisclosed: q.stopTokenId !== undefined, generatedTokens: q.generatedTokens } } : {}),
      seats: q.seats.map((s) => ({ shard: s.shard, replica: s.replica, miner: s.miner, committed: q.commits.some((x) => x.shard === s.shard && x.replica === s.replica), revealed: q.reveals.some((x) => x.shard === s.shard && x.replica === s.replica) })),
      verdict: v ? { status: enumName(inferenceState.QueryStatus, v.status, "QUERY_STATUS_"), reason: enumName(inferenceState.FailureReason, v.reason, "FAILURE_REASON_"), height: v.height.toString(), resultReplica: v.resultReplica, resultDigest: Buffer.from(v.resultDigest).toString("hex"), seats: v.seats.map((s) => ({ shard: s.shard, replica: s.replica, miner: s.miner, outcome: enumName(inferenceState.SeatOutcome, s.outcome, "SEAT_OUTCOME_") })) } : undefined,
    };
    if (o.json) return printJson(out);
    const lines = [
      `query ${out.queryId}: ${out.model}, ${out.status}`,
      `  owner ${out.owner}; ${out.shards} shard(s) × ${out.replicas} replica(s); privacy ${out.privacy}`,
      `  heights: created ${out.createdHeight}, assigned ${out.assignedHeight}, commit by ${out.commitDeadline}, reveal by ${out.revealDeadline}`,
      ...(out.generation ? [`  generation: ${out.generation.inputTokens} prompt token(s), up to ${out.generation.maxNewTokens} new (stop id ${out.generation.stopDisclosed ? "disclosed" : "secret"}), ${out.generation.generatedTokens} generated`] : []),
      ...out.seats.map((s) => `  seat ${s.shard}/${s.replica} ${s.miner}${s.committed ? " committed" : ""}${s.revealed ? " revealed" : ""}${out.verdict ? ` → ${out.verdict.seats.find((x) => x.shard === s.shard && x.replica === s.replica)?.outcome ?? "?"}` : ""}`),
    ];
    if (out.verdict) lines.push(`  verdict at height ${out.verdict.height}: ${out.verdict.status}${out.verdict.status === "failed" ? ` (${out.verdict.reason})` : `, result replica ${out.verdict.resultReplica}, digest ${out.verdict.resultDigest}`}`);
    process.stdout.write(`${lines.join("\n")}\n`);
  });
}

/** A reputation in ppm as a decimal ("1.010000"); 0 (a record from before reputation) as "initial". */
const formatPpm = (ppm: bigint) => (ppm === 0n ? "initial" : `${ppm / 1_000_000n}.${(ppm % 1_000_000n).toString().padStart(6, "0")}`);

export async function minersList(o: { home?: string; json?: boolean; model?: string }): Promise<void> {
  await withClient(o.home, async (c) => {
    const { miners } = await c.queries.stakingext.miners({ modelId: o.model });
    const rows = miners.map((m) => ({
      address: m.operator, status: enumName(stakingextState.MinerStatus, m.status, "MINER_STATUS_"), bonded: m.bonded?.amount ?? "0",
      models: m.models, jailed: m.jailed, seatsServed: m.seatsServed.toString(), missed: m.totalMissed.toString(), wrong: m.totalWrong.toString(),
      reputation: formatPpm(m.reputation), reputationPpm: m.reputation.toString(),
    }));
    if (o.json) return printJson({ miners: rows });
    if (rows.length === 0) return void process.stdout.write("no miners registered\n");
    process.stdout.write(`${table([["ADDRESS", "STATUS", "BONDED (unes)", "REPUTATION", "MODELS", "SERVED", "MISSED", "WRONG"], ...rows.map((r) => [r.address, r.jailed ? "jailed" : r.status, r.bonded, r.reputation, r.models.join(","), r.seatsServed, r.missed, r.wrong])])}\n`);
  });
}

export async function balance(o: { home?: string; json?: boolean; address?: string }): Promise<void> {
  await withClient(o.home, async (c, info) => {
    const targets = o.address ? [{ name: "", address: o.address }] : info.accounts.map((a) => ({ name: a.name, address: a.address }));
    const rows = await Promise.all(targets.map(async (t) => ({ ...t, unes: (await c.getBalance(t.address)).amount })));
    if (o.json) return printJson({ balances: rows });
    process.stdout.write(`${table([["NAME", "ADDRESS", "BALANCE (unes)", "NES"], ...rows.map((r) => [r.name, r.address, r.unes, (Number(r.unes) / 1e6).toFixed(6)])])}\n`);
  });
}
