// cosmos-sdk LegacyDec strings ("0.334000000000000000") as bigint fixed point with 18 decimals, and
// RFC3339 header times as proto Timestamps, both without floats or the clock.
import type { Timestamp } from "cosmjs-types/google/protobuf/timestamp";

export const DEC_ONE = 10n ** 18n;

/** Parses a non-negative decimal string with at most 18 fractional digits; undefined if malformed. */
export function parseDec(s: string): bigint | undefined {
  const m = /^(\d{1,30})(?:\.(\d{1,18}))?$/.exec(s);
  if (!m) return undefined;
  return BigInt(m[1]) * DEC_ONE + BigInt((m[2] ?? "").padEnd(18, "0"));
}

/** The SDK's LegacyDec.String(): 18 fractional digits. */
export function formatDec(v: bigint): string {
  const int = v / DEC_ONE;
  const frac = (v % DEC_ONE).toString().padStart(18, "0");
  return `${int}.${frac}`;
}

/** LegacyDec as gogoproto puts it on the wire of v1beta1 TallyParams (bytes of the scaled integer). */
export function decWireBytes(v: bigint): Uint8Array {
  return new TextEncoder().encode(v.toString());
}

const DAYS_BEFORE_MONTH = [0n, 31n, 59n, 90n, 120n, 151n, 181n, 212n, 243n, 273n, 304n, 334n];

function isLeap(y: bigint): boolean {
  return (y % 4n === 0n && y % 100n !== 0n) || y % 400n === 0n;
}

/** RFC3339 UTC ("2024-01-02T03:04:05.123456789Z") → Timestamp, by integer calendar arithmetic. */
export function timestampOf(rfc3339: string): Timestamp {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(rfc3339);
  if (!m) return { seconds: 0n, nanos: 0 };
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => BigInt(x));
  let days = (y - 1970n) * 365n;
  for (let yy = 1970n; yy < y; yy++) if (isLeap(yy)) days += 1n;
  days += DAYS_BEFORE_MONTH[Number(mo - 1n)] + (mo > 2n && isLeap(y) ? 1n : 0n) + d - 1n;
  const seconds = ((days * 24n + h) * 60n + mi) * 60n + s;
  return { seconds, nanos: Number((m[7] ?? "").padEnd(9, "0")) };
}

export function addSeconds(t: Timestamp, seconds: bigint): Timestamp {
  return { seconds: t.seconds + seconds, nanos: t.nanos };
}
