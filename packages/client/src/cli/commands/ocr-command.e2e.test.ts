// The OCR page pipeline end to end on one in-process network (the fixture's two miners, already running): the
// PP-OCRv4 detector prepared by the owners' generic path (`prepare --onnx --ee`, 2 shards) and the recognizer
// (`prepare --model ocr-rec --ee`, 2 shards) are published and served without a restart; `nesa infer --model
// ocr-det --image` prints the boxes, and `--model ocr --image` (two verified queries) reads a 3-line page exactly.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { OCR_DET_PATH, composeLines, prepareOnnx, renderTextLine, writePng } from "@nesa/models";
import { prepareModel } from "../../../../models/src/cli/prepare";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { serveModels } from "../../../../sidecar/src/cli/serve-models";
import { publishModel } from "../../publish/publish-model";
import { type LocalnetFixture, startLocalnetFixture } from "../../testing/localnet-fixture";
import { buildProgram } from "../nesa";

const log = pino({ level: process.env.TEST_LOG ?? "silent" });
const LINES = ["Private inference", "nesa localnet 42", "query 1234 paid"];

async function nesa(args: string[]): Promise<string> {
  let stdout = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((c) => {
    stdout += String(c);
    return true;
  });
  try {
    await buildProgram().parseAsync(["node", "nesa", ...args]);
  } finally {
    spy.mockRestore();
  }
  return stdout;
}

describe("nesa infer --model ocr-det / ocr on a running network", () => {
  let net: LocalnetFixture;
  let page: string;
  beforeAll(async () => {
    net = await startLocalnetFixture({ uploads: true });
    const det = join(net.dir, "ocr-det");
    const rec = join(net.dir, "ocr-rec");
    await prepareOnnx({ onnx: OCR_DET_PATH, id: "ocr-det", name: "PP-OCRv4 text detector (EE)", shards: 2, out: det, ee: true, keyOut: join(net.dir, "ocr-det.key.json") }, log);
    await prepareModel({ model: "ocr-rec", shards: 2, out: rec, ee: true, keyOut: join(net.dir, "ocr-rec.key.json") }, log);
    for (const dir of [det, rec]) await publishModel({ manifest: join(dir, "manifest.json"), price: "1000unes", home: net.home, from: "owner" }, log);
    for (const m of net.minerSetups) await serveModels(m.config, m.keys, ["ocr-det", "ocr-rec"], log);
    // The client finds both keys in localnet.json, as on `localnet/start`'s home.
    const info = JSON.parse(await readFile(join(net.home, "localnet.json"), "utf8"));
    info.models["ocr-det"] = { manifest: "ocr-det/manifest.json", eeKeyFile: "ocr-det.key.json" };
    info.models["ocr-rec"] = { manifest: "ocr-rec/manifest.json", eeKeyFile: "ocr-rec.key.json" };
    await writeFile(join(net.home, "localnet.json"), JSON.stringify(info, null, 2));
    page = join(net.dir, "page.png");
    writePng(page, composeLines(LINES.map((t) => renderTextLine(t))));
  }, 90_000);
  afterAll(async () => {
    await net?.close();
  });

  // EE alone hands the image to shard 0 (the detector's input is pixels): --allow-exposure is the test's choice;
  // HSS-EE needs more miners than this fixture runs (localnet/start prepares the detector with --hss).
  const common = () => ["--home", net.home, "--image", page, "--allow-exposure", "--replicas", "1", "--json"];

  it("--model ocr-det prints one verified box per line, in reading order", async () => {
    const r = JSON.parse(await nesa(["infer", "--model", "ocr-det", ...common()]));
    expect(r.verified).toBe(true);
    expect(r.output).toHaveLength(LINES.length);
    const ys = r.output.map((b: { y: number }) => b.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
  }, 60_000);

  it("--model ocr reads every line exactly (detect, crop, recognize: two verified queries)", async () => {
    const r = JSON.parse(await nesa(["infer", "--model", "ocr", ...common()]));
    expect(r.lines).toEqual(LINES);
    expect(r.verified).toBe(true);
    expect(r.queries.map((q: { model: string }) => q.model)).toEqual(["ocr-det", "ocr-rec"]);
  }, 60_000);
});
