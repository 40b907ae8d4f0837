// `generateStream`: the same generation as `generate`, consumed with `for await`: the tokens as they arrive, and
// the verified summary on `.result` once the verdict is in.
//
//   const stream = client.generateStream({ model: "tiny-lm", prompt: "Call me Ishmael." });
//   for await (const t of stream) process.stdout.write(t.text);
//   const { text, streamedMatched, fee } = await stream.result;
//
// Leaving the loop early stops the iteration only: the query is paid, and `.result` still settles. An error ends
// the iteration with that error and rejects `.result` alike (which is never left as an unhandled rejection).
import type { GenerateParameters, GenerateReturnType } from "./generate";
import type { GeneratedToken } from "./token-stream";

export interface GenerationStream extends AsyncIterable<GeneratedToken> {
  /** The verified generation (text from the agreed result, committee, verdict, fees, timings). */
  readonly result: Promise<GenerateReturnType>;
}

/**
 * Wraps a generate call that reports tokens through `onToken` as an async iterable of those tokens.
 *
 * @example
 * const stream = generationStream((p) => generate(deps, p), { model: "tiny-lm", prompt: "Call me Ishmael." });
 */
export function generationStream(run: (p: GenerateParameters) => Promise<GenerateReturnType>, p: GenerateParameters): GenerationStream {
  const queue: GeneratedToken[] = [];
  let finished = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const result = run({
    ...p,
    onToken: (t) => {
      p.onToken?.(t);
      queue.push(t);
      notify();
    },
  }).then(
    (r) => {
      finished = true;
      notify();
      return r;
    },
    (error: unknown) => {
      finished = true;
      failure = { error };
      notify();
      throw error;
    },
  );
  // Iterating alone must not leave a rejection unhandled; awaiting `result` still sees it.
  result.catch(() => {});
  return {
    result,
    async *[Symbol.asyncIterator]() {
      let next = 0;
      for (;;) {
        while (next < queue.length) yield queue[next++];
        if (finished) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((r) => {
          wake = r;
        });
      }
    },
  };
}
