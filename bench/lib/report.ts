// The one result shape every benchmark returns, and how the runner prints it: a readable table,
// then (with --json) one JSON object as the LAST stdout line for scripts and CI.

export interface Goal {
  figure: string;
  value: number;
  op: "<=" | ">=";
  target: number;
}

export interface BenchResult {
  name: string;
  /** Medians, ratios and the baseline, keyed by a name with its unit (e.g. committed_tx_per_s). */
  figures: Record<string, number>;
  goals: Goal[];
}

export interface BenchContext {
  json: boolean;
  /** Progress lines go to stderr so stdout stays parseable. */
  log(message: string): void;
  /** The benchmark's own options, after its name: `pnpm bench chain --engine cometbft` → ["--engine", "cometbft"]. */
  args: string[];
}

export function goal(figures: Record<string, number>, figure: string, op: Goal["op"], target: number): Goal {
  const value = figures[figure];
  if (value === undefined) throw new Error(`goal on unknown figure ${figure}`);
  return { figure, value, op, target };
}

export function goalMet(g: Goal): boolean {
  return g.op === ">=" ? g.value >= g.target : g.value <= g.target;
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3);
}

export function formatReport(r: BenchResult): string {
  const lines = [`benchmark ${r.name}`];
  const width = Math.max(...Object.keys(r.figures).map((k) => k.length), 10);
  for (const [k, v] of Object.entries(r.figures)) lines.push(`  ${k.padEnd(width)}  ${fmt(v)}`);
  for (const g of r.goals) {
    lines.push(`  goal ${g.figure} ${g.op} ${fmt(g.target)}: ${fmt(g.value)} ${goalMet(g) ? "MET" : "MISSED"}`);
  }
  return lines.join("\n");
}

export function printReport(r: BenchResult, json: boolean): void {
  process.stdout.write(`${formatReport(r)}\n`);
  if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
}
