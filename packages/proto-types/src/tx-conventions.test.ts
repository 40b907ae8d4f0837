import { type DescMessage, getOption, ScalarType } from "@bufbuild/protobuf";
import { beforeAll, describe, expect, it } from "vitest";
import * as protoTypes from "./index";
import { loadProtoRegistry, nesaModules } from "./testing/descriptor-set";

type Registry = ReturnType<typeof loadProtoRegistry>;
let registry: Registry;

beforeAll(() => {
  registry = loadProtoRegistry();
});

function txFile(module: string) {
  const file = registry.getFile(`nesa/${module}/v1/tx.proto`);
  if (!file) throw new Error(`nesa/${module}/v1/tx.proto missing from the buf build`);
  return file;
}

function signerFields(msg: DescMessage): string[] {
  const ext = registry.getExtension("cosmos.msg.v1.signer");
  if (!ext) throw new Error("extension cosmos.msg.v1.signer not found");
  return getOption(msg, ext) as string[];
}

describe.each(nesaModules)("nesa.%s.v1 tx.proto", (module) => {
  it("gives every Msg a signer option naming a string field of that Msg", () => {
    const msgs = txFile(module).messages.filter((m) => /^Msg.+(?<!Response)$/.test(m.name));
    expect(msgs.length).toBeGreaterThan(0);
    for (const msg of msgs) {
      const signers = signerFields(msg);
      expect(signers, `${msg.typeName} has no (cosmos.msg.v1.signer)`).toHaveLength(1);
      const field = msg.fields.find((f) => f.name === signers[0]);
      expect(field, `${msg.typeName} signer "${signers[0]}" is not a field`).toBeDefined();
      expect(field?.fieldKind === "scalar" && field.scalar === ScalarType.STRING, `${msg.typeName}.${signers[0]} is not a string`).toBe(true);
    }
  });

  it("serves every Msg through the Msg service, answering MsgXResponse", () => {
    const file = txFile(module);
    const service = file.services.find((s) => s.name === "Msg");
    expect(service, "service Msg missing").toBeDefined();
    const msgs = file.messages.filter((m) => /^Msg.+(?<!Response)$/.test(m.name));
    const served = new Map(service!.methods.map((m) => [m.input.typeName, m.output.typeName]));
    for (const msg of msgs) {
      expect(served.get(msg.typeName), `${msg.typeName} is not an rpc input of Msg`).toBe(`${msg.typeName}Response`);
    }
    // And no rpc takes something that is not a MsgX of this file.
    expect(served.size).toBe(msgs.length);
  });

  it("has a Query service whose methods use QueryXRequest / QueryXResponse", () => {
    const service = registry.getService(`nesa.${module}.v1.Query`);
    expect(service).toBeDefined();
    for (const method of service!.methods) {
      expect(method.input.name).toBe(`Query${method.name}Request`);
      expect(method.output.name).toBe(`Query${method.name}Response`);
    }
  });

  it("exports encode/decode/fromPartial for every Msg and response in the generated code", () => {
    const ns = (protoTypes as unknown as Record<string, Record<string, unknown>>)[`${module}Tx`];
    expect(ns).toBeDefined();
    for (const msg of txFile(module).messages) {
      const gen = ns[msg.name] as { encode?: unknown; decode?: unknown; fromPartial?: unknown } | undefined;
      expect(gen, `${module}Tx.${msg.name} not generated`).toBeDefined();
      expect(typeof gen?.encode).toBe("function");
      expect(typeof gen?.decode).toBe("function");
      expect(typeof gen?.fromPartial).toBe("function");
    }
  });
});

describe("params and genesis", () => {
  it.each(nesaModules)("nesa.%s.v1 has GenesisState{params} and Params", (module) => {
    const genesis = registry.getMessage(`nesa.${module}.v1.GenesisState`);
    const params = registry.getMessage(`nesa.${module}.v1.Params`);
    expect(params).toBeDefined();
    const field = genesis?.fields.find((f) => f.name === "params");
    expect(field?.message?.typeName).toBe(`nesa.${module}.v1.Params`);
  });
});
