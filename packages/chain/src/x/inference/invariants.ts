// x/inference invariants: every query sits in exactly one status, and escrows are open exactly for
// the queries that are not finished (and priced the token lengths those queries ask for). Records of open queries are decoded and compared in full; the
// (immutable) finished ones are checked at the index level, so a check costs O(open queries).
import type { Context, Invariant } from "../../app/module";
import { iteratePrefix, readU64 } from "../stakingext/store-util";
import { EscrowStatus } from "../payforquery/proto";
import type { InferenceKeeper } from "./keeper";
import { MODULE_NAME, QUERY_PREFIX } from "./keys";
import { QueryStatus } from "./proto";

const OPEN_STATUSES = [
  QueryStatus.QUERY_STATUS_PAID,
  QueryStatus.QUERY_STATUS_ASSIGNED,
  QueryStatus.QUERY_STATUS_COMMITTING,
  QueryStatus.QUERY_STATUS_REVEALING,
];
const isOpen = (s: QueryStatus) => s !== QueryStatus.QUERY_STATUS_FINALIZED && s !== QueryStatus.QUERY_STATUS_FAILED;

function statusById(k: InferenceKeeper, ctx: Context): Map<bigint, QueryStatus> | string {
  const indexed = new Map<bigint, QueryStatus>();
  for (const [status, id] of k.statusIndex(ctx)) {
    const other = indexed.get(id);
    if (other !== undefined) return `query ${id} is in two states: ${QueryStatus[other]} and ${QueryStatus[status]}`;
    indexed.set(id, status);
  }
  return indexed;
}

export function singleStatusInvariant(k: InferenceKeeper): Invariant {
  return {
    name: "inference/one-status-per-query",
    check(ctx: Context) {
      const indexed = statusById(k, ctx);
      if (typeof indexed === "string") return indexed;
      let count = 0;
      for (const [key] of iteratePrefix(ctx.kvStore(MODULE_NAME), QUERY_PREFIX)) {
        count++;
        if (!indexed.has(readU64(key, 1))) return `query ${readU64(key, 1)} has no status entry`;
      }
      if (count !== indexed.size) return `${indexed.size} status entries for ${count} queries`;
      for (const [id, status] of indexed) {
        if (!isOpen(status)) continue;
        const q = k.query(ctx, id);
        if (q?.status !== status) return `query ${id} is ${q ? QueryStatus[q.status] : "missing"} but indexed as ${QueryStatus[status]}`;
      }
      return undefined;
    },
  };
}

export function escrowMatchesStatusInvariant(k: InferenceKeeper): Invariant {
  return {
    name: "inference/escrow-open-iff-query-open",
    check(ctx: Context) {
      let open = 0;
      for (const status of OPEN_STATUSES) {
        for (const id of k.queryIdsByStatus(ctx, status)) {
          open++;
          const e = k.pay.getEscrow(ctx, id);
          if (e?.status !== EscrowStatus.ESCROW_STATUS_OPEN) return `query ${id} is ${QueryStatus[status]} but its escrow is ${e ? EscrowStatus[e.status] : "missing"}`;
          // A generator query's lengths are the ones its escrow priced.
          const q = k.query(ctx, id);
          if (q && (q.inputTokens !== (e.fee?.inputTokens ?? 0) || q.maxNewTokens !== (e.fee?.maxNewTokens ?? 0))) {
            return `query ${id} asks ${q.inputTokens}+${q.maxNewTokens} tokens, its escrow priced ${e.fee?.inputTokens}+${e.fee?.maxNewTokens}`;
          }
        }
      }
      let openEscrows = 0;
      for (const _ of k.pay.openEscrows(ctx)) openEscrows++;
      return openEscrows === open ? undefined : `${openEscrows} open escrows for ${open} open queries`;
    },
  };
}
