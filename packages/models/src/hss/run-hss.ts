import type { EETensor } from "../ee/client";
import { type InferenceSession, runSession } from "../runtime/session";
import type { HssLayout } from "./build-hss-models";
import { type SplitSharesOptions, splitShares } from "./split-shares";

export interface HssSessions {
  /** The share stage; in production two miners each hold a copy, here one session serves both shares. */
  share: InferenceSession;
  /** The combiner (replaces shard 0, or the whole model when unsharded). */
  combine: InferenceSession;
}

/** What each party saw in one HSS run: kept so tests and the threat-model doc can inspect the wire. */
export interface HssTrace {
  shares: [EETensor, EETensor];
  partials: [EETensor, EETensor];
  output: EETensor;
}

/**
 * Runs the HSS front of the pipeline in-process: split the encrypted input, run the share stage on each share,
 * combine. The output is what shard 0 would have produced (feed it to shard 1 when sharded).
 */
export async function runHss(sessions: HssSessions, layout: HssLayout, input: EETensor, options: SplitSharesOptions = {}): Promise<HssTrace> {
  const shares = splitShares(input, options);
  const partials: EETensor[] = [];
  for (const s of shares) {
    const out = await runSession(sessions.share, { [layout.shareInput]: { data: s.data, dims: [...s.dims] } });
    partials.push(out[layout.shareOutput]);
  }
  const [p0, p1] = partials;
  const result = await runSession(sessions.combine, {
    [layout.combineInputs[0]]: { data: p0.data, dims: [...p0.dims] },
    [layout.combineInputs[1]]: { data: p1.data, dims: [...p1.dims] },
  });
  const output = result[layout.combineOutputs[0]];
  return { shares, partials: [p0, p1], output };
}
