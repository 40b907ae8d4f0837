// `nesa infer --model ocr-det --image PNG` (the text boxes) and `--model ocr --image PNG` (detection, then every
// box read by ocr-rec: two verified queries), over the same NesaClient.infer as every other model.
import { formatBoxes, type TextBox } from "@nesa/models";
import { readEEKeyFile } from "../../adapters/node/model-codecs";
import { createOcrDetCodec, createOcrLinesCodec, readPage } from "../../adapters/node/ocr-codecs";
import { createRedisResultSource } from "../../adapters/node/redis-result-source";
import { walletFromMnemonic } from "../../adapters/node/wallet";
import { NesaClient } from "../../client";
import { combineDataPlanes } from "../../data-plane/data-plane";
import { createHttpDataPlane } from "../../data-plane/http-data-plane";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";
import type { InferReturnType } from "../../infer/infer";
import type { ModelCodec, PrivacyMode } from "../../infer/model-codec";
import { loadHome, pickAccount } from "../load-home";
import { printJson } from "../output";
import { createProgress } from "../progress";
import { type InferCommandOptions, inferJson, inferSummary } from "./infer-command";

const keyFor = (info: Awaited<ReturnType<typeof loadHome>>, model: string, given?: string): string => {
  const file = given ?? info.models[model]?.eeKeyFile;
  if (!file) throw new ClientError(ClientErrorCode.UnknownModel, `localnet.json has no EE key for model "${model}"`, `pass --key FILE (written by \`nesa-models prepare --onnx … --ee\`); localnet.json knows: ${Object.keys(info.models).join(", ") || "none"}`);
  return file;
};

/** The query's result with its decoded output as one printable string (for inferJson / inferSummary). */
const asText = <O>(r: InferReturnType<O>, text: string): InferReturnType<string> => ({ ...r, output: text });

/** Runs `--model ocr-det` or `--model ocr` with `--image`; options are validated by runInfer first. */
export async function runOcr(o: InferCommandOptions & { image: string }): Promise<void> {
  const info = await loadHome(o.home);
  const det = createOcrDetCodec(await readEEKeyFile(keyFor(info, "ocr-det", o.key)));
  const codecs: Record<string, ModelCodec> = { "ocr-det": det as ModelCodec };
  if (o.model === "ocr") codecs["ocr-rec"] = createOcrLinesCodec(await readEEKeyFile(keyFor(info, "ocr-rec"))) as ModelCodec;
  const account = pickAccount(info, o.from);
  const wallet = await walletFromMnemonic(account.mnemonic);
  const dataPlane = combineDataPlanes(createHttpDataPlane(info.dispatcherUrl), [createRedisResultSource(info.redisUrl, info.redisPrefix ?? "nesa")]);
  const client = await NesaClient.connectWithSigner(info.rpc, wallet, { dataPlane, codecs });
  const progress = createProgress(process.stderr, !o.json);
  const params = {
    privacy: o.privacy as PrivacyMode,
    replicas: o.replicas === undefined ? undefined : Number(o.replicas),
    maxFee: o.maxFee === undefined ? undefined : BigInt(o.maxFee),
    allowExposure: o.allowExposure,
    timeoutMs: Number(o.timeout) * 1000,
    onProgress: (p: Parameters<typeof progress.update>[0]) => progress.update(p),
    onWarning: (m: string) => progress.note(`WARNING (privacy): ${m}`),
  };
  try {
    if (o.model === "ocr-det") {
      const r = await client.infer<{ png: string }, TextBox[]>({ ...params, model: "ocr-det", input: { png: o.image } });
      progress.stop();
      if (o.json) printJson({ ...inferJson("ocr-det", asText(r, "")), output: r.output });
      else process.stdout.write(`${inferSummary("ocr-det", asText(r, `${r.output.length} text box(es)\n${formatBoxes(r.output)}`))}\n`);
      return;
    }
    const page = await readPage((p) => client.infer(p), { png: o.image }, params);
    progress.stop();
    const queries: InferReturnType<unknown>[] = [page.detect, ...(page.recognize ? [page.recognize] : [])];
    if (o.json) {
      printJson({ model: "ocr", lines: page.lines, boxes: page.boxes, verified: queries.every((q) => q.committee.verified && q.result.verified), queries: queries.map((q, i) => inferJson(i === 0 ? "ocr-det" : "ocr-rec", asText(q, ""))) });
      return;
    }
    const text = page.lines.length === 0 ? "no text found" : page.lines.join("\n");
    process.stdout.write(`${text}\n\n${inferSummary("ocr-det", asText(page.detect, `${page.boxes.length} text box(es)\n${formatBoxes(page.boxes)}`))}\n`);
    if (page.recognize) process.stdout.write(`\n${inferSummary("ocr-rec", asText(page.recognize, `${page.lines.length} line(s) read`))}\n`);
  } finally {
    progress.stop();
    client.disconnect();
    await dataPlane.close?.();
  }
}
