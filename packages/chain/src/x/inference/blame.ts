// Fair blame in sequential pipelines (PROTOCOL.md §8): a seat outside its position's majority is excused
// when the input it declares (MsgRevealResult.input_digest) is the revealed output of the outvoted seat
// just upstream in its own replica pipeline, i.e. it computed on the wrong input it was handed. Excused
// seats are neither paid nor slashed and keep their reputation; their seat value is refunded to the payer
// (x/payforquery settlement counts only AGREED seats). An excused seat's own output is wrong too, so the
// seat after it can be excused in turn (the chain of blame stops at the first seat that lied).
import { type InferenceQuery, type Reveal, SeatOutcome, type SeatVerdict } from "./proto";

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Turns DISAGREED into EXCUSED for pipeline seats 1..S−1 whose input_digest (32 bytes) equals the output
 * digest of seat (shard − 1, replica) when that seat is itself DISAGREED or EXCUSED. Seat 0 (and an HSS
 * query's combine seat 0) and the share seats have no single upstream seat: never excused. `seats` must be
 * in shard-major order (the committee's order); they are updated in place.
 */
export function excuseDownstream(q: InferenceQuery, seats: SeatVerdict[], revealByKey: Map<string, Reveal>): void {
  const outcomeByKey = new Map(seats.map((s) => [`${s.shard}/${s.replica}`, s]));
  for (const seat of seats) {
    if (seat.outcome !== SeatOutcome.SEAT_OUTCOME_DISAGREED || seat.shard === 0 || seat.shard >= q.shards) continue;
    const upKey = `${seat.shard - 1}/${seat.replica}`;
    const upOutcome = outcomeByKey.get(upKey)?.outcome;
    if (upOutcome !== SeatOutcome.SEAT_OUTCOME_DISAGREED && upOutcome !== SeatOutcome.SEAT_OUTCOME_EXCUSED) continue;
    const up = revealByKey.get(upKey);
    const mine = revealByKey.get(`${seat.shard}/${seat.replica}`);
    if (up && mine && mine.inputDigest.length === 32 && sameBytes(mine.inputDigest, up.outputDigest)) {
      seat.outcome = SeatOutcome.SEAT_OUTCOME_EXCUSED;
    }
  }
}
