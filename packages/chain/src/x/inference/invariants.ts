// x/inference invariants: every query sits in exactly one status, open queries have open escrows
// and closed ones closed escrows.
import type { Context, Invariant } from "../../app/module";
import { EscrowStatus } from "../payforquery/proto";
import type { InferenceKeeper } from "./keeper";
import { QueryStatus } from "./proto";

export function singleStatusInvariant(k: InferenceKeeper): Invariant {
  return {
    name: "inference/one-status-per-query",
    check(ctx: Context) {
      const indexed = new Map<bigint, QueryStatus>();
      for (const [status, id] of k.statusIndex(ctx)) {
        const other = indexed.get(id);
        if (other !== undefined) return `query ${id} is in two states: ${QueryStatus[other]} and ${QueryStatus[status]}`;
        indexed.set(id, status);
      }
      let count = 0;
      for (const q of k.allQueries(ctx)) {
        count++;
        if (indexed.get(q.id) !== q.status) return `query ${q.id} is ${QueryStatus[q.status]} but indexed as ${indexed.get(q.id)}`;
      }
      return count === indexed.size ? undefined : `${indexed.size} status entries for ${count} queries`;
    },
  };
}

export function escrowMatchesStatusInvariant(k: InferenceKeeper): Invariant {
  return {
    name: "inference/escrow-matches-status",
    check(ctx: Context) {
      for (const q of k.allQueries(ctx)) {
        const e = k.pay.getEscrow(ctx, q.id);
        if (!e) return `query ${q.id} has no escrow`;
        const final = q.status === QueryStatus.QUERY_STATUS_FINALIZED || q.status === QueryStatus.QUERY_STATUS_FAILED;
        const want = q.status === QueryStatus.QUERY_STATUS_FINALIZED ? EscrowStatus.ESCROW_STATUS_SETTLED : final ? EscrowStatus.ESCROW_STATUS_REFUNDED : EscrowStatus.ESCROW_STATUS_OPEN;
        if (e.status !== want) return `query ${q.id} is ${QueryStatus[q.status]} but its escrow is ${EscrowStatus[e.status]}`;
      }
      return undefined;
    },
  };
}
