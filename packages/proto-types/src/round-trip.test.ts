import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { beforeAll, describe, expect, it } from "vitest";
import { inferenceState, inferenceTx, payforqueryState, payforqueryTx, stakingextState } from "./index";
import { loadProtoRegistry } from "./testing/descriptor-set";

// Encodes with the generated ts-proto code and decodes with @bufbuild/protobuf's dynamic
// messages built from the .proto sources (and the other way round): two independent
// implementations must agree on the wire, including 64-bit values above 2^53.

const U64_MAX = 2n ** 64n - 1n;
const ABOVE_2_53 = 2n ** 53n + 1n;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

let registry: ReturnType<typeof loadProtoRegistry>;
beforeAll(() => {
  registry = loadProtoRegistry();
});

function schema(typeName: string) {
  const desc = registry.getMessage(typeName);
  if (!desc) throw new Error(`${typeName} not in the buf build`);
  return desc;
}

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe("ts-proto <-> protobuf-es wire agreement", () => {
  it("MsgRevealResult keeps uint64 query ids and sint64 sketches at their limits", () => {
    const msg = inferenceTx.MsgRevealResult.fromPartial({
      miner: "nesa1miner",
      queryId: U64_MAX,
      shard: 1,
      replica: 4_294_967_295,
      outputDigest: bytes(32, 0xab),
      salt: bytes(16, 7),
      sketch: [I64_MIN, -ABOVE_2_53, -1n, 0n, ABOVE_2_53, I64_MAX],
      outputIsInteger: true,
      resultRef: bytes(3, 1),
    });
    const wire = inferenceTx.MsgRevealResult.encode(msg).finish();
    const other = fromBinary(schema("nesa.inference.v1.MsgRevealResult"), wire) as unknown as Record<string, unknown>;
    expect(other.queryId).toBe(U64_MAX);
    expect(other.sketch).toEqual([I64_MIN, -ABOVE_2_53, -1n, 0n, ABOVE_2_53, I64_MAX]);
    expect(other.replica).toBe(4_294_967_295);
    expect(other.outputDigest).toEqual(bytes(32, 0xab));
    expect(other.outputIsInteger).toBe(true);

    const back = inferenceTx.MsgRevealResult.decode(wire);
    expect(back).toEqual(msg);
    expect(typeof back.queryId).toBe("bigint");
  });

  it("MsgPayForQuery round-trips enums, Coin and 64-bit sizes", () => {
    const msg = payforqueryTx.MsgPayForQuery.fromPartial({
      sender: "nesa1sender",
      modelId: "ocr-rec",
      inputCommitment: bytes(32, 2),
      inputBytes: ABOVE_2_53,
      replicas: 3,
      privacy: payforqueryState.Privacy.PRIVACY_HSS_EE,
      maxFee: { denom: "unes", amount: "123456789012345678901234567890" },
      timeoutBlocks: U64_MAX,
    });
    const wire = payforqueryTx.MsgPayForQuery.encode(msg).finish();
    const other = fromBinary(schema("nesa.payforquery.v1.MsgPayForQuery"), wire) as unknown as {
      inputBytes: bigint;
      timeoutBlocks: bigint;
      privacy: number;
      maxFee: { amount: string };
    };
    expect(other.inputBytes).toBe(ABOVE_2_53);
    expect(other.timeoutBlocks).toBe(U64_MAX);
    expect(other.privacy).toBe(2);
    expect(other.maxFee.amount).toBe("123456789012345678901234567890");
    expect(payforqueryTx.MsgPayForQuery.decode(wire)).toEqual(msg);
  });

  it("generator fields: proto3 optional stop/eos ids keep presence (absent ≠ 0), kinds and token prices survive", () => {
    const pay = (stopTokenId: number | undefined) =>
      payforqueryTx.MsgPayForQuery.fromPartial({ sender: "nesa1s", modelId: "gen", inputTokens: 12, maxNewTokens: 4_294_967_295, stopTokenId });
    for (const stop of [undefined, 0, 50_256]) {
      const wire = payforqueryTx.MsgPayForQuery.encode(pay(stop)).finish();
      const other = fromBinary(schema("nesa.payforquery.v1.MsgPayForQuery"), wire) as unknown as { stopTokenId?: number; maxNewTokens: number };
      expect([other.stopTokenId, other.maxNewTokens]).toEqual([stop, 4_294_967_295]);
      expect(payforqueryTx.MsgPayForQuery.decode(wire).stopTokenId).toBe(stop);
    }
    const model = inferenceTx.MsgRegisterModel.fromPartial({
      owner: "nesa1o",
      modelId: "gen",
      kind: inferenceState.ModelKind.MODEL_KIND_GENERATOR,
      tokenPrice: { inputPrice: { denom: "unes", amount: "3" }, outputPrice: { denom: "unes", amount: "123456789012345678901" } },
      contextLength: 2048,
      eosTokenId: 0,
    });
    const wire = inferenceTx.MsgRegisterModel.encode(model).finish();
    const other = fromBinary(schema("nesa.inference.v1.MsgRegisterModel"), wire) as unknown as { kind: number; eosTokenId?: number; tokenPrice: { outputPrice: { amount: string } } };
    expect([other.kind, other.eosTokenId, other.tokenPrice.outputPrice.amount]).toEqual([2, 0, "123456789012345678901"]);
    expect(inferenceTx.MsgRegisterModel.decode(wire)).toEqual(model);
    const reveal = inferenceTx.MsgRevealResult.fromPartial({ miner: "nesa1m", outputTokens: 4_294_967_295 });
    expect(inferenceTx.MsgRevealResult.decode(inferenceTx.MsgRevealResult.encode(reveal).finish()).outputTokens).toBe(4_294_967_295);
  });

  it("decodes what protobuf-es encodes: a full InferenceQuery with seats, commits, reveals and verdict", () => {
    const desc = schema("nesa.inference.v1.InferenceQuery");
    const source = create(desc, {
      id: ABOVE_2_53,
      owner: "nesa1owner",
      modelId: "lande",
      inputCommitment: bytes(32, 9),
      inputBytes: 4096n,
      shards: 2,
      replicas: 3,
      privacy: 1,
      status: 5,
      createdHeight: U64_MAX - 10n,
      assignedHeight: U64_MAX - 9n,
      committeeSeed: bytes(32, 3),
      commitDeadline: U64_MAX - 5n,
      revealDeadline: U64_MAX,
      sketchSeedHeight: U64_MAX - 4n,
      timeoutHeight: U64_MAX,
      seats: [
        { shard: 0, replica: 0, miner: "nesa1a", role: 1 },
        { shard: 1, replica: 2, miner: "nesa1b", role: 2 },
      ],
      hssShares: 2,
      commits: [{ shard: 1, replica: 2, miner: "nesa1b", commitment: bytes(32, 4), height: ABOVE_2_53 }],
      reveals: [
        { shard: 1, replica: 2, miner: "nesa1b", outputDigest: bytes(32, 5), salt: bytes(8, 6), sketch: [I64_MIN, I64_MAX], height: 7n },
      ],
      verdict: {
        queryId: ABOVE_2_53,
        status: 5,
        seats: [{ shard: 1, replica: 2, miner: "nesa1b", outcome: 1 }],
        resultReplica: 2,
        resultDigest: bytes(32, 5),
        height: U64_MAX,
      },
    } as never);
    const decoded = inferenceState.InferenceQuery.decode(toBinary(desc, source));
    expect(decoded.id).toBe(ABOVE_2_53);
    expect(decoded.revealDeadline).toBe(U64_MAX);
    expect(decoded.status).toBe(inferenceState.QueryStatus.QUERY_STATUS_FINALIZED);
    expect(decoded.privacy).toBe(payforqueryState.Privacy.PRIVACY_EE);
    expect(decoded.seats).toEqual([
      { shard: 0, replica: 0, miner: "nesa1a", role: inferenceState.SeatRole.SEAT_ROLE_PIPELINE },
      { shard: 1, replica: 2, miner: "nesa1b", role: inferenceState.SeatRole.SEAT_ROLE_HSS_SHARE },
    ]);
    expect(decoded.hssShares).toBe(2);
    expect(decoded.commits[0].height).toBe(ABOVE_2_53);
    expect(decoded.reveals[0].sketch).toEqual([I64_MIN, I64_MAX]);
    expect(decoded.verdict?.seats[0].outcome).toBe(inferenceState.SeatOutcome.SEAT_OUTCOME_AGREED);
    expect(decoded.verdict?.height).toBe(U64_MAX);
    // And ts-proto re-encodes it to the same bytes protobuf-es produced.
    expect(inferenceState.InferenceQuery.encode(decoded).finish()).toEqual(toBinary(desc, source));
  });

  it("Miner state keeps unbonding heights and negative tensor dims (sint32) exact", () => {
    const miner = stakingextState.Miner.fromPartial({
      operator: "nesa1op",
      encryptionPubkey: bytes(33, 2),
      models: ["ocr-rec", "lande"],
      capacity: { memoryMb: ABOVE_2_53, maxBatch: 8 },
      bonded: { denom: "unes", amount: "1000000" },
      unbonding: [{ creationHeight: ABOVE_2_53, completionHeight: U64_MAX, balance: { denom: "unes", amount: "5" } }],
      status: stakingextState.MinerStatus.MINER_STATUS_JAILED,
    });
    const wire = stakingextState.Miner.encode(miner).finish();
    const other = fromBinary(schema("nesa.stakingext.v1.Miner"), wire) as unknown as {
      unbonding: { completionHeight: bigint }[];
      capacity: { memoryMb: bigint };
    };
    expect(other.unbonding[0].completionHeight).toBe(U64_MAX);
    expect(other.capacity.memoryMb).toBe(ABOVE_2_53);
    expect(stakingextState.Miner.decode(wire)).toEqual(miner);

    const spec = inferenceState.TensorSpec.fromPartial({ name: "x", type: "float32", shape: [-1, 3, 48, -1] });
    const specWire = inferenceState.TensorSpec.encode(spec).finish();
    expect((fromBinary(schema("nesa.inference.v1.TensorSpec"), specWire) as unknown as { shape: number[] }).shape).toEqual([-1, 3, 48, -1]);
  });
});

describe("64-bit fields through JSON and fromPartial", () => {
  it("writes uint64 as decimal strings in JSON and reads them back exactly", () => {
    const msg = inferenceTx.MsgCommitResult.fromPartial({ miner: "nesa1m", queryId: U64_MAX, commitment: bytes(32, 1) });
    const json = inferenceTx.MsgCommitResult.toJSON(msg) as Record<string, unknown>;
    expect(json.queryId).toBe("18446744073709551615");
    expect(inferenceTx.MsgCommitResult.fromJSON(json)).toEqual(msg);
  });

  it("coerces string and number inputs of fromPartial to bigint", () => {
    const fromString = inferenceTx.MsgCommitResult.fromPartial({ queryId: "9007199254740993" });
    expect(fromString.queryId).toBe(ABOVE_2_53);
    expect(inferenceTx.MsgCommitResult.fromPartial({ queryId: 42 }).queryId).toBe(42n);
  });

  it("rejects a uint64 above 2^64 - 1 instead of silently wrapping", () => {
    const msg = inferenceTx.MsgCommitResult.fromPartial({ queryId: U64_MAX + 1n });
    expect(() => inferenceTx.MsgCommitResult.encode(msg)).toThrow();
  });
});
