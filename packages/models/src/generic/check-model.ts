import { realInputs } from "../onnx/graph";
import { type ModelProto, toNumber } from "../onnx/proto";

/** The ONNX schema this package reads and writes (onnx-proto ships ONNX 1.10's): IR versions it knows all fields of. */
export const MAX_IR_VERSION = 8;
/**
 * Default-domain opsets the cutter and EE have been checked against. Newer opsets move attributes to inputs
 * (Reduce*'s axes at 18) that EE would misread, so they are refused rather than guessed at.
 */
export const OPSET_RANGE = { min: 7, max: 17 } as const;
const DEFAULT_DOMAINS = new Set(["", "ai.onnx"]);
const CONTROL_FLOW = new Set(["If", "Loop", "Scan"]);

/** Thrown for a model the generic path cannot take; the message says what to change. */
export class UnsupportedModelError extends Error {
  override readonly name = "UnsupportedModelError";
}

/**
 * Checks that `prepare --onnx` can cut (and encrypt) a model, before any work: IR version and opset within what the
 * schema in use knows, no custom-domain ops, no control flow, one real input and one output, float32 in and out.
 * @example checkModel(loadOnnx("net.onnx"), "net.onnx")
 */
export function checkModel(model: ModelProto, file: string): void {
  const ir = toNumber(model.irVersion);
  if (ir > MAX_IR_VERSION) {
    throw new UnsupportedModelError(
      `${file}: IR version ${ir} is newer than this tool's ONNX schema (ONNX 1.10, IR ≤ ${MAX_IR_VERSION}); fields it does not know would be dropped. ` +
        `Re-export with IR ${MAX_IR_VERSION} (torch.onnx.export(..., opset_version=${OPSET_RANGE.max}) writes IR 8; or set model.ir_version = 8 in Python after onnx.checker passes).`,
    );
  }
  const opsets = model.opsetImport.filter((o) => DEFAULT_DOMAINS.has(o.domain ?? ""));
  const opset = opsets.length > 0 ? toNumber(opsets[0].version) : 0;
  if (opset < OPSET_RANGE.min || opset > OPSET_RANGE.max) {
    throw new UnsupportedModelError(
      `${file}: default-domain opset ${opset || "(none)"} is outside ${OPSET_RANGE.min}–${OPSET_RANGE.max}, the opsets this tool's sharding and EE are checked against. ` +
        `Convert it: python3 -c "import onnx, onnx.version_converter as v; onnx.save(v.convert_version(onnx.load('${file}'), ${Math.min(Math.max(opset, OPSET_RANGE.min), OPSET_RANGE.max)}), 'converted.onnx')"`,
    );
  }
  model.graph.node.forEach((node, index) => {
    const label = `node ${index} (${node.opType} "${node.name || node.output[0]}")`;
    if (node.domain && !DEFAULT_DOMAINS.has(node.domain)) {
      throw new UnsupportedModelError(`${file}: ${label} is a custom op of domain "${node.domain}"; miners run stock onnxruntime operators only. Export without custom ops (e.g. no com.microsoft fusions: optimize at level "basic" or not at all).`);
    }
    if (CONTROL_FLOW.has(node.opType)) {
      throw new UnsupportedModelError(`${file}: ${label} has a subgraph (${node.opType}); shards cannot cut through control flow and its outer captures are not tracked. Unroll it at export (a fixed-length Loop, a constant If branch).`);
    }
  });
  const inputs = realInputs(model.graph);
  if (inputs.length !== 1 || model.graph.output.length !== 1) {
    throw new UnsupportedModelError(
      `${file}: sequential shards need one graph input and one output; this graph has inputs [${inputs.map((v) => v.name).join(", ")}] and outputs [${model.graph.output.map((v) => v.name).join(", ")}]. ` +
        "Concatenate several inputs into one tensor at export; for a decoder with a KV cache use the block-range path (prepare --model tiny-lm).",
    );
  }
  for (const [what, v] of [["input", inputs[0]], ["output", model.graph.output[0]]] as const) {
    const type = v.type?.tensorType?.elemType;
    if (type !== 1) throw new UnsupportedModelError(`${file}: the graph ${what} "${v.name}" is not float32 (element type ${type ?? "undeclared"}); the network carries float32 tensors. Cast at export.`);
  }
}
