// The subset of CometBFT's query language that tx_search and subscribe accept:
//   cond (AND cond)*   with   cond := key op value | key EXISTS
// Strings are single-quoted; bare numbers are integers (cosmjs quotes only string values, #1462).
import type { SearchCondition } from "../node/types";

export class QueryParseError extends Error {
  constructor(query: string, position: number, problem: string) {
    super(
      `invalid query ${JSON.stringify(query)} at position ${position}: ${problem}. ` +
        `Expected conditions like "message.sender='nesa1…' AND tx.height>=5" joined by AND`,
    );
    this.name = "QueryParseError";
  }
}

export interface ParsedQuery {
  /** Every condition except tm.event, normalised (tx.hash upper-case, tx.height a bigint). */
  conditions: SearchCondition[];
  /** The value of `tm.event='…'` when present (subscriptions use it; tx_search ignores it). */
  eventType?: string;
}

const KEY_CHAR = /[A-Za-z0-9_.\-/:]/;
const WORD_OPS = ["CONTAINS", "EXISTS"] as const;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }
  fail(problem: string): never {
    throw new QueryParseError(this.text, this.pos, problem);
  }
  /** Consumes `word` (case-insensitive) when it stands alone. */
  takeWord(word: string): boolean {
    this.skipSpace();
    const end = this.pos + word.length;
    if (this.text.slice(this.pos, end).toUpperCase() !== word) return false;
    if (end < this.text.length && KEY_CHAR.test(this.text[end])) return false;
    this.pos = end;
    return true;
  }
}

function readKey(c: Cursor): string {
  c.skipSpace();
  const start = c.pos;
  while (c.pos < c.text.length && KEY_CHAR.test(c.text[c.pos])) c.pos++;
  if (c.pos === start) c.fail("expected a key such as tx.height or message.sender");
  return c.text.slice(start, c.pos);
}

function readOp(c: Cursor, key: string): SearchCondition["op"] {
  c.skipSpace();
  for (const op of ["<=", ">=", "=", "<", ">"] as const) {
    if (c.text.startsWith(op, c.pos)) {
      c.pos += op.length;
      return op;
    }
  }
  for (const op of WORD_OPS) if (c.takeWord(op)) return op;
  return c.fail(`expected an operator (=, <, <=, >, >=, CONTAINS, EXISTS) after "${key}"`);
}

function readValue(c: Cursor): string | bigint {
  c.skipSpace();
  const ch = c.text[c.pos];
  if (ch === "'") {
    const close = c.text.indexOf("'", c.pos + 1);
    if (close < 0) c.fail("unterminated string: add the closing single quote");
    const value = c.text.slice(c.pos + 1, close);
    c.pos = close + 1;
    return value;
  }
  if (c.takeWord("TIME") || c.takeWord("DATE")) c.fail("TIME and DATE values are not supported");
  const match = /^-?\d+(\.\d+)?/.exec(c.text.slice(c.pos));
  if (!match) c.fail("expected a value: a 'quoted string' or a bare integer");
  if (match[1]) c.fail(`bare number ${match[0]} is not an integer: quote it as a string`);
  c.pos += match[0].length;
  return BigInt(match[0]);
}

function normalise(cond: SearchCondition, c: Cursor): SearchCondition {
  if (cond.key === "tx.hash" && typeof cond.value === "string") {
    return { ...cond, value: cond.value.toUpperCase() };
  }
  if (cond.key === "tx.height" && cond.op !== "EXISTS" && typeof cond.value === "string") {
    if (!/^\d+$/.test(cond.value)) c.fail(`tx.height must be an integer, got '${cond.value}'`);
    return { ...cond, value: BigInt(cond.value) };
  }
  return cond;
}

export function parseQuery(query: string): ParsedQuery {
  if (typeof query !== "string" || query.trim() === "") {
    throw new QueryParseError(String(query), 0, "the query is empty");
  }
  const c = new Cursor(query);
  const conditions: SearchCondition[] = [];
  let eventType: string | undefined;
  for (;;) {
    const key = readKey(c);
    const op = readOp(c, key);
    const value = op === "EXISTS" ? "" : readValue(c);
    if (key === "tm.event") {
      if (op !== "=" || typeof value !== "string") c.fail("tm.event only supports tm.event='Tx' or 'NewBlock'");
      eventType = value as string;
    } else {
      conditions.push(normalise({ key, op, value }, c));
    }
    if (c.atEnd()) break;
    if (!c.takeWord("AND")) c.fail("expected AND between conditions (OR is not supported)");
  }
  return { conditions, eventType };
}
