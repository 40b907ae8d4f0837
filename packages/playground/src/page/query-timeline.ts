// The live timeline of one query: paid → assigned → committed → revealed → finalized. Steps light up as the SDK
// reports them (at the latest block the page has seen); once the verdict is in, each row gets the height the
// chain recorded for it and that block's time.
import type { InferProgress, NesaClient } from "@nesa/client";
import type { inferenceState } from "@nesa/proto-types";
import type { ChainWatch } from "./chain-watch";
import { h, replace } from "./dom";

const STEPS = ["paid", "assigned", "committed", "revealed", "finalized"] as const;
type Step = (typeof STEPS)[number];
const STEP_TEXT: Record<Step, string> = {
  paid: "Paid: fee escrowed on chain",
  assigned: "Assigned: committee drawn from the VRF beacon",
  committed: "Committed: miners posted hashes of their results",
  revealed: "Revealed: miners opened their commitments",
  finalized: "Finalized: the chain's verdict",
};

const clock = (d: Date) => `${d.toLocaleTimeString("en-GB", { hour12: false, timeZone: "UTC" })}.${String(d.getUTCMilliseconds()).padStart(3, "0")} UTC`;
// bigint heights (Math.min takes numbers): sorted, first and last.
const sorted = (hs: bigint[]) => [...hs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const first = (hs: bigint[]) => sorted(hs)[0] ?? 0n;
const last = (hs: bigint[]) => sorted(hs).at(-1) ?? 0n;

export class QueryTimeline {
  private readonly rows = new Map<Step, HTMLElement>();

  constructor(
    private readonly list: HTMLElement,
    private readonly watch: ChainWatch,
  ) {}

  /** Empties the list and shows every step as pending. */
  reset(): void {
    replace(this.list);
    this.rows.clear();
    for (const s of STEPS) {
      const li = h("li", { "data-step": s, class: "pending" }, h("span", { class: "step" }, STEP_TEXT[s]), h("span", { class: "when" }, "…"));
      this.rows.set(s, li);
      this.list.appendChild(li);
    }
  }

  clear(): void {
    replace(this.list);
    this.rows.clear();
  }

  /** Feeds the SDK's progress reports. */
  progress(p: InferProgress): void {
    if ((STEPS as readonly string[]).includes(p.step)) this.mark(p.step as Step, this.watch.latest?.height, this.watch.latest?.time);
    if (p.step === "failed") this.list.querySelector("li.pending")?.classList.replace("pending", "failed");
  }

  private mark(s: Step, height: bigint | number | undefined, time: Date | undefined): void {
    const li = this.rows.get(s);
    if (!li) return;
    li.classList.replace("pending", "done");
    const when = li.querySelector(".when");
    if (when) when.textContent = `${height !== undefined ? `height ${height}` : ""}${time ? ` · ${clock(time)}` : ""}`;
  }

  /** The chain's heights for each step, with their blocks' times. */
  async settle(reader: NesaClient, q: inferenceState.InferenceQuery, verdictHeight: bigint): Promise<void> {
    const heights: Record<Step, bigint> = {
      paid: q.createdHeight,
      assigned: q.assignedHeight,
      committed: first(q.commits.map((c) => c.height)),
      revealed: first(q.reveals.map((r) => r.height)),
      finalized: verdictHeight,
    };
    const hs = Object.values(heights).filter((x) => x > 0n);
    const times = new Map<number, Date>();
    try {
      const metas = (await reader.comet.blockchain(Number(first(hs)), Number(last(hs)))).blockMetas;
      for (const m of metas) times.set(m.header.height, new Date(m.header.time.getTime()));
    } catch {
      // times stay as seen live
    }
    for (const s of STEPS) if (heights[s] > 0n) this.mark(s, heights[s], times.get(Number(heights[s])));
  }
}
