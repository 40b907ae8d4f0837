// Where a generation's streamed (unverified) tokens go while it runs: to stdout when it is a terminal (the text
// appears as the miners pick it), else to stderr as progress, so that a pipe or --json on stdout only ever gets
// the verified answer. Step lines (paid, committee verified) go to a terminal's stderr until the first token.
import type { InferProgress } from "../infer/infer";
import type { GeneratedToken } from "../generate/token-stream";

const LABEL: Partial<Record<InferProgress["step"], string>> = {
  encrypted: "prompt tokenized and EE-encrypted",
  paid: "fee escrowed",
  verified: "committee re-derived from the VRF beacon",
};

export interface TokenOutput {
  /** true when the streamed text goes to stdout (a terminal, no --json). */
  readonly live: boolean;
  progress(p: InferProgress): void;
  token(t: GeneratedToken): void;
  /** A line for stderr (a warning): at once before the first token, else after the streamed text ends. */
  note(line: string): void;
  /** Ends the streamed text (idempotent) and prints the notes held back; returns whether any token was shown. */
  end(): boolean;
}

export function createTokenOutput(o: { json: boolean; stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream }): TokenOutput {
  const stdout = o.stdout ?? process.stdout;
  const stderr = o.stderr ?? process.stderr;
  const live = !o.json && Boolean(stdout.isTTY);
  const sink = live ? stdout : stderr;
  const dim = (s: string) => (stderr.isTTY ? `\x1b[2m${s}\x1b[0m` : s);
  let shown = false;
  let ended = false;
  const held: string[] = [];
  return {
    live,
    progress(p) {
      const label = LABEL[p.step];
      // Once tokens flow, a step line would cut into the text.
      if (!label || shown || !stderr.isTTY) return;
      stderr.write(`${dim(`✔ ${label}${p.detail ? ` (${p.detail})` : ""}`)}\n`);
    },
    token(t) {
      if (ended) return;
      shown = true;
      sink.write(t.text);
    },
    note(line) {
      if (shown && !ended) held.push(line);
      else stderr.write(`${line}\n`);
    },
    end() {
      if (!ended) {
        ended = true;
        if (shown) sink.write("\n");
        for (const line of held.splice(0)) stderr.write(`${line}\n`);
      }
      return shown;
    },
  };
}
