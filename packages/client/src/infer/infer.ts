// The whole life of one private query, in the order PROTOCOL.md §1 draws it: encrypt → estimate and pay → wait
// for the committee and re-derive it from the VRF beacon → deliver the input (sealed shares for HSS) → wait for
// the verdict → fetch the result, check its digest against the verdict → decrypt and decode.
// Fast path (EE, when the data plane takes inputs by digest): the input is delivered *before* paying, so the
// miners can start in the block that assigns the committee; the committee is still verified, after the fact.
import { bytesToHex, encodeTensor } from "@nesa/crypto";
import { sha256 } from "@noble/hashes/sha2.js";
import { inferenceState, payforqueryState } from "@nesa/proto-types";
import type { BlockSource } from "../chain/block-waiter";
import type { QueryEventKind, QueryEventSource } from "../chain/query-events";
import type { DataPlane } from "../data-plane/data-plane";
import { ClientError, ClientErrorCode, HssUnavailableError, PrivacyRefusedError } from "../errors/nesa-error";
import type { InferenceExtension } from "../modules/inference/queries";
import type { PayforqueryExtension } from "../modules/payforquery/queries";
import type { StakingextExtension } from "../modules/stakingext/queries";
import type { VerdictProof } from "../receipt/light-client";
import type { ReceiptExpectation } from "../receipt/verify-receipt";
import { fetchResult } from "./fetch-result";
import type { ExposureReport, ModelCodec, PrivacyMode } from "./model-codec";
import { type PayForQueryDeps, payForQuery } from "./pay-for-query";
import { prepareHssInput } from "./hss-input";
import { sealShares } from "./seal-shares";
import { type CommitteeSeatInfo, verifyAssignment } from "./verify-assignment";
import { type QueryStep, stepOf, waitForQuery } from "./wait-for-query";

const { QueryStatus, SeatOutcome } = inferenceState;

const EVENT_STEP: Partial<Record<QueryEventKind, QueryStep>> = { committed: "committed", revealStarted: "revealed" };

export interface InferDeps {
  readonly chainId: string;
  readonly sender: string;
  readonly queries: InferenceExtension & PayforqueryExtension & Partial<StakingextExtension>;
  readonly pay: PayForQueryDeps;
  readonly dataPlane: DataPlane;
  readonly codecFor: (modelId: string) => ModelCodec;
  /** Validator keys at a height, to check the beacon's proposer (omit to check the proof only). */
  readonly validatorPubkeys?: (height: bigint) => Promise<Uint8Array[]>;
  /** HSS-EE: the [share 0, share 1] miners of each replica; absent while the chain does not assign share seats. */
  readonly hssShareSeats?: (query: inferenceState.InferenceQuery) => string[][];
  /** New blocks (a ChainFollower): waits re-read the chain after each block instead of polling every pollMs. */
  readonly blocks?: BlockSource;
  /** Block events naming queries (takes precedence over `blocks`): waits re-read a query only when one names it. */
  readonly events?: QueryEventSource;
  /**
   * Light-client check of the verdict (receipt/): its receipt against header H+1, signed by > 2/3 of the validators
   * (or the simulator's own header, trust "single-node"). Runs while the result is fetched; a refusal fails `infer`.
   */
  readonly verifyVerdict?: (expect: ReceiptExpectation) => Promise<VerdictProof>;
}

export interface InferProgress {
  readonly step: QueryStep | "encrypted" | "verified" | "delivered" | "fetched" | "receipt";
  readonly queryId?: bigint;
  readonly detail?: string;
}

export interface InferParameters<I = unknown> {
  readonly model: string;
  readonly input: I;
  readonly privacy?: PrivacyMode;
  /** Default: the model's min_replicas. */
  readonly replicas?: number;
  /** Most the chain may charge (unes); default: the current estimate. */
  readonly maxFee?: bigint;
  readonly timeoutBlocks?: bigint;
  /** Go on when a miner would see the raw input (refused otherwise). */
  readonly allowExposure?: boolean;
  readonly onProgress?: (p: InferProgress) => void;
  /** Loud warnings (weak privacy for this model and mode). */
  readonly onWarning?: (message: string) => void;
  readonly timeoutMs?: number;
  /** Poll interval of the waits when the client follows no blocks (default 250). */
  readonly pollMs?: number;
  /**
   * EE: upload the input only after the committee re-derived from the beacon (the old order: a rigged committee
   * never gets it), instead of by digest before paying. Costs about one block of latency.
   */
  readonly verifyBeforeUpload?: boolean;
}

export interface InferVerdict {
  readonly status: "finalized";
  readonly height: bigint;
  readonly resultReplica: number;
  readonly resultDigest: string;
  readonly seats: readonly (CommitteeSeatInfo & { outcome: string })[];
}

export interface InferReturnType<O = unknown> {
  readonly output: O;
  readonly queryId: bigint;
  readonly committee: { seats: readonly CommitteeSeatInfo[]; beaconHeight: bigint; seed: string; proposerPubkey: string; proposerChecked: boolean; verified: true };
  readonly verdict: InferVerdict;
  readonly fee: { estimated: bigint; paid: bigint; denom: "unes" };
  readonly privacy: ExposureReport & { mode: PrivacyMode };
  readonly result: { digest: string; source: string; bytes: number; verified: true };
  /** The verdict's receipt checked against the chain's header (present when the deps have `verifyVerdict`). */
  readonly proof?: VerdictProof;
  /**
   * Milliseconds per step. `pay` runs from encryption to the pay tx's inclusion (model and fee reads included);
   * an upload by digest before paying overlaps it, and `deliver` is then that upload's own duration.
   */
  readonly timings: { encrypt: number; pay: number; assign: number; deliver: number; verdict: number; fetch: number; decrypt: number; total: number };
}

const outcomeName = (o: inferenceState.SeatOutcome) => (SeatOutcome[o] ?? String(o)).replace(/^SEAT_OUTCOME_/, "").toLowerCase();

/** A FINALIZED verdict as `infer` and `generate` return it (outcomes by name, digest in hex). */
export function inferVerdictOf(verdict: inferenceState.Verdict): InferVerdict {
  return {
    status: "finalized",
    height: verdict.height,
    resultReplica: verdict.resultReplica,
    resultDigest: bytesToHex(verdict.resultDigest),
    seats: verdict.seats.map((s) => ({ shard: s.shard, replica: s.replica, miner: s.miner, outcome: outcomeName(s.outcome) })),
  };
}

/**
 * Runs one private inference end to end and verifies it.
 *
 * @example
 * const { output, queryId, verdict } = await infer(deps, { model: "lande", input: "Bonjour à tous", privacy: "ee", replicas: 1 });
 */
export async function infer<I, O>(deps: InferDeps, p: InferParameters<I>): Promise<InferReturnType<O>> {
  const t0 = Date.now();
  let mark = t0;
  const lap = () => {
    const now = Date.now();
    const d = now - mark;
    mark = now;
    return d;
  };
  const privacy = p.privacy ?? "ee";
  const timeoutMs = p.timeoutMs ?? 120_000;
  const pollMs = p.pollMs ?? 250;
  const progress = p.onProgress ?? (() => {});
  const codec = deps.codecFor(p.model) as ModelCodec<I, O>;
  // Refuse HSS-EE before any fee is paid when the network cannot route shares.
  if (privacy === "hss-ee" && (!deps.dataPlane.putShares || !deps.hssShareSeats)) throw new HssUnavailableError();
  const exposure = codec.exposure(privacy);
  if (exposure.rawInputToMiner && !p.allowExposure) throw new PrivacyRefusedError(exposure.message);
  if (exposure.level !== "ok") p.onWarning?.(exposure.message);

  const encrypted = codec.encrypt(codec.prepare(p.input));
  const body = encodeTensor(encrypted);
  // Split once: every replica's share-n seat must get the same share for the chain to compare their partials.
  const hss = privacy === "hss-ee" ? prepareHssInput(codec, encrypted) : undefined;
  const encryptMs = lap();
  progress({ step: "encrypted", detail: `${body.length} bytes` });

  // Upload by digest while the model and fee are read: it must be stored before the pay tx lands, so that the
  // dispatcher's pass of the assigning block finds it.
  const putByDigest = deps.dataPlane.putInputByDigest;
  let deliverMs = 0;
  const early =
    !hss && putByDigest && !p.verifyBeforeUpload
      ? (async () => {
          const t = Date.now();
          await putByDigest.call(deps.dataPlane, bytesToHex(sha256(body)), body);
          deliverMs = Date.now() - t;
        })()
      : undefined;
  // Awaited before anything else can throw, so a refused upload is never an unhandled rejection.
  const [model] = await Promise.all([deps.queries.inference.model(p.model), early]);
  if (model.deprecated) throw new ClientError(ClientErrorCode.UnknownModel, `model ${p.model} is deprecated`, "pick another with `nesa models list`");
  if (hss && !model.hss) throw new HssUnavailableError(`model ${p.model} declares no HSS-EE stages`, "register it with hss stages (nesa-models prepare --hss) or use privacy \"ee\"");
  const replicas = p.replicas ?? Math.max(1, model.minReplicas);
  const chainPrivacy = hss ? payforqueryState.Privacy.PRIVACY_HSS_EE : payforqueryState.Privacy.PRIVACY_EE;
  const estimate = await deps.queries.payforquery.estimateFee(p.model, body.length, replicas, chainPrivacy);
  const estimated = BigInt(estimate.total?.amount ?? "0");
  const paid = await payForQuery(deps.pay, {
    sender: deps.sender, modelId: p.model, input: body, inputCommitment: hss?.commitment, replicas, privacy, maxFee: p.maxFee ?? estimated, timeoutBlocks: p.timeoutBlocks,
    mayFail: p.maxFee !== undefined && p.maxFee < estimated,
  });
  const queryId = paid.queryId;
  const payMs = lap();
  progress({ step: "paid", queryId, detail: `${paid.fee} unes` });

  const getQuery = (id: bigint) => deps.queries.inference.query(id);
  const seen = new Set<QueryStep>(["paid"]);
  const onStatus = (q: inferenceState.InferenceQuery) => {
    const step = stepOf(q.status);
    if (!seen.has(step)) {
      seen.add(step);
      progress({ step, queryId });
    }
  };
  const { blocks, events } = deps;
  // Steps a wait learns from events alone (no read): a first commit, the reveal phase.
  const onEvent = (kind: QueryEventKind) => {
    const step = EVENT_STEP[kind];
    if (step && !seen.has(step)) {
      seen.add(step);
      progress({ step, queryId });
    }
  };
  // Chain state read after this height is reflected in the committee wait's last read, so the verdict wait can
  // start by listening (no read that would only find the query still running).
  const assignMark = events?.height;
  const assigned = await waitForQuery({
    queryId, getQuery, until: (q) => q.seats.length > 0, what: "a committee", timeoutMs, pollMs, onStatus, blocks, events, wakeOn: ["assigned", "failed"], onEvent,
  });
  const [committee, proposerPubkeys] = await Promise.all([
    deps.queries.inference.committee(queryId),
    deps.validatorPubkeys ? deps.validatorPubkeys(assigned.assignedHeight) : undefined,
  ]);
  const checked = verifyAssignment({ chainId: deps.chainId, query: assigned, committee, proposerPubkeys });
  const assignMs = lap();
  progress({ step: "verified", queryId, detail: `beacon ${checked.beaconHeight}, ${checked.seats.length} seat(s)` });

  if (hss) {
    const shareSeats = deps.hssShareSeats!(assigned);
    const stakingext = deps.queries.stakingext;
    if (!stakingext) throw new HssUnavailableError();
    for (let replica = 0; replica < assigned.replicas; replica++) {
      const seats = shareSeats[replica];
      if (seats?.length !== 2) throw new HssUnavailableError();
      const keys = await Promise.all(seats.map(async (m) => (await stakingext.miner(m)).encryptionPubkey));
      const sealed = sealShares({ queryId, replica, shares: hss.shares, seatPubkeys: [keys[0], keys[1]] });
      await deps.dataPlane.putShares!(queryId, replica, sealed, hss.shareDigests);
    }
    deliverMs = lap();
  } else if (!early) {
    await deps.dataPlane.putInput(queryId, body);
    deliverMs = lap();
  }
  progress({ step: "delivered", queryId, detail: early ? "by digest, before paying" : undefined });

  const done = await waitForQuery({
    queryId, getQuery, until: (q) => q.status === QueryStatus.QUERY_STATUS_FINALIZED, what: "the verdict", timeoutMs, pollMs, onStatus, blocks,
    events, wakeOn: ["finalized", "failed"], after: assignMark, onEvent,
  });
  // Query/Query carries the verdict of a finalized query: no second read.
  const verdict = done.verdict ?? (await deps.queries.inference.verdict(queryId));
  const verdictMs = lap();
  // The receipt needs block H+1: check it while the result is fetched and decrypted.
  const proof = deps.verifyVerdict?.({ queryId, resultDigest: verdict.resultDigest, owner: done.owner, modelId: done.modelId, inputCommitment: done.inputCommitment });
  proof?.catch(() => undefined);

  const result = await fetchResult({ query: done, verdict, results: deps.dataPlane });
  const fetchMs = lap();
  progress({ step: "fetched", queryId, detail: `${result.bytes} bytes from ${result.source}` });
  const output = codec.decode(codec.decrypt(result.tensor));
  const decryptMs = lap();
  const checkedProof = proof ? await proof : undefined;
  if (checkedProof) progress({ step: "receipt", queryId, detail: `verdict receipt: ${checkedProof.trust}, ${checkedProof.signedPower}/${checkedProof.totalPower} power` });

  return {
    output,
    queryId,
    committee: { seats: checked.seats, beaconHeight: checked.beaconHeight, seed: checked.seedHex, proposerPubkey: checked.proposerPubkeyHex, proposerChecked: checked.proposerChecked, verified: true },
    verdict: inferVerdictOf(verdict),
    fee: { estimated, paid: paid.fee, denom: "unes" },
    privacy: { ...exposure, mode: privacy },
    result: { digest: result.digestHex, source: result.source, bytes: result.bytes, verified: true },
    ...(checkedProof ? { proof: checkedProof } : {}),
    timings: { encrypt: encryptMs, pay: payMs, assign: assignMs, deliver: deliverMs, verdict: verdictMs, fetch: fetchMs, decrypt: decryptMs, total: Date.now() - t0 },
  };
}
