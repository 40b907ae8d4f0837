import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** One dense layer of lande's network: out = W·in + b, W stored row-major as [outputs, inputs]. */
export interface LandeDense {
  outputs: number;
  inputs: number;
  weights: Float32Array;
  biases: Float32Array;
}

export interface LandeData {
  languages: string[];
  ngrams: { unigrams: string[]; bigrams: string[]; trigrams: string[]; quadgrams: string[] };
  dense: [LandeDense, LandeDense];
}

// lande's package exports only its entry; its data files sit beside it as `export default <JSON>;`.
const require = createRequire(import.meta.url);
const standaloneDir = dirname(require.resolve("lande"));

let cached: LandeData | undefined;

/** lande's pretrained t50 network, languages and n-gram vocabulary, read from the installed package. */
export function landeData(): LandeData {
  if (cached) return cached;
  const languages = readModule("t50-langs.js") as string[];
  const ngrams = readModule("t50-ngrams.js") as LandeData["ngrams"];
  const options = readModule("t50-options.js") as { layers: LayerOptions[] };
  const types = options.layers.map((l) => l.type).join(",");
  if (types !== "input,dense,relu,dense,softmax") {
    throw new Error(`lande: expected layers input,dense,relu,dense,softmax but the installed package has ${types}; the converter must be updated`);
  }
  const inputs = options.layers[0].sz ?? 0;
  const first = decodeDense(options.layers[1], inputs, "dense1");
  const second = decodeDense(options.layers[3], first.outputs, "dense2");
  const featureCount = ngrams.unigrams.length + ngrams.bigrams.length + ngrams.trigrams.length + ngrams.quadgrams.length;
  if (featureCount !== inputs) throw new Error(`lande: ${featureCount} n-grams but the input layer takes ${inputs}`);
  if (second.outputs !== languages.length) throw new Error(`lande: ${second.outputs} outputs but ${languages.length} languages`);
  cached = { languages, ngrams, dense: [first, second] };
  return cached;
}

interface LayerOptions {
  type: string;
  sz?: number;
  filters?: number;
  _biases?: string;
  _filters?: string[];
}

function readModule(file: string): unknown {
  const text = readFileSync(join(standaloneDir, file), "utf8").trim();
  const prefix = "export default ";
  if (!text.startsWith(prefix)) throw new Error(`lande: ${file} is not a JSON default export; the converter must be updated`);
  return JSON.parse(text.slice(prefix.length).replace(/;$/, ""));
}

function decodeDense(layer: LayerOptions, inputs: number, what: string): LandeDense {
  const outputs = layer.filters ?? 0;
  if (!layer._filters || layer._filters.length !== outputs || !layer._biases) {
    throw new Error(`lande: ${what} has no trained weights (_filters/_biases) for ${outputs} outputs`);
  }
  const weights = new Float32Array(outputs * inputs);
  layer._filters.forEach((encoded, row) => {
    const values = decodeToygrad(encoded, `${what} filter ${row}`);
    if (values.length !== inputs) throw new Error(`lande: ${what} filter ${row} has ${values.length} weights, expected ${inputs}`);
    weights.set(values, row * inputs);
  });
  const biases = decodeToygrad(layer._biases, `${what} biases`);
  if (biases.length !== outputs) throw new Error(`lande: ${what} has ${biases.length} biases, expected ${outputs}`);
  return { outputs, inputs, weights, biases };
}

/**
 * toygrad's weight encoding as lande ships it: "1<scale>|<base64>", one byte per weight, value =
 * (byte − 127) / scale. Computed the same way toygrad does (double, then stored as float32), so our
 * weights are bit-identical to the ones lande's own network multiplies with.
 */
export function decodeToygrad(encoded: string, what: string): Float32Array {
  const sep = encoded.indexOf("|");
  if (encoded[0] !== "1" || encoded[1] === "-" || sep < 0) {
    throw new Error(`lande: ${what} uses a toygrad precision other than f8 ("${encoded.slice(0, 8)}…"); the converter must be updated`);
  }
  const scale = Number(encoded.slice(1, sep));
  const bytes = Buffer.from(encoded.slice(sep + 1), "base64");
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] - 127) / scale;
  return out;
}
