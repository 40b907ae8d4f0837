import type { EncodeObject } from "@cosmjs/proto-signing";

// One filled-in value per Nesa Msg, with 64-bit fields above 2^53 so that a codec that
// goes through JS numbers would corrupt them.

const ABOVE_2_53 = 2n ** 53n + 3n;
const U64_MAX = 2n ** 64n - 1n;
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const coin = (amount: string) => ({ denom: "unes", amount });
const addr = "nesa1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu";

export const sampleMsgs: Record<string, EncodeObject["value"]> = {
  "/nesa.inference.v1.MsgRegisterModel": {
    owner: addr,
    modelId: "ocr-rec",
    name: "PP-OCR recognizer",
    version: "4.0.0",
    shards: [
      {
        index: 0,
        sha256: bytes(32, 1),
        sizeBytes: ABOVE_2_53,
        inputs: [{ name: "x", type: "float32", shape: [-1, 3, 48, -1] }],
        outputs: [{ name: "h", type: "float32", shape: [-1, 512] }],
      },
    ],
    ee: { scheme: "perm-v1", keyCommitment: bytes(32, 2) },
    price: coin("2500"),
    minReplicas: 3,
  },
  "/nesa.inference.v1.MsgDeprecateModel": { owner: addr, modelId: "lande" },
  "/nesa.inference.v1.MsgCommitResult": {
    miner: addr,
    queryId: U64_MAX,
    shard: 1,
    replica: 2,
    commitment: bytes(32, 3),
  },
  "/nesa.inference.v1.MsgRevealResult": {
    miner: addr,
    queryId: ABOVE_2_53,
    shard: 1,
    replica: 2,
    outputDigest: bytes(32, 4),
    salt: bytes(16, 5),
    sketch: [-(2n ** 63n), -1n, 0n, ABOVE_2_53, 2n ** 63n - 1n],
    outputIsInteger: true,
    resultRef: bytes(64, 6),
  },
  "/nesa.inference.v1.MsgUpdateParams": {
    authority: addr,
    params: { commitBlocks: 5n, revealBlocks: ABOVE_2_53, sketchK: 16, sketchTolerance: 100, maxResultBytes: 4096n },
  },
  "/nesa.stakingext.v1.MsgRegisterMiner": {
    operator: addr,
    encryptionPubkey: bytes(33, 2),
    models: ["ocr-rec", "lande"],
    capacity: { memoryMb: ABOVE_2_53, maxBatch: 8 },
    stake: coin("1000000000000000000000"),
  },
  "/nesa.stakingext.v1.MsgAddStake": { operator: addr, amount: coin("5") },
  "/nesa.stakingext.v1.MsgUnbond": { operator: addr, amount: coin("7") },
  "/nesa.stakingext.v1.MsgUnjail": { operator: addr },
  "/nesa.stakingext.v1.MsgUpdateMiner": { operator: addr, models: ["lande"], capacity: { memoryMb: 1n, maxBatch: 1 } },
  "/nesa.stakingext.v1.MsgUpdateParams": {
    authority: addr,
    params: { minStake: coin("100"), unbondingBlocks: U64_MAX, slashFractionWrong: 50_000, maxMissed: 3 },
  },
  "/nesa.payforquery.v1.MsgPayForQuery": {
    sender: addr,
    modelId: "ocr-rec",
    inputCommitment: bytes(32, 8),
    inputBytes: ABOVE_2_53,
    replicas: 3,
    privacy: 2,
    maxFee: coin("99999999999999999999"),
    timeoutBlocks: 100n,
  },
  "/nesa.payforquery.v1.MsgUpdateParams": {
    authority: addr,
    params: { baseFee: coin("1000"), perByteFee: coin("2"), ownerShare: 100_000, maxInputBytes: ABOVE_2_53 },
  },
};
