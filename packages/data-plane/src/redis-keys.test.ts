import { describe, expect, it } from "vitest";
import { RedisKeys, jobId, shareJobId } from "./redis-keys";

const seat = { queryId: "42", shard: 1, replica: 2 };

/** What Redis Cluster hashes of a key: the text between the first `{` and the next `}`, when not empty. */
function hashTag(key: string): string | undefined {
  const open = key.indexOf("{");
  const close = open < 0 ? -1 : key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : undefined;
}
const digest = "ab".repeat(32);

describe("RedisKeys", () => {
  const keys = new RedisKeys("nesa");

  it("lays out every key under the prefix, as the dispatcher, miners and clients read them", () => {
    expect({
      bullPrefix: keys.bullPrefix,
      pendingReveal: keys.pendingReveal(seat),
      tensor: keys.tensor(digest),
      result: keys.result(seat),
      hssUpload: keys.hssUpload("42", 2),
      hssPartials: keys.hssPartials({ ...seat, shard: 0 }),
      genInbox: keys.genInbox(seat),
      genTokens: keys.genTokens("42", 2),
    }).toEqual({
      bullPrefix: "nesa:bull",
      pendingReveal: "nesa:reveal:{42}/1/2",
      tensor: `nesa:tensor:${digest}`,
      result: "nesa:result:{42}/1/2",
      hssUpload: "nesa:hss-upload:{42}/2",
      hssPartials: "nesa:hss:{42}/0/2",
      genInbox: "nesa:gen:{42}/1/2:in",
      genTokens: "nesa:gen:{42}/2:tokens",
    });
  });

  it("names queues per miner, without the prefix (BullMQ adds bullPrefix itself)", () => {
    expect(keys.minerQueue("nesa1xyz")).toBe("{miner-nesa1xyz}");
    expect(keys.revealQueue("nesa1xyz")).toBe("{reveal-nesa1xyz}");
  });

  it("puts a query's keys on one Redis Cluster slot (one hash tag), and each queue on its own", () => {
    const seatKeys = [keys.pendingReveal(seat), keys.result(seat), keys.hssUpload("42", 2), keys.hssPartials(seat), keys.genInbox(seat), keys.genTokens("42", 2), keys.genSeatStarted(seat)];
    expect(new Set(seatKeys.map(hashTag))).toEqual(new Set(["42"]));
    expect(hashTag(keys.result({ ...seat, queryId: "43" }))).toBe("43");
    // BullMQ builds `<bullPrefix>:<queue>:<suffix>` for every key of a queue: the tag is the queue's name.
    const queue = keys.minerQueue("nesa1xyz");
    expect(hashTag(`${keys.bullPrefix}:${queue}:wait`)).toBe("miner-nesa1xyz");
    expect(hashTag(`${keys.bullPrefix}:${queue}:${jobId(seat)}`)).toBe("miner-nesa1xyz");
    expect(hashTag(`${keys.bullPrefix}:${keys.revealQueue("nesa1xyz")}:events`)).toBe("reveal-nesa1xyz");
    // Tensors: no tag, so they spread over the masters by digest.
    expect(hashTag(keys.tensor(digest))).toBeUndefined();
  });

  it("keeps prefixes apart, so a test's keys never touch another's", () => {
    const other = new RedisKeys("test-7.a_b");
    expect(other.tensor(digest)).toBe(`test-7.a_b:tensor:${digest}`);
    expect(other.genTokens("1", 0).startsWith("test-7.a_b:")).toBe(true);
  });

  it("gives a generation's inbox and token stream distinct keys, even where coordinates look alike", () => {
    // query 1 seat (2, 3) vs query 1/2 replica 3 style ambiguity: the suffixes keep list and stream apart.
    const inbox = keys.genInbox({ queryId: "1", shard: 2, replica: 3 });
    const tokens = keys.genTokens("1", 2);
    expect(new Set([inbox, tokens, keys.genInbox({ queryId: "1", shard: 3, replica: 2 }), keys.genTokens("1", 3)]).size).toBe(4);
    expect(keys.genInbox({ ...seat, replica: 0 })).not.toBe(keys.genInbox({ ...seat, replica: 1 }));
  });

  it("refuses a prefix that could break the layout, naming the field", () => {
    for (const bad of ["", "a:b", "a b", "x/y", "ü"]) expect(() => new RedisKeys(bad)).toThrow(/redisPrefix: expected/);
  });
});

describe("job ids", () => {
  it("are query/shard/replica, and query/0/replica/share-N for HSS share jobs", () => {
    expect(jobId(seat)).toBe("42/1/2");
    expect(shareJobId({ queryId: "42", shard: 0, replica: 2 }, 1)).toBe("42/0/2/share-1");
  });

  it("differ between a seat's job and its share jobs", () => {
    const c = { queryId: "5", shard: 0, replica: 0 };
    expect(new Set([jobId(c), shareJobId(c, 0), shareJobId(c, 1)]).size).toBe(3);
  });
});
