// Money on a running localnet, read independently of the chain's own settlement record: balances of many
// accounts at one single height, the tx fees each account paid between two heights (from the ante handler's
// `tx` events in block results), and the settlement the x/payforquery README prescribes, computed from params.
import { createHash } from "node:crypto";
import { toBech32 } from "@cosmjs/encoding";
import { QueryClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";

/** Module account address as cosmos-sdk's authtypes.NewModuleAddress: sha256(name)[:20]. */
export const moduleAccount = (name: string): string => toBech32("nesa", createHash("sha256").update(name).digest().subarray(0, 20));

export type Snapshot = { height: number; balances: Map<string, bigint> };

/**
 * Every balance asked at the same height. nesad answers only at its latest height, so a block landing
 * between two reads makes the read fail and the whole snapshot is taken again.
 */
export async function balancesAt(rpc: string, addresses: string[], denom = "unes"): Promise<Snapshot> {
  const comet = await Comet38Client.connect(rpc);
  try {
    const q = new QueryClient(comet);
    for (let attempt = 0; attempt < 50; attempt++) {
      const height = (await comet.status()).syncInfo.latestBlockHeight;
      try {
        const balances = new Map<string, bigint>();
        for (const address of addresses) {
          const res = await q.queryAbci("/cosmos.bank.v1beta1.Query/Balance", QueryBalanceRequest.encode({ address, denom }).finish(), height);
          balances.set(address, BigInt(QueryBalanceResponse.decode(res.value).balance?.amount ?? "0"));
        }
        return { height, balances };
      } catch {
        // A new block arrived mid-snapshot: take it again.
      }
    }
    throw new Error(`could not read ${addresses.length} balances within one block after 50 attempts`);
  } finally {
    comet.disconnect();
  }
}

/** Tx fees (denom) paid per fee payer in blocks from+1 … to, from the `tx{fee, fee_payer}` events. */
export async function feesPaid(rpc: string, from: number, to: number, denom = "unes"): Promise<Map<string, bigint>> {
  const comet = await Comet38Client.connect(rpc);
  try {
    const out = new Map<string, bigint>();
    for (let h = from + 1; h <= to; h++) {
      const r = await comet.blockResults(h);
      for (const e of r.results.flatMap((t) => t.events)) {
        if (e.type !== "tx") continue;
        const payer = e.attributes.find((a) => a.key === "fee_payer")?.value;
        const fee = e.attributes.find((a) => a.key === "fee")?.value;
        if (payer === undefined || fee === undefined) continue;
        const m = new RegExp(`(\\d+)${denom}(,|$)`).exec(fee);
        out.set(payer, (out.get(payer) ?? 0n) + (m ? BigInt(m[1]) : 0n));
      }
    }
    return out;
  } finally {
    comet.disconnect();
  }
}

export type FeeParams = { baseFee: bigint; perByteFee: bigint; ownerSharePpm: bigint; price: bigint };

/**
 * A generator query's token terms (x/payforquery README, "Generators"): prices per token per replica pipeline,
 * the declared lengths, and G = the agreed generated length (0 when nothing was agreed).
 */
export type GenerationTerms = { inputPrice: bigint; outputPrice: bigint; inputTokens: number; maxNewTokens: number; generated: number };

/**
 * x/payforquery README, "Fee" and "Settlement", for a FINALIZED query with `agreed` (E) of S × R seats; a
 * generator's query also passes its token terms (a classifier's are 0, and so is every token term below).
 */
export function settlement(p: FeeParams, inputBytes: number, shards: number, replicas: number, agreed: number, generation?: GenerationTerms) {
  const n = BigInt(shards * replicas);
  const e = BigInt(agreed);
  const r = BigInt(replicas);
  const base = p.baseFee;
  const bytes = p.perByteFee * BigInt(inputBytes);
  const model = p.price * n;
  const g = generation;
  const tokens = g ? (BigInt(g.inputTokens) * g.inputPrice + BigInt(g.maxNewTokens) * g.outputPrice) * r : 0n;
  const tokensEarned = g ? (BigInt(g.inputTokens) * g.inputPrice + BigInt(g.generated) * g.outputPrice) * r : 0n;
  const total = base + bytes + model + tokens;
  const seatPrice = model / n;
  const tokenSeat = tokensEarned / n;
  const seatValue = seatPrice + tokenSeat;
  const earned = seatValue * e;
  const owner = (earned * p.ownerSharePpm) / 1_000_000n;
  const minerPool = earned - owner;
  const perSeat = e > 0n ? minerPool / e : 0n;
  const refund = seatValue * (n - e) + (tokens - tokensEarned);
  const communityPool = base + bytes + (minerPool - perSeat * e) + (model - seatPrice * n) + (tokensEarned - tokenSeat * n);
  return { total, perSeat, owner, refund, communityPool, seatValue };
}

/** x/staking-ext README: a slash burns ⌊stake × fraction / 10^6⌋ of the bonded stake. */
export const slashed = (stake: bigint, fractionPpm: number): bigint => stake - (stake * BigInt(fractionPpm)) / 1_000_000n;
