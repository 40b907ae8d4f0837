// `nesa infer`: one private query through NesaClient.infer, with a progress display on a TTY and a
// verification summary (or one JSON object with --json).
import { walletFromMnemonic } from "../../adapters/node/wallet";
import { createNodeModelCodec, readEEKeyFile } from "../../adapters/node/model-codecs";
import { createRedisResultSource } from "../../adapters/node/redis-result-source";
import { createTensorCodec } from "../../adapters/node/tensor-codec";
import { readTensorFile, tensorToJson, writeTensorFile } from "../../adapters/node/tensor-file";
import type { Tensor } from "@nesa/crypto";
import { NesaClient } from "../../client";
import { combineDataPlanes } from "../../data-plane/data-plane";
import { createHttpDataPlane } from "../../data-plane/http-data-plane";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";
import type { InferReturnType } from "../../infer/infer";
import type { PrivacyMode } from "../../infer/model-codec";
import { proofJson, proofLine } from "../../receipt/proof-output";
import { loadHome, pickAccount } from "../load-home";
import { printJson } from "../output";
import { createProgress } from "../progress";
import { runOcr } from "./ocr-command";

export interface InferCommandOptions {
  home?: string;
  model: string;
  image?: string;
  text?: string;
  tensor?: string;
  out?: string;
  key?: string;
  privacy: string;
  replicas?: string;
  from?: string;
  maxFee?: string;
  allowExposure?: boolean;
  timeout: string;
  json?: boolean;
}

const bad = (msg: string, hint: string) => new ClientError(ClientErrorCode.InvalidArgument, msg, hint);

/** The --json shape: what scripts rely on (queryId, output, verified, committee, fee) plus the details. */
export function inferJson(model: string, r: InferReturnType<string | Tensor>) {
  return {
    queryId: r.queryId.toString(),
    model,
    output: typeof r.output === "string" ? r.output : tensorToJson(r.output),
    verified: r.committee.verified && r.result.verified,
    committee: r.committee,
    verdict: r.verdict,
    fee: { paid: r.fee.paid.toString(), estimated: r.fee.estimated.toString(), denom: r.fee.denom },
    privacy: r.privacy,
    result: r.result,
    proof: proofJson(r.proof),
    timings: r.timings,
  };
}

/** One line for a tensor output: its shape and first values. */
export function tensorLine(t: Tensor, out?: string): string {
  const values = Array.from(t.data as ArrayLike<number | bigint>, Number);
  const head = values.slice(0, 8).map((v) => Number(v.toPrecision(6))).join(", ");
  return `${t.dtype}[${t.dims.join(",")}] [${head}${values.length > 8 ? ", …" : ""}]${out ? ` → ${out}` : ""}`;
}

export function inferSummary(model: string, r: InferReturnType<string | Tensor>, out?: string): string {
  const agreed = r.verdict.seats.filter((s) => s.outcome === "agreed").length;
  return [
    `${model}: ${typeof r.output === "string" ? r.output : tensorLine(r.output, out)}`,
    "",
    `query ${r.queryId} — verified`,
    `  committee  ${r.committee.seats.length} seat(s) re-derived from the VRF beacon of height ${r.committee.beaconHeight}${r.committee.proposerChecked ? " (proposer is the validator)" : ""}`,
    ...r.committee.seats.map((s) => `             shard ${s.shard} replica ${s.replica}: ${s.miner}`),
    `  verdict    finalized at height ${r.verdict.height}; ${agreed}/${r.verdict.seats.length} seat(s) agreed; result = replica ${r.verdict.resultReplica}`,
    `  result     sha256 ${r.result.digest.slice(0, 16)}… matches the verdict (${r.result.bytes} bytes, ${r.result.source})`,
    proofLine(r.proof),
    `  fee        ${r.fee.paid} unes (estimated ${r.fee.estimated})`,
    `  privacy    ${r.privacy.mode}: ${r.privacy.level}`,
    `  time       ${(r.timings.total / 1000).toFixed(2)} s (verdict wait ${(r.timings.verdict / 1000).toFixed(2)} s)`,
  ].join("\n");
}

export async function runInfer(o: InferCommandOptions): Promise<void> {
  if ([o.image, o.text, o.tensor].filter((x) => x !== undefined).length !== 1) {
    throw bad("pass exactly one of --image PNG, --text TEXT or --tensor FILE", "e.g. nesa infer --model lande --text \"Bonjour à tous\", or --model my-net --tensor x.npy");
  }
  if (o.out !== undefined && o.tensor === undefined) throw bad("--out is for tensor outputs", "add --tensor FILE (.npy or JSON {dims, type, data})");
  if (o.privacy !== "ee" && o.privacy !== "hss-ee") throw bad(`--privacy must be ee or hss-ee, got ${o.privacy}`, "ee is available today");
  const replicas = o.replicas === undefined ? undefined : Number(o.replicas);
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 1)) throw bad(`--replicas must be a positive integer, got ${o.replicas}`, "e.g. --replicas 2");
  if (o.maxFee !== undefined && !/^\d+$/.test(o.maxFee)) throw bad(`--max-fee must be an amount in unes, got ${o.maxFee}`, "e.g. --max-fee 50000");
  const timeoutS = Number(o.timeout);
  if (!(timeoutS > 0)) throw bad(`--timeout must be a positive number of seconds, got ${o.timeout}`, "e.g. --timeout 120");

  if (o.model === "ocr-det" || o.model === "ocr") {
    if (o.image === undefined) throw bad(`--model ${o.model} reads an image`, `pass --image page.png (${o.model === "ocr" ? "detection, then recognition of every line" : "prints the text boxes"})`);
    return runOcr({ ...o, image: o.image });
  }
  const info = await loadHome(o.home);
  const keyFile = o.key ?? info.models[o.model]?.eeKeyFile;
  if (!keyFile) throw new ClientError(ClientErrorCode.UnknownModel, `localnet.json has no EE key for model "${o.model}"`, `pass --key FILE (written by \`nesa-models prepare --ee\`); localnet.json knows: ${Object.keys(info.models).join(", ") || "none"}`);
  const key = await readEEKeyFile(keyFile);
  // --tensor: the generic codec for any model; --text / --image: the named codecs (plug-ins over the same interface).
  const codec = o.tensor !== undefined ? createTensorCodec(o.model, key) : createNodeModelCodec(o.model, key);
  const input = o.tensor !== undefined ? await readTensorFile(o.tensor) : o.text !== undefined ? o.text : { png: o.image as string };
  const account = pickAccount(info, o.from);
  const wallet = await walletFromMnemonic(account.mnemonic);
  const dataPlane = combineDataPlanes(createHttpDataPlane(info.dispatcherUrl), [createRedisResultSource(info.redisUrl, info.redisPrefix ?? "nesa")]);
  const client = await NesaClient.connectWithSigner(info.rpc, wallet, { dataPlane, codecs: { [o.model]: codec } });
  const progress = createProgress(process.stderr, !o.json);
  try {
    const r = await client.infer<unknown, string | Tensor>({
      model: o.model,
      input,
      privacy: o.privacy as PrivacyMode,
      replicas,
      maxFee: o.maxFee === undefined ? undefined : BigInt(o.maxFee),
      allowExposure: o.allowExposure,
      timeoutMs: timeoutS * 1000,
      onProgress: (p) => progress.update(p),
      onWarning: (m) => progress.note(process.stderr.isTTY ? `\x1b[33mWARNING (privacy): ${m}\x1b[0m` : `WARNING (privacy): ${m}`),
    });
    progress.stop();
    if (o.out !== undefined && typeof r.output !== "string") await writeTensorFile(o.out, r.output);
    if (o.json) printJson(inferJson(o.model, r));
    else process.stdout.write(`${inferSummary(o.model, r, o.out)}\n`);
  } finally {
    progress.stop();
    client.disconnect();
    await dataPlane.close?.();
  }
}
