import { type InferenceSession, Tensor as OrtTensor } from "onnxruntime-node";
import type { Tensor } from "../tensor/tensor-codec";

const CARRIED = new Set<string>(["float32", "float64", "int32", "int64", "uint8"]);

/** Runs a one-input, one-output shard (every shard of a sequential cut has that shape). */
export async function runShard(session: InferenceSession, input: Tensor): Promise<Tensor> {
  if (session.inputNames.length !== 1 || session.outputNames.length !== 1) {
    throw new Error(`shard has inputs [${session.inputNames}] and outputs [${session.outputNames}]; expected exactly one of each`);
  }
  const feeds = { [session.inputNames[0]]: new OrtTensor(input.dtype, input.data, input.dims) };
  const results = await session.run(feeds);
  const out = results[session.outputNames[0]];
  if (!CARRIED.has(out.type)) {
    throw new Error(`shard output is ${out.type}; the data plane carries ${[...CARRIED].join(", ")} tensors`);
  }
  return { dtype: out.type, dims: [...out.dims], data: out.data } as Tensor;
}

/**
 * The `--byzantine` test behaviour: a deterministic, clearly wrong output of the same shape, so verification
 * tests can see a dishonest replica outvoted.
 */
export function perturb(t: Tensor): Tensor {
  switch (t.dtype) {
    case "float32":
    case "float64":
      return { ...t, data: t.data.map((v, i) => v + 0.5 + (i % 7) * 0.01) } as Tensor;
    case "int32":
    case "uint8":
      return { ...t, data: t.data.map((v) => v + 1) } as Tensor;
    case "int64":
      return { ...t, data: t.data.map((v) => v + 1n) };
  }
}
