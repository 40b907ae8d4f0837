import type { FloatTensor } from "../onnx/tensors";
import { ocrDictionary } from "./assets";

/**
 * Greedy CTC decoding of the recognizer's output [N, T, C] (row 0 when N = 1): argmax per time step,
 * then drop repeats and blanks (class 0). Class i ≥ 1 is dictionary line i − 1; the last class is a space.
 */
export function ctcDecode(output: FloatTensor): string {
  return ctcDecodeBatch(output)[0];
}

/** Greedy CTC decoding of every row of a batch. */
export function ctcDecodeBatch(output: FloatTensor): string[] {
  const dict = ocrDictionary();
  if (output.dims.length !== 3) throw new Error(`ctcDecode: output dims must be [N, T, C], got [${output.dims}]`);
  const [n, steps, classes] = output.dims;
  if (classes !== dict.length) {
    throw new Error(`ctcDecode: output has ${classes} classes but the PP-OCR dictionary needs ${dict.length}; is this the ocr-rec model's output?`);
  }
  if (output.data.length !== n * steps * classes) throw new Error(`ctcDecode: data has ${output.data.length} values, dims [${output.dims}] need ${n * steps * classes}`);
  const lines: string[] = [];
  for (let b = 0; b < n; b++) {
    let text = "";
    let previous = -1;
    for (let t = 0; t < steps; t++) {
      const base = (b * steps + t) * classes;
      let best = 0;
      for (let c = 1; c < classes; c++) if (output.data[base + c] > output.data[base + best]) best = c;
      if (best !== 0 && best !== previous) text += dict[best];
      previous = best;
    }
    lines.push(text);
  }
  return lines;
}
