import { ElemType, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto, onnx } from "../onnx/proto";

/** A node attribute, tagged by ONNX kind (a bare number cannot say whether 1 is an int or a float). */
export type Attr = { i: number } | { f: number } | { ints: number[] };

/** A dimension: a fixed size or a symbolic name (Optimum's "batch_size", "sequence_length", …). */
export type Dim = number | string;

const ATTR = onnx.AttributeProto.AttributeType;

/** Typed graph input/output declaration. */
export function tensorInfo(name: string, elemType: number, dims: Dim[]): ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  }) as ValueInfoProto;
}

/**
 * Collects nodes and initializers for one ONNX graph. Every tensor is named by the caller
 * ("blocks.0.attn.scores"), so a graph dump reads like the model's source; helper constants live
 * under `const.*` and are shared by name.
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly initNames = new Set<string>();

  /** Add a one-output node and return its output name. */
  op(opType: string, inputs: string[], output: string, attrs: Record<string, Attr> = {}): string {
    return this.opMulti(opType, inputs, [output], attrs)[0];
  }

  /** Add a node with several outputs (Split). */
  opMulti(opType: string, inputs: string[], outputs: string[], attrs: Record<string, Attr> = {}): string[] {
    const attribute = Object.entries(attrs).map(([name, a]) =>
      "i" in a
        ? onnx.AttributeProto.create({ name, type: ATTR.INT, i: a.i })
        : "f" in a
          ? onnx.AttributeProto.create({ name, type: ATTR.FLOAT, f: a.f })
          : onnx.AttributeProto.create({ name, type: ATTR.INTS, ints: a.ints }),
    );
    this.nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: outputs, name: `${outputs[0]}/${opType}`, attribute }) as unknown as NodeProto);
    return outputs;
  }

  /** A float32 initializer (a weight), copied so later edits of the source array cannot change the model. */
  floatInit(name: string, dims: number[], data: Float32Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (data.length !== count) throw new Error(`GraphBuilder: initializer "${name}" has ${data.length} values but dims [${dims}] need ${count}`);
    const raw = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    return this.addInit(onnx.TensorProto.create({ name, dataType: ElemType.FLOAT, dims, rawData: raw }));
  }

  /** A shared float32 scalar constant `const.<key>`. */
  floatScalar(key: string, value: number): string {
    const name = `const.${key}`;
    if (this.initNames.has(name)) return name;
    return this.addInit(onnx.TensorProto.create({ name, dataType: ElemType.FLOAT, dims: [], floatData: [value] }));
  }

  /** A shared int64 constant `const.<key>` (a 1-D list, or a scalar when `scalar`). */
  int64Const(key: string, values: number[], scalar = false): string {
    const name = `const.${key}`;
    if (this.initNames.has(name)) return name;
    if (scalar && values.length !== 1) throw new Error(`GraphBuilder: scalar constant "${name}" needs exactly one value`);
    return this.addInit(onnx.TensorProto.create({ name, dataType: ElemType.INT64, dims: scalar ? [] : [values.length], int64Data: values }));
  }

  /** Wrap the graph in an opset-17, IR-8 model with string metadata. */
  toModel(name: string, inputs: ValueInfoProto[], outputs: ValueInfoProto[], metadata: Record<string, string>): ModelProto {
    return onnx.ModelProto.create({
      irVersion: 8,
      producerName: "nesa-models lm",
      producerVersion: "1",
      opsetImport: [onnx.OperatorSetIdProto.create({ domain: "", version: 17 })],
      metadataProps: Object.entries(metadata).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
      graph: onnx.GraphProto.create({ name, node: this.nodes, initializer: this.initializers, input: inputs, output: outputs }),
    }) as unknown as ModelProto;
  }

  private addInit(created: unknown): string {
    const proto = created as TensorProto;
    if (this.initNames.has(proto.name)) throw new Error(`GraphBuilder: initializer "${proto.name}" added twice`);
    this.initNames.add(proto.name);
    this.initializers.push(proto);
    return proto.name;
  }
}
