// Drives the three protocol modules block by block on the in-memory fake environment: the unit
// tests' and the simulator's view of an honest or lying miner (commitments, sketches, reveals).
import { toBech32 } from "@cosmjs/encoding";
import { resultCommitment } from "@nesa/crypto";
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
    return h.handle(env.ctx(), msg);
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

/** A miner's output for a seat: honest ones share a base sketch (with tiny per-replica noise). */
export function minerOutput(queryId: bigint, shard: number, replica: number, honest: boolean, k: number) {
  const base = Array.from({ length: k }, (_, i) => BigInt(((Number(queryId) * 7919 + shard * 104729 + i * 1299709) % 2_000_001) - 1_000_000) * 1000n);
  const sketch = honest ? base.map((x, i) => x + BigInt((replica * 13 + i) % 5)) : base.map((x) => -x + 12_345_678n);
  const outputDigest = sha256(new TextEncoder().encode(`out/${queryId}/${shard}/${replica}/${honest}`));
  const salt = sha256(new TextEncoder().encode(`salt/${queryId}/${shard}/${replica}`)).subarray(0, 16);
  return { sketch, outputDigest, salt };
}

export function commitmentFor(queryId: bigint, shard: number, replica: number, miner: string, out: { outputDigest: Uint8Array; salt: Uint8Array }) {
  return resultCommitment({ queryId, shard, replica, miner, outputDigest: out.outputDigest, salt: out.salt });
}
