import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ModelProto } from "../onnx/proto";
import type { Manifest } from "../shard/manifest";

export interface EEStepResult {
  model: ModelProto;
  ee: NonNullable<Manifest["ee"]>;
}

/**
 * `prepare --ee`: make a fresh EE key, fold it into the unsplit model at the cut tensors (so the
 * shards cut from the result are the EE shards), write the key to `keyOut` (owner-only file mode),
 * and return the commitment for the manifest. The EE code is loaded lazily so plain `prepare`
 * never depends on it.
 */
export async function applyEEStep(model: ModelProto, cutTensors: string[], modelId: string, keyOut: string, hss = false): Promise<EEStepResult> {
  let ee: typeof import("../ee/index");
  try {
    ee = await import("../ee/index");
  } catch (err) {
    throw new Error(`--ee is not available yet: the EE module (src/ee) failed to load (${(err as Error).message}); run prepare without --ee`, { cause: err });
  }
  const key = ee.generateEEKey(modelId);
  // hss: the first linear op's output is permuted too, so the share stage's partials cross the network permuted.
  const encrypted = ee.applyEE(model, { cutTensors, hss }, key);
  mkdirSync(dirname(keyOut), { recursive: true });
  writeFileSync(keyOut, `${JSON.stringify(key)}\n`, { mode: 0o600 });
  return { model: encrypted, ee: { scheme: "nesa-ee-v1", keyCommitment: Buffer.from(ee.eeKeyCommitment(key)).toString("hex") } };
}
