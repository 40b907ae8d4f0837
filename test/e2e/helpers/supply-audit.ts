// Total supply conservation over a whole localnet run: genesis supply + every "coinbase" (mint) − every "burn"
// (slashing) recorded in block results from height 1 to H must equal x/bank's supply at H.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { QueryClient } from "@cosmjs/stargate";
import { QuerySupplyOfRequest, QuerySupplyOfResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { Comet38Client } from "@cosmjs/tendermint-rpc";

type Genesis = { app_state: { bank: { balances: { coins: { denom: string; amount: string }[] }[] } } };

export function genesisSupply(chainHome: string, denom = "unes"): bigint {
  const g = JSON.parse(readFileSync(join(chainHome, "config", "genesis.json"), "utf8")) as Genesis;
  return g.app_state.bank.balances.flatMap((b) => b.coins).filter((c) => c.denom === denom).reduce((s, c) => s + BigInt(c.amount), 0n);
}

const amountOf = (coins: string, denom: string): bigint =>
  coins
    .split(",")
    .map((c) => /^(\d+)(.+)$/.exec(c.trim()))
    .filter((m): m is RegExpExecArray => m !== null && m[2] === denom)
    .reduce((s, m) => s + BigInt(m[1]), 0n);

export type SupplyAudit = { height: number; genesis: bigint; minted: bigint; burned: bigint; supply: bigint };

/** Reads supply at the latest height (queried at that exact height) and sums mints and burns up to it. */
export async function auditSupply(rpc: string, chainHome: string, denom = "unes"): Promise<SupplyAudit> {
  const comet = await Comet38Client.connect(rpc);
  try {
    // Asked at exactly `height`, so no block can slip in between the supply and the events summed below. nesad
    // answers only at its latest height: a block landing between the two reads fails the query, read again.
    const q = new QueryClient(comet);
    let height = 0;
    let supply: bigint | undefined;
    for (let attempt = 0; supply === undefined; attempt++) {
      height = (await comet.status()).syncInfo.latestBlockHeight;
      try {
        const res = await q.queryAbci("/cosmos.bank.v1beta1.Query/SupplyOf", QuerySupplyOfRequest.encode({ denom }).finish(), height);
        supply = BigInt(QuerySupplyOfResponse.decode(res.value).amount?.amount ?? "0");
      } catch (err) {
        if (attempt >= 50) throw err;
      }
    }
    let minted = 0n;
    let burned = 0n;
    for (let h = 1; h <= height; h++) {
      const r = await comet.blockResults(h);
      for (const e of [...r.finalizeBlockEvents, ...r.results.flatMap((t) => t.events)]) {
        const amount = e.attributes.find((a) => a.key === "amount")?.value ?? "";
        if (e.type === "burn") burned += amountOf(amount, denom);
        if (e.type === "coinbase") minted += amountOf(amount, denom);
      }
    }
    return { height, genesis: genesisSupply(chainHome, denom), minted, burned, supply };
  } finally {
    comet.disconnect();
  }
}
