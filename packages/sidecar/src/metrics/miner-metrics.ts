// Prometheus metrics of one miner, on its own registry (several miners can live in one test process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type JobOutcome = "completed" | "duplicate" | "failed" | "unrecoverable";

export class MinerMetrics {
  readonly registry = new Registry();
  readonly jobs: Counter<"outcome">;
  readonly runSeconds: Histogram<"model" | "shard">;
  readonly txFailures: Counter<"codespace" | "code">;
  readonly txSent: Counter<"kind">;
  readonly txMsgs: Histogram;
  readonly activeJobs: Gauge;

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    this.jobs = new Counter({ name: "nesa_miner_jobs_total", help: "Shard jobs by outcome", labelNames: ["outcome"], registers: [this.registry] });
    this.runSeconds = new Histogram({
      name: "nesa_miner_shard_run_seconds",
      help: "onnxruntime run time per shard",
      labelNames: ["model", "shard"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.txFailures = new Counter({
      name: "nesa_miner_tx_failures_total",
      help: "Failed transactions by registered error {codespace, code}",
      labelNames: ["codespace", "code"],
      registers: [this.registry],
    });
    this.txSent = new Counter({ name: "nesa_miner_tx_total", help: "Submissions (commits, reveals, …) included in a block, by kind", labelNames: ["kind"], registers: [this.registry] });
    // Submissions are coalesced into one tx while the signer is busy: the batch size shows the load.
    this.txMsgs = new Histogram({
      name: "nesa_miner_tx_msgs",
      help: "Msgs per broadcast tx (accepted by CheckTx)",
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [this.registry],
    });
    this.activeJobs = new Gauge({ name: "nesa_miner_active_jobs", help: "Jobs being processed now", registers: [this.registry] });
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: "nesa_miner_" });
  }
}
