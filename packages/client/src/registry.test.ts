import type { EncodeObject, TxBodyEncodeObject } from "@cosmjs/proto-signing";
import { inferenceTx, payforqueryTx, stakingextTx } from "@nesa/proto-types";
import { TxBody } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { describe, expect, it } from "vitest";
import * as client from "./index";
import { createNesaRegistry, nesaRegistryTypes, nesaTypes } from "./registry";
import { sampleMsgs } from "./testing/sample-msgs";

type Codec = { fromPartial(o: unknown): unknown; protobufPackage?: string };

// Every MsgX (not MsgXResponse) the generated code has, as "/<package>.MsgX".
function generatedMsgTypeUrls(): string[] {
  const namespaces = [inferenceTx, stakingextTx, payforqueryTx] as unknown as Record<string, unknown>[];
  return namespaces.flatMap((ns) =>
    Object.keys(ns)
      .filter((name) => /^Msg.+(?<!Response)$/.test(name))
      .map((name) => `/${ns.protobufPackage as string}.${name}`),
  );
}

describe("nesa registry types", () => {
  it("registers every generated Msg exactly once, and only those", () => {
    const registered = nesaTypes.map(([url]) => url);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual(generatedMsgTypeUrls().sort());
    expect(Object.keys(sampleMsgs).sort()).toEqual([...registered].sort());
  });

  it("keeps cosmjs's default types (bank MsgSend) next to ours", () => {
    const urls = nesaRegistryTypes.map(([url]) => url);
    expect(urls).toContain("/cosmos.bank.v1beta1.MsgSend");
    expect(urls).toContain("/nesa.payforquery.v1.MsgPayForQuery");
    expect(createNesaRegistry().lookupType("/nesa.inference.v1.MsgRevealResult")).toBe(inferenceTx.MsgRevealResult);
  });
});

describe.each(Object.entries(sampleMsgs))("Registry round trip of %s", (typeUrl, value) => {
  const registry = createNesaRegistry();
  const codec = registry.lookupType(typeUrl) as unknown as Codec;

  it("encodes with Registry.encode and decodes back to the same message", () => {
    const bytes = registry.encode({ typeUrl, value });
    expect(bytes.length).toBeGreaterThan(0);
    expect(registry.decode({ typeUrl, value: bytes })).toEqual(codec.fromPartial(value));
  });

  it("wraps it in an Any with the type URL", () => {
    const any = registry.encodeAsAny({ typeUrl, value });
    expect(any.typeUrl).toBe(typeUrl);
    expect(any.value).toEqual(registry.encode({ typeUrl, value }));
  });
});

describe("TxBody with Nesa and cosmos msgs", () => {
  it("round-trips through bytes that cosmjs-types' TxBody decodes independently", () => {
    const registry = createNesaRegistry();
    const messages: EncodeObject[] = [
      ...Object.entries(sampleMsgs).map(([typeUrl, value]) => ({ typeUrl, value })),
      {
        typeUrl: "/cosmos.bank.v1beta1.MsgSend",
        value: { fromAddress: "nesa1a", toAddress: "nesa1b", amount: [{ denom: "unes", amount: "1" }] },
      },
    ];
    const body: TxBodyEncodeObject = {
      typeUrl: "/cosmos.tx.v1beta1.TxBody",
      value: { messages, memo: "nesa round trip", timeoutHeight: 2n ** 60n },
    };
    const wire = registry.encode(body);

    const independent = TxBody.decode(wire);
    expect(independent.memo).toBe("nesa round trip");
    expect(independent.timeoutHeight).toBe(2n ** 60n);
    expect(independent.messages.map((m) => m.typeUrl)).toEqual(messages.map((m) => m.typeUrl));

    // Registry.decode of a TxBody decodes each Any with the registered type.
    const decoded = registry.decode({ typeUrl: "/cosmos.tx.v1beta1.TxBody", value: wire }) as TxBody;
    expect(decoded.memo).toBe("nesa round trip");
    decoded.messages.forEach((msg, i) => {
      const codec = registry.lookupType(messages[i].typeUrl) as unknown as Codec;
      expect(msg).toEqual(codec.fromPartial(messages[i].value));
    });
  });
});

describe("EncodeObject guards", () => {
  const guards = Object.entries(client).filter(([name]) => /^isMsg.+EncodeObject$/.test(name)) as [
    string,
    (o: EncodeObject) => boolean,
  ][];

  it("has one guard per Nesa Msg, each true for exactly its own type URL", () => {
    // The other guards are for the standard cosmos.gov.v1 msgs the SDK also exports (modules/gov).
    const nesaGuards = guards.filter(([, guard]) => nesaTypes.some(([typeUrl]) => guard({ typeUrl, value: {} })));
    expect(nesaGuards).toHaveLength(nesaTypes.length);
    expect(guards.filter((g) => !nesaGuards.includes(g)).every(([, guard]) => guard({ typeUrl: "/cosmos.gov.v1.MsgVote", value: {} }) || guard({ typeUrl: "/cosmos.gov.v1.MsgDeposit", value: {} }) || guard({ typeUrl: "/cosmos.gov.v1.MsgSubmitProposal", value: {} }))).toBe(true);
    for (const [typeUrl] of nesaTypes) {
      const matching = guards.filter(([, guard]) => guard({ typeUrl, value: {} })).map(([name]) => name);
      expect(matching, typeUrl).toHaveLength(1);
    }
    expect(guards.some(([, guard]) => guard({ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: {} }))).toBe(false);
  });

  it("names the module in the MsgUpdateParams guards", () => {
    const obj = { typeUrl: "/nesa.payforquery.v1.MsgUpdateParams", value: {} };
    expect(client.isMsgUpdatePayforqueryParamsEncodeObject(obj)).toBe(true);
    expect(client.isMsgUpdateInferenceParamsEncodeObject(obj)).toBe(false);
    expect(client.isMsgUpdateStakingextParamsEncodeObject(obj)).toBe(false);
  });
});
