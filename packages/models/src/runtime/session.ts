import { availableParallelism } from "node:os";
import { InferenceSession, Tensor } from "onnxruntime-node";
import type { FloatTensor } from "../onnx/tensors";

export type { InferenceSession, FloatTensor };

export interface SessionOptions {
  /** Intra-op threads; default: all cores, at most 4. */
  threads?: number;
}

/**
 * Open an onnxruntime-node CPU session on a model file or bytes.
 * Spinning is off: on small machines, several sessions in one process (a chain of shards) otherwise
 * steal each other's cores while busy-waiting.
 * @example const s = await createSession(modelPath("lande"), { threads: 1 });
 */
export async function createSession(pathOrBytes: string | Uint8Array, options: SessionOptions = {}): Promise<InferenceSession> {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`createSession: threads must be a positive integer, got ${threads}`);
  const sessionOptions: InferenceSession.SessionOptions = {
    executionProviders: ["cpu"],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
    extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
  };
  return typeof pathOrBytes === "string"
    ? InferenceSession.create(pathOrBytes, sessionOptions)
    : InferenceSession.create(pathOrBytes, sessionOptions);
}

/** Inputs by graph input name. Float tensors are the common case; pass an ort Tensor for anything else. */
export type SessionInputs = Record<string, FloatTensor | Tensor>;

/**
 * Run a session and return every output as a plain float32 {dims, data}.
 * Checks input names first so a wrong name fails with the list of expected ones.
 */
export async function runSession(session: InferenceSession, inputs: SessionInputs): Promise<Record<string, FloatTensor>> {
  const feeds: Record<string, Tensor> = {};
  for (const name of session.inputNames) {
    const value = inputs[name];
    if (!value) throw new Error(`runSession: missing input "${name}"; the model expects [${session.inputNames.join(", ")}]`);
    feeds[name] = value instanceof Tensor ? value : new Tensor("float32", value.data, value.dims);
  }
  for (const name of Object.keys(inputs)) {
    if (!session.inputNames.includes(name)) throw new Error(`runSession: unknown input "${name}"; the model expects [${session.inputNames.join(", ")}]`);
  }
  const results = await session.run(feeds);
  const out: Record<string, FloatTensor> = {};
  for (const name of session.outputNames) {
    const tensor = results[name];
    if (tensor.type !== "float32") throw new Error(`runSession: output "${name}" is ${tensor.type}; read it from session.run directly`);
    out[name] = { dims: [...tensor.dims], data: tensor.data as Float32Array };
  }
  return out;
}

/** Run a model with one input and one output: the shape of every shard and of both our models. */
export async function runSingle(session: InferenceSession, input: FloatTensor): Promise<FloatTensor> {
  if (session.inputNames.length !== 1 || session.outputNames.length !== 1) {
    throw new Error(`runSingle: the model has inputs [${session.inputNames}] and outputs [${session.outputNames}]; use runSession`);
  }
  const out = await runSession(session, { [session.inputNames[0]]: input });
  return out[session.outputNames[0]];
}

/** Largest absolute elementwise difference; throws when the shapes differ. */
export function maxAbsDiff(a: FloatTensor, b: FloatTensor): number {
  if (a.dims.join("x") !== b.dims.join("x")) throw new Error(`maxAbsDiff: dims [${a.dims}] and [${b.dims}] differ`);
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i] - b.data[i]));
  return max;
}
