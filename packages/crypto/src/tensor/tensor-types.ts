// The tensor shape shared by miners and client: a dtype tag, dims, and a typed array of the elements.
import { describe } from "../util/assert";

export type TensorDtype = "float32" | "float64" | "int32" | "int64" | "uint8";

export type TensorDataOf = {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
};

export type Tensor = { [D in TensorDtype]: { dtype: D; dims: readonly number[]; data: TensorDataOf[D] } }[TensorDtype];

/** Tag byte and element width per dtype; the tags are part of the canonical encoding and never renumbered. */
export const DTYPES: Readonly<Record<TensorDtype, { tag: number; bytes: number; integer: boolean }>> = Object.freeze({
  float32: { tag: 1, bytes: 4, integer: false },
  int32: { tag: 2, bytes: 4, integer: true },
  int64: { tag: 3, bytes: 8, integer: true },
  float64: { tag: 4, bytes: 8, integer: false },
  uint8: { tag: 5, bytes: 1, integer: true },
});

const ARRAY_TYPES: Record<TensorDtype, { new (length: number): ArrayLike<unknown>; name: string }> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
};

export const MAX_RANK = 16;

/** Checks dtype, dims (u32 each) and that data is the matching typed array with product(dims) elements. */
export function assertTensor(name: string, t: unknown): asserts t is Tensor {
  if (typeof t !== "object" || t === null) throw new TypeError(`${name}: expected a tensor object, got ${describe(t)}`);
  const { dtype, dims, data } = t as { dtype: unknown; dims: unknown; data: unknown };
  if (typeof dtype !== "string" || !(dtype in DTYPES)) {
    throw new TypeError(`${name}.dtype: expected one of ${Object.keys(DTYPES).join(", ")}, got ${describe(dtype)}`);
  }
  if (!Array.isArray(dims) || dims.length > MAX_RANK) {
    throw new TypeError(`${name}.dims: expected an array of at most ${MAX_RANK} sizes, got ${describe(dims)}`);
  }
  let count = 1;
  for (const [i, d] of dims.entries()) {
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0 || d >= 2 ** 32) {
      throw new RangeError(`${name}.dims[${i}]: expected an integer in [0, 2^32), got ${describe(d)}`);
    }
    count *= d;
  }
  if (!(data instanceof ARRAY_TYPES[dtype as TensorDtype])) {
    throw new TypeError(`${name}.data: expected ${ARRAY_TYPES[dtype as TensorDtype].name} for ${dtype}`);
  }
  if ((data as ArrayLike<unknown>).length !== count) {
    throw new RangeError(
      `${name}.data: dims [${dims.join(", ")}] need ${count} elements, got ${(data as ArrayLike<unknown>).length}`,
    );
  }
}

export const elementCount = (dims: readonly number[]) => dims.reduce((n, d) => n * d, 1);
