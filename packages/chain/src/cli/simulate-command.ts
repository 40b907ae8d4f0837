// `nesad simulate --blocks N --seed S [--miners M]`: the randomized simulation; prints a summary
// and, as its last line, the final app hash (the same seed always prints the same hash).
import { Command, InvalidArgumentError } from "commander";
import { simulate } from "../sim/simulate";

const positiveInt = (name: string) => (v: string) => {
  if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return Number(v);
};

export function simulateCommand(): Command {
  return new Command("simulate")
    .description("run N blocks of random valid and invalid msgs of every module, checking every invariant after every block")
    .option("--blocks <n>", "blocks to simulate", positiveInt("--blocks"), 1000)
    .option("--seed <s>", "random seed (any string)", "1")
    .option("--miners <m>", "miners registered in block 1 (≥ 6)", positiveInt("--miners"), 20)
    .option("--progress", "print a line every 100 blocks to stderr")
    .action((o: { blocks: number; seed: string; miners: number; progress?: boolean }) => {
      const started = performance.now();
      const s = simulate({
        blocks: o.blocks,
        seed: o.seed,
        miners: o.miners,
        onBlock: o.progress
          ? (h, sum) => {
              if (h % 100n === 0n) process.stderr.write(`block ${h}: ${sum.txs} txs, ${sum.finalized} finalized, ${sum.failed} failed\n`);
            }
          : undefined,
      });
      const seconds = (performance.now() - started) / 1000;
      const lines = [
        `blocks:            ${s.blocks}`,
        `txs:               ${s.txs} (${s.msgs} msgs, ${s.failedTxs} rejected as intended or by chance)`,
        `queries paid:      ${s.queriesPaid}`,
        `queries finalized: ${s.finalized}`,
        `queries failed:    ${s.failed}`,
        `generations:       ${s.generationsFinalized} finalized, ${s.tokensGenerated} tokens paid for`,
        `slashes:           ${s.slashes} (${s.jailings} jailings)`,
        `reputation moves:  ${s.reputationUpdates} (${s.byzantineUpstream} honest seats fed by a lying upstream)`,
        `proposals:         ${s.proposals} voted (${s.proposalsPassed} passed, ${s.proposalsRejected} rejected, ${s.proposalsFailed} failed)`,
        `unbonds completed: ${s.unbondsCompleted}`,
        `invariant checks:  ${s.invariantChecks} (all held)`,
        `time:              ${seconds.toFixed(1)} s (${(s.blocks / seconds).toFixed(0)} blocks/s)`,
        `app hash: ${s.appHash}`,
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
