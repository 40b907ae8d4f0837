import { readFileSync, writeFileSync } from "node:fs";
import { endianness } from "node:os";

/** One dense float32 tensor by name, row-major. */
export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}

/** Tensors by name, in file order. */
export type TensorMap = Map<string, NamedTensor>;

// Typed arrays use the host byte order and safetensors is little-endian; every platform Node ships on
// today is little-endian, so we refuse rather than silently byte-swap wrong on an exotic one.
function assertLittleEndianHost(): void {
  if (endianness() !== "LE") throw new Error("safetensors: this host is big-endian; byte swapping is not implemented");
}

/**
 * Decode a safetensors file (u64 LE header length, JSON header, raw LE data). Only F32 tensors are
 * accepted: the trainer writes float32 and a silent up-cast of F16/BF16 would hide a wrong export.
 * @example const weights = readSafetensors("runs/tiny/weights.safetensors");
 */
export function readSafetensors(pathOrBytes: string | Uint8Array): TensorMap {
  assertLittleEndianHost();
  const where = typeof pathOrBytes === "string" ? pathOrBytes : `${pathOrBytes.length} bytes`;
  const bytes = typeof pathOrBytes === "string" ? readOrExplain(pathOrBytes) : pathOrBytes;
  if (bytes.length < 8) throw new Error(`readSafetensors: ${where} is shorter than the 8-byte header length`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    throw new Error(`readSafetensors: ${where} declares a ${headerLength}-byte header but has only ${bytes.length - 8} bytes after the length`);
  }
  const dataStart = 8 + Number(headerLength);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, dataStart)));
  } catch (err) {
    throw new Error(`readSafetensors: ${where} has a header that is not JSON (${(err as Error).message})`, { cause: err });
  }
  const dataLength = bytes.length - dataStart;
  const out: TensorMap = new Map();
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const { dtype, shape, data_offsets: offsets } = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (dtype !== "F32") throw new Error(`readSafetensors: tensor "${name}" is ${JSON.stringify(dtype)}; only F32 is supported`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`readSafetensors: tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(Number.isInteger)) {
      throw new Error(`readSafetensors: tensor "${name}" has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [start, end] = offsets as number[];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (start < 0 || end > dataLength || end - start !== count * 4) {
      throw new Error(`readSafetensors: tensor "${name}" spans bytes [${start}, ${end}) of ${dataLength}, but shape [${shape}] needs ${count * 4}`);
    }
    // Copy: the data section may start at an offset that is not a multiple of 4.
    const raw = bytes.slice(dataStart + start, dataStart + end);
    out.set(name, { shape: [...(shape as number[])], data: new Float32Array(raw.buffer, raw.byteOffset, count) });
  }
  return out;
}

/**
 * Encode tensors as safetensors bytes, in map order. The header is padded with spaces to a multiple of
 * 8 bytes, as the reference implementation does, so the data section stays aligned.
 */
export function encodeSafetensors(tensors: TensorMap, metadata?: Record<string, string>): Uint8Array {
  assertLittleEndianHost();
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, { shape, data }] of tensors) {
    const count = shape.reduce((a, b) => a * b, 1);
    if (data.length !== count) throw new Error(`encodeSafetensors: tensor "${name}" has ${data.length} values but shape [${shape}] needs ${count}`);
    header[name] = { dtype: "F32", shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (new TextEncoder().encode(json).length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const { data } of tensors.values()) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return out;
}

/** Write tensors to a .safetensors file (tests and fixtures; the trainer writes the real one). */
export function writeSafetensors(tensors: TensorMap, path: string, metadata?: Record<string, string>): void {
  writeFileSync(path, encodeSafetensors(tensors, metadata));
}

function readOrExplain(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`readSafetensors: cannot read ${path} (${(err as NodeJS.ErrnoException).code})`, { cause: err });
  }
}
