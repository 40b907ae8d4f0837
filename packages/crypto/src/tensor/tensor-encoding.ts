// Canonical bytes of a tensor, so two miners holding the same values produce the same digest on any platform:
// magic ‖ dtype tag ‖ u32be(rank) ‖ u32be(dim)… ‖ elements little-endian (the in-memory order of every common
// CPU and of ONNX raw_data, written through DataView so big-endian hosts agree too).
import { sha256 } from "@noble/hashes/sha2.js";
import { assertBytes } from "../util/assert";
import { DTYPES, MAX_RANK, type Tensor, type TensorDtype, assertTensor, elementCount } from "./tensor-types";

/** "NTS1": Nesa tensor, encoding version 1. */
export const TENSOR_MAGIC = Uint8Array.of(0x4e, 0x54, 0x53, 0x31);

export function encodeTensor(t: Tensor): Uint8Array {
  assertTensor("tensor", t);
  const { bytes } = DTYPES[t.dtype];
  const header = TENSOR_MAGIC.length + 1 + 4 + 4 * t.dims.length;
  const out = new Uint8Array(header + bytes * t.data.length);
  const view = new DataView(out.buffer);
  out.set(TENSOR_MAGIC, 0);
  let o = TENSOR_MAGIC.length;
  view.setUint8(o++, DTYPES[t.dtype].tag);
  view.setUint32(o, t.dims.length, false);
  o += 4;
  for (const d of t.dims) {
    view.setUint32(o, d, false);
    o += 4;
  }
  writeElements(view, o, t);
  return out;
}

function writeElements(view: DataView, offset: number, t: Tensor): void {
  let o = offset;
  switch (t.dtype) {
    case "float32":
      for (let i = 0; i < t.data.length; i++, o += 4) view.setFloat32(o, t.data[i], true);
      return;
    case "float64":
      for (let i = 0; i < t.data.length; i++, o += 8) view.setFloat64(o, t.data[i], true);
      return;
    case "int32":
      for (let i = 0; i < t.data.length; i++, o += 4) view.setInt32(o, t.data[i], true);
      return;
    case "int64":
      for (let i = 0; i < t.data.length; i++, o += 8) view.setBigInt64(o, t.data[i], true);
      return;
    case "uint8":
      new Uint8Array(view.buffer, view.byteOffset + o, t.data.length).set(t.data);
      return;
  }
}

/** Inverse of `encodeTensor`; rejects any byte string that is not exactly one canonical encoding. */
export function decodeTensor(bytes: Uint8Array): Tensor {
  assertBytes("bytes", bytes);
  const fail = (why: string): never => {
    throw new Error(`bytes: not a canonical tensor encoding (${why})`);
  };
  if (bytes.length < TENSOR_MAGIC.length + 5) fail("too short");
  if (!TENSOR_MAGIC.every((b, i) => bytes[i] === b)) fail("bad magic");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = TENSOR_MAGIC.length;
  const tag = view.getUint8(o++);
  const dtype = (Object.keys(DTYPES) as TensorDtype[]).find((d) => DTYPES[d].tag === tag) ?? fail(`tag ${tag}`);
  const rank = view.getUint32(o, false);
  o += 4;
  if (rank > MAX_RANK || bytes.length < o + 4 * rank) fail(`rank ${rank}`);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++, o += 4) dims.push(view.getUint32(o, false));
  const count = elementCount(dims);
  const width = DTYPES[dtype].bytes;
  if (bytes.length !== o + count * width) fail(`expected ${o + count * width} bytes, got ${bytes.length}`);
  switch (dtype) {
    case "float32":
      return { dtype, dims, data: Float32Array.from({ length: count }, (_, i) => view.getFloat32(o + 4 * i, true)) };
    case "float64":
      return { dtype, dims, data: Float64Array.from({ length: count }, (_, i) => view.getFloat64(o + 8 * i, true)) };
    case "int32":
      return { dtype, dims, data: Int32Array.from({ length: count }, (_, i) => view.getInt32(o + 4 * i, true)) };
    case "int64":
      return { dtype, dims, data: BigInt64Array.from({ length: count }, (_, i) => view.getBigInt64(o + 8 * i, true)) };
    case "uint8":
      return { dtype, dims, data: bytes.slice(o) };
  }
}

/** sha256 of the canonical encoding: the digest miners commit to and the data plane stores tensors under. */
export function tensorDigest(t: Tensor): Uint8Array {
  return sha256(encodeTensor(t));
}
