import { type InferenceSession, Tensor as OrtTensor } from "onnxruntime-node";
import type { Tensor } from "../tensor/tensor-codec";

const CARRIED = new Set<string>(["float32", "float64", "int32", "int64", "uint8"]);

/**
 * Runs a shard with one output. Inputs are fed in the order of the graph's inputs: one for every sequential
 * shard, two for an HSS combine stage (share 0's partial, then share 1's).
 */
export async function runShard(session: InferenceSession, input: Tensor | Tensor[]): Promise<Tensor> {
  const inputs = Array.isArray(input) ? input : [input];
  if (session.inputNames.length !== inputs.length || session.outputNames.length !== 1) {
    throw new Error(`shard has inputs [${session.inputNames}] and outputs [${session.outputNames}]; got ${inputs.length} input tensor(s), expected one output`);
  }
  const feeds: Record<string, OrtTensor> = {};
  session.inputNames.forEach((name, i) => {
    feeds[name] = new OrtTensor(inputs[i].dtype, inputs[i].data, inputs[i].dims);
  });
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
