// Private text generation on a real localnet (localnet/start: nesad, Redis, model store, dispatcher and 6
// `nesa-miner` processes serving tiny-lm in 2 EE shards), driven through the SDK as `nesa generate` drives it.
// Every verified text must be, token for token, greedy decoding of the unsplit plaintext model.onnx
// (DecoderPipeline on stock onnxruntime-node). The tests run in order on the same network:
//   1. 20 concurrent generations, R = 1 and 2 mixed: all FINALIZED with the verified greedy text;
//   2. kill -9 of a seated miner mid-generation (R = 3, 100 tokens): the query ends within its timeout, and every
//      unes moved is accounted for (settlement formula, slashes, tx fees, total supply);
//   3. a miner restarted with --byzantine sitting on a last shard (it picks argmax + 1) is outvoted at R = 3,
//      slashed and jailed, and the payer gets its seat's value back;
//   4. a generation with a distinctive prompt leaves neither the prompt nor the reply (text or plain token ids)
//      in Redis, in any log of the localnet or in the chain store, which do hold the encrypted forms.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inferenceState, payforqueryState, stakingextState } from "@nesa/proto-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readModelKeys } from "../../packages/client/src/adapters/node/model-codecs";
import { type GenerationClient, openGenerationClient } from "../../packages/client/src/cli/generation-client";
import type { GenerateReturnType } from "../../packages/client/src/generate/generate";
import type { GenerationCodec } from "../../packages/client/src/generate/generation-codec";
import { preparePrompt } from "../../packages/client/src/generate/prepare-prompt";
import { encodeTensor } from "../../packages/crypto/src/index";
import { RedisKeys } from "../../packages/data-plane/src/index";
import { DecoderPipeline, greedyGenerate, lmFiles, readDecoderConfig, TINY_LM_DIR } from "../../packages/models/src/lm/index";
import { speedPay } from "../../packages/chain/src/x/payforquery/fees";
import { balancesAt, feesPaid, moduleAccount, settlement, slashed } from "./helpers/ledger";
import { type Localnet, runScript, startLocalnet } from "./helpers/localnet-fixture";
import { waitForVerdict } from "./helpers/nesa-query";
import { type Needle, scanChainDb, scanFiles, scanRedis } from "./helpers/plaintext-scan";
import { auditSupply } from "./helpers/supply-audit";

const { QueryStatus, SeatOutcome } = inferenceState;
const MODEL = "tiny-lm";
const SHARDS = 2;
const PAYER = "user2"; // user1 registered the models (the owner share goes to it)

/** 20 prompts in the register of the training text, each a distinct query. */
const PROMPTS = [
  "Call me Ishmael.", "The whale", "Captain Ahab stood upon the deck", "Queequeg was a native of Kokovoko",
  "The Pequod sailed from Nantucket", "Starbuck looked at the sea", "It was a cold morning", "The harpooneers",
  "Stubb laughed and said", "There she blows!", "In the forecastle", "The sea was calm and",
  "Every sailor knows", "The white whale swam", "Towards thee I roll", "The ship's boats were lowered",
  "Upon the quarter-deck", "The captain's cabin", "All hands on deck", "Flask was the third mate",
];

describe("text generation on a localnet (tiny-lm, 2 EE shards, 6 miner processes)", () => {
  let net: Localnet;
  let gen: GenerationClient | undefined;
  let codec: GenerationCodec;
  let reference: DecoderPipeline;
  let contextLength: number;
  /** The miner killed by the kill -9 test (the byzantine test's restart brings it back), and its replica's miners. */
  let killed: string | undefined;
  const killedReplica = new Set<string>();

  beforeAll(async () => {
    net = await startLocalnet({ miners: 6, tag: "generate" });
    const keys = await readModelKeys(MODEL, net.info.models[MODEL]);
    if (keys.kind !== "generator") throw new Error(`${MODEL} is not a generator in localnet.json`);
    codec = keys.codec;
    const files = lmFiles(TINY_LM_DIR);
    reference = await DecoderPipeline.open([files.model], readDecoderConfig(files.config));
    contextLength = (await net.q.inference.model(MODEL)).contextLength;
    gen = await openGenerationClient({ home: net.home, model: MODEL, from: PAYER });
  }, 150_000);

  afterAll(async () => {
    await gen?.close();
    await net?.stop();
  }, 60_000);

  const client = () => {
    if (!gen) throw new Error("the generation client is closed");
    return gen.client;
  };
  const bonded = async (address: string) => BigInt((await net.q.stakingext.miner(address)).bonded?.amount ?? "0");
  const minerName = (address: string) => net.info.miners.find((m) => m.address === address)?.name ?? address;
  const outcomes = (v: inferenceState.Verdict) => v.seats.map((s) => `${s.shard}/${s.replica} ${minerName(s.miner)}: ${SeatOutcome[s.outcome]}`);

  /** Greedy decoding of the unsplit plaintext model from the prompt ids the SDK sends, cut at the end of text. */
  async function greedy(prompt: string, maxTokens: number, stopAtEos = true): Promise<number[]> {
    const ids = [...preparePrompt(codec, { prompt, maxTokens, contextLength }).plainIds];
    const out = await greedyGenerate(reference, ids, maxTokens, stopAtEos ? codec.eosId : undefined);
    const eos = out.indexOf(codec.eosId);
    return eos < 0 ? out : out.slice(0, eos);
  }

  /** The expected settlement of a generation, from params, the model's prices and the query's lengths only. */
  async function expectedSettlement(prompt: string, maxTokens: number, replicas: number, agreed: number, generated: number) {
    const pfq = await net.q.payforquery.params();
    const model = await net.q.inference.model(MODEL);
    const prepared = preparePrompt(codec, { prompt, maxTokens, contextLength });
    return settlement(
      { baseFee: BigInt(pfq.baseFee!.amount), perByteFee: BigInt(pfq.perByteFee!.amount), ownerSharePpm: BigInt(pfq.ownerShare), price: BigInt(model.price!.amount) },
      encodeTensor(prepared.tensor).length,
      SHARDS,
      replicas,
      agreed,
      { inputPrice: BigInt(model.tokenPrice!.inputPrice!.amount), outputPrice: BigInt(model.tokenPrice!.outputPrice!.amount), inputTokens: prepared.inputTokens, maxNewTokens: maxTokens, generated },
    );
  }

  it("20 concurrent generations (12–24 tokens, R = 1 and 2) all end FINALIZED with the verified greedy text", async () => {
    const jobs = PROMPTS.map((prompt, i) => ({ prompt, maxTokens: 12 + (i % 13), replicas: 1 + (i % 2) }));
    const expected = [];
    for (const j of jobs) expected.push(await greedy(j.prompt, j.maxTokens));
    const t0 = Date.now();
    const results = await Promise.all(jobs.map((j) => client().generate({ model: MODEL, prompt: j.prompt, maxTokens: j.maxTokens, replicas: j.replicas, timeoutMs: 90_000 })));
    const ms = Date.now() - t0;
    expect(new Set(results.map((r) => r.queryId)).size).toBe(jobs.length);
    for (const [i, r] of results.entries()) {
      const what = `generation ${i} (query ${r.queryId}, "${jobs[i].prompt}", R=${jobs[i].replicas})`;
      expect(r.tokens, what).toEqual(expected[i]);
      expect(r.text, what).toBe(new TextDecoder().decode(codec.decodeBytes(expected[i])));
      expect(r.generatedTokens, what).toBe(Math.min(jobs[i].maxTokens, expected[i].length + 1));
      expect(r.committee.verified && r.result.verified, what).toBe(true);
      expect(r.committee.seats, what).toHaveLength(SHARDS * jobs[i].replicas);
      expect(r.verdict.seats.map((s) => s.outcome), what).toEqual(Array(SHARDS * jobs[i].replicas).fill("agreed"));
      expect(r.fee.paid + r.fee.refunded, what).toBe(r.fee.escrowed);
      const q = await net.q.inference.query(r.queryId);
      expect(QueryStatus[q.status], what).toBe("QUERY_STATUS_FINALIZED");
    }
    const tokens = results.reduce((n, r) => n + r.generatedTokens, 0);
    process.stderr.write(`[e2e generate] 20 concurrent generations: ${tokens} tokens, all verified, in ${ms} ms\n`);
  }, 120_000);

  it("kill -9 of a seated miner mid-generation (R = 3, 100 tokens): the query ends within its timeout and every unes is accounted for", async () => {
    const prompt = "The sperm whale's head is a dead, blind wall";
    const MAX = 100;
    const replicas = 3;
    const payer = net.info.accounts.find((a) => a.name === PAYER)!.address;
    const owner = net.info.accounts.find((a) => a.name === net.info.modelOwner)!.address;
    const miners = net.info.miners.map((m) => m.address);
    const pools = { community: moduleAccount("distribution"), feeCollector: moduleAccount("fee_collector"), escrow: moduleAccount("payforquery"), stake: moduleAccount("stakingext") };
    const watched = [...miners, owner, payer, ...Object.values(pools)];
    const stakes0 = new Map(await Promise.all(miners.map(async (m) => [m, await bonded(m)] as const)));
    const sp = await net.q.stakingext.params();
    const before = await balancesAt(net.info.rpc, watched);

    // The victim: the shard-0 miner of replica 0 (the replica whose tokens the SDK streams), killed at its first
    // streamed token, while the pipeline holds its KV cache and has ~100 tokens to go.
    let queryId: bigint | undefined;
    let victim: (typeof net.info.miners)[number] | undefined;
    let streamed = 0;
    let kill: Promise<number> | undefined;
    let tokensAtKill = -1;
    const killNow = () => {
      if (kill || !victim || streamed === 0) return;
      tokensAtKill = streamed;
      kill = net.kill9(victim.name); // the SIGKILL is sent synchronously, before the first await
    };
    let finished = false;
    const seating = (async () => {
      while (queryId === undefined && !finished) await new Promise((r) => setTimeout(r, 2));
      while (queryId !== undefined && !finished) {
        const seats = (await net.q.inference.query(queryId)).seats;
        const seat = seats.find((s) => s.shard === 0 && s.replica === 0);
        if (seat) {
          victim = net.info.miners.find((m) => m.address === seat.miner);
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      while (!kill && !finished) {
        killNow();
        await new Promise((r) => setTimeout(r, 2));
      }
    })();

    const t0 = Date.now();
    let r: GenerateReturnType | undefined;
    let error: Error | undefined;
    try {
      r = await client().generate({
        model: MODEL, prompt, maxTokens: MAX, replicas, discloseStop: false, timeoutMs: 60_000,
        onProgress: (p) => {
          if (p.step === "paid") queryId = p.queryId;
        },
        onToken: () => {
          streamed++;
          killNow();
        },
      });
    } catch (err) {
      error = err as Error;
    }
    finished = true;
    await seating;
    expect(queryId, error?.message).toBeDefined();
    expect(kill, "the victim was killed while its replica streamed").toBeDefined();
    expect(victim).toBeDefined();
    killed = victim!.name;
    await kill;
    const rec = await waitForVerdict(net.q, String(queryId), 30_000, net.info.rpc);
    const ms = Date.now() - t0;
    const verdict = await net.q.inference.verdict(queryId!);
    const escrow = await net.q.payforquery.escrow(queryId!);
    const status = QueryStatus[rec.status];
    process.stderr.write(
      `[e2e generate] kill -9 of ${victim!.name} at streamed token ${tokensAtKill}: query ${queryId} ${status} at height ${verdict.height} (timeout ${rec.timeoutHeight}) after ${ms} ms; ${outcomes(verdict).join(", ")}\n`,
    );

    // Never hangs: the verdict came within the query's own timeout.
    expect(verdict.height).toBeLessThanOrEqual(rec.timeoutHeight);
    // It was mid-generation: the killed replica's stream stops short of 100 tokens.
    const keys = new RedisKeys(net.info.redisPrefix);
    expect(await net.redis.xlen(keys.genTokens(String(queryId), 0))).toBeLessThan(MAX);
    for (const s of verdict.seats.filter((s) => s.replica === 0)) killedReplica.add(minerName(s.miner));
    const victimSeat = verdict.seats.find((s) => s.miner === victim!.address)!;
    expect(SeatOutcome[victimSeat.outcome]).toBe("SEAT_OUTCOME_MISSED_COMMIT");

    const agreed = verdict.seats.filter((s) => s.outcome === SeatOutcome.SEAT_OUTCOME_AGREED);
    const want = await expectedSettlement(prompt, MAX, replicas, agreed.length, verdict.generatedTokens);
    if (status === "QUERY_STATUS_FINALIZED") {
      expect(error, error?.message).toBeUndefined();
      expect(r!.tokens).toEqual(await greedy(prompt, MAX, false));
      expect(verdict.generatedTokens).toBe(MAX);
      expect(payforqueryState.EscrowStatus[escrow.status]).toBe("ESCROW_STATUS_SETTLED");
      expect(r!.fee.paid + r!.fee.refunded).toBe(r!.fee.escrowed);
      expect(r!.fee.refunded).toBe(want.refund);
      expect(r!.fee.refunded).toBeGreaterThan(0n); // the seats that never committed
    } else {
      expect(status).toBe("QUERY_STATUS_FAILED");
      expect(error).toBeDefined();
      expect(payforqueryState.EscrowStatus[escrow.status]).toBe("ESCROW_STATUS_REFUNDED");
      expect(escrow.refunded?.amount).toBe(want.total.toString());
    }
    expect(BigInt(escrow.fee!.total!.amount)).toBe(want.total);

    // Every unes: each account's change is exactly its payout or refund, minus the tx fees it paid, minus its slash.
    const after = await balancesAt(net.info.rpc, watched);
    expect(after.height).toBeGreaterThanOrEqual(Number(verdict.height));
    const fees = await feesPaid(net.info.rpc, before.height, after.height);
    const delta = (a: string) => after.balances.get(a)! - before.balances.get(a)!;
    const fee = (a: string) => fees.get(a) ?? 0n;
    const finalized = status === "QUERY_STATUS_FINALIZED";
    // Speed-weighted pay (x/payforquery README): an agreeing seat's share of per_seat by how soon it committed
    // after the assignment; what slower seats did not earn goes to the community pool.
    const q = await net.q.inference.query(queryId!);
    const speedShare = (await net.q.payforquery.params()).speedShare;
    const window = q.commitDeadline - q.assignedHeight;
    const agreedMiners = new Set(agreed.map((s) => s.miner));
    const speedPaid = new Map<string, bigint>();
    for (const c of q.commits) {
      if (agreedMiners.has(c.miner)) speedPaid.set(c.miner, (speedPaid.get(c.miner) ?? 0n) + speedPay(want.perSeat, speedShare, window, c.height - q.assignedHeight));
    }
    const slow = finalized ? BigInt(agreed.length) * want.perSeat - [...speedPaid.values()].reduce((a, b) => a + b, 0n) : 0n;
    let slashedTotal = 0n;
    for (const m of miners) {
      const seat = verdict.seats.find((s) => s.miner === m);
      const outcome = seat ? SeatOutcome[seat.outcome] : "not seated";
      const paid = finalized && outcome === "SEAT_OUTCOME_AGREED" ? speedPaid.get(m)! : 0n;
      expect(delta(m), `${minerName(m)} (${outcome}): payout − its tx fees`).toBe(paid - fee(m));
      const stake0 = stakes0.get(m)!;
      const stake = outcome.startsWith("SEAT_OUTCOME_MISSED") ? slashed(stake0, sp.slashFractionMissed) : outcome === "SEAT_OUTCOME_DISAGREED" ? slashed(stake0, sp.slashFractionWrong) : stake0;
      expect(await bonded(m), `${minerName(m)} (${outcome}): bonded stake`).toBe(stake);
      slashedTotal += stake0 - stake;
    }
    expect(slashedTotal).toBeGreaterThan(0n); // the killed miner's missed commit at least
    expect(delta(owner), "model owner").toBe((finalized ? want.owner : 0n) - fee(owner));
    expect(delta(pools.community), "community pool").toBe(finalized ? want.communityPool + slow : 0n);
    expect(delta(payer), "payer: −fee + refund − its pay tx fee").toBe(-want.total + (finalized ? want.refund : want.total) - fee(payer));
    expect(delta(pools.feeCollector), "fee collector: every tx fee of the interval").toBe([...fees.values()].reduce((s, v) => s + v, 0n));
    expect(delta(pools.escrow), "payforquery: the escrow is closed").toBe(0n);
    expect(delta(pools.stake), "stakingext: bonded stake lost to slashing").toBe(-slashedTotal);
    // Nothing else moved: the watched accounts lost exactly what slashing burned.
    expect(watched.reduce((s, a) => s + delta(a), 0n)).toBe(-slashedTotal);
    const supply = await auditSupply(net.info.rpc, join(net.home, "chain"));
    expect(supply.supply).toBe(supply.genesis + supply.minted - supply.burned);
    expect(supply.burned).toBeGreaterThanOrEqual(slashedTotal);
  }, 90_000);

  it("a byzantine last-shard miner (argmax + 1) is outvoted at R = 3: honest greedy text, its seat slashed, its value refunded", async () => {
    // The miner restarted byzantine: none of the killed replica's (this start brings the killed one back, honest;
    // its shard-1 partner may still wait out its step timeout, and a graceful stop would wait with it).
    const byz = [...net.info.miners].reverse().find((m) => !killedReplica.has(m.name))!;
    const index = net.info.miners.indexOf(byz);
    expect(await net.stopProcess(byz.name)).toBe("stopped");
    const res = await runScript("start", ["--home", net.home, "--byzantine-miners", String(index)]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain(`${byz.name}: started`);
    if (killed) expect(res.stderr).toContain(`${killed}: started`);
    expect(readFileSync(join(net.info.logsDir, `${byz.name}.log`), "utf8")).toContain("BYZANTINE MODE");

    const prompt = "Ahab's harpoon struck the white whale";
    const MAX = 16;
    const honest = await greedy(prompt, MAX);
    const sp = await net.q.stakingext.params();
    // 6 seats (2 shards × 3 replicas) on 6 miners: the byzantine one always sits, on a last shard half the time.
    // On shard 0 it computes honestly (only a last shard's pick is corrupted): generate again, at most 8 times.
    for (let attempt = 1; attempt <= 8; attempt++) {
      const stake0 = await bonded(byz.address);
      const r = await client().generate({ model: MODEL, prompt, maxTokens: MAX, replicas: 3, timeoutMs: 60_000 });
      const verdict = await net.q.inference.verdict(r.queryId);
      process.stderr.write(`[e2e generate] byzantine ${byz.name}, attempt ${attempt}: query ${r.queryId} ${outcomes(verdict).join(", ")}\n`);
      expect(r.tokens, `query ${r.queryId}`).toEqual(honest);
      expect(r.fee.paid + r.fee.refunded).toBe(r.fee.escrowed);
      const seat = verdict.seats.find((s) => s.miner === byz.address);
      expect(seat, `${byz.name} holds a seat of query ${r.queryId}`).toBeDefined();
      if (seat!.shard !== SHARDS - 1) {
        expect(verdict.seats.map((s) => SeatOutcome[s.outcome])).toEqual(Array(6).fill("SEAT_OUTCOME_AGREED"));
        expect(await bonded(byz.address)).toBe(stake0);
        continue;
      }
      // Seated on the last shard: its replica's tokens differ, the two honest replicas agree and win. (Its
      // replica's shard-0 seat, fed the wrong tokens, reveals other hidden states too: the chain cannot tell it
      // from a liar and counts it with the minority — not asserted here; the settlement below follows the verdict.)
      expect(QueryStatus[(await net.q.inference.query(r.queryId)).status]).toBe("QUERY_STATUS_FINALIZED");
      expect(SeatOutcome[seat!.outcome]).toBe("SEAT_OUTCOME_DISAGREED");
      for (const s of verdict.seats.filter((s) => s.replica !== seat!.replica)) expect(SeatOutcome[s.outcome], `seat ${s.shard}/${s.replica}`).toBe("SEAT_OUTCOME_AGREED");
      expect(verdict.resultReplica).not.toBe(seat!.replica);
      expect(verdict.generatedTokens).toBe(Math.min(MAX, honest.length + 1));
      const m = await net.q.stakingext.miner(byz.address);
      expect(BigInt(m.bonded!.amount)).toBe(slashed(stake0, sp.slashFractionWrong));
      expect(m.jailed).toBe(true);
      expect(stakingextState.MinerStatus[m.status]).toBe("MINER_STATUS_JAILED");
      // Not paid; the payer gets back the value of every seat that did not agree (the liar's at least).
      const escrow = await net.q.payforquery.escrow(r.queryId);
      expect(escrow.minerPayouts.map((p) => p.recipient)).not.toContain(byz.address);
      const agreed = verdict.seats.filter((s) => s.outcome === SeatOutcome.SEAT_OUTCOME_AGREED).length;
      expect(escrow.minerPayouts).toHaveLength(agreed);
      const want = await expectedSettlement(prompt, MAX, 3, agreed, verdict.generatedTokens);
      expect(r.fee.escrowed).toBe(want.total);
      expect(r.fee.refunded).toBe(want.refund);
      expect(r.fee.refunded).toBeGreaterThanOrEqual(want.seatValue);
      expect(r.fee.refunded).toBeGreaterThan(0n);
      if (seat!.replica === 0) expect(r.streamedMatched).toBe(false); // the SDK streamed the liar's replica: verified text wins
      return;
    }
    throw new Error(`${byz.name} (byzantine) never sat on the last shard in 8 generations with 6 of 6 miners seated`);
  }, 120_000);

  it("a generation leaves neither prompt nor reply (text or plain ids) in Redis, the localnet's logs or the chain store", async () => {
    const prompt = "Quohog whispered the secret password, Zanzibar-Fortitude-Eleven, to the cook";
    const MAX = 24;
    const r = await client().generate({ model: MODEL, prompt, maxTokens: MAX, replicas: 1, discloseStop: false, timeoutMs: 60_000 });
    expect(r.tokens).toEqual(await greedy(prompt, MAX, false));
    expect(r.tokens.length).toBeGreaterThanOrEqual(8);
    expect(r.text.length).toBeGreaterThanOrEqual(16);
    const prepared = preparePrompt(codec, { prompt, maxTokens: MAX, contextLength });
    const int32 = (ids: readonly number[]) => Buffer.from(Int32Array.from(ids).buffer);
    const int64 = (ids: readonly number[]) => Buffer.from(BigInt64Array.from(ids.map(BigInt)).buffer);
    const secrets: Needle[] = [
      { name: "prompt text", bytes: Buffer.from(prompt) },
      { name: "plain prompt ids (int32)", bytes: int32(prepared.plainIds.slice(1)) },
      { name: "plain prompt ids (int64)", bytes: int64(prepared.plainIds.slice(1)) },
      { name: "plain prompt tensor", bytes: Buffer.from(encodeTensor({ dtype: "int32", dims: [1, prepared.plainIds.length], data: Int32Array.from(prepared.plainIds) })) },
      { name: "reply text", bytes: Buffer.from(r.text) },
      { name: "plain reply ids (int32)", bytes: int32(r.tokens) },
      { name: "plain reply ids (int64)", bytes: int64(r.tokens) },
    ];
    // Positive controls: what the network legitimately holds, the encrypted prompt and the encrypted token ids.
    const controls: Needle[] = [
      { name: "encrypted prompt tensor", bytes: Buffer.from(encodeTensor(prepared.tensor)) },
      { name: "encrypted reply ids (int32)", bytes: int32(codec.encryptIds(r.tokens)) },
    ];
    const isControl = (h: { needle: string }) => controls.some((c) => c.name === h.needle);

    const redis = await scanRedis(net.redis, net.info.redisPrefix, [...secrets, ...controls]);
    expect(redis.keys).toBeGreaterThan(0);
    for (const c of controls) expect(redis.hits.filter((h) => h.needle === c.name).length, `${c.name} in Redis`).toBeGreaterThan(0);
    expect(redis.hits.filter((h) => !isControl(h))).toEqual([]);

    // Every log of the localnet: each miner's (all six, the byzantine one's included), the dispatcher's, the model
    // store's and nesad's.
    const logs = readdirSync(net.info.logsDir).map((f) => join(net.info.logsDir, f));
    expect(logs.filter((f) => /miner-\d+\.log$/.test(f)).length).toBe(net.info.miners.length);
    expect(scanFiles(logs, secrets)).toEqual([]);

    // LevelDB admits one process: stop nesad, scan, and bring it back with localnet/start. Positive control: the
    // input commitment (sha256 of the encrypted prompt tensor).
    const commitment: Needle = { name: "input commitment", bytes: Buffer.from((await net.q.inference.query(r.queryId)).inputCommitment) };
    await gen?.close(); // its chain follower would only retry against the stopped node
    gen = undefined;
    await net.stopProcess("nesad");
    const chain = await scanChainDb(join(net.home, "chain", "data", "chain.db"), [...secrets, commitment]);
    expect(chain.entries).toBeGreaterThan(0);
    expect(chain.hits.filter((h) => h.needle === commitment.name).length).toBeGreaterThan(0);
    expect(chain.hits.filter((h) => h.needle !== commitment.name)).toEqual([]);
    expect(await net.restart()).toMatch(/nesad: started/);
  }, 90_000);
});
