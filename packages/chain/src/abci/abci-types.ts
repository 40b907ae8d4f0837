// Conversions between the node's types and cosmjs-types' tendermint.abci (CometBFT 0.38) ones.
import type { Timestamp } from "cosmjs-types/google/protobuf/timestamp";
import type { Event, ExecTxResult } from "cosmjs-types/tendermint/abci/types";
import type { AbciEvent, TxResult } from "../node/types";

/** Every attribute is indexed: CometBFT's kv indexer (tx_search) only sees `index: true` ones. */
export function toAbciEvents(events: AbciEvent[]): Event[] {
  return events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: true })) }));
}

export function toExecTxResult(r: TxResult): ExecTxResult {
  return {
    code: r.code,
    data: r.data,
    log: r.log,
    info: r.info ?? "",
    gasWanted: r.gasWanted,
    gasUsed: r.gasUsed,
    events: toAbciEvents(r.events),
    codespace: r.codespace,
  };
}

/** BFT time as the RFC3339 string (9 fractional digits) the state machine uses; no clock read. */
export function timestampToRfc3339(t: Timestamp | undefined): string {
  if (!t) throw new Error("the ABCI request carries no block time");
  const iso = new Date(Number(t.seconds) * 1000).toISOString(); // whole seconds: exact
  return `${iso.slice(0, 19)}.${String(t.nanos).padStart(9, "0")}Z`;
}
