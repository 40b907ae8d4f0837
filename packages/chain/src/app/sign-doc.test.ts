import { describe, expect, it } from "vitest";
import { SignDoc } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { encodeSignDoc, encodeTxMsgData } from "./sign-doc";

describe("encodeSignDoc", () => {
  const cases: [number, number, string, bigint][] = [
    [0, 0, "", 0n],
    [3, 0, "nesa-localnet-1", 0n],
    [200, 130, "nesa-localnet-1", 1n],
    [5, 7, "x", 127n],
    [5, 7, "chain", 128n],
    [300, 20000, "c", (1n << 53n) - 1n],
    [1, 1, "c", (1n << 64n) - 1n],
  ];
  it.each(cases)("matches cosmjs-types for body %i bytes, auth %i bytes, chain %s, account %s", (b, a, chainId, accountNumber) => {
    const bodyBytes = Uint8Array.from({ length: b }, (_, i) => (i * 7) & 0xff);
    const authInfoBytes = Uint8Array.from({ length: a }, (_, i) => (i * 13) & 0xff);
    const expected = SignDoc.encode({ bodyBytes, authInfoBytes, chainId, accountNumber }).finish();
    expect(Buffer.from(encodeSignDoc(bodyBytes, authInfoBytes, chainId, accountNumber)).toString("hex")).toBe(
      Buffer.from(expected).toString("hex"),
    );
  });
});

describe("encodeTxMsgData", () => {
  it("matches cosmjs-types for none, empty and non-empty responses", () => {
    const cases = [
      [],
      [{ typeUrl: "/cosmos.bank.v1beta1.MsgSendResponse", value: new Uint8Array() }],
      [
        { typeUrl: "/nesa.inference.v1.MsgCommitResultResponse", value: Uint8Array.from({ length: 200 }, (_, i) => i & 0xff) },
        { typeUrl: "", value: new Uint8Array() },
        { typeUrl: "/x", value: Uint8Array.of(8, 1) },
      ],
    ];
    for (const msgResponses of cases) {
      const expected = TxMsgData.encode({ data: [], msgResponses }).finish();
      expect(Buffer.from(encodeTxMsgData(msgResponses)).toString("hex")).toBe(Buffer.from(expected).toString("hex"));
      expect(TxMsgData.decode(encodeTxMsgData(msgResponses)).msgResponses).toHaveLength(msgResponses.length);
    }
  });
});
