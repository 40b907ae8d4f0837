// Drives the three protocol modules block by block on the in-memory fake environment: the unit
// tests' and the simulator's view of an honest or lying miner (commitments, sketches, reveals).
import { toBech32 } from "@cosmjs/encoding";
import { type Tensor, computeSketch, resultCommitment, tensorDigest } from "@nesa/crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { AppModule, MsgHandler } from "../app/module";
import { beaconSignerFromSecret } from "../x/inference/beacon-signer";
import { createProtocolModules, type ProtocolModules } from "../x/inference/module";
import { type FakeEnv, fakeEnv } from "./fake-env";

export const GOV = toBech32("nesa", new Uint8Array(20).fill(0xee));


export const address = (i: number) => toBech32("nesa", sha256(new TextEncoder().encode(`acct-${i}`)).subarray(0, 20));
export const encryptionKey = (i: number) =>
  secp256k1.getPublicKey(sha256(new TextEncoder().encode(`enc-${i}`)), true);

export interface Harness extends ProtocolModules {
  env: FakeEnv;
  /** Runs BeginBlock at the next height, `txs` (their throws are returned), EndBlock. */
  block(txs?: (run: (typeUrl: string, msg: unknown) => unknown) => void): unknown[];
  run(typeUrl: string, msg: unknown): unknown;
  invariantFailures(): string[];
}

export function protocolHarness(validatorKey = sha256(new TextEncoder().encode("validator"))): Harness {
  const env = fakeEnv();
  const p = createProtocolModules(env.bank, GOV, beaconSignerFromSecret(validatorKey));
  const handlers = new Map<string, MsgHandler<any>>();
  for (const m of p.modules) for (const h of m.msgHandlers) handlers.set(h.typeUrl, h);
  for (const m of p.modules) (m as AppModule<unknown>).initGenesis(env.ctx(), m.defaultGenesis());
  const run = (typeUrl: string, msg: unknown) => {
    const h = handlers.get(typeUrl);
    if (!h) throw new Error(`no handler for ${typeUrl}`);
    // Tests pass partial objects; the app would have decoded full ones (proto3 defaults filled in).
    return h.handle(env.ctx(), h.fromPartial ? h.fromPartial(msg) : msg);
  };
  const block: Harness["block"] = (txs) => {
    env.setHeight(env.height() + 1n);
    for (const m of p.modules) m.beginBlock?.(env.ctx());
    const errors: unknown[] = [];
    txs?.((typeUrl, msg) => {
      try {
        return run(typeUrl, msg);
      } catch (e) {
        errors.push(e);
        return undefined;
      }
    });
    for (const m of p.modules) m.endBlock?.(env.ctx());
    return errors;
  };
  const invariantFailures = () =>
    p.modules.flatMap((m) => m.invariants.map((i) => i.check(env.ctx()))).filter((x): x is string => x !== undefined);
  return { ...p, env, block, run, invariantFailures };
}

/**
 * A seat's output tensor: honest replicas compute the same function of (query, shard) up to float
 * round-off (relative 1e-7 × replica); a liar returns a different tensor. 128 float32 values.
 */
export function minerTensor(queryId: bigint, shard: number, replica: number, honest: boolean, integer = false): Tensor {
  if (integer) {
    // Token ids / classes: honest replicas agree exactly.
    const data = Int32Array.from({ length: 64 }, (_, i) => (Number(queryId % 997n) * 31 + shard * 7 + i * 13 + (honest ? 0 : 1 + replica)) % 50_000);
    return { dtype: "int32", dims: [64], data };
  }
  const phase = Number(queryId % 1000n) * 0.37 + shard * 1.3;
  const data = Float32Array.from({ length: 128 }, (_, i) => {
    const x = Math.sin(i * 0.11 + phase) * 3 + Math.cos(i * 0.05);
    return honest ? x * (1 + replica * 1e-7) : x + 0.5 + Math.sin(i) * 2;
  });
  return { dtype: "float32", dims: [1, 128], data };
}

export interface SeatOutput {
  tensor: Tensor;
  outputDigest: Uint8Array;
  salt: Uint8Array;
}

export function seatOutput(queryId: bigint, shard: number, replica: number, honest: boolean, integer = false): SeatOutput {
  const tensor = minerTensor(queryId, shard, replica, honest, integer);
  const salt = sha256(new TextEncoder().encode(`salt/${queryId}/${shard}/${replica}`)).subarray(0, 16);
  return { tensor, outputDigest: tensorDigest(tensor), salt };
}

export function commitmentFor(queryId: bigint, shard: number, replica: number, miner: string, out: { outputDigest: Uint8Array; salt: Uint8Array }) {
  return resultCommitment({ queryId, shard, replica, miner, outputDigest: out.outputDigest, salt: out.salt });
}

/** The sketch a miner reveals: k projections seeded by the beacon at the query's sketch_seed_height. */
export function sketchFor(out: SeatOutput, sketchSeed: Uint8Array, k: number): bigint[] {
  return computeSketch(out.tensor, sketchSeed, k);
}

/**
 * A generator query's final-shard output (PROTOCOL.md §10): the generated token-id sequence of
 * `outputTokens` ids, the same for every honest replica; a liar's ids differ. Its digest is what the
 * seat commits to and reveals.
 */
export function tokenOutput(queryId: bigint, replica: number, outputTokens: number, honest: boolean): SeatOutput {
  const data = Int32Array.from({ length: outputTokens }, (_, i) => (Number(queryId % 991n) * 17 + i * 29 + (honest ? 0 : 3 + replica)) % 32_000);
  const tensor: Tensor = { dtype: "int32", dims: [outputTokens], data };
  const salt = sha256(new TextEncoder().encode(`salt/${queryId}/tokens/${replica}`)).subarray(0, 16);
  return { tensor, outputDigest: tensorDigest(tensor), salt };
}
