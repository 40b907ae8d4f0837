// NODE-ONLY: read and write tensors for `nesa infer --tensor FILE [--out FILE]`: NumPy's .npy format (version 1–3,
// C order, little-endian float32 / float64 / int32 / int64 / uint8) or JSON {dims, type, data}.
import { readFile, writeFile } from "node:fs/promises";
import type { Tensor, TensorDtype } from "@nesa/crypto";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";

const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
const DESCR: Record<string, TensorDtype> = { "<f4": "float32", "<f8": "float64", "<i4": "int32", "<i8": "int64", "|u1": "uint8", "<u1": "uint8" };
const CTOR = { float32: Float32Array, float64: Float64Array, int32: Int32Array, int64: BigInt64Array, uint8: Uint8Array } as const;

const bad = (file: string, why: string, hint: string) => new ClientError(ClientErrorCode.InvalidArgument, `${file}: ${why}`, hint);

/** Parses .npy bytes. */
export function parseNpy(bytes: Uint8Array, file = "tensor.npy"): Tensor {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 10 || !buf.subarray(0, 6).equals(NPY_MAGIC)) throw bad(file, "not a .npy file (no \\x93NUMPY magic)", "write it with numpy.save, or use JSON {dims, type, data}");
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + headerLen).toString(major === 3 ? "utf8" : "latin1");
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shape === undefined) throw bad(file, `unreadable .npy header ${JSON.stringify(header.trim())}`, "write it with numpy.save");
  const dtype = DESCR[descr];
  if (!dtype) throw bad(file, `dtype ${descr} is not supported`, "use float32 (<f4), float64, int32, int64 or uint8, little-endian: x.astype(numpy.float32)");
  if (fortran === "True") throw bad(file, "Fortran-order arrays are not supported", "save numpy.ascontiguousarray(x)");
  const dims = shape.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const Ctor = CTOR[dtype];
  const body = buf.subarray(start + headerLen);
  if (body.length !== count * Ctor.BYTES_PER_ELEMENT) throw bad(file, `${body.length} data bytes, but shape (${dims}) of ${dtype} needs ${count * Ctor.BYTES_PER_ELEMENT}`, "the file is truncated or not C-ordered");
  const copy = new Uint8Array(body); // aligned
  return { dtype, dims, data: new Ctor(copy.buffer, 0, count) } as Tensor;
}

/** Encodes a tensor as .npy version 1.0. */
export function toNpy(t: Tensor): Uint8Array {
  const descr = Object.entries(DESCR).find(([, d]) => d === t.dtype)?.[0] ?? "<f4";
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${t.dims.join(", ")}${t.dims.length === 1 ? "," : ""}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header = `${header}${" ".repeat(pad % 64)}\n`;
  const head = Buffer.alloc(10);
  NPY_MAGIC.copy(head);
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const data = t.data as ArrayBufferView;
  return Buffer.concat([head, Buffer.from(header, "latin1"), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

/** Parses JSON {dims, type, data} (type defaults to float32; data flat, row-major). */
export function parseTensorJson(text: string, file = "tensor.json"): Tensor {
  let j: { dims?: unknown; type?: unknown; dtype?: unknown; data?: unknown };
  try {
    j = JSON.parse(text);
  } catch (err) {
    throw bad(file, `not JSON (${(err as Error).message})`, 'write {"dims": [1, 3], "type": "float32", "data": [0.1, 0.2, 0.3]}');
  }
  const type = (j.type ?? j.dtype ?? "float32") as TensorDtype;
  if (!(type in CTOR)) throw bad(file, `type "${String(type)}" is not supported`, "use float32, float64, int32, int64 or uint8");
  if (!Array.isArray(j.dims) || !j.dims.every((d) => Number.isInteger(d) && d >= 0)) throw bad(file, "dims must be an array of non-negative integers", 'e.g. "dims": [1, 3, 16, 16]');
  if (!Array.isArray(j.data)) throw bad(file, "data must be a flat array of numbers", "flatten it in row-major (C) order");
  const count = (j.dims as number[]).reduce((a, b) => a * b, 1);
  if (j.data.length !== count) throw bad(file, `data has ${j.data.length} values, dims [${j.dims}] need ${count}`, "flatten the whole tensor in row-major order");
  const data = type === "int64" ? BigInt64Array.from(j.data as number[], (v) => BigInt(v)) : CTOR[type].from(j.data as number[]);
  return { dtype: type, dims: j.dims as number[], data } as Tensor;
}

export function tensorToJson(t: Tensor): { dims: number[]; type: TensorDtype; data: number[] } {
  return { dims: [...t.dims], type: t.dtype, data: Array.from(t.data as ArrayLike<number | bigint>, Number) };
}

/** Reads FILE by its extension: .npy, else JSON. */
export async function readTensorFile(file: string): Promise<Tensor> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `cannot read tensor file ${file}`, "pass --tensor FILE.npy or FILE.json", err);
  }
  return file.endsWith(".npy") ? parseNpy(bytes, file) : parseTensorJson(bytes.toString("utf8"), file);
}

/** Writes FILE by its extension: .npy, else JSON. */
export async function writeTensorFile(file: string, t: Tensor): Promise<void> {
  await writeFile(file, file.endsWith(".npy") ? toNpy(t) : `${JSON.stringify(tensorToJson(t))}\n`);
}
