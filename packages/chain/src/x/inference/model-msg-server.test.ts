import { describe, expect, it } from "vitest";
import { address, protocolHarness } from "../../sim/protocol-harness";
import { registerModel } from "../../sim/msgs";
import { MsgRegisterModel, QueryModelsRequest, QueryModelsResponse } from "./proto";

const OWNER = address(70);
const OTHER = address(71);
const REG = "/nesa.inference.v1.MsgRegisterModel";
const DEP = "/nesa.inference.v1.MsgDeprecateModel";
const model = (over: Partial<MsgRegisterModel> = {}) => ({ ...MsgRegisterModel.decode(registerModel(OWNER, "m", 2, 10n).value), ...over });
const codes = (errs: unknown[]) => errs.map((e) => `${(e as { codespace: string }).codespace}/${(e as { code: number }).code}`);

describe("model store", () => {
  it("registers a model and rejects malformed ones with error 3 naming the field", () => {
    const h = protocolHarness();
    const base = model();
    const bad: [Partial<MsgRegisterModel>, RegExp][] = [
      [{ modelId: "Bad_Id" }, /model_id/],
      [{ shards: [] }, /shards has 0/],
      [{ shards: [base.shards[1], base.shards[0]] }, /shards\[0\]\.index/],
      [{ shards: [{ ...base.shards[0], sha256: new Uint8Array(31) }] }, /shards\[0\]\.sha256/],
      [{ shards: [{ ...base.shards[0], outputs: [{ name: "y", type: "complex64", shape: [1] }] }] }, /outputs\[0\]\.type/],
      [{ ee: undefined }, /ee needs/],
      [{ minReplicas: 0 }, /min_replicas/],
      [{ price: { denom: "unes", amount: "-1" } }, /price amount/],
    ];
    for (const [over, message] of bad) {
      const errs = h.block((run) => run(REG, model(over)));
      expect(codes(errs)).toEqual(["inference/3"]);
      expect(String(errs[0])).toMatch(message);
    }
    expect(h.block((run) => run(REG, base))).toEqual([]);
    expect(codes(h.block((run) => run(REG, base)))).toEqual(["inference/4"]);
    expect(h.inference.getModel(h.env.ctx(), "m")).toMatchObject({ owner: OWNER, price: 10n, shards: 2, deprecated: false });
  });

  it("lets only the owner deprecate, once, and hides deprecated models by default", () => {
    const h = protocolHarness();
    h.block((run) => run(REG, model()));
    expect(codes(h.block((run) => run(DEP, { owner: OTHER, modelId: "m" })))).toEqual(["inference/6"]);
    expect(codes(h.block((run) => run(DEP, { owner: OWNER, modelId: "x" })))).toEqual(["inference/5"]);
    expect(h.block((run) => run(DEP, { owner: OWNER, modelId: "m" }))).toEqual([]);
    expect(codes(h.block((run) => run(DEP, { owner: OWNER, modelId: "m" })))).toEqual(["inference/7"]);
    const q = h.modules.find((m) => m.name === "inference")!.queryHandlers["/nesa.inference.v1.Query/Models"];
    const list = (includeDeprecated: boolean) =>
      QueryModelsResponse.decode(q(h.env.ctx(), QueryModelsRequest.encode({ includeDeprecated, owner: "", pagination: undefined }).finish())).models.map((m) => m.id);
    expect(list(false)).toEqual([]);
    expect(list(true)).toEqual(["m"]);
  });
});
