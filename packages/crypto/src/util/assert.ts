// Boundary checks in the noble style: every public function validates its inputs and the error names the
// argument, so a caller on the chain, the miner or the client sees which field was wrong.

const U64_MAX = (1n << 64n) - 1n;

export function assertBytes(name: string, value: unknown, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name}: expected Uint8Array, got ${describe(value)}`);
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name}: expected ${length} bytes, got ${value.length}`);
  }
}

export function assertBytesMin(name: string, value: unknown, minLength: number): asserts value is Uint8Array {
  assertBytes(name, value);
  if (value.length < minLength) throw new RangeError(`${name}: expected at least ${minLength} bytes, got ${value.length}`);
}

/** A non-negative safe integer below `max` (exclusive) when given; u32 fields use max = 2^32. */
export function assertUint(name: string, value: unknown, max = 2 ** 32): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value >= max) {
    throw new RangeError(`${name}: expected an integer in [0, ${max}), got ${describe(value)}`);
  }
}

export function assertPositiveInt(name: string, value: unknown, max = 2 ** 32): asserts value is number {
  assertUint(name, value, max);
  if (value === 0) throw new RangeError(`${name}: expected a positive integer, got 0`);
}

export function assertU64(name: string, value: unknown): asserts value is bigint {
  if (typeof value !== "bigint" || value < 0n || value > U64_MAX) {
    throw new RangeError(`${name}: expected a bigint in [0, 2^64), got ${describe(value)}`);
  }
}

export function assertString(name: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${name}: expected a non-empty string, got ${describe(value)}`);
  }
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "number" || typeof value === "boolean" || value === undefined) return String(value);
  return typeof value;
}
