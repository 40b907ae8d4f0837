// Errors as the page shows them: what happened and what to do, in words (never a stack trace). SDK and chain
// errors carry {codespace, code, shortMessage, details}; the common ones get a plainer explanation.
import { isNesaError } from "@nesa/client";

export type Explained = { title: string; todo: string };

export const UNFUNDED: Explained = {
  title: "This account cannot pay for the query: its balance is too low.",
  todo: "Pick a funded test account on the Wallet page, or send this account some unes first. Nothing was paid.",
};

// cosmjs says "Account '…' does not exist on chain" for an address that never received tokens.
const UNFUNDED_TEXT = /insufficient (funds|fee)|spendable balance|smaller than|does not exist on chain/i;
const NO_MINER_TEXT = /no (eligible|active|available)? ?miners?|not enough miners|no miner/i;

export function explain(err: unknown): Explained {
  if (isNesaError(err)) {
    const text = `${err.shortMessage} ${err.details ?? ""}`;
    if (UNFUNDED_TEXT.test(text)) return UNFUNDED;
    if (NO_MINER_TEXT.test(text)) {
      return { title: `No miner serves this model right now (${err.shortMessage}).`, todo: "Pick another model, or start miners that serve it (nesa-miner serve --models …). The fee is refunded when a query times out." };
    }
    return { title: err.shortMessage, todo: err.details ? String(err.details) : `error ${err.codespace}/${err.code}: retry, or check the localnet's logs` };
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/Failed to fetch|NetworkError|socket|ECONNREFUSED/i.test(message)) {
    return { title: "The page cannot reach the localnet.", todo: "Is it running? Start it with localnet/start --home DIR, then reload this page." };
  }
  if (UNFUNDED_TEXT.test(message)) return UNFUNDED;
  // First line only: no stack trace.
  return { title: message.split("\n")[0].slice(0, 300), todo: "Retry; if it persists, look at the localnet's logs (DIR/logs)." };
}
