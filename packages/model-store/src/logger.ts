import pino, { type Logger } from "pino";

/** pino JSON lines; pretty output only when a human watches a TTY (and pino-pretty is installed). */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  if (process.stdout.isTTY) {
    return pino({ name, level, transport: { target: "pino-pretty", options: { destination: 2 } } });
  }
  return pino({ name, level }, pino.destination(2));
}

export type { Logger };
