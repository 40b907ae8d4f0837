// Randomized simulation (cosmos-sdk's simulation/ in spirit): N blocks of random valid and invalid
// msgs of every module through the real app with signed txs; every invariant after every block,
// plus supply conservation (supply only shrinks by slashed stake). Same seed → same app hash.
import { toHex } from "@cosmjs/encoding";
import { registeredErrors } from "../errors/chain-error";
import { moduleAddress } from "../x/auth/keeper";
import { amountOf } from "../x/stakingext/coins";
import { EventMinerSlashed } from "../x/stakingext/proto";
import { eventsOf } from "./block-events";
import { Rng } from "./rng";
import { SimAgents } from "./sim-agents";
import { SimChain } from "./sim-chain";
import { ACCOUNT_BALANCE, SIM_CHAIN_ID, buildWorld, simAppState } from "./sim-world";
import { signTx } from "./tx-builder";

export interface SimulateOptions {
  blocks: number;
  seed: string;
  miners: number;
  /** Called after each block (progress output). */
  onBlock?: (height: bigint, summary: SimSummary) => void;
  /** Keep every block's txs and resulting app hash in the summary's `record` (for `replaySimulation`). */
  record?: boolean;
  /** Filled with the milliseconds spent in each phase (where a run's time goes). */
  timing?: SimTiming;
  /** Called with each block's txs and resulting app hash as it is committed (a streaming replay). */
  onCommitted?: (txs: Uint8Array[], appHash: string) => void;
}

export interface SimTiming {
  planMs: number;
  signMs: number;
  executeMs: number;
  observeMs: number;
  invariantsMs: number;
}

/** What a replay needs: the blocks' txs in order and the app hash after each. */
export interface SimRecord {
  seed: string;
  miners: number;
  txs: Uint8Array[][];
  appHashes: string[];
}

export interface SimSummary {
  blocks: number;
  txs: number;
  failedTxs: number;
  msgs: number;
  queriesPaid: number;
  finalized: number;
  failed: number;
  /** Generator queries finalized and the tokens their verdicts paid for. */
  generationsFinalized: number;
  tokensGenerated: number;
  slashes: number;
  jailings: number;
  /** Reputation moves (EventReputationUpdated) and honest seats fed by a lying upstream seat. */
  reputationUpdates: number;
  byzantineUpstream: number;
  /** Governance: proposals that entered their vote, and the tallies. */
  proposals: number;
  proposalsPassed: number;
  proposalsRejected: number;
  proposalsFailed: number;
  /** Rejected proposals by reason, and passed community-pool spends (x/distribution). */
  proposalsVetoed: number;
  proposalsNoQuorum: number;
  communityPoolSpends: number;
  /** Seats by what their miner did (sim-agents.ts MinerProfile), and how many miners of each profile. */
  seats: { honest: number; liar: number; silent: number; noReveal: number; offline: number; late: number };
  minerProfiles: { normal: number; byzantine: number; lazy: number; offline: number };
  /** Failed txs by `codespace/code` (every one a registered error). */
  rejections: Record<string, number>;
  unbondsCompleted: number;
  invariantChecks: number;
  appHash: string;
  record?: SimRecord;
}

const GOV_ADDRESS = moduleAddress("gov");
const count = (block: Parameters<typeof eventsOf>[0], type: string) => eventsOf(block, type, { fromJSON: (o: unknown) => o }).length;

export function simulate(opts: SimulateOptions): SimSummary {
  if (!Number.isInteger(opts.blocks) || opts.blocks < 1) throw new Error(`--blocks must be a positive integer, got ${opts.blocks}`);
  if (!Number.isInteger(opts.miners) || opts.miners < 6) throw new Error(`--miners must be an integer ≥ 6 (a committee has up to 6 seats), got ${opts.miners}`);
  const world = buildWorld(opts.seed, opts.miners);
  const chain = new SimChain({ chainId: SIM_CHAIN_ID, validatorSecret: world.validatorSecret, accounts: world.all, balance: ACCOUNT_BALANCE, appState: simAppState() });
  const agents = new SimAgents(world, new Rng(opts.seed));
  const genesisSupply = chain.supply();
  let burned = 0n;
  const s: SimSummary = { blocks: 0, txs: 0, failedTxs: 0, msgs: 0, queriesPaid: 0, finalized: 0, failed: 0, generationsFinalized: 0, tokensGenerated: 0, slashes: 0, jailings: 0, reputationUpdates: 0, byzantineUpstream: 0, proposals: 0, proposalsPassed: 0, proposalsRejected: 0, proposalsFailed: 0, proposalsVetoed: 0, proposalsNoQuorum: 0, communityPoolSpends: 0, seats: agents.seatOutcomes, minerProfiles: agents.minerProfiles, rejections: {}, unbondsCompleted: 0, invariantChecks: 0, appHash: "" };
  const record: SimRecord | undefined = opts.record ? { seed: opts.seed, miners: opts.miners, txs: [], appHashes: [] } : undefined;
  const registered = new Set(registeredErrors().map((e) => `${e.codespace}/${e.code}`));
  for (let i = 0; i < opts.blocks; i++) {
    const height = chain.height() + 1n;
    const t = opts.timing;
    let t0 = t ? performance.now() : 0;
    const lap = (phase: keyof SimTiming) => {
      if (!t) return;
      const now = performance.now();
      t[phase] += now - t0;
      t0 = now;
    };
    const planned = agents.plan(height);
    lap("planMs");
    const txs = planned.map((p) => signTx(p.signer, p.msgs, SIM_CHAIN_ID));
    lap("signMs");
    const block = chain.produce(txs);
    lap("executeMs");
    agents.observe(block);
    block.txResults.forEach((r, j) => {
      if (r.code === 0) return;
      planned[j].signer.sequence = chain.sequenceOf(planned[j].signer.address);
      const id = `${r.codespace}/${r.code}`;
      if (!registered.has(id)) throw new Error(`tx ${j} of block ${height} failed with unregistered error ${id} (seed ${opts.seed}): ${r.log}`);
      s.rejections[id] = (s.rejections[id] ?? 0) + 1;
    });
    s.blocks++;
    s.txs += txs.length;
    s.msgs += planned.reduce((n, p) => n + p.msgs.length, 0);
    s.failedTxs += block.txResults.filter((r) => r.code !== 0).length;
    s.queriesPaid += count(block, "nesa.payforquery.v1.EventQueryPaid");
    for (const f of eventsOf(block, "nesa.inference.v1.EventQueryFinalized", { fromJSON: (o: unknown) => o as { generated_tokens?: number } })) {
      s.finalized++;
      const generated = Number(f.generated_tokens ?? 0);
      if (generated > 0) s.generationsFinalized++;
      s.tokensGenerated += generated;
    }
    s.failed += count(block, "nesa.inference.v1.EventQueryFailed");
    s.jailings += count(block, "nesa.stakingext.v1.EventMinerJailed");
    s.unbondsCompleted += count(block, "nesa.stakingext.v1.EventUnbondCompleted");
    for (const e of eventsOf(block, "nesa.stakingext.v1.EventMinerSlashed", EventMinerSlashed)) {
      s.slashes++;
      burned += amountOf(e.amount);
    }
    // x/gov burns the deposits of vetoed proposals, of those without quorum and of lapsed ones.
    for (const e of eventsOf(block, "burn", { fromJSON: (o: unknown) => o as { burner: string; amount: string } })) {
      if (e.burner === GOV_ADDRESS) burned += BigInt(String(e.amount).replace(/unes$/, ""));
    }
    s.reputationUpdates += count(block, "nesa.stakingext.v1.EventReputationUpdated");
    s.byzantineUpstream = agents.byzantineUpstream;
    s.proposals = agents.gov.results.submitted;
    s.proposalsPassed = agents.gov.results.passed;
    s.proposalsRejected = agents.gov.results.rejected;
    s.proposalsFailed = agents.gov.results.failed;
    s.proposalsVetoed = agents.gov.results.vetoed;
    s.proposalsNoQuorum = agents.gov.results.noQuorum;
    s.communityPoolSpends = agents.gov.results.poolSpends;
    lap("observeMs");
    const broken = chain.invariants();
    const supply = chain.supply();
    if (supply !== genesisSupply - burned) broken.push(`supply ${supply} != genesis ${genesisSupply} − slashed ${burned}`);
    s.invariantChecks += chain.invariantCount() + 1;
    lap("invariantsMs");
    if (broken.length > 0) throw new Error(`invariant broken after block ${height} (seed ${opts.seed}): ${broken.join("; ")}`);
    s.appHash = toHex(chain.appHash()).toUpperCase();
    opts.onCommitted?.(txs, s.appHash);
    if (record) {
      record.txs.push(txs);
      record.appHashes.push(s.appHash);
    }
    opts.onBlock?.(height, s);
  }
  return record ? { ...s, record } : s;
}

/** A fresh chain from a run's genesis that re-executes its blocks one by one (no agents, no signing). */
export class SimReplayer {
  private readonly chain: SimChain;
  height = 0;

  constructor(seed: string, miners: number) {
    const world = buildWorld(seed, miners);
    this.chain = new SimChain({ chainId: SIM_CHAIN_ID, validatorSecret: world.validatorSecret, accounts: world.all, balance: ACCOUNT_BALANCE, appState: simAppState() });
  }

  /** Executes the next block; throws if its app hash is not `expected`. Returns the hash. */
  apply(txs: Uint8Array[], expected: string): string {
    this.chain.produce(txs);
    this.height++;
    const hash = toHex(this.chain.appHash()).toUpperCase();
    if (hash !== expected) throw new Error(`replay diverged at block ${this.height}: ${hash} != ${expected}`);
    return hash;
  }
}

/** Re-executes a recorded run on a fresh chain, checking the app hash after every block; returns the final hash. */
export function replaySimulation(rec: SimRecord): string {
  const r = new SimReplayer(rec.seed, rec.miners);
  let hash = "";
  rec.txs.forEach((txs, i) => {
    hash = r.apply(txs, rec.appHashes[i]);
  });
  return hash;
}
