// BROWSER SUBSTITUTE for packages/models/src/lande/lande-data.ts (which reads lande's files with node:fs): the
// same languages and n-gram vocabulary, bundled at build time. The page only computes features and names the
// language; the network (lande's dense layers) runs on the miners, so `dense` is not shipped to the browser.
import { landeLanguages, landeNgrams } from "virtual:nesa-model-data";

// The same types as the file it replaces (a type-only import: nothing of node:fs reaches the bundle).
import type { LandeData, LandeDense } from "../../../../models/src/lande/lande-data";

export type { LandeData, LandeDense };

const noDense = (): never => {
  throw new Error("lande's dense layers are not bundled in the browser: the miners run the model");
};

export function landeData(): LandeData {
  return {
    languages: landeLanguages,
    ngrams: landeNgrams,
    get dense(): [LandeDense, LandeDense] {
      return noDense();
    },
  };
}

export function decodeToygrad(): Float32Array {
  return noDense();
}
