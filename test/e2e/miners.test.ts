// Miners as real processes on one localnet (nesad, Redis, model store, dispatcher, 6 `nesa-miner` processes):
// a 2 × 3 OCR query pays exactly what the x/payforquery README says to each seat, the owner, the community
// pool and the payer; a miner restarted with `--byzantine` is outvoted, slashed by slash_fraction_wrong and
// jailed; a seated miner killed with SIGKILL is slashed by slash_fraction_missed and the query still ends.
// The tests run in order on the same network (the byzantine miner stays jailed for the last one).
import { inferenceState, payforqueryState, stakingextState } from "@nesa/proto-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ctcDecode, decodeLande, landeBatch, ocrPreprocess, renderTextLine } from "../../packages/models/src/index";
import { speedPay } from "../../packages/chain/src/x/payforquery/fees";
import { balancesAt, feesPaid, moduleAccount, settlement, slashed } from "./helpers/ledger";
import { type Localnet, runScript, startLocalnet } from "./helpers/localnet-fixture";
import { encryptInput, type PaidQuery, pay, readResult, upload, waitForVerdict } from "./helpers/nesa-query";

const { QueryStatus, SeatOutcome } = inferenceState;
const SENTENCES: [string, string][] = [
  ["The weather is lovely today and we are going for a long walk in the park.", "eng"],
  ["Ceci est une phrase en français, assez longue pour que le modèle soit sûr de lui.", "fra"],
  ["Das ist ein deutscher Satz, lang genug, damit das Modell sich ganz sicher ist.", "deu"],
];
const BYZANTINE = 5; // miner-5 is restarted with --byzantine in the second test

describe("miners on a localnet", () => {
  let net: Localnet;

  beforeAll(async () => {
    net = await startLocalnet({ miners: 6, tag: "miners" });
  }, 150_000);

  afterAll(async () => {
    await net?.stop();
  }, 60_000);

  const bonded = async (address: string) => BigInt((await net.q.stakingext.miner(address)).bonded?.amount ?? "0");
  const minerName = (address: string) => net.info.miners.find((m) => m.address === address)?.name ?? address;

  /** A lande query with `replicas` seats from user account i: paid, uploaded, and its verdict. */
  async function lande(i: number, sentence: string, replicas: number): Promise<PaidQuery> {
    const p = await pay(await net.user(i), "lande", encryptInput(net.info, "lande", landeBatch([sentence])), replicas);
    await upload(net.info, p);
    return p;
  }

  it("6 miners, OCR 2 shards × 3 replicas: FINALIZED, exact text, and every payout exact to the unes", async () => {
    const payer = await net.user(2);
    const owner = net.info.accounts.find((a) => a.name === net.info.modelOwner)!.address;
    const community = moduleAccount("distribution");
    const feeCollector = moduleAccount("fee_collector");
    const miners = net.info.miners.map((m) => m.address);
    const watched = [...miners, owner, payer.address, community, feeCollector];

    const pfq = await net.q.payforquery.params();
    const model = await net.q.inference.model("ocr-rec");
    const text = "Nesa runs private inference";
    const encrypted = encryptInput(net.info, "ocr-rec", ocrPreprocess(renderTextLine(text)));

    const before = await balancesAt(net.info.rpc, watched);
    const paid = await pay(payer, "ocr-rec", encrypted, 3);
    await upload(net.info, paid);
    const rec = await waitForVerdict(net.q, paid.queryId, 60_000);
    expect(QueryStatus[rec.status]).toBe("QUERY_STATUS_FINALIZED");
    const out = await readResult(net.info, net.q, net.redis, "ocr-rec", paid.queryId);
    expect(ctcDecode(out)).toBe(text);
    const after = await balancesAt(net.info.rpc, watched);
    expect(after.height).toBeGreaterThanOrEqual(Number((await net.q.inference.verdict(paid.queryId)).height));

    // Six seats on six distinct miners (at most one seat per miner and query), all agreeing.
    const verdict = await net.q.inference.verdict(paid.queryId);
    expect(verdict.seats.length).toBe(6);
    expect(new Set(verdict.seats.map((s) => s.miner)).size).toBe(6);
    expect(verdict.seats.map((s) => SeatOutcome[s.outcome])).toEqual(Array(6).fill("SEAT_OUTCOME_AGREED"));

    // The expected numbers, from params and the README's formula only.
    const want = settlement(
      { baseFee: BigInt(pfq.baseFee!.amount), perByteFee: BigInt(pfq.perByteFee!.amount), ownerSharePpm: BigInt(pfq.ownerShare), price: BigInt(model.price!.amount) },
      encrypted.length,
      model.shards.length,
      3,
      6,
    );
    expect(model.shards.length).toBe(2);
    expect(want.perSeat).toBeGreaterThan(0n);
    const fees = await feesPaid(net.info.rpc, before.height, after.height);
    const delta = (a: string) => after.balances.get(a)! - before.balances.get(a)!;
    const fee = (a: string) => fees.get(a) ?? 0n;
    // Speed-weighted pay (x/payforquery README): each seat's share of per_seat by how soon it committed after
    // the assignment; what slower seats did not earn goes to the community pool.
    const q = await net.q.inference.query(paid.queryId);
    const window = q.commitDeadline - q.assignedHeight;
    const payOf = new Map(q.commits.map((c) => [c.miner, speedPay(want.perSeat, pfq.speedShare, window, c.height - q.assignedHeight)]));
    expect(payOf.size).toBe(6);
    expect(pfq.speedShare).toBeGreaterThan(0);
    const slow = [...payOf.values()].reduce((sum, v) => sum + (want.perSeat - v), 0n);
    for (const m of miners) expect(delta(m), `${minerName(m)}: speed-weighted payout − its commit/reveal tx fees`).toBe(payOf.get(m)! - fee(m));
    expect(fee(miners[0])).toBeGreaterThan(0n); // each seat paid for its commit and reveal txs
    expect(delta(owner), "model owner").toBe(want.owner - fee(owner));
    expect(delta(community), "community pool (distribution module account)").toBe(want.communityPool + slow);
    expect(delta(payer.address), "payer: fee − refund + its pay tx fee").toBe(-want.total + want.refund - fee(payer.address));
    expect(fee(payer.address)).toBeGreaterThan(0n);
    // Every tx fee of the interval is accounted for: what the fee collector received.
    expect(delta(feeCollector)).toBe([...fees.values()].reduce((s, v) => s + v, 0n));

    const escrow = await net.q.payforquery.escrow(paid.queryId);
    expect(payforqueryState.EscrowStatus[escrow.status]).toBe("ESCROW_STATUS_SETTLED");
    expect(BigInt(escrow.fee!.total!.amount)).toBe(want.total);
  }, 90_000);

  it("a miner restarted with --byzantine is outvoted when seated, slashed by slash_fraction_wrong and jailed", async () => {
    const byz = net.info.miners[BYZANTINE];
    expect(await net.stopProcess(byz.name)).toBe("stopped");
    const res = await runScript("start", ["--home", net.home, "--byzantine-miners", String(BYZANTINE)]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain(`${byz.name}: started`);
    expect(res.stderr).toMatch(/miner-0: already running/);
    expect(readFileSync(join(net.info.logsDir, `${byz.name}.log`), "utf8")).toContain("BYZANTINE MODE");

    const fraction = (await net.q.stakingext.params()).slashFractionWrong;
    const stake0 = await bonded(byz.address);
    // Seats are drawn by VRF: 3 of 6 miners per query. Rounds of three queries until the byzantine one sits.
    const seatedIn: string[] = [];
    for (let round = 0; round < 4 && seatedIn.length === 0; round++) {
      const batch = await Promise.all(SENTENCES.map(([s], i) => lande(2 + i, s, 3)));
      for (const [i, p] of batch.entries()) {
        const rec = await waitForVerdict(net.q, p.queryId, 60_000);
        expect(QueryStatus[rec.status], `query ${p.queryId}`).toBe("QUERY_STATUS_FINALIZED");
        expect(decodeLande((await readResult(net.info, net.q, net.redis, "lande", p.queryId)).data).language).toBe(SENTENCES[i][1]);
        const verdict = await net.q.inference.verdict(p.queryId);
        for (const s of verdict.seats) {
          const outcome = SeatOutcome[s.outcome];
          expect(outcome, `query ${p.queryId} seat ${s.replica} (${minerName(s.miner)})`).toBe(s.miner === byz.address ? "SEAT_OUTCOME_DISAGREED" : "SEAT_OUTCOME_AGREED");
        }
        if (verdict.seats.some((s) => s.miner === byz.address)) seatedIn.push(p.queryId);
      }
    }
    if (seatedIn.length === 0) throw new Error(`${byz.name} (byzantine) was not seated in any of 12 lande queries with 3 of 6 seats`);
    console.log(`miners.test: byzantine ${byz.name} sat in query(ies) ${seatedIn.join(", ")}`);

    // One slash per query it sat in (each rounded down from the stake left).
    let want = stake0;
    for (let k = 0; k < seatedIn.length; k++) want = slashed(want, fraction);
    const m = await net.q.stakingext.miner(byz.address);
    expect(BigInt(m.bonded!.amount)).toBe(want);
    expect(want).toBeLessThan(stake0);
    expect(m.jailed).toBe(true);
    expect(stakingextState.MinerStatus[m.status]).toBe("MINER_STATUS_JAILED");
    expect(Number(m.totalWrong)).toBe(seatedIn.length);
    // Outvoted, not paid: the settled escrow has no payout for it.
    for (const id of seatedIn) {
      const escrow = await net.q.payforquery.escrow(id);
      expect(escrow.minerPayouts.map((p) => p.recipient)).not.toContain(byz.address);
      expect(escrow.minerPayouts.length).toBe(2);
    }
  }, 120_000);

  it("kill -9 of a seated miner: the query still ends (majority held or refunded), and the missed seat is slashed", async () => {
    const fraction = (await net.q.stakingext.params()).slashFractionMissed;
    const user = await net.user(5);
    // An input no earlier test sent: an identical one would already sit in Redis under its digest, so the
    // dispatcher would enqueue the seats' jobs at assignment and the victim could commit before the kill.
    const [sentence, language] = [`${SENTENCES[1][0]} Merci beaucoup et à bientôt.`, SENTENCES[1][1]];
    const paid = await pay(user, "lande", encryptInput(net.info, "lande", landeBatch([sentence])), 3);
    let seats: inferenceState.Seat[] = [];
    for (const end = Date.now() + 20_000; seats.length === 0; ) {
      seats = (await net.q.inference.query(paid.queryId)).seats;
      if (Date.now() > end) throw new Error(`query ${paid.queryId} got no committee in 20 s`);
      if (seats.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    // The byzantine miner is jailed, so not eligible: the seats are honest miners.
    expect(seats.map((s) => s.miner)).not.toContain(net.info.miners[BYZANTINE].address);
    const victim = net.info.miners.find((m) => m.address === seats[0].miner)!;
    const stake0 = await bonded(victim.address);
    await net.kill9(victim.name);
    const killedAt = Date.now();
    await upload(net.info, paid);
    const rec = await waitForVerdict(net.q, paid.queryId, 60_000);
    const toVerdictMs = Date.now() - killedAt;
    const verdict = await net.q.inference.verdict(paid.queryId);
    const escrow = await net.q.payforquery.escrow(paid.queryId);
    const status = QueryStatus[rec.status];
    console.log(`miners.test: query ${paid.queryId} ${status} ${toVerdictMs} ms after kill -9 of ${victim.name}`);
    if (status === "QUERY_STATUS_FINALIZED") {
      expect(payforqueryState.EscrowStatus[escrow.status]).toBe("ESCROW_STATUS_SETTLED");
      expect(decodeLande((await readResult(net.info, net.q, net.redis, "lande", paid.queryId)).data).language).toBe(language);
      expect(escrow.minerPayouts.map((p) => p.recipient).sort()).toEqual(seats.slice(1).map((s) => s.miner).sort());
    } else {
      expect(status).toBe("QUERY_STATUS_FAILED");
      expect(payforqueryState.EscrowStatus[escrow.status]).toBe("ESCROW_STATUS_REFUNDED");
      expect(escrow.refunded?.amount).toBe(escrow.fee?.total?.amount);
    }
    const seat = verdict.seats.find((s) => s.miner === victim.address)!;
    expect(SeatOutcome[seat.outcome]).toBe("SEAT_OUTCOME_MISSED_COMMIT");
    const m = await net.q.stakingext.miner(victim.address);
    expect(BigInt(m.bonded!.amount)).toBe(slashed(stake0, fraction));
    expect(BigInt(m.bonded!.amount)).toBeLessThan(stake0);
    expect(Number(m.totalMissed)).toBe(1);
    expect(m.jailed).toBe(false); // one miss is below max_missed
  }, 90_000);
});

describe("localnet/start --byzantine-miners", () => {
  const home = mkdtempSync(join(tmpdir(), "nesa-e2e-byz-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("refuses an index that is not a miner, before starting anything", async () => {
    const res = await runScript("start", ["--home", home, "--miners", "2", "--byzantine-miners", "2"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--byzantine-miners must list miner indices 0..1 separated by commas, got "2"');
    expect(existsSync(join(home, "run", "nesad.pid"))).toBe(false);
  });

  it("is refused on a chain id that is not a localnet one", async () => {
    // A home whose first start chose another chain id (kept in run/settings.json).
    const other = join(home, "mainnet");
    mkdirSync(join(other, "run"), { recursive: true });
    writeFileSync(join(other, "run", "settings.json"), JSON.stringify({ chainId: "nesa-mainnet-1", miners: 1 }));
    const res = await runScript("start", ["--home", other, "--byzantine-miners", "0"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--byzantine-miners is refused on chain "nesa-mainnet-1"');
    expect(existsSync(join(other, "run", "nesad.pid"))).toBe(false);
  });
});
