import { readFileSync } from "node:fs";
import { mobyDickPath } from "./train-lm";

/**
 * The training corpus as the trainer sees it (train/train_lm.py `load_chapters`): curly quotes and dashes made
 * ASCII, each paragraph's hard line breaks unwrapped. Only tests, benchmarks and the attack measurements read it.
 */
export function readCorpusParagraphs(): string[] {
  let text = readFileSync(mobyDickPath(), "utf8");
  for (const [a, b] of [["‘", "'"], ["’", "'"], ["“", '"'], ["”", '"'], ["—", "--"]]) text = text.split(a).join(b);
  return text
    .split(/\n\s*\n/)
    .map((p) => p.split(/\s+/).filter(Boolean).join(" "))
    .filter((p) => p.length > 0 && !/^CHAPTER \d+\./.test(p));
}
