// Any-encoders for the msgs the simulator and the benchmark send.
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import * as inf from "../x/inference/proto";
import * as pfq from "../x/payforquery/proto";
import * as stk from "../x/stakingext/proto";
import type { AnyMsg } from "./tx-builder";

const coin = (amount: bigint) => ({ denom: "unes", amount: amount.toString() });

export const send = (from: string, to: string, amount: bigint): AnyMsg => ({
  typeUrl: "/cosmos.bank.v1beta1.MsgSend",
  value: MsgSend.encode({ fromAddress: from, toAddress: to, amount: [coin(amount)] }).finish(),
});

/** A generator's registration fields (PROTOCOL.md §10). */
export interface GeneratorFields {
  inputPrice: bigint;
  outputPrice: bigint;
  contextLength: number;
  eosTokenId?: number;
}

export function registerModel(owner: string, modelId: string, shards: number, price: bigint, integerOutput = false, generator?: GeneratorFields): AnyMsg {
  const spec = (name: string, type: string) => ({ name, type, shape: [1, 128] });
  return {
    typeUrl: "/nesa.inference.v1.MsgRegisterModel",
    value: inf.MsgRegisterModel.encode({
      owner,
      modelId,
      name: modelId,
      version: "1",
      hss: undefined,
      shards: Array.from({ length: shards }, (_, i) => ({
        index: i,
        sha256: new Uint8Array(32).fill(i + 1),
        sizeBytes: 1_000_000n,
        inputs: [spec("x", "float32")],
        outputs: [spec("y", integerOutput && i === shards - 1 ? "int64" : "float32")],
      })),
      ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(7) },
      price: coin(price),
      minReplicas: 1,
      kind: generator ? inf.ModelKind.MODEL_KIND_GENERATOR : inf.ModelKind.MODEL_KIND_UNSPECIFIED,
      tokenPrice: generator ? { inputPrice: coin(generator.inputPrice), outputPrice: coin(generator.outputPrice) } : undefined,
      contextLength: generator?.contextLength ?? 0,
      eosTokenId: generator?.eosTokenId,
    }).finish(),
  };
}

export const deprecateModel = (owner: string, modelId: string): AnyMsg => ({
  typeUrl: "/nesa.inference.v1.MsgDeprecateModel",
  value: inf.MsgDeprecateModel.encode({ owner, modelId }).finish(),
});

export const registerMiner = (operator: string, pubkey: Uint8Array, models: string[], stake: bigint): AnyMsg => ({
  typeUrl: "/nesa.stakingext.v1.MsgRegisterMiner",
  value: stk.MsgRegisterMiner.encode({ operator, encryptionPubkey: pubkey, models, capacity: { memoryMb: 8192n, maxBatch: 4 }, stake: coin(stake) }).finish(),
});

export const addStake = (operator: string, amount: bigint): AnyMsg => ({
  typeUrl: "/nesa.stakingext.v1.MsgAddStake",
  value: stk.MsgAddStake.encode({ operator, amount: coin(amount) }).finish(),
});

export const unbond = (operator: string, amount: bigint): AnyMsg => ({
  typeUrl: "/nesa.stakingext.v1.MsgUnbond",
  value: stk.MsgUnbond.encode({ operator, amount: coin(amount) }).finish(),
});

export const unjail = (operator: string): AnyMsg => ({
  typeUrl: "/nesa.stakingext.v1.MsgUnjail",
  value: stk.MsgUnjail.encode({ operator }).finish(),
});

export const updateMiner = (operator: string, maxBatch: number): AnyMsg => ({
  typeUrl: "/nesa.stakingext.v1.MsgUpdateMiner",
  value: stk.MsgUpdateMiner.encode({ operator, encryptionPubkey: new Uint8Array(), models: [], capacity: { memoryMb: 4096n, maxBatch } }).finish(),
});

export interface PayFields {
  sender: string;
  modelId: string;
  inputBytes: bigint;
  replicas: number;
  maxFee: bigint;
  inputCommitment?: Uint8Array;
  /** Generator queries. */
  inputTokens?: number;
  maxNewTokens?: number;
  stopTokenId?: number;
}

export const payForQuery = (p: PayFields): AnyMsg => ({
  typeUrl: "/nesa.payforquery.v1.MsgPayForQuery",
  value: pfq.MsgPayForQuery.encode({
    sender: p.sender,
    modelId: p.modelId,
    inputCommitment: p.inputCommitment ?? new Uint8Array(32).fill(1),
    inputBytes: p.inputBytes,
    replicas: p.replicas,
    privacy: pfq.Privacy.PRIVACY_EE,
    maxFee: coin(p.maxFee),
    timeoutBlocks: 0n,
    inputTokens: p.inputTokens ?? 0,
    maxNewTokens: p.maxNewTokens ?? 0,
    stopTokenId: p.stopTokenId,
  }).finish(),
});

export const commitResult = (miner: string, queryId: bigint, shard: number, replica: number, commitment: Uint8Array): AnyMsg => ({
  typeUrl: "/nesa.inference.v1.MsgCommitResult",
  value: inf.MsgCommitResult.encode({ miner, queryId, shard, replica, commitment }).finish(),
});

export interface RevealFields {
  miner: string;
  queryId: bigint;
  shard: number;
  replica: number;
  outputDigest: Uint8Array;
  salt: Uint8Array;
  sketch: bigint[];
  outputIsInteger?: boolean;
  /** A generator query's final shard: tokens generated. */
  outputTokens?: number;
  /** Digest of the input the seat consumed (fair blame); empty when not given. */
  inputDigest?: Uint8Array;
}

export const revealResult = (r: RevealFields): AnyMsg => ({
  typeUrl: "/nesa.inference.v1.MsgRevealResult",
  value: inf.MsgRevealResult.encode({ ...r, outputIsInteger: r.outputIsInteger ?? false, resultRef: new Uint8Array(), outputTokens: r.outputTokens ?? 0, inputDigest: r.inputDigest ?? new Uint8Array() }).finish(),
});
