import pino, { type Logger } from "pino";

/**
 * pino JSON lines on stderr (pretty on a TTY). The key material never reaches a log call, and `redact` is a
 * second line of defence should a config or key object be logged by mistake.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  const redact = { paths: ["mnemonic", "*.mnemonic", "encryptionKey", "*.encryptionKey", "privateKey"], censor: "[redacted]" };
  if (process.stderr.isTTY) {
    return pino({ name, level, redact, transport: { target: "pino-pretty", options: { destination: 2 } } });
  }
  return pino({ name, level, redact }, pino.destination(2));
}

export type { Logger };
