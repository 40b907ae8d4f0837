// Small statistics for benchmarks: medians of repeated runs, tail latencies.

function sorted(values: number[], what: string): number[] {
  if (values.length === 0) throw new Error(`${what}: needs at least one value`);
  return [...values].sort((a, b) => a - b);
}

/** Median (mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const s = sorted(values, "median");
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile, p in (0, 100]. */
export function percentile(values: number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new Error(`percentile: p must be in (0, 100], got ${p}`);
  const s = sorted(values, "percentile");
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

export function p95(values: number[]): number {
  return percentile(values, 95);
}

export function mean(values: number[]): number {
  return sorted(values, "mean").reduce((a, b) => a + b, 0) / values.length;
}

/** Runs `fn` `runs` times (sequentially) and returns every result. */
export async function repeat<T>(runs: number, fn: (run: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn(i));
  return out;
}
