// x/gov messages (cosmos.gov.v1) in the cosmjs trio style, plus what a proposal file needs: the
// gov module address (authority of every MsgUpdateParams) and JSON → Any for proposal messages.
import type { EncodeObject, GeneratedType } from "@cosmjs/proto-signing";
import { toBech32 } from "@cosmjs/encoding";
import { sha256 } from "@noble/hashes/sha2.js";
import { MsgCommunityPoolSpend } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import * as v1 from "cosmjs-types/cosmos/gov/v1/tx";
import type { Any } from "cosmjs-types/google/protobuf/any";
import { inferenceTx, payforqueryTx, stakingextTx } from "@nesa/proto-types";

/** The v1 gov msgs and the community-pool spend (cosmjs's defaultRegistryTypes has the gov ones, not the spend). */
export const govTypes: ReadonlyArray<[string, GeneratedType]> = [
  ["/cosmos.gov.v1.MsgSubmitProposal", v1.MsgSubmitProposal],
  ["/cosmos.gov.v1.MsgDeposit", v1.MsgDeposit],
  ["/cosmos.gov.v1.MsgVote", v1.MsgVote],
  ["/cosmos.gov.v1.MsgVoteWeighted", v1.MsgVoteWeighted],
  ["/cosmos.gov.v1.MsgUpdateParams", v1.MsgUpdateParams],
  ["/cosmos.distribution.v1beta1.MsgCommunityPoolSpend", MsgCommunityPoolSpend],
];

export interface MsgSubmitProposalV1EncodeObject extends EncodeObject {
  readonly typeUrl: "/cosmos.gov.v1.MsgSubmitProposal";
  readonly value: Partial<v1.MsgSubmitProposal>;
}
export function isMsgSubmitProposalV1EncodeObject(o: EncodeObject): o is MsgSubmitProposalV1EncodeObject {
  return o.typeUrl === "/cosmos.gov.v1.MsgSubmitProposal";
}
export interface MsgDepositV1EncodeObject extends EncodeObject {
  readonly typeUrl: "/cosmos.gov.v1.MsgDeposit";
  readonly value: Partial<v1.MsgDeposit>;
}
export function isMsgDepositV1EncodeObject(o: EncodeObject): o is MsgDepositV1EncodeObject {
  return o.typeUrl === "/cosmos.gov.v1.MsgDeposit";
}
export interface MsgVoteV1EncodeObject extends EncodeObject {
  readonly typeUrl: "/cosmos.gov.v1.MsgVote";
  readonly value: Partial<v1.MsgVote>;
}
export function isMsgVoteV1EncodeObject(o: EncodeObject): o is MsgVoteV1EncodeObject {
  return o.typeUrl === "/cosmos.gov.v1.MsgVote";
}

/** bech32 address of a module account (sha256(name)[:20], as nesad derives it). */
export function moduleAccountAddress(name: string, prefix = "nesa"): string {
  return toBech32(prefix, sha256(new TextEncoder().encode(name)).subarray(0, 20));
}

/** The gov module account: authority of every module's MsgUpdateParams. */
export const GOV_AUTHORITY = moduleAccountAddress("gov");

interface JsonCodec {
  fromJSON(o: unknown): unknown;
  encode(m: never): { finish(): Uint8Array };
}

/** Proposal msgs a file may carry, by type URL (proto JSON with "@type"). */
const PROPOSAL_MSGS: Record<string, JsonCodec> = {
  "/nesa.payforquery.v1.MsgUpdateParams": payforqueryTx.MsgUpdateParams,
  "/nesa.inference.v1.MsgUpdateParams": inferenceTx.MsgUpdateParams,
  "/nesa.stakingext.v1.MsgUpdateParams": stakingextTx.MsgUpdateParams,
  "/cosmos.gov.v1.MsgUpdateParams": v1.MsgUpdateParams,
  "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend": MsgCommunityPoolSpend,
};

/**
 * One proposal msg from proto JSON: `{"@type": "/nesa.payforquery.v1.MsgUpdateParams", "params": {...}}`.
 * A missing `authority` is filled with the gov module account.
 *
 * @example
 * const any = proposalMsgFromJson({ "@type": "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend", recipient, amount: [{ denom: "unes", amount: "5" }] });
 */
export function proposalMsgFromJson(json: Record<string, unknown>): Any {
  const typeUrl = json["@type"];
  if (typeof typeUrl !== "string") throw new Error(`a proposal message needs "@type"; known: ${Object.keys(PROPOSAL_MSGS).join(", ")}`);
  const codec = PROPOSAL_MSGS[typeUrl];
  if (!codec) throw new Error(`unsupported proposal message ${typeUrl}; known: ${Object.keys(PROPOSAL_MSGS).join(", ")}`);
  const { "@type": _t, ...fields } = json;
  const msg = codec.fromJSON({ authority: GOV_AUTHORITY, ...fields });
  return { typeUrl, value: codec.encode(msg as never).finish() };
}

export interface ProposalFile {
  title: string;
  summary: string;
  metadata?: string;
  /** e.g. "10000000unes" */
  deposit?: string;
  messages?: Record<string, unknown>[];
}

/** Parses "123unes" (unes only). */
export function parseUnes(s: string, what: string): { denom: string; amount: string } {
  const m = /^(\d+)(unes)?$/.exec(s.trim());
  if (!m) throw new Error(`${what} must be an amount of unes like 1000000unes, got "${s}"`);
  return { denom: "unes", amount: m[1] };
}

/** A MsgSubmitProposal from a proposal file (see `nesa gov submit-proposal --help`). */
export function submitProposalMsg(file: ProposalFile, proposer: string): MsgSubmitProposalV1EncodeObject {
  if (typeof file.title !== "string" || typeof file.summary !== "string") throw new Error("a proposal file needs \"title\" and \"summary\" strings");
  return {
    typeUrl: "/cosmos.gov.v1.MsgSubmitProposal",
    value: {
      messages: (file.messages ?? []).map(proposalMsgFromJson),
      initialDeposit: file.deposit ? [parseUnes(file.deposit, "deposit")] : [],
      proposer,
      metadata: file.metadata ?? "",
      title: file.title,
      summary: file.summary,
      expedited: false,
    },
  };
}
