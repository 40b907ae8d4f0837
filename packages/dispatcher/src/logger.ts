import { type Logger, pino } from "pino";

/** pino JSON lines on stderr; pretty-printed when stderr is a terminal. */
export function createLogger(name = "nesa-dispatcher", level = process.env.LOG_LEVEL ?? "info"): Logger {
  if (process.stderr.isTTY) return pino({ name, level, transport: { target: "pino-pretty", options: { destination: 2 } } });
  return pino({ name, level }, pino.destination(2));
}

export type { Logger };
