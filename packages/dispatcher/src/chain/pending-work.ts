// What the miners should be working on, read from chain state (not from events), so a missed block or a
// restart loses nothing: every query in ASSIGNED or COMMITTING and, per replica pipeline, the shard-0 seat.
import { QueryClient } from "@cosmjs/stargate";
import type { CometClient } from "@cosmjs/tendermint-rpc";
import { type InferenceExtension, setupInferenceExtension } from "@nesa/client";
import { inferenceQuery, inferenceState, type payforqueryState } from "@nesa/proto-types";

const { QueryStatus } = inferenceState;

export type Shard0Seat = { replica: number; miner: string };

export type PendingQuery = {
  queryId: string;
  status: inferenceState.QueryStatus;
  privacy: payforqueryState.Privacy;
  /** Hex sha256 of the encrypted input: its key in the data plane. */
  inputDigest: string;
  /** Shard-0 seats of the replica pipelines that still have a seat without a commit. */
  shard0: Shard0Seat[];
  /** HSS_EE: per open replica pipeline, the miners of share seats 0 and 1 (chain positions S and S+1). */
  shareSeats: { replica: number; miners: [string, string] }[];
};

export interface PendingWorkSource {
  pending(): Promise<PendingQuery[]>;
}

/** Statuses in which miners still have shard work to do (REVEALING needs no new computation). */
export const WORK_STATUSES = [QueryStatus.QUERY_STATUS_ASSIGNED, QueryStatus.QUERY_STATUS_COMMITTING] as const;

/** Statuses in which the input may still be uploaded (before assignment too: clients may upload early). */
export const INGEST_STATUSES = new Set<inferenceState.QueryStatus>([QueryStatus.QUERY_STATUS_PAID, ...WORK_STATUSES]);

export const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** The pending work of one chain query (pure: unit-testable on hand-made records). */
export function toPendingQuery(q: inferenceState.InferenceQuery): PendingQuery {
  const committed = new Set(q.commits.map((c) => `${c.shard}/${c.replica}`));
  const open = new Set(q.seats.filter((s) => !committed.has(`${s.shard}/${s.replica}`)).map((s) => s.replica));
  const shard0 = q.seats
    .filter((s) => s.shard === 0 && open.has(s.replica))
    .map((s) => ({ replica: s.replica, miner: s.miner }))
    .sort((a, b) => a.replica - b.replica);
  const shareSeats: PendingQuery["shareSeats"] = [];
  if (q.hssShares > 0) {
    for (const r of [...open].sort((a, b) => a - b)) {
      const at = (n: number) => q.seats.find((s) => s.shard === q.shards + n && s.replica === r)?.miner ?? "";
      shareSeats.push({ replica: r, miners: [at(0), at(1)] });
    }
  }
  return { queryId: q.id.toString(), status: q.status, privacy: q.privacy, inputDigest: toHex(q.inputCommitment), shard0, shareSeats };
}

/** x/inference's codespace and ErrQueryNotFound code (chain/src/x/inference/errors.ts). */
const INFERENCE_CODESPACE = "inference";
const CODE_QUERY_NOT_FOUND = 8;

/** Reads pending work through the x/inference query extension (abci_query over the RPC). */
export class ChainPendingWork implements PendingWorkSource {
  private readonly inference: InferenceExtension["inference"];

  constructor(private readonly comet: CometClient) {
    this.inference = setupInferenceExtension(QueryClient.withExtensions(comet)).inference;
  }

  async pending(): Promise<PendingQuery[]> {
    const out: PendingQuery[] = [];
    for (const status of WORK_STATUSES) {
      let key: Uint8Array | undefined;
      do {
        const res = await this.inference.queries({ status }, key);
        for (const q of res.queries) out.push(toPendingQuery(q));
        key = res.pagination?.nextKey?.length ? res.pagination.nextKey : undefined;
      } while (key);
    }
    return out;
  }

  /** One query's record, or undefined when the chain does not know the id. */
  async query(queryId: string): Promise<inferenceState.InferenceQuery | undefined> {
    // Raw abci_query rather than the extension: "not found" is told apart by {codespace, code}, not by text.
    const data = inferenceQuery.QueryQueryRequest.encode({ queryId: BigInt(queryId) }).finish();
    const res = await this.comet.abciQuery({ path: "/nesa.inference.v1.Query/Query", data });
    if (res.code === CODE_QUERY_NOT_FOUND && res.codespace === INFERENCE_CODESPACE) return undefined;
    if (res.code !== 0) throw new Error(`chain refused Query(${queryId}): ${res.codespace}/${res.code} ${res.log ?? ""}`);
    return inferenceQuery.QueryQueryResponse.decode(res.value).query;
  }
}
