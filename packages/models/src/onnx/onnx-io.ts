import { readFileSync } from "node:fs";
import { type ModelProto, onnx } from "./proto";

/**
 * Decode an ONNX model from bytes or from a file path.
 * @example const model = loadOnnx(modelPath("lande"));
 */
export function loadOnnx(bytesOrPath: Uint8Array | string): ModelProto {
  const bytes = typeof bytesOrPath === "string" ? readOrExplain(bytesOrPath) : bytesOrPath;
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes) as unknown as ModelProto;
  } catch (err) {
    const where = typeof bytesOrPath === "string" ? bytesOrPath : `${bytes.length} bytes`;
    throw new Error(`loadOnnx: ${where} is not a valid ONNX ModelProto (${(err as Error).message})`, { cause: err });
  }
  if (!model.graph) throw new Error("loadOnnx: the model has no graph; pass a full .onnx ModelProto, not a bare GraphProto");
  return model;
}

/** Encode a model back to .onnx bytes. */
export function saveOnnx(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** Deep copy through the wire format: the copy shares no buffers or arrays with the original. */
export function cloneModel(model: ModelProto): ModelProto {
  return onnx.ModelProto.decode(saveOnnx(model).slice()) as unknown as ModelProto;
}

function readOrExplain(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`loadOnnx: cannot read ${path} (${(err as NodeJS.ErrnoException).code}); check the path or run \`pnpm nesa-models convert-lande\``, { cause: err });
  }
}
