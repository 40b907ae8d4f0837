import { pino } from "pino";

/**
 * One JSON line per event; human-readable (pino-pretty) when stdout is a terminal. Logs go to
 * stderr so `--json` output on stdout stays machine-readable.
 */
export function createLogger(name = "nesa-models") {
  const level = process.env.LOG_LEVEL ?? "info";
  if (process.stderr.isTTY) {
    return pino({ name, level, transport: { target: "pino-pretty", options: { destination: 2, colorize: true } } });
  }
  return pino({ name, level }, pino.destination(2));
}

export type Logger = ReturnType<typeof createLogger>;
