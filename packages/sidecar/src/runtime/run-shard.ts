import { type InferenceSession, Tensor as OrtTensor } from "onnxruntime-node";
import type { Tensor } from "../tensor/tensor-codec";

/** Runs a one-input, one-output shard (every shard of a sequential cut has that shape). */
export async function runShard(session: InferenceSession, input: Tensor): Promise<Tensor> {
  if (session.inputNames.length !== 1 || session.outputNames.length !== 1) {
    throw new Error(`shard has inputs [${session.inputNames}] and outputs [${session.outputNames}]; expected exactly one of each`);
  }
  const feeds = { [session.inputNames[0]]: new OrtTensor(input.dtype, input.data, input.dims) };
  const results = await session.run(feeds);
  const out = results[session.outputNames[0]];
  if (out.type !== "float32" && out.type !== "int32" && out.type !== "int64") {
    throw new Error(`shard output is ${out.type}; the data plane carries float32, int32 and int64 tensors`);
  }
  return { dtype: out.type, dims: [...out.dims], data: out.data as Tensor["data"] };
}

/**
 * The `--byzantine` test behaviour: a deterministic, clearly wrong output of the same shape, so verification
 * tests can see a dishonest replica outvoted.
 */
export function perturb(t: Tensor): Tensor {
  if (t.dtype === "float32") return { ...t, data: (t.data as Float32Array).map((v, i) => v + 0.5 + (i % 7) * 0.01) };
  if (t.dtype === "int32") return { ...t, data: (t.data as Int32Array).map((v) => v + 1) };
  return { ...t, data: (t.data as BigInt64Array).map((v) => v + 1n) };
}
