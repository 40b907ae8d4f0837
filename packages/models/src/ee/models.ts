/** What EE needs to know about each supported model: class count and, for dense feature inputs, feature count. */
export interface EEModelSpec {
  id: "ocr-rec" | "lande";
  /** Output classes, on the last axis of the output (OCR: CTC classes per time step; lande: languages). */
  classes: number;
  /** Input features permuted by the key (lande's n-gram vector); absent when the input is not permuted (OCR image). */
  inputFeatures?: number;
}

const SPECS: Record<string, EEModelSpec> = {
  "ocr-rec": { id: "ocr-rec", classes: 6625 },
  lande: { id: "lande", classes: 50, inputFeatures: 620 },
};

// The OCR recognizer goes by several names in the repo (CLI ids, file names); all mean the same network.
const ALIASES: Record<string, string> = {
  ocr: "ocr-rec",
  "ppocr-rec": "ocr-rec",
  "ppocrv4-rec": "ocr-rec",
  "ch_pp-ocrv4_rec": "ocr-rec",
  "ch_pp-ocrv4_rec_infer": "ocr-rec",
  "lande-t50": "lande",
};

export function eeModelSpec(modelId: string): EEModelSpec {
  const key = modelId.toLowerCase();
  const spec = SPECS[ALIASES[key] ?? key];
  if (!spec) {
    throw new Error(`EE: unknown model id "${modelId}"; supported: ${[...Object.keys(SPECS), ...Object.keys(ALIASES)].join(", ")}`);
  }
  return spec;
}
