import { payforqueryTx } from "@nesa/proto-types";
import { MsgCommunityPoolSpend } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { describe, expect, it } from "vitest";
import { GOV_AUTHORITY, isMsgSubmitProposalV1EncodeObject, moduleAccountAddress, parseUnes, proposalMsgFromJson, submitProposalMsg } from "./messages";

describe("gov messages", () => {
  it("derives the gov module account as nesad does (sha256(name)[:20])", () => {
    expect(GOV_AUTHORITY).toBe(moduleAccountAddress("gov"));
    expect(GOV_AUTHORITY).toMatch(/^nesa1[0-9a-z]{38}$/);
  });

  it("builds a MsgSubmitProposal from a proposal file, filling the authority", () => {
    const msg = submitProposalMsg(
      {
        title: "Raise base fee",
        summary: "to 2000unes",
        deposit: "10000000unes",
        messages: [
          { "@type": "/nesa.payforquery.v1.MsgUpdateParams", params: { baseFee: { denom: "unes", amount: "2000" }, perByteFee: { denom: "unes", amount: "1" }, ownerShare: 100000, maxInputBytes: "1048576", maxReplicas: 7, defaultTimeoutBlocks: "50", maxTimeoutBlocks: "10000" } },
          { "@type": "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend", recipient: GOV_AUTHORITY, amount: [{ denom: "unes", amount: "5" }] },
        ],
      },
      "nesa1proposer",
    );
    expect(isMsgSubmitProposalV1EncodeObject(msg)).toBe(true);
    expect(msg.value.initialDeposit).toEqual([{ denom: "unes", amount: "10000000" }]);
    const [a, b] = msg.value.messages!;
    const up = payforqueryTx.MsgUpdateParams.decode(a.value);
    expect(up.authority).toBe(GOV_AUTHORITY);
    expect(up.params?.baseFee?.amount).toBe("2000");
    expect(MsgCommunityPoolSpend.decode(b.value).amount).toEqual([{ denom: "unes", amount: "5" }]);
  });

  it("refuses unknown msgs and bad amounts by name", () => {
    expect(() => proposalMsgFromJson({ "@type": "/cosmos.bank.v1beta1.MsgSend" })).toThrow(/unsupported proposal message/);
    expect(() => proposalMsgFromJson({})).toThrow(/@type/);
    expect(() => parseUnes("5atom", "AMOUNT")).toThrow(/AMOUNT/);
    expect(parseUnes("42", "x")).toEqual({ denom: "unes", amount: "42" });
  });
});
