// Prometheus metrics of the dispatcher, in their own registry (no global state shared with other code).
import { Counter, Gauge, Registry } from "prom-client";

export class DispatcherMetrics {
  readonly registry = new Registry();
  readonly height = new Gauge({ name: "nesa_dispatcher_height", help: "Latest chain height whose pending work was dispatched", registers: [this.registry] });
  readonly websocketUp = new Gauge({ name: "nesa_dispatcher_websocket_up", help: "1 while NewBlock arrives over the WebSocket, 0 while polling status", registers: [this.registry] });
  readonly jobsEnqueued = new Counter({ name: "nesa_dispatcher_jobs_enqueued_total", help: "Shard-0 jobs created in miner queues", registers: [this.registry] });
  readonly rebuilds = new Counter({ name: "nesa_dispatcher_rebuilds_total", help: "Full rebuilds of pending work from chain state", labelNames: ["reason"], registers: [this.registry] });
  readonly inputsRestored = new Counter({ name: "nesa_dispatcher_inputs_restored_total", help: "Inputs put back into Redis from the spool", registers: [this.registry] });
  readonly ingestBytes = new Counter({ name: "nesa_dispatcher_ingest_bytes_total", help: "Bytes of accepted input blobs", registers: [this.registry] });
  readonly inputsPreuploaded = new Counter({ name: "nesa_dispatcher_inputs_preuploaded_total", help: "Inputs accepted by digest before their query was paid (PUT /v1/inputs/sha256/<digest>)", registers: [this.registry] });
  readonly ingestRejected = new Counter({ name: "nesa_dispatcher_ingest_rejected_total", help: "Refused input uploads", labelNames: ["reason"], registers: [this.registry] });
  readonly pendingQueries = new Gauge({ name: "nesa_dispatcher_pending_queries", help: "Queries in ASSIGNED or COMMITTING at the last pass", registers: [this.registry] });
  readonly inputsMissing = new Gauge({ name: "nesa_dispatcher_inputs_missing", help: "Pending queries whose input is neither in Redis nor in the spool", registers: [this.registry] });
  readonly passErrors = new Counter({ name: "nesa_dispatcher_pass_errors_total", help: "Dispatch passes that failed (retried at the next tick)", registers: [this.registry] });
}
