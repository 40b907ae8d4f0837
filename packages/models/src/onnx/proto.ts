import onnxProto from "onnx-proto";
import type { onnx as Onnx } from "onnx-proto";

// onnx-proto is a CommonJS static protobufjs module (ONNX 1.10 schema); Node's ESM loader
// cannot see its named exports, so we take the namespace from the default export once, here.
export const onnx: typeof Onnx = onnxProto.onnx;

// The generated classes type nested messages as optional interfaces (IGraphProto | null …), but a
// decoded message always has its repeated fields and nested classes filled in. These aliases say so,
// which keeps `?.` and `!` out of every graph walk.
export type TensorProto = Onnx.TensorProto;
export type ValueInfoProto = Onnx.ValueInfoProto;
export interface AttributeProto extends Omit<Onnx.AttributeProto, "t"> {
  t: TensorProto | null;
}
export interface NodeProto extends Omit<Onnx.NodeProto, "attribute"> {
  attribute: AttributeProto[];
}
export interface GraphProto
  extends Omit<Onnx.GraphProto, "node" | "initializer" | "input" | "output" | "valueInfo"> {
  node: NodeProto[];
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  valueInfo: ValueInfoProto[];
}
/** A decoded model; `loadOnnx` guarantees the graph is present. */
export interface ModelProto extends Omit<Onnx.ModelProto, "graph"> {
  graph: GraphProto;
}

/** ONNX TensorProto.DataType codes used by this project. */
export const ElemType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  DOUBLE: 11,
} as const;

const ELEM_TYPE_NAMES: Record<number, string> = {
  1: "float32",
  2: "uint8",
  3: "int8",
  4: "uint16",
  5: "int16",
  6: "int32",
  7: "int64",
  8: "string",
  9: "bool",
  10: "float16",
  11: "float64",
  12: "uint32",
  13: "uint64",
};

/** Human/runtime name of an ONNX element type ("float32", "int64", …), as onnxruntime spells it. */
export function elemTypeName(elemType: number): string {
  const name = ELEM_TYPE_NAMES[elemType];
  if (!name) throw new Error(`unknown ONNX element type ${elemType}: expected one of ${Object.keys(ELEM_TYPE_NAMES).join(", ")}`);
  return name;
}

/** Byte width of one element of an ONNX element type (0 for strings). */
export function elemTypeBytes(elemType: number): number {
  const widths: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 8: 0, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8 };
  return widths[elemType] ?? 0;
}

/** protobufjs decodes int64 fields as Long objects; everything in our models fits in a double. */
export function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === "number" ? value : value.toNumber();
}
