import { type EEModelSpec, eeModelSpec, isBuiltInEEModel } from "./models";

/** How a client protects its input; the names of `nesa.payforquery.v1.Privacy` are accepted too. */
export type PrivacyMode = "EE" | "HSS_EE";

export interface SeatExposure {
  /** Which miner: "shard 0", "share 0", "combiner", "shard k", "last shard". */
  seat: string;
  /** The tensor it is handed. */
  receives: string;
  /** What it can learn from it, given public plaintext weights (docs/security.md, measured attack). */
  canLearn: string;
}

export interface PrivacyExposure {
  modelId: string;
  mode: PrivacyMode;
  /** A miner is handed the plaintext input itself. The SDK must refuse this unless the user opts in. */
  rawInputToMiner: boolean;
  /** A miner that knows the public weights can reconstruct the input (or most of it) from what it receives. */
  inputRecoverable: boolean;
  /** A miner that knows the public weights can undo the output permutation and read the result. */
  outputRecoverable: boolean;
  /** refuse: hands raw input to a miner; warn: protection is weaker than it looks; ok: no known recovery. */
  level: "refuse" | "warn" | "ok";
  /** One loud line for the SDK to show. */
  message: string;
  seats: SeatExposure[];
}

function normaliseMode(mode: string): PrivacyMode {
  const m = mode.toUpperCase().replace(/^PRIVACY_/, "").replace(/-/g, "_");
  if (m === "EE" || m === "HSS_EE") return m;
  throw new Error(`privacyExposure: unknown privacy mode "${mode}"; use "EE" or "HSS_EE"`);
}

const LAST = {
  seat: "last shard",
  receives: "channel-permuted features; produces class-permuted outputs",
  canLearn: "the class permutation (matching the head's columns to the public weights: 100% measured), hence the result",
};

/**
 * What each miner seat receives for a model and privacy mode, and whether the mode exposes the input. The SDK
 * calls this before paying for a query: it must refuse `level: "refuse"` unless the user explicitly accepts it,
 * and show `message` loudly for `warn`.
 * @example if (privacyExposure("ocr-rec", "EE").level === "refuse") throw new Error("use HSS_EE")
 */
export function privacyExposure(modelId: string, mode: PrivacyMode | string, generic?: Pick<EEModelSpec, "inputFeatures">): PrivacyExposure {
  const m = normaliseMode(mode);
  // A model prepared with `prepare --onnx` is described by its key (pass `generic`); an unknown id alone still throws.
  if (!isBuiltInEEModel(modelId) && generic) return genericExposure(modelId, m, generic.inputFeatures !== undefined);
  const spec = eeModelSpec(modelId);
  const ocr = spec.id === "ocr-rec";
  let seats: SeatExposure[];
  let rawInputToMiner = false;
  if (m === "EE" && ocr) {
    rawInputToMiner = true;
    seats = [
      { seat: "shard 0", receives: "the input image itself (EE does not transform pixels)", canLearn: "the whole input" },
      { seat: "shard k > 0", receives: "channel-permuted feature maps", canLearn: "the permutation (100% by weight matching), hence plaintext feature maps" },
      LAST,
    ];
  } else if (m === "EE") {
    seats = [
      { seat: "shard 0", receives: "the n-gram features, permuted by the key", canLearn: "the feature permutation (matching first-layer rows), hence the features and most of the text's n-grams" },
      { seat: "shard k > 0", receives: "hidden activations, permuted", canLearn: "the permutation, hence plaintext activations" },
      LAST,
    ];
  } else {
    const first = ocr ? "first-layer feature maps (16 channels, stride 2), channel-permuted" : "first-layer pre-activations (120), permuted";
    seats = [
      { seat: "share 0", receives: "r, uniform noise in ±256 independent of the input", canLearn: "nothing about the input" },
      { seat: "share 1", receives: "x − r (encrypted input minus the mask)", canLearn: "nothing useful alone: within total variation |x|/512 per element of input-independent noise" },
      { seat: "combiner (replaces shard 0)", receives: `both partial results, which sum to the ${first}`, canLearn: ocr ? "the permutation, then a 2×-downsampled edge image of the input: the text is largely readable" : "the permutation, then the first layer's output, from which features can be estimated" },
      { seat: "shard k > 0", receives: "channel-permuted features", canLearn: "the permutation, hence plaintext features" },
      LAST,
    ];
  }
  const message = rawInputToMiner
    ? `${spec.id} with EE hands the raw input to the shard-0 miner; use HSS_EE or accept the exposure explicitly.`
    : `${spec.id} with ${m}: with public model weights, a colluding or curious miner can undo EE's permutations; the ${m === "HSS_EE" ? "combining miner sees first-layer features" : "input is recoverable"} and the last miner can read the result. See docs/security.md.`;
  return {
    modelId: spec.id,
    mode: m,
    rawInputToMiner,
    inputRecoverable: true,
    outputRecoverable: true,
    level: rawInputToMiner ? "refuse" : "warn",
    message,
    seats,
  };
}

/**
 * A model prepared with `prepare --onnx`: EE permutes its input only when the key has an input permutation (a dense
 * input read by a linear layer); otherwise shard 0 gets the raw input, as with OCR. The same weight-matching
 * attacks apply whenever the plaintext weights are public (docs/security.md).
 */
function genericExposure(modelId: string, m: PrivacyMode, inputPermuted: boolean): PrivacyExposure {
  const rawInputToMiner = m === "EE" && !inputPermuted;
  const first = rawInputToMiner
    ? { seat: "shard 0", receives: "the input tensor itself (EE does not transform this input)", canLearn: "the whole input" }
    : m === "EE"
      ? { seat: "shard 0", receives: "the input features, permuted by the key", canLearn: "the permutation if the plaintext weights are known, hence the input" }
      : { seat: "share 0 / share 1", receives: "one additive share of the encrypted input each", canLearn: "nothing about the input alone" };
  const seats: SeatExposure[] = [
    first,
    ...(m === "HSS_EE" ? [{ seat: "combiner (replaces shard 0)", receives: "both partial results of the first linear op, channel-permuted", canLearn: "the permutation if the weights are known, then the first layer's output" }] : []),
    { seat: "shard k > 0", receives: "channel-permuted activations", canLearn: "the permutation if the plaintext weights are known, hence plaintext activations" },
    LAST,
  ];
  const message = rawInputToMiner
    ? `${modelId} with EE hands the raw input to the shard-0 miner; use HSS_EE or accept the exposure explicitly.`
    : `${modelId} with ${m}: a miner that knows the plaintext weights can undo EE's permutations and read the result. See docs/security.md.`;
  return { modelId, mode: m, rawInputToMiner, inputRecoverable: true, outputRecoverable: true, level: rawInputToMiner ? "refuse" : "warn", message, seats };
}
