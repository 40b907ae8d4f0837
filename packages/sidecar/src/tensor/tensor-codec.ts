// Canonical tensor bytes: what the data plane stores and what the output digest is taken over. @nesa/crypto has
// no tensor encoding yet, so it is defined here; one encoding per tensor, so equal tensors have equal digests.
//
//   "NTS1" | u8 dtype | u8 rank | rank × u32 big-endian dims | elements, little-endian
import { createHash } from "node:crypto";

export type TensorDType = "float32" | "int32" | "int64";
export type Tensor = {
  dtype: TensorDType;
  dims: number[];
  data: Float32Array | Int32Array | BigInt64Array;
};

const MAGIC = [0x4e, 0x54, 0x53, 0x31]; // "NTS1"
const DTYPES: TensorDType[] = ["float32", "int32", "int64"];
const ELEM_BYTES: Record<TensorDType, number> = { float32: 4, int32: 4, int64: 8 };
const MAX_RANK = 8;

export function encodeTensor(t: Tensor): Buffer {
  const code = DTYPES.indexOf(t.dtype);
  if (code < 0) throw new TypeError(`tensor.dtype: expected one of ${DTYPES.join(", ")}, got ${t.dtype}`);
  if (t.dims.length > MAX_RANK) throw new RangeError(`tensor.dims: rank ${t.dims.length} > ${MAX_RANK}`);
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (count !== t.data.length) throw new RangeError(`tensor: dims [${t.dims}] need ${count} elements, data has ${t.data.length}`);
  const header = Buffer.alloc(6 + 4 * t.dims.length);
  header.set(MAGIC, 0);
  header[4] = code;
  header[5] = t.dims.length;
  t.dims.forEach((d, i) => header.writeUInt32BE(d, 6 + 4 * i));
  const body = Buffer.alloc(count * ELEM_BYTES[t.dtype]);
  // Explicit little-endian writes: the bytes (and so the digest) do not depend on the host's byte order.
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (t.dtype === "float32") t.data.forEach((v, i) => view.setFloat32(4 * i, v as number, true));
  else if (t.dtype === "int32") t.data.forEach((v, i) => view.setInt32(4 * i, v as number, true));
  else t.data.forEach((v, i) => view.setBigInt64(8 * i, v as bigint, true));
  return Buffer.concat([header, body]);
}

export function decodeTensor(bytes: Uint8Array): Tensor {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 6 || !MAGIC.every((m, i) => buf[i] === m)) throw new TypeError("tensor bytes: missing NTS1 header");
  const dtype = DTYPES[buf[4]];
  if (!dtype) throw new TypeError(`tensor bytes: unknown dtype code ${buf[4]}`);
  const rank = buf[5];
  if (rank > MAX_RANK || buf.length < 6 + 4 * rank) throw new TypeError(`tensor bytes: bad rank ${rank}`);
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(6 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  const start = 6 + 4 * rank;
  if (buf.length !== start + count * ELEM_BYTES[dtype]) {
    throw new TypeError(`tensor bytes: dims [${dims}] need ${count * ELEM_BYTES[dtype]} data bytes, got ${buf.length - start}`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset + start, buf.length - start);
  if (dtype === "float32") return { dtype, dims, data: Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true)) };
  if (dtype === "int32") return { dtype, dims, data: Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i, true)) };
  const data = new BigInt64Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getBigInt64(8 * i, true);
  return { dtype, dims, data };
}

/** Hex sha256 of the canonical encoding: the tensor's data-plane key and its output digest. */
export function digestOfEncoded(encoded: Uint8Array): string {
  return createHash("sha256").update(encoded).digest("hex");
}
