import { attributeOf } from "./graph";
import { ElemType, type ModelProto, type TensorProto, onnx, toNumber } from "./proto";

/** A dense float32 tensor: row-major data with its dims. */
export interface FloatTensor {
  dims: number[];
  data: Float32Array;
}

/**
 * The TensorProto holding constant `name`: a graph initializer or the `value` of the Constant node
 * that outputs it (PP-OCR keeps every weight in Constant nodes).
 */
export function getTensorProto(model: ModelProto, name: string): TensorProto | undefined {
  const graph = model.graph;
  const init = graph.initializer.find((t) => t.name === name);
  if (init) return init;
  const node = graph.node.find((n) => n.opType === "Constant" && n.output[0] === name);
  const value = node ? attributeOf(node, "value") : undefined;
  return value?.t ?? undefined;
}

/** Read a float32 initializer or Constant tensor by name; undefined if no constant has that name. */
export function getTensor(model: ModelProto, name: string): FloatTensor | undefined {
  const proto = getTensorProto(model, name);
  if (!proto) return undefined;
  if (proto.dataType !== ElemType.FLOAT) {
    throw new Error(`getTensor: tensor "${name}" has ONNX data type ${proto.dataType}, not float32 (1); read it with getTensorProto`);
  }
  const dims = proto.dims.map(toNumber);
  const count = dims.reduce((a, b) => a * b, 1);
  let data: Float32Array;
  if (proto.rawData && proto.rawData.length > 0) {
    // Copy: raw_data may sit at an unaligned offset inside the decoded file buffer.
    const raw = proto.rawData;
    data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  } else {
    data = Float32Array.from(proto.floatData);
  }
  if (data.length !== count) {
    throw new Error(`getTensor: tensor "${name}" holds ${data.length} values but dims [${dims}] need ${count}`);
  }
  return { dims, data };
}

/** Overwrite a float32 initializer or Constant tensor in place (stored as raw_data). */
export function setTensor(model: ModelProto, name: string, dims: number[], data: Float32Array): void {
  const proto = getTensorProto(model, name);
  if (!proto) throw new Error(`setTensor: no initializer or Constant node named "${name}"; use addInitializer to create one`);
  fillFloatTensor(proto, name, dims, data);
}

/** Append a new float32 initializer to the graph. */
export function addInitializer(model: ModelProto, name: string, dims: number[], data: Float32Array): void {
  if (getTensorProto(model, name)) throw new Error(`addInitializer: a constant named "${name}" already exists; use setTensor`);
  const proto = onnx.TensorProto.create({ name });
  fillFloatTensor(proto, name, dims, data);
  model.graph.initializer.push(proto);
}

function fillFloatTensor(proto: TensorProto, name: string, dims: number[], data: Float32Array): void {
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new Error(`tensor "${name}": data has ${data.length} values but dims [${dims}] need ${count}`);
  proto.dataType = ElemType.FLOAT;
  proto.dims = [...dims];
  proto.floatData = [];
  proto.rawData = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/** Bytes a constant tensor takes in the file (raw or typed fields). */
export function tensorByteSize(proto: TensorProto): number {
  if (proto.rawData && proto.rawData.length > 0) return proto.rawData.length;
  return (
    proto.floatData.length * 4 +
    proto.int32Data.length * 4 +
    proto.int64Data.length * 8 +
    proto.doubleData.length * 8 +
    proto.uint64Data.length * 8
  );
}
