import type { FloatTensor } from "../onnx/tensors";

/** A 2-D convolution's geometry and weight: what a miner reads off a public model. */
export interface ConvSpec {
  weight: Float32Array;
  /** [outChannels, inChannels, kh, kw] */
  dims: [number, number, number, number];
  stride: number;
  pad: number;
}

function forward(c: ConvSpec, x: Float64Array, h: number, w: number, oh: number, ow: number): Float64Array {
  const [co, ci, kh, kw] = c.dims;
  const y = new Float64Array(co * oh * ow);
  for (let o = 0; o < co; o++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let s = 0;
        for (let ch = 0; ch < ci; ch++) {
          for (let a = 0; a < kh; a++) {
            const r = i * c.stride + a - c.pad;
            if (r < 0 || r >= h) continue;
            for (let b = 0; b < kw; b++) {
              const q = j * c.stride + b - c.pad;
              if (q >= 0 && q < w) s += c.weight[((o * ci + ch) * kh + a) * kw + b] * x[(ch * h + r) * w + q];
            }
          }
        }
        y[(o * oh + i) * ow + j] = s;
      }
    }
  }
  return y;
}

function adjoint(c: ConvSpec, y: Float64Array, h: number, w: number, oh: number, ow: number): Float64Array {
  const [co, ci, kh, kw] = c.dims;
  const x = new Float64Array(ci * h * w);
  for (let o = 0; o < co; o++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const v = y[(o * oh + i) * ow + j];
        for (let ch = 0; ch < ci; ch++) {
          for (let a = 0; a < kh; a++) {
            const r = i * c.stride + a - c.pad;
            if (r < 0 || r >= h) continue;
            for (let b = 0; b < kw; b++) {
              const q = j * c.stride + b - c.pad;
              if (q >= 0 && q < w) x[(ch * h + r) * w + q] += c.weight[((o * ci + ch) * kh + a) * kw + b] * v;
            }
          }
        }
      }
    }
  }
  return x;
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

/**
 * What the HSS combiner can do with the first-layer feature maps it sums, once it has undone their channel
 * permutation (weight matching): solve conv(x) = y for the input by least squares (CGLS). With more output
 * channels per stride cell than input pixels (OCR: 16 ≥ 3·2·2), the system is overdetermined and x comes back.
 */
export function invertConv(c: ConvSpec, y: FloatTensor, inputDims: number[], iterations = 150): FloatTensor {
  const [, , h, w] = inputDims;
  const [, , oh, ow] = y.dims;
  const yy = Float64Array.from(y.data);
  const x = new Float64Array(inputDims.reduce((a, b) => a * b, 1));
  let r = yy.slice();
  let s = adjoint(c, r, h, w, oh, ow);
  let p = s.slice();
  let gamma = dot(s, s);
  for (let k = 0; k < iterations && gamma > 1e-20; k++) {
    const q = forward(c, p, h, w, oh, ow);
    const alpha = gamma / dot(q, q);
    for (let i = 0; i < x.length; i++) x[i] += alpha * p[i];
    r = r.map((v, i) => v - alpha * q[i]);
    s = adjoint(c, r, h, w, oh, ow);
    const next = dot(s, s);
    const beta = next / gamma;
    gamma = next;
    p = p.map((v, i) => s[i] + beta * v);
  }
  return { dims: [...inputDims], data: Float32Array.from(x) };
}
