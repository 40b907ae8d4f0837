import { describe, expect, it } from "vitest";
import { parseQuery, QueryParseError } from "./query-parser";

describe("parseQuery", () => {
  it("parses what cosmjs getTx sends and upper-cases the hash", () => {
    const q = parseQuery("tx.hash='ab12cd'");
    expect(q.conditions).toEqual([{ key: "tx.hash", op: "=", value: "AB12CD" }]);
    expect(q.eventType).toBeUndefined();
  });

  it("parses height ranges with bare numbers as bigints", () => {
    const q = parseQuery("tx.height>=5 AND tx.height<=9");
    expect(q.conditions).toEqual([
      { key: "tx.height", op: ">=", value: 5n },
      { key: "tx.height", op: "<=", value: 9n },
    ]);
  });

  it("turns a quoted tx.height into a bigint too", () => {
    expect(parseQuery("tx.height='12'").conditions[0].value).toBe(12n);
  });

  it("separates tm.event and keeps event attribute conditions", () => {
    const q = parseQuery("tm.event='Tx' AND message.sender='nesa1abc' AND transfer.amount CONTAINS 'unes'");
    expect(q.eventType).toBe("Tx");
    expect(q.conditions).toEqual([
      { key: "message.sender", op: "=", value: "nesa1abc" },
      { key: "transfer.amount", op: "CONTAINS", value: "unes" },
    ]);
  });

  it("supports EXISTS, < and > with and without spaces, and lower-case and", () => {
    const q = parseQuery("inference.query_id EXISTS and tx.height < 10 AND tx.height>2");
    expect(q.conditions).toEqual([
      { key: "inference.query_id", op: "EXISTS", value: "" },
      { key: "tx.height", op: "<", value: 10n },
      { key: "tx.height", op: ">", value: 2n },
    ]);
  });

  it("keeps spaces and operators inside quoted strings", () => {
    const q = parseQuery("memo.text='a = b AND c'");
    expect(q.conditions[0].value).toBe("a = b AND c");
  });

  it.each([
    ["", /empty/],
    ["tx.height", /expected an operator/],
    ["tx.height=", /expected a value/],
    ["message.sender='abc", /unterminated/],
    ["a.b='x' OR c.d='y'", /expected AND/],
    ["tx.height=1.5", /not an integer/],
    ["tx.height='abc'", /tx.height must be an integer/],
    ["block.time > TIME 2020-01-01T00:00:00Z", /TIME and DATE/],
    ["tm.event EXISTS", /tm.event only supports/],
  ])("rejects %j with a message that says what is wrong", (query, message) => {
    expect(() => parseQuery(query)).toThrow(QueryParseError);
    expect(() => parseQuery(query)).toThrow(message);
  });
});
