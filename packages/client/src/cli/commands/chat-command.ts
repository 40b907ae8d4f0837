// `nesa chat`: an interactive conversation, one private generation per turn. Each turn's prompt is the whole
// conversation so far (your lines and the model's verified replies, one per line) plus the new line; generate
// trims it from the front to what the context leaves. Lines come from a terminal (readline) or a pipe alike;
// `/quit` or the end of input ends the chat. A failed turn is reported and the chat goes on (exit code 1).
import { createInterface } from "node:readline";
import type { GenerateReturnType } from "../../generate/generate";
import { openGenerationClient, parseGenerationNumbers } from "../generation-client";
import { reportError, toJsonText } from "../output";
import { createTokenOutput } from "../token-output";
import { type GenerateCommandOptions, generateJson, parseMaxFee, warnLine } from "./generate-command";

/** The options `nesa generate` takes, less the prompt (each turn makes its own). */
export type ChatCommandOptions = Omit<GenerateCommandOptions, "prompt">;

/** The next turn's prompt: the conversation so far, then the new line. */
export function chatPrompt(transcript: string, line: string): string {
  return `${transcript}${line}\n`;
}

/** One line after each reply: what was checked and what it cost. */
export function turnSummary(r: GenerateReturnType): string {
  const first = r.timings.firstToken === undefined ? "" : `, first token ${(r.timings.firstToken / 1000).toFixed(2)} s`;
  const agreed = r.verdict.seats.filter((s) => s.outcome === "agreed").length;
  return `✔ verified — query ${r.queryId}, ${agreed}/${r.verdict.seats.length} seat(s) agreed on ${r.generatedTokens} token(s); fee ${r.fee.paid} unes (${r.fee.refunded} of ${r.fee.escrowed} refunded)${first}, ${(r.timings.total / 1000).toFixed(2)} s`;
}

export async function runChat(o: ChatCommandOptions): Promise<void> {
  const n = parseGenerationNumbers(o);
  const maxFee = parseMaxFee(o.maxFee);
  const session = await openGenerationClient(o);
  const tty = Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
  const rl = createInterface({ input: process.stdin, output: tty ? process.stdout : undefined, terminal: tty });
  const ask = () => {
    if (tty) rl.prompt();
  };
  rl.setPrompt("you> ");
  if (tty && !o.json) process.stderr.write(`chat with ${o.model}: every reply is a verified private query; /quit to leave\n`);
  let transcript = "";
  // The privacy warning holds for every turn alike: say it once.
  const warned = new Set<string>();
  try {
    ask();
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === "/quit") break;
      if (line === "") {
        ask();
        continue;
      }
      const out = createTokenOutput({ json: Boolean(o.json) });
      // The reply's prefix comes with its first token, after any warning line.
      let prefixed = false;
      try {
        const r = await session.client.generate({
          model: o.model,
          prompt: chatPrompt(transcript, line),
          maxTokens: n.maxTokens,
          replicas: n.replicas,
          maxFee,
          discloseStop: o.discloseStop,
          timeoutMs: n.timeoutMs,
          onToken: (t) => {
            if (out.live && !prefixed) process.stdout.write(`${o.model}> `);
            prefixed = true;
            out.token(t);
          },
          onWarning: (m) => {
            if (warned.has(m)) return;
            warned.add(m);
            out.note(warnLine(m));
          },
        });
        const shown = out.end();
        const reply = r.text.replace(/\s+$/, "");
        transcript = `${chatPrompt(transcript, line)}${reply}\n`;
        // One compact JSON object per turn (JSON lines).
        if (o.json) process.stdout.write(`${JSON.stringify(JSON.parse(toJsonText(generateJson(o.model, r))))}\n`);
        else {
          if (!(out.live && shown && r.streamedMatched)) process.stdout.write(`${out.live && shown ? "verified: " : `${o.model}> `}${reply}\n`);
          process.stderr.write(`${tty ? `\x1b[2m${turnSummary(r)}\x1b[0m` : turnSummary(r)}\n`);
        }
      } catch (err) {
        out.end();
        reportError(err, Boolean(o.json));
      }
      ask();
    }
  } finally {
    rl.close();
    await session.close();
  }
}
