import type { FloatTensor } from "../onnx/tensors";
import { landeData } from "./lande-data";

/** The 50 ISO 639-3 language codes, in the order of the model's output. */
export function landeLanguages(): string[] {
  return [...landeData().languages];
}

/**
 * lande's input features for one text: relative frequencies of its 620 known 1-, 2-, 3- and 4-grams
 * in the normalized text (same normalization as lande: hyphens → spaces, only letters, marks and
 * spaces kept, whitespace collapsed, lower case, padded with one space each side).
 */
export function landeFeatures(text: string): Float32Array {
  if (typeof text !== "string") throw new Error(`landeFeatures: text must be a string, got ${typeof text}`);
  const { ngrams } = landeData();
  const norm = normalize(text);
  const lists = [ngrams.unigrams, ngrams.bigrams, ngrams.trigrams, ngrams.quadgrams];
  const out = new Float32Array(lists.reduce((n, l) => n + l.length, 0));
  let offset = 0;
  lists.forEach((list, i) => {
    const freq = frequencies(norm, i + 1);
    list.forEach((gram, j) => {
      out[offset + j] = freq.get(gram) ?? 0;
    });
    offset += list.length;
  });
  return out;
}

/** Features of several texts as one [N,620] batch for the model. */
export function landeBatch(texts: string[]): FloatTensor {
  const rows = texts.map(landeFeatures);
  const width = rows[0]?.length ?? landeFeatures("").length;
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    data.set(row, i * width);
  });
  return { dims: [rows.length, width], data };
}

/** The most probable language of one output row ([50] or [1,50]). */
export function decodeLande(output: FloatTensor | Float32Array): { language: string; probability: number } {
  const data = output instanceof Float32Array ? output : output.data;
  const languages = landeData().languages;
  if (data.length !== languages.length) {
    throw new Error(`decodeLande: expected ${languages.length} probabilities (one row), got ${data.length}`);
  }
  let best = 0;
  for (let i = 1; i < data.length; i++) if (data[i] > data[best]) best = i;
  return { language: languages[best], probability: data[best] };
}

function normalize(text: string): string {
  const cleaned = text
    .replace(/-+/g, " ")
    .replace(/[^\p{L}\p{M}\s]/gu, "")
    .replace(/\s{2,}/g, " ")
    .toLowerCase()
    .trim();
  return ` ${cleaned} `;
}

// lande slices UTF-16 code units (str.slice), not code points; we do the same to match its features.
function frequencies(text: string, length: number): Map<string, number> {
  const counts = new Map<string, number>();
  let total = 0;
  for (let i = 0; i <= text.length - length; i++) {
    const gram = text.slice(i, i + length);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
    total += 1;
  }
  for (const [gram, count] of counts) counts.set(gram, count / total);
  return counts;
}
