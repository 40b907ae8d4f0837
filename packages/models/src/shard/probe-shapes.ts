import { Tensor } from "onnxruntime-node";
import { realInputs } from "../onnx/graph";
import { cloneModel, saveOnnx } from "../onnx/onnx-io";
import { type ModelProto, onnx, toNumber } from "../onnx/proto";
import { createSession } from "../runtime/session";
import type { CutPoint } from "./cut-points";

/**
 * Fill in the shape of each cut tensor that the model does not declare (PP-OCR declares none), by
 * running the model twice on zero inputs of different dynamic sizes with the cut tensors exposed as
 * outputs. Dims equal in both runs are fixed; the others become symbolic: the input's own dim name
 * when they follow it exactly, else "<tensor>_d<axis>". Returns new cut points; `cuts` is untouched.
 */
export async function probeBoundaryShapes(model: ModelProto, cuts: CutPoint[]): Promise<CutPoint[]> {
  const missing = cuts.filter((c) => !c.tensor.shape);
  if (missing.length === 0) return cuts;
  const probe = cloneModel(model);
  for (const cut of missing) {
    probe.graph.output.push(onnx.ValueInfoProto.create({ name: cut.tensor.name, type: { tensorType: { elemType: cut.tensor.elemType } } }));
  }
  const session = await createSession(saveOnnx(probe), { threads: 1 });
  try {
    const input = realInputs(model.graph)[0];
    const dims = input.type?.tensorType?.shape?.dim ?? [];
    if (input.type?.tensorType?.elemType !== 1) throw new Error(`probeBoundaryShapes: input "${input.name}" must be float32`);
    const symbolic = dims.map((d, j) => (d.dimParam || d.dimValue === null || d.dimValue === undefined ? (d.dimParam ?? `in_d${j}`) : undefined));
    // Two runs: batch 1 then 2; other dynamic dims 96 then 160 (wide enough for OCR's strided convs).
    const sizes = [0, 1].map((run) =>
      dims.map((d, j) => (symbolic[j] === undefined ? toNumber(d.dimValue) : j === 0 ? run + 1 : run === 0 ? 96 : 160)),
    );
    const results: number[][][] = [];
    for (const shape of sizes) {
      const count = shape.reduce((a, b) => a * b, 1);
      const out = await session.run({ [input.name]: new Tensor("float32", new Float32Array(count), shape) }, missing.map((c) => c.tensor.name));
      results.push(missing.map((c) => [...out[c.tensor.name].dims]));
    }
    const probed = new Map(
      missing.map((cut, i) => {
        const [a, b] = [results[0][i], results[1][i]];
        const shape = a.map((dim, k) => {
          if (dim === b[k]) return dim;
          const follows = sizes[0].findIndex((s, j) => symbolic[j] !== undefined && s === dim && sizes[1][j] === b[k]);
          return follows >= 0 ? (symbolic[follows] as string) : `${cut.tensor.name}_d${k}`;
        });
        return [cut.tensor.name, shape] as const;
      }),
    );
    return cuts.map((c) => (probed.has(c.tensor.name) ? { ...c, tensor: { ...c.tensor, shape: probed.get(c.tensor.name) } } : c));
  } finally {
    await session.release();
  }
}
