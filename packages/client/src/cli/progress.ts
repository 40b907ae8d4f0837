// A query's steps on a terminal: one line per step (paid, assigned, committed, revealed, finalized), redrawn in
// place while waiting. Silent when stderr is not a TTY or with --json, so pipes and scripts get clean output.
import type { InferProgress } from "../infer/infer";

const STEPS = ["encrypted", "paid", "assigned", "verified", "delivered", "committed", "revealed", "finalized", "fetched", "receipt"] as const;
const LABEL: Record<string, string> = {
  encrypted: "input EE-encrypted",
  paid: "fee paid and escrowed",
  assigned: "committee assigned",
  verified: "committee re-derived from the VRF beacon",
  delivered: "encrypted input delivered",
  committed: "miners committed",
  revealed: "miners revealed",
  finalized: "verdict finalized",
  fetched: "result fetched, digest checked",
  receipt: "verdict receipt checked against the chain's header",
};

export interface ProgressDisplay {
  update(p: InferProgress): void;
  /** Prints a line above the step list (e.g. a warning) without breaking the redraw. */
  note(line: string): void;
  /** Final redraw; idempotent, and nothing is drawn afterwards. */
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream, enabled: boolean): ProgressDisplay {
  if (!enabled || !stream.isTTY) return { update() {}, note: (line) => void stream.write(`${line}\n`), stop() {} };
  const start = Date.now();
  let reached = -1;
  const details = new Map<string, string>();
  let drawn = 0;
  const spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let tick = 0;
  let stopped = false;
  const notes: string[] = [];
  const draw = () => {
    if (stopped) return;
    if (drawn > 0) stream.write(`\x1b[${drawn}A`);
    for (const n of notes.splice(0)) stream.write(`\x1b[2K${n}\n`);
    const lines = STEPS.map((s, i) => {
      const mark = i <= reached ? "\x1b[32m✔\x1b[0m" : i === reached + 1 ? `\x1b[36m${spinner[tick % spinner.length]}\x1b[0m` : "·";
      const d = details.get(s);
      return `\x1b[2K ${mark} ${LABEL[s]}${d ? ` \x1b[2m(${d})\x1b[0m` : ""}`;
    });
    lines.push(`\x1b[2K   \x1b[2m${((Date.now() - start) / 1000).toFixed(1)} s\x1b[0m`);
    stream.write(`${lines.join("\n")}\n`);
    drawn = lines.length;
    tick++;
  };
  const timer = setInterval(draw, 120);
  timer.unref();
  draw();
  return {
    update(p) {
      const i = STEPS.indexOf(p.step as (typeof STEPS)[number]);
      if (i > reached) reached = i; // a fast query may skip statuses between polls: earlier steps are done too
      if (p.detail) details.set(p.step, p.detail);
      if (p.queryId !== undefined && !details.has("paid")) details.set("paid", `query ${p.queryId}`);
      draw();
    },
    note(line) {
      notes.push(line);
      draw();
    },
    stop() {
      clearInterval(timer);
      draw();
      stopped = true;
    },
  };
}
