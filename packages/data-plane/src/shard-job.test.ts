import { describe, expect, it } from "vitest";
import { SHARD_JOB_NAME, seatJobOptions } from "./shard-job";

describe("seat jobs", () => {
  it("are named shard and added with the seat's id, 5 exponential attempts, and bounded retention", () => {
    expect(SHARD_JOB_NAME).toBe("shard");
    expect(seatJobOptions("7/0/1", 600)).toEqual({
      jobId: "7/0/1",
      attempts: 5,
      backoff: { type: "exponential", delay: 200 },
      removeOnComplete: { age: 600 },
      removeOnFail: { age: 86_400 },
    });
  });

  it("refuses a negative or non-finite retention", () => {
    expect(() => seatJobOptions("7/0/1", -1)).toThrow(/keepCompletedSeconds/);
    expect(() => seatJobOptions("7/0/1", Number.NaN)).toThrow(/keepCompletedSeconds/);
  });
});
