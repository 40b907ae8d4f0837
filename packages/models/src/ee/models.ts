/** What EE needs to know about a model: class count and, for dense feature inputs, feature count. */
export interface EEModelSpec {
  /** "ocr-rec" and "lande" are built in; any other id is a model prepared with `prepare --onnx`. */
  id: string;
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

/** True for the built-in models, whose EE shape is fixed here (their keys are checked against it). */
export function isBuiltInEEModel(modelId: string): boolean {
  const key = modelId.toLowerCase();
  return SPECS[ALIASES[key] ?? key] !== undefined;
}

export function eeModelSpec(modelId: string): EEModelSpec {
  const key = modelId.toLowerCase();
  const spec = SPECS[ALIASES[key] ?? key];
  if (!spec) {
    throw new Error(`EE: unknown model id "${modelId}"; supported: ${[...Object.keys(SPECS), ...Object.keys(ALIASES)].join(", ")}`);
  }
  return spec;
}

/**
 * The spec a key is checked against: the built-in one for ocr-rec and lande, else the key's own sizes (a model
 * prepared with `prepare --onnx`: its key is self-describing, and the chain holds the commitment to it).
 */
export function eeSpecOfKey(key: { modelId: string; classPerm: unknown; inputPerm?: unknown }): EEModelSpec {
  if (isBuiltInEEModel(key.modelId)) return eeModelSpec(key.modelId);
  const classes = Array.isArray(key.classPerm) ? key.classPerm.length : 0;
  const features = Array.isArray(key.inputPerm) ? key.inputPerm.length : undefined;
  return { id: key.modelId, classes, ...(features !== undefined ? { inputFeatures: features } : {}) };
}
