// Drives the protocol through the real RPC with unmodified cosmjs and @nesa/client's registry and
// query extensions: one signing client per actor, fixed fees so balances can be checked to the unes.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { type DeliverTxResponse, QueryClient, setupBankExtension, type SigningStargateClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { moduleAddress } from "@nesa/chain";
import {
  createNesaRegistry,
  setupInferenceExtension,
  setupPayforqueryExtension,
  setupStakingextExtension,
} from "@nesa/client";
import { inferenceState } from "@nesa/proto-types";
import { commitmentFor, seatOutput, sketchFor } from "../../packages/chain/src/sim/protocol-harness";
import { speedPay } from "../../packages/chain/src/x/payforquery/fees";
import { signerFor } from "./helpers/cosmjs";

export const TX_FEE = 20_000n;
export const FEE = { amount: [{ denom: "unes", amount: String(TX_FEE) }], gas: "800000" };

export interface Actor {
  client: SigningStargateClient;
  address: string;
}

export type Behaviour = "honest" | "liar" | "liar2" | "silent" | "no-reveal";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function connectDriver(url: string, mnemonics: string[]) {
  const registry = createNesaRegistry();
  const actors: Actor[] = [];
  for (const m of mnemonics) {
    const s = await signerFor(url, m, registry);
    actors.push({ client: s.client, address: s.address });
  }
  const comet = await Comet38Client.connect(url);
  const q = QueryClient.withExtensions(comet, setupBankExtension, setupInferenceExtension, setupPayforqueryExtension, setupStakingextExtension);

  const tx = (actor: Actor, msgs: EncodeObject[]): Promise<DeliverTxResponse> => actor.client.signAndBroadcast(actor.address, msgs, FEE);

  async function balance(address: string): Promise<bigint> {
    return BigInt((await q.bank.balance(address, "unes")).amount);
  }

  async function height(): Promise<bigint> {
    return BigInt((await comet.status()).syncInfo.latestBlockHeight);
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  async function waitStatus(queryId: bigint, statuses: inferenceState.QueryStatus[]) {
    return waitFor(`query ${queryId} in ${statuses.map((s) => inferenceState.QueryStatus[s])}`, async () => {
      const query = await q.inference.query(queryId);
      return statuses.includes(query.status) ? query : undefined;
    });
  }

  const actorOf = (address: string) => {
    const a = actors.find((x) => x.address === address);
    if (!a) throw new Error(`no actor for ${address}`);
    return a;
  };

  /** Commits for every seat whose behaviour is not "silent"; returns the outputs for the reveals. */
  async function commitAll(queryId: bigint, behave: (shard: number, replica: number) => Behaviour) {
    const query = await q.inference.query(queryId);
    const outs = query.seats.map((s) => {
      const b = behave(s.shard, s.replica);
      // Two different lies (liar, liar2) so that no two dishonest replicas agree.
      const out = seatOutput(queryId + (b === "liar2" ? 7n : 0n), s.shard, s.replica, b !== "liar" && b !== "liar2");
      return { seat: s, b, out };
    });
    const results = await Promise.all(
      outs
        .filter((o) => o.b !== "silent")
        .map((o) =>
          tx(actorOf(o.seat.miner), [
            {
              typeUrl: "/nesa.inference.v1.MsgCommitResult",
              value: { miner: o.seat.miner, queryId, shard: o.seat.shard, replica: o.seat.replica, commitment: commitmentFor(queryId, o.seat.shard, o.seat.replica, o.seat.miner, o.out) },
            },
          ]),
        ),
    );
    for (const r of results) if (r.code !== 0) throw new Error(`commit failed: ${r.rawLog}`);
    return outs;
  }

  /** Waits for the reveal phase and its sketch seed, then reveals for honest and lying seats. */
  async function revealAll(queryId: bigint, outs: Awaited<ReturnType<typeof commitAll>>) {
    const query = await waitStatus(queryId, [inferenceState.QueryStatus.QUERY_STATUS_REVEALING, inferenceState.QueryStatus.QUERY_STATUS_FAILED]);
    if (query.status !== inferenceState.QueryStatus.QUERY_STATUS_REVEALING) return;
    const k = (await q.inference.params()).sketchK;
    await waitFor("sketch seed beacon", async () => ((await height()) >= query.sketchSeedHeight ? true : undefined));
    const seed = (await q.inference.beacon(query.sketchSeedHeight)).output;
    const results = await Promise.all(
      outs
        .filter((o) => o.b === "honest" || o.b === "liar" || o.b === "liar2")
        .map((o) =>
          tx(actorOf(o.seat.miner), [
            {
              typeUrl: "/nesa.inference.v1.MsgRevealResult",
              value: {
                miner: o.seat.miner,
                queryId,
                shard: o.seat.shard,
                replica: o.seat.replica,
                outputDigest: o.out.outputDigest,
                salt: o.out.salt,
                sketch: sketchFor(o.out, seed, k),
                outputIsInteger: false,
                resultRef: new Uint8Array(),
              },
            },
          ]),
        ),
    );
    for (const r of results) if (r.code !== 0) throw new Error(`reveal failed: ${r.rawLog}`);
  }

  return {
    actors,
    q,
    comet,
    tx,
    balance,
    height,
    waitFor,
    waitStatus,
    commitAll,
    revealAll,
    communityPool: () => balance(moduleAddress("distribution")),
    disconnect() {
      for (const a of actors) a.client.disconnect();
      comet.disconnect();
    },
  };
}

export type Driver = Awaited<ReturnType<typeof connectDriver>>;

/**
 * Each agreeing miner's speed-weighted pay (x/payforquery README, "Speed"), from the query's commit heights, and
 * what the slower seats left to the community pool: commits of one batch may land in two blocks.
 */
export function speedWeighted(q: inferenceState.InferenceQuery, perSeat: bigint, speedShare: number): { pay: Map<string, bigint>; slow: bigint } {
  const window = q.commitDeadline - q.assignedHeight;
  const agreed = new Set(q.verdict!.seats.filter((s) => s.outcome === inferenceState.SeatOutcome.SEAT_OUTCOME_AGREED).map((s) => s.miner));
  const pay = new Map(q.commits.filter((c) => agreed.has(c.miner)).map((c) => [c.miner, speedPay(perSeat, speedShare, window, c.height - q.assignedHeight)]));
  return { pay, slow: [...pay.values()].reduce((s, p) => s + (perSeat - p), 0n) };
}
