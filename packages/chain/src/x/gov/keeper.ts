// x/gov state access: params, proposals, deposits, votes and the two end-height queues. Every
// read is a point read or a scan under one proposal's (or one height's) prefix.
import { Deposit, Params, Proposal, Vote } from "cosmjs-types/cosmos/gov/v1/gov";
import type { Context, MsgHandler } from "../../app/module";
import { ParamsStore, protoValue } from "../../store/params-store";
import type { ProtocolBank } from "../stakingext/expected-keepers";
import { EMPTY, encodeU64Value, iteratePrefix, readU64 } from "../stakingext/store-util";
import {
  MODULE_NAME,
  NEXT_ID_KEY,
  PARAMS_KEY,
  PROPOSAL_PREFIX,
  depositKey,
  depositQueueHeightPrefix,
  depositQueueKey,
  depositsPrefix,
  heightsKey,
  proposalKey,
  voteKey,
  votesPrefix,
  votingQueueHeightPrefix,
  votingQueueKey,
} from "./keys";
import { defaultParams } from "./params";

/** What x/gov needs from the rest of the app (cosmos-sdk's expected_keepers.go). */
export interface GovDeps {
  bank: ProtocolBank;
  /** Module accounts: they hold escrows, stake and deposits and never vote. */
  blockedAddresses(): string[];
  /** Bonded (not unbonding) miner stake of an operator, 0 for a non-miner. */
  bondedOf(ctx: Context, address: string): bigint;
  totalBonded(ctx: Context): bigint;
}

export interface ProposalHeights {
  depositEnd: bigint;
  /** 0 while the proposal is in its deposit period. */
  votingEnd: bigint;
}

export class GovKeeper {
  private routes: ReadonlyMap<string, MsgHandler> = new Map();
  private readonly paramsStore = new ParamsStore(PARAMS_KEY, protoValue(Params), defaultParams);

  constructor(
    readonly deps: GovDeps,
    /** The gov module account: the only signer of proposal msgs and the authority of every MsgUpdateParams. */
    readonly authority: string,
  ) {}

  setRoutes(routes: ReadonlyMap<string, MsgHandler>): void {
    this.routes = routes;
  }

  route(typeUrl: string): MsgHandler | undefined {
    return this.routes.get(typeUrl);
  }

  moduleAddress(): string {
    return this.deps.bank.moduleAddress(MODULE_NAME);
  }

  private store(ctx: Context) {
    return ctx.kvStore(MODULE_NAME);
  }

  params(ctx: Context): Params {
    return this.paramsStore.get(this.store(ctx));
  }

  setParams(ctx: Context, p: Params): void {
    this.paramsStore.set(this.store(ctx), p);
  }

  nextProposalId(ctx: Context): bigint {
    const b = this.store(ctx).get(NEXT_ID_KEY);
    return b ? readU64(b) : 1n;
  }

  setNextProposalId(ctx: Context, id: bigint): void {
    this.store(ctx).set(NEXT_ID_KEY, encodeU64Value(id));
  }

  getProposal(ctx: Context, id: bigint): Proposal | undefined {
    const b = this.store(ctx).get(proposalKey(id));
    return b ? Proposal.decode(b) : undefined;
  }

  setProposal(ctx: Context, p: Proposal): void {
    this.store(ctx).set(proposalKey(p.id), Proposal.encode(p).finish());
  }

  deleteProposal(ctx: Context, id: bigint): void {
    this.store(ctx).delete(proposalKey(id));
    this.store(ctx).delete(heightsKey(id));
  }

  *proposals(ctx: Context, reverse = false): Iterable<Proposal> {
    const end = Uint8Array.of(PROPOSAL_PREFIX[0] + 1);
    for (const [, v] of this.store(ctx).iterator(PROPOSAL_PREFIX, end, reverse)) yield Proposal.decode(v);
  }

  heights(ctx: Context, id: bigint): ProposalHeights {
    const b = this.store(ctx).get(heightsKey(id));
    return b ? { depositEnd: readU64(b, 0), votingEnd: readU64(b, 8) } : { depositEnd: 0n, votingEnd: 0n };
  }

  setHeights(ctx: Context, id: bigint, h: ProposalHeights): void {
    const out = new Uint8Array(16);
    out.set(encodeU64Value(h.depositEnd), 0);
    out.set(encodeU64Value(h.votingEnd), 8);
    this.store(ctx).set(heightsKey(id), out);
  }

  enqueueDeposit(ctx: Context, height: bigint, id: bigint): void {
    this.store(ctx).set(depositQueueKey(height, id), EMPTY);
  }

  dequeueDeposit(ctx: Context, height: bigint, id: bigint): void {
    this.store(ctx).delete(depositQueueKey(height, id));
  }

  enqueueVoting(ctx: Context, height: bigint, id: bigint): void {
    this.store(ctx).set(votingQueueKey(height, id), EMPTY);
  }

  dequeueVoting(ctx: Context, height: bigint, id: bigint): void {
    this.store(ctx).delete(votingQueueKey(height, id));
  }

  /** Ids whose deposit period (`kind` "deposit") or vote ("voting") ends at `height`, in id order. */
  queuedAt(ctx: Context, kind: "deposit" | "voting", height: bigint): bigint[] {
    const prefix = kind === "deposit" ? depositQueueHeightPrefix(height) : votingQueueHeightPrefix(height);
    return [...iteratePrefix(this.store(ctx), prefix)].map(([k]) => readU64(k, k.length - 8));
  }

  getDeposit(ctx: Context, id: bigint, depositor: string): Deposit | undefined {
    const b = this.store(ctx).get(depositKey(id, depositor));
    return b ? Deposit.decode(b) : undefined;
  }

  setDeposit(ctx: Context, d: Deposit): void {
    this.store(ctx).set(depositKey(d.proposalId, d.depositor), Deposit.encode(d).finish());
  }

  deposits(ctx: Context, id: bigint): Deposit[] {
    return [...iteratePrefix(this.store(ctx), depositsPrefix(id))].map(([, v]) => Deposit.decode(v));
  }

  deleteDeposits(ctx: Context, id: bigint): void {
    for (const d of this.deposits(ctx, id)) this.store(ctx).delete(depositKey(id, d.depositor));
  }

  getVote(ctx: Context, id: bigint, voter: string): Vote | undefined {
    const b = this.store(ctx).get(voteKey(id, voter));
    return b ? Vote.decode(b) : undefined;
  }

  setVote(ctx: Context, v: Vote): void {
    this.store(ctx).set(voteKey(v.proposalId, v.voter), Vote.encode(v).finish());
  }

  votes(ctx: Context, id: bigint): Vote[] {
    return [...iteratePrefix(this.store(ctx), votesPrefix(id))].map(([, v]) => Vote.decode(v));
  }
}
