// Commit and reveal windows for the localnet's block time. The chain counts them in blocks, and its defaults (10 each)
// are sized for PROTOCOL.md's 1 s blocks: 10 s. At the 200 ms blocks tests and benchmarks use that is 2 s, and a
// loaded 2-core machine queues past it (seats miss the window, queries fail, miners are slashed). The localnet keeps
// at least 5 s per window; the phases still close as soon as every seat has committed or revealed, so the windows
// bound only how long a slow or dead miner can hold a query up.
import { readFileSync, writeFileSync } from "node:fs";

export const MIN_WINDOW_MS = 5000;
const DEFAULT_WINDOW_BLOCKS = 10;

export type PhaseWindows = { commitBlocks: number; revealBlocks: number; defaultTimeoutBlocks: number };

export function phaseWindows(blockTimeMs: number): PhaseWindows {
  const blocks = Math.max(DEFAULT_WINDOW_BLOCKS, Math.ceil(MIN_WINDOW_MS / blockTimeMs));
  // The escrow timeout must cover both windows (x/payforquery refuses less), plus a few blocks of assignment retries.
  return { commitBlocks: blocks, revealBlocks: blocks, defaultTimeoutBlocks: 2 * blocks + 10 };
}

/** Writes the windows into a fresh genesis (before the chain's first start). */
export function applyPhaseWindows(genesisPath: string, blockTimeMs: number): PhaseWindows {
  const w = phaseWindows(blockTimeMs);
  const genesis = JSON.parse(readFileSync(genesisPath, "utf8"));
  genesis.app_state.inference.params = { ...genesis.app_state.inference.params, commitBlocks: String(w.commitBlocks), revealBlocks: String(w.revealBlocks) };
  const pay = genesis.app_state.payforquery.params;
  genesis.app_state.payforquery.params = { ...pay, defaultTimeoutBlocks: String(Math.max(Number(pay.defaultTimeoutBlocks ?? 0), w.defaultTimeoutBlocks)) };
  writeFileSync(genesisPath, `${JSON.stringify(genesis, null, 2)}\n`);
  return w;
}
