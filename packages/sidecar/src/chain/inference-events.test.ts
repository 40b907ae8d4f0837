// The parser against events encoded by nesad's own typed-event helper (the encoding the chain really emits).
import { inferenceEvents as ev, inferenceState } from "@nesa/proto-types";
import { describe, expect, it } from "vitest";
import { typedEvent } from "../../../chain/src/x/stakingext/typed-event";
import { inferenceEvents } from "./inference-events";

const P = "nesa.inference.v1.";
const block = (events: ReturnType<typeof typedEvent>[], txEvents: ReturnType<typeof typedEvent>[] = []) => ({
  height: 9n,
  events,
  txs: [{ hash: "AB", code: 0, codespace: "", log: "", data: new Uint8Array(), events: txEvents }],
});

describe("inferenceEvents", () => {
  it("reads committees with zero shard/replica (left out of proto JSON) and roles", () => {
    const seats = [
      { shard: 0, replica: 0, miner: "nesa1a", role: inferenceState.SeatRole.SEAT_ROLE_PIPELINE },
      { shard: 1, replica: 2, miner: "nesa1b", role: inferenceState.SeatRole.SEAT_ROLE_HSS_SHARE },
    ];
    const e = typedEvent(`${P}EventQueryAssigned`, ev.EventQueryAssigned, { queryId: 12n, modelId: "m", seats, assignedHeight: 9n, commitDeadline: 19n, revealDeadline: 29n });
    expect(inferenceEvents(block([e])).assigned).toEqual([
      {
        queryId: "12",
        modelId: "m",
        seats: [
          { shard: 0, replica: 0, miner: "nesa1a", role: "SEAT_ROLE_PIPELINE" },
          { shard: 1, replica: 2, miner: "nesa1b", role: "SEAT_ROLE_HSS_SHARE" },
        ],
      },
    ]);
  });

  it("reads the reveal phase's seed height and seed bytes, verdicts, and params updates in txs", () => {
    const seed = new Uint8Array(32).map((_, i) => i * 7);
    const out = inferenceEvents(
      block(
        [
          typedEvent(`${P}EventRevealPhaseStarted`, ev.EventRevealPhaseStarted, { queryId: 3n, sketchSeedHeight: 9n, sketchSeed: seed, revealDeadline: 19n }),
          typedEvent(`${P}EventQueryFinalized`, ev.EventQueryFinalized, { queryId: 1n, resultReplica: 0, resultDigest: new Uint8Array(32), agreedSeats: 1, generatedTokens: 0 }),
          typedEvent(`${P}EventQueryFailed`, ev.EventQueryFailed, { queryId: 2n, reason: 1 }),
        ],
        [typedEvent(`${P}EventParamsUpdated`, ev.EventParamsUpdated, { authority: "nesa1gov" })],
      ),
    );
    expect(out.revealPhases).toEqual([{ queryId: "3", sketchSeedHeight: 9n, sketchSeed: Buffer.from(seed) }]);
    expect(out.ended).toEqual(["1", "2"]);
    expect(out.paramsUpdated).toBe(true);
    expect(inferenceEvents(block([])).paramsUpdated).toBe(false);
  });
});
