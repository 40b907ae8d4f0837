// Query detail: its status and heights, the committee (each seat with its commit, reveal and outcome) re-derived
// in this page from the VRF beacon, the verdict, and how the escrowed fee was split (miners, owner, community
// pool, refund).
import { toHex } from "@cosmjs/encoding";
import { type NesaClient, verifyAssignment } from "@nesa/client";
import { inferenceState, payforqueryState } from "@nesa/proto-types";
import { coin, enumName, h, replace, short } from "./dom";
import { explain } from "./errors";

const blockLink = (height: bigint) => (height > 0n ? h("a", { href: `#/explorer/block/${height}` }, String(height)) : "—");
const minerLink = (a: string) => h("a", { href: `#/explorer/account/${a}`, title: a }, short(a));

function committeeCheck(reader: NesaClient, q: inferenceState.InferenceQuery, committee: Parameters<typeof verifyAssignment>[0]["committee"] | undefined): HTMLElement {
  if (!committee || q.assignedHeight === 0n) return h("p", { class: "muted" }, "Not assigned yet.");
  try {
    const r = verifyAssignment({ chainId: reader.chainId, query: q, committee });
    return h("p", { "data-testid": "committee-check" }, `✔ Committee re-derived in this page from the VRF beacon of height ${r.beaconHeight} (proof checked, seed ${r.seedHex.slice(0, 12)}…): ${r.seats.length} seat(s) match the chain's.`);
  } catch (err) {
    return h("p", { class: "warn", "data-testid": "committee-check" }, `✘ The committee does not re-derive: ${explain(err).title}`);
  }
}

/** Renders query `id`; returns whether it is settled (final verdict, escrow closed), i.e. will not change. */
export async function queryView(body: HTMLElement, reader: NesaClient, id: bigint): Promise<boolean> {
  const q = await reader.queries.inference.query(id);
  const [committee, escrow] = await Promise.all([
    reader.queries.inference.committee(id).catch(() => undefined),
    reader.queries.payforquery.escrow(id).catch(() => undefined),
  ]);
  const v = q.verdict;
  const seatKey = (s: { shard: number; replica: number }) => `${s.shard}/${s.replica}`;
  const commits = new Map(q.commits.map((c) => [seatKey(c), c.height]));
  const reveals = new Map(q.reveals.map((r) => [seatKey(r), r.height]));
  const outcomes = new Map((v?.seats ?? []).map((s) => [seatKey(s), enumName(inferenceState.SeatOutcome, s.outcome, "SEAT_OUTCOME_")]));
  const payouts = new Map((escrow?.minerPayouts ?? []).map((p) => [p.recipient, p.amount]));

  const seats = h(
    "table",
    { "data-testid": "query-committee" },
    h("thead", {}, h("tr", {}, ...["shard", "replica", "role", "miner", "commit at", "reveal at", "outcome", "paid"].map((x) => h("th", { scope: "col" }, x)))),
    h(
      "tbody",
      {},
      ...q.seats.map((s) =>
        h(
          "tr",
          {},
          h("td", {}, s.shard),
          h("td", {}, s.replica),
          h("td", {}, enumName(inferenceState.SeatRole, s.role, "SEAT_ROLE_")),
          h("td", {}, minerLink(s.miner)),
          h("td", {}, blockLink(commits.get(seatKey(s)) ?? 0n)),
          h("td", {}, blockLink(reveals.get(seatKey(s)) ?? 0n)),
          h("td", { "data-testid": "seat-outcome" }, outcomes.get(seatKey(s)) ?? "pending"),
          h("td", {}, coin(payouts.get(s.miner))),
        ),
      ),
    ),
  );

  const verdict = v
    ? h(
        "dl",
        { class: "facts", "data-testid": "query-verdict" },
        h("dt", {}, "verdict"), h("dd", { "data-testid": "verdict-status" }, enumName(inferenceState.QueryStatus, v.status, "QUERY_STATUS_")),
        v.reason ? [h("dt", {}, "reason"), h("dd", {}, enumName(inferenceState.FailureReason, v.reason, "FAILURE_REASON_"))] : null,
        h("dt", {}, "at height"), h("dd", {}, blockLink(v.height)),
        h("dt", {}, "result digest"), h("dd", { class: "mono" }, v.resultDigest.length ? toHex(v.resultDigest) : "—"),
        h("dt", {}, "result from"), h("dd", {}, `replica ${v.resultReplica}`),
      )
    : h("p", { class: "muted", "data-testid": "query-verdict" }, "No verdict yet.");

  const fee = escrow
    ? h(
        "dl",
        { class: "facts", "data-testid": "query-fee" },
        h("dt", {}, "escrow"), h("dd", {}, `${coin(escrow.amount)} (${enumName(payforqueryState.EscrowStatus, escrow.status, "ESCROW_STATUS_")})`),
        h("dt", {}, "fee"), h("dd", {}, `${coin(escrow.fee?.total)} = base ${coin(escrow.fee?.base)} + bytes ${coin(escrow.fee?.bytes)} + model ${coin(escrow.fee?.model)}`),
        h("dt", {}, "miners"), h("dd", {}, escrow.minerPayouts.map((p) => `${short(p.recipient, 6)} ${coin(p.amount)}`).join(" · ") || "—"),
        h("dt", {}, "model owner"), h("dd", {}, coin(escrow.ownerPayout)),
        h("dt", {}, "community pool"), h("dd", {}, coin(escrow.communityPool)),
        h("dt", {}, "refunded"), h("dd", {}, coin(escrow.refunded)),
      )
    : h("p", { class: "muted" }, "No escrow found.");

  replace(
    body,
    h("h2", {}, `Query #${id}`),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "model"), h("dd", {}, q.modelId),
      h("dt", {}, "owner"), h("dd", {}, minerLink(q.owner)),
      h("dt", {}, "status"), h("dd", { "data-testid": "query-status" }, enumName(inferenceState.QueryStatus, q.status, "QUERY_STATUS_")),
      h("dt", {}, "privacy"), h("dd", {}, enumName(payforqueryState.Privacy, q.privacy, "PRIVACY_")),
      h("dt", {}, "input"), h("dd", {}, `${q.inputBytes} encrypted bytes, commitment ${short(toHex(q.inputCommitment), 8)}`),
      h("dt", {}, "paid at"), h("dd", {}, blockLink(q.createdHeight)),
      h("dt", {}, "assigned at"), h("dd", {}, blockLink(q.assignedHeight)),
      h("dt", {}, "commit / reveal deadline"), h("dd", {}, blockLink(q.commitDeadline), " / ", blockLink(q.revealDeadline)),
    ),
    h("h3", {}, "Committee"),
    committeeCheck(reader, q, committee),
    seats,
    h("h3", {}, "Verdict"),
    verdict,
    h("h3", {}, "Fee split"),
    fee,
  );
  const final = q.status === inferenceState.QueryStatus.QUERY_STATUS_FINALIZED || q.status === inferenceState.QueryStatus.QUERY_STATUS_FAILED;
  return final && escrow !== undefined && escrow.status !== payforqueryState.EscrowStatus.ESCROW_STATUS_OPEN;
}
