// How every command prints: JSON (bigint as decimal strings, bytes as hex) with --json, text otherwise; errors
// as one line plus what to do next, and exit code 1.
import { NesaError } from "../errors/nesa-error";

export function toJsonText(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === "bigint") return v.toString();
      if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
      return v;
    },
    2,
  );
}

export function printJson(value: unknown): void {
  process.stdout.write(`${toJsonText(value)}\n`);
}

/** Prints an error for humans (stderr) or as {"error": …} (stdout with --json) and sets exit code 1. */
export function reportError(err: unknown, json: boolean): void {
  process.exitCode = 1;
  const data =
    err instanceof NesaError
      ? err.toJSON()
      : { name: (err as Error)?.name ?? "Error", codespace: "unknown", code: 1, shortMessage: (err as Error)?.message ?? String(err) };
  if (json) {
    printJson({ error: data });
    return;
  }
  process.stderr.write(`error: ${data.shortMessage}${data.codespace !== "unknown" ? ` [${data.codespace}/${data.code}]` : ""}\n`);
  if ("details" in data && data.details) process.stderr.write(`  ${data.details.replaceAll("\n", "\n  ")}\n`);
  if (process.env.NESA_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
}

/** Left-aligned text table. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}
