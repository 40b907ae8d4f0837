// The client, the miner and the model store throw one error shape, from one base class (@nesa/errors).
import { ClientError, ClientErrorCode } from "@nesa/client";
import { isNesaError, NesaError } from "@nesa/errors";
import { ModelStoreCode, ModelStoreError } from "@nesa/model-store";
import { describe, expect, it } from "vitest";
import { TxFailedError, decideTxFailure } from "./chain/tx-policy";
import { SidecarCode, SidecarError, isFinalError } from "./errors";

describe("one error shape for client, miner and model store", () => {
  const errors = [
    new ClientError(ClientErrorCode.UnknownModel, 'no codec for model "x"', "pass codecs: { x: … }"),
    new SidecarError(SidecarCode.BadJob, "job payload is malformed", "field shard is missing"),
    new ModelStoreError(ModelStoreCode.NotFound, "no blob with this sha256", "publish the model first"),
    new TxFailedError("commit", "inference", 9, "phase closed", decideTxFailure("commit", "inference", 9)),
  ];

  it("each is a NesaError carrying {codespace, code, shortMessage, details}", () => {
    expect(errors.map((e) => [e instanceof NesaError, isNesaError(e), e.codespace, e.code])).toEqual([
      [true, true, "nesa-client", ClientErrorCode.UnknownModel],
      [true, true, "sidecar", SidecarCode.BadJob],
      [true, true, "modelstore", ModelStoreCode.NotFound],
      [true, true, "inference", 9],
    ]);
    for (const e of errors) {
      expect(e.shortMessage.length).toBeGreaterThan(0);
      expect(e.message).toContain(e.shortMessage);
      expect(e.message).toContain(e.details);
      expect(e.toJSON()).toMatchObject({ codespace: e.codespace, code: e.code, shortMessage: e.shortMessage });
    }
  });

  it("keeps the cause chain and the miner's retry decision", () => {
    const cause = new Error("ENOENT");
    expect(new ModelStoreError(ModelStoreCode.Unavailable, "store down", undefined, { cause }).cause).toBe(cause);
    expect(isFinalError(errors[1])).toBe(true);
    expect(isFinalError(new SidecarError(SidecarCode.InputMissing, "input not there yet"))).toBe(false);
  });
});
