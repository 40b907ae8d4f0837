// Admission control at chain level: 1,000 queries thrown at one model in one block, on the protocol modules
// (the chain testing harness), by clients that pay through @nesa/client's own backoff (retryWhileBusy) on
// ErrModelBusy. Miners are honest but finite: each commits at most CAP seats per block. With
// max_open_queries_per_model bounding the open queries, every query ends FINALIZED or refused with
// ErrModelBusy, none fails by a missed commit window, no miner is slashed or jailed, and every invariant holds
// after every block. The control run (the bound out of reach) shows what the bound prevents: missed windows,
// failed queries and slashed miners.
import { describe, expect, it } from "vitest";
import { retryWhileBusy } from "../../packages/client/src/infer/busy-retry";
import { ChainTxError } from "../../packages/client/src/errors/nesa-error";
import { address, commitmentFor, encryptionKey, protocolHarness, seatOutput, sketchFor } from "../../packages/chain/src/sim/protocol-harness";
import { ErrModelBusy } from "../../packages/chain/src/x/payforquery/errors";
import { QueryStatus } from "../../packages/chain/src/x/inference/proto";

const T = "/nesa.inference.v1.";
const QUERIES = 1_000;
const USERS = 100;
const MINERS = Array.from({ length: 10 }, (_, i) => address(i));
const OWNER = address(500);
const CAP = 2; // seats a miner commits per block
const STAKE = 2_000_000n;
const MAX_BLOCKS = 400;

type Outcome = { id?: bigint; busy?: boolean; error?: unknown };

function setup(maxOpen: number) {
  const h = protocolHarness();
  const users = Array.from({ length: USERS }, (_, i) => address(1000 + i));
  for (const a of [OWNER, ...MINERS, ...users]) h.env.bank.mint(a, 1_000_000_000n);
  const errors = h.block((run) => {
    const shard = { index: 0, sha256: new Uint8Array(32).fill(1), sizeBytes: 1000n, inputs: [{ name: "x", type: "float32", shape: [1, -1] }], outputs: [{ name: "y", type: "float32", shape: [1, 8] }] };
    run(`${T}MsgRegisterModel`, { owner: OWNER, modelId: "m", name: "M", version: "1", shards: [shard], ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) }, price: { denom: "unes", amount: "1000" }, minReplicas: 1 });
    for (const [i, op] of MINERS.entries()) {
      run("/nesa.stakingext.v1.MsgRegisterMiner", { operator: op, encryptionPubkey: encryptionKey(i), models: ["m"], capacity: undefined, stake: { denom: "unes", amount: String(STAKE) } });
    }
  });
  expect(errors).toEqual([]);
  h.pay.setParams(h.env.ctx(), { ...h.pay.params(h.env.ctx()), maxOpenQueriesPerModel: maxOpen });
  return { h, users };
}

/** Runs the burst; returns each query's outcome, the final query records and what the miners went through. */
async function burst(maxOpen: number) {
  const { h, users } = setup(maxOpen);
  const ctx = () => h.env.ctx();
  const sketchK = h.inference.params(ctx()).sketchK;
  // Pays wait for the next block; SDK sleeps are counted in blocks (1 "ms" = 1 block).
  let pays: { msg: object; resolve: (id: bigint) => void; reject: (e: unknown) => void }[] = [];
  let sleepers: { until: bigint; resolve: () => void }[] = [];
  const payNextBlock = (i: number) => () =>
    new Promise<bigint>((resolve, reject) => {
      const msg = { sender: users[i % USERS], modelId: "m", inputCommitment: new Uint8Array(32).fill(i % 251), inputBytes: 100n, replicas: 1, privacy: 1, maxFee: { denom: "unes", amount: "100000000" }, timeoutBlocks: 0n };
      pays.push({ msg, resolve, reject });
    });
  const sleepBlocks = (n: number) => new Promise<void>((resolve) => sleepers.push({ until: h.env.height() + BigInt(n), resolve }));
  let settledCount = 0;
  const outcomes: Outcome[] = Array.from({ length: QUERIES }, () => ({}));
  for (let i = 0; i < QUERIES; i++) {
    void retryWhileBusy(payNextBlock(i), { baseDelayMs: 1, maxDelayMs: 8, sleep: sleepBlocks, random: () => 0.999 }).then(
      (id) => {
        outcomes[i].id = id;
        settledCount++;
      },
      (err) => {
        outcomes[i].busy = err instanceof ChainTxError && err.codespace === ErrModelBusy.codespace && err.code === ErrModelBusy.code;
        outcomes[i].error = err;
        settledCount++;
      },
    );
  }

  const queue = new Map<string, { id: bigint; shard: number; replica: number }[]>(MINERS.map((m) => [m, []]));
  const committed = new Map<bigint, Set<string>>();
  const open = new Set<bigint>();
  const failedInvariants: string[] = [];
  let busyRefusals = 0;
  let maxOpenSeen = 0n;
  for (let b = 0; b < MAX_BLOCKS && (settledCount < QUERIES || open.size > 0 || pays.length > 0); b++) {
    const batch = pays;
    pays = [];
    const newIds: bigint[] = [];
    h.block((run) => {
      // Miners first: commits (CAP per miner, oldest seat first) and every reveal due.
      for (const [miner, seats] of queue) {
        let budget = CAP;
        while (budget > 0 && seats.length > 0) {
          const s = seats.shift()!;
          const q = h.inference.query(ctx(), s.id)!;
          if (q.status !== QueryStatus.QUERY_STATUS_ASSIGNED) continue;
          run(`${T}MsgCommitResult`, { miner, queryId: s.id, shard: s.shard, replica: s.replica, commitment: commitmentFor(s.id, s.shard, s.replica, miner, seatOutput(s.id, s.shard, s.replica, true)) });
          committed.get(s.id)!.add(miner);
          budget--;
        }
      }
      for (const id of open) {
        const q = h.inference.query(ctx(), id)!;
        if (q.status !== QueryStatus.QUERY_STATUS_REVEALING || q.reveals.length > 0) continue;
        const seed = h.inference.beacon(ctx(), q.sketchSeedHeight)!.output;
        for (const s of q.seats.filter((x) => committed.get(id)!.has(x.miner))) {
          const out = seatOutput(id, s.shard, s.replica, true);
          run(`${T}MsgRevealResult`, { miner: s.miner, queryId: id, shard: s.shard, replica: s.replica, outputDigest: out.outputDigest, salt: out.salt, sketch: sketchFor(out, seed, sketchK), outputIsInteger: false, resultRef: new Uint8Array() });
        }
      }
      for (const p of batch) {
        const id = h.pay.peekNextQueryId(ctx());
        try {
          h.run("/nesa.payforquery.v1.MsgPayForQuery", p.msg);
          newIds.push(id);
          p.resolve(id);
        } catch (err) {
          if (ErrModelBusy.is(err)) busyRefusals++;
          const e = err as { codespace?: string; code?: number; message: string };
          p.reject(new ChainTxError({ codespace: e.codespace ?? "unknown", code: e.code ?? 1, log: e.message, what: "MsgPayForQuery" }));
        }
      }
    });
    failedInvariants.push(...h.invariantFailures());
    const openNow = h.pay.openQueries(ctx(), "m");
    if (openNow > maxOpenSeen) maxOpenSeen = openNow;
    for (const id of newIds) {
      open.add(id);
      committed.set(id, new Set());
      for (const s of h.inference.query(ctx(), id)!.seats) queue.get(s.miner)!.push({ id, shard: s.shard, replica: s.replica });
    }
    for (const id of [...open]) {
      const st = h.inference.query(ctx(), id)!.status;
      if (st === QueryStatus.QUERY_STATUS_FINALIZED || st === QueryStatus.QUERY_STATUS_FAILED) open.delete(id);
    }
    const due = sleepers.filter((s) => s.until <= h.env.height());
    sleepers = sleepers.filter((s) => s.until > h.env.height());
    for (const s of due) s.resolve();
    // Let the clients' retry loops run up to their next pay or sleep before the next block.
    for (let t = 0; t < 5; t++) await new Promise((r) => setImmediate(r));
  }
  const records = outcomes.filter((o) => o.id !== undefined).map((o) => h.inference.query(ctx(), o.id!)!);
  const miners = MINERS.map((m) => h.staking.getMiner(ctx(), m)!);
  return { outcomes, records, miners, failedInvariants, busyRefusals, maxOpenSeen, unfinished: open.size + (QUERIES - settledCount) };
}

describe("admission control: 1,000 queries at once", () => {
  it("with max_open_queries_per_model: each ends FINALIZED or refused with ErrModelBusy; no missed window, no slash", async () => {
    const r = await burst(100);
    expect(r.unfinished).toBe(0);
    expect(r.failedInvariants).toEqual([]);
    expect(r.busyRefusals).toBeGreaterThan(0);
    expect(r.maxOpenSeen).toBe(100n);
    for (const o of r.outcomes) if (o.id === undefined) expect(o.busy, String(o.error)).toBe(true);
    expect(r.records.map((q) => QueryStatus[q.status]).filter((s) => s !== "QUERY_STATUS_FINALIZED")).toEqual([]);
    // Most get through with the SDK's default 8 attempts; the rest were told why (and can pay later).
    expect(r.records.length).toBeGreaterThan(QUERIES / 2);
    expect(r.records.length + r.outcomes.filter((o) => o.busy).length).toBe(QUERIES);
    for (const m of r.miners) {
      expect(m.jailed, m.operator).toBe(false);
      expect(m.bonded?.amount, m.operator).toBe(String(STAKE));
      expect(m.missedInWindow, m.operator).toBe(0);
    }
  }, 120_000);

  it("control: with the bound out of reach the same burst misses commit windows, fails queries and slashes miners", async () => {
    const r = await burst(1_000_000);
    expect(r.failedInvariants).toEqual([]);
    expect(r.busyRefusals).toBe(0);
    expect(r.records.length).toBe(QUERIES);
    expect(r.records.filter((q) => q.status === QueryStatus.QUERY_STATUS_FAILED).length).toBeGreaterThan(0);
    expect(r.miners.some((m) => m.jailed || m.bonded?.amount !== String(STAKE) || m.missedInWindow > 0)).toBe(true);
  }, 120_000);
});
