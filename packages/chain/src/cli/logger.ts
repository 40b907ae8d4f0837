// One JSON line per event; pretty lines when a human watches (stdout is a TTY).
import pino, { type Logger } from "pino";

export function cliLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  if (process.stdout.isTTY) {
    return pino({ level, transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } } });
  }
  return pino({ level });
}
