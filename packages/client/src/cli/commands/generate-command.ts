// `nesa generate`: one private generation through NesaClient.generate — the text as the miners produce it
// (unverified), then the verified text and a verification summary (or one JSON object with --json).
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";
import type { GenerateReturnType } from "../../generate/generate";
import { proofJson, proofLine } from "../../receipt/proof-output";
import { openGenerationClient, parseGenerationNumbers } from "../generation-client";
import { printJson } from "../output";
import { createTokenOutput } from "../token-output";

export interface GenerateCommandOptions {
  home?: string;
  model: string;
  prompt: string;
  maxTokens?: string;
  replicas?: string;
  from?: string;
  maxFee?: string;
  discloseStop: boolean;
  timeout: string;
  json?: boolean;
}

const s = (ms: number | undefined) => (ms === undefined ? "–" : `${(ms / 1000).toFixed(2)} s`);

/** The --json shape: queryId, output, verified, tokens, fee {escrowed, paid, refunded}, timings, plus the details. */
export function generateJson(model: string, r: GenerateReturnType) {
  return {
    queryId: r.queryId.toString(),
    model,
    output: r.text,
    verified: r.committee.verified && r.result.verified,
    tokens: r.tokens.length,
    tokenIds: r.tokens,
    finishReason: r.finishReason,
    generatedTokens: r.generatedTokens,
    prompt: r.prompt,
    streamedMatched: r.streamedMatched,
    streamed: r.streamed,
    committee: r.committee,
    verdict: r.verdict,
    fee: {
      estimated: r.fee.estimated.toString(), escrowed: r.fee.escrowed.toString(), paid: r.fee.paid.toString(), refunded: r.fee.refunded.toString(), denom: r.fee.denom,
      payouts: { miners: r.fee.payouts.miners.toString(), owner: r.fee.payouts.owner.toString(), communityPool: r.fee.payouts.communityPool.toString() },
    },
    privacy: r.privacy,
    result: r.result,
    proof: proofJson(r.proof),
    timings: r.timings,
  };
}

export function generateSummary(r: GenerateReturnType): string {
  const agreed = r.verdict.seats.filter((x) => x.outcome === "agreed").length;
  return [
    `query ${r.queryId} — verified`,
    `  committee  ${r.committee.seats.length} seat(s) re-derived from the VRF beacon of height ${r.committee.beaconHeight}${r.committee.proposerChecked ? " (proposer is the validator)" : ""}`,
    ...r.committee.seats.map((x) => `             shard ${x.shard} replica ${x.replica}: ${x.miner}`),
    `  verdict    finalized at height ${r.verdict.height}; ${agreed}/${r.verdict.seats.length} seat(s) agreed on ${r.generatedTokens} token(s); result = replica ${r.verdict.resultReplica}`,
    `  result     sha256 ${r.result.digest.slice(0, 16)}… matches the verdict (${r.result.bytes} bytes, ${r.result.source})`,
    proofLine(r.proof),
    `  stream     ${r.streamed.source ? `${r.streamed.tokens} token(s) streamed from replica 0: ${r.streamedMatched ? "same as the verified text" : "DIFFERENT from the verified text (the verified one is above)"}` : "none (tokens shown once verified)"}`,
    `  tokens     ${r.prompt.tokens} prompt${r.prompt.dropped ? ` (${r.prompt.dropped} dropped to fit the context)` : ""} + ${r.tokens.length} generated, finish: ${r.finishReason}`,
    `  fee        ${r.fee.escrowed} unes escrowed: ${r.fee.paid} paid, ${r.fee.refunded} refunded (estimated ${r.fee.estimated})`,
    `  privacy    ${r.privacy.mode}: ${r.privacy.level}`,
    `  time       first token ${s(r.timings.firstToken)}, ${r.timings.perToken === undefined ? "–" : `${r.timings.perToken.toFixed(1)} ms`}/token, verified ${s(r.timings.total)}`,
  ].join("\n");
}

export const warnLine = (m: string) => (process.stderr.isTTY ? `\x1b[33mWARNING: ${m}\x1b[0m` : `WARNING: ${m}`);

/** --max-fee in unes. */
export function parseMaxFee(v: string | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new ClientError(ClientErrorCode.InvalidArgument, `--max-fee must be an amount in unes, got ${v}`, "e.g. --max-fee 50000");
  return BigInt(v);
}

export async function runGenerate(o: GenerateCommandOptions): Promise<void> {
  const n = parseGenerationNumbers(o);
  const maxFee = parseMaxFee(o.maxFee);
  const session = await openGenerationClient(o);
  const out = createTokenOutput({ json: Boolean(o.json) });
  try {
    const r = await session.client.generate({
      model: o.model,
      prompt: o.prompt,
      maxTokens: n.maxTokens,
      replicas: n.replicas,
      maxFee,
      discloseStop: o.discloseStop,
      timeoutMs: n.timeoutMs,
      onToken: (t) => out.token(t),
      onProgress: (p) => out.progress(p),
      onWarning: (m) => out.note(warnLine(m)),
    });
    const shown = out.end();
    if (o.json) return printJson(generateJson(o.model, r));
    // On a terminal the text is already on screen, unless the stream differed or never came.
    const text = out.live && shown && r.streamedMatched ? "" : `${out.live && shown ? "verified text:\n" : ""}${r.text}\n`;
    process.stdout.write(`${text}\n${generateSummary(r)}\n`);
  } finally {
    out.end();
    await session.close();
  }
}
