// One decoding step handed from seat to seat of a replica pipeline, as compact bytes on a Redis list:
// kind (u8) ‖ step (u32 LE) ‖ payload. A hidden state is [1, S, D] float32 (S = 1 after the prompt pass); a
// token is the (EE-permuted) id the last shard picked; "end" tells a seat the generation is over.
import { SidecarCode, SidecarError } from "../errors";

export type StepMessage =
  | { kind: "hidden"; step: number; dims: [number, number, number]; data: Float32Array }
  | { kind: "token"; step: number; id: number }
  | { kind: "end"; step: number };

const KIND = { hidden: 1, token: 2, end: 3 } as const;
/** A hand-off larger than this is refused (a hidden state of 4,096 positions × 4,096 features is 64 MiB). */
export const MAX_STEP_MESSAGE_BYTES = 64 * 1024 * 1024;

export function encodeStepMessage(m: StepMessage): Buffer {
  const payload = m.kind === "hidden" ? 12 + m.data.byteLength : m.kind === "token" ? 4 : 0;
  const out = Buffer.alloc(5 + payload);
  out.writeUInt8(KIND[m.kind], 0);
  out.writeUInt32LE(m.step, 1);
  if (m.kind === "token") out.writeUInt32LE(m.id, 5);
  if (m.kind === "hidden") {
    for (let i = 0; i < 3; i++) out.writeUInt32LE(m.dims[i], 5 + 4 * i);
    Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength).copy(out, 17);
  }
  return out;
}

export function decodeStepMessage(bytes: Buffer): StepMessage {
  const bad = (why: string) => new SidecarError(SidecarCode.BadJob, "malformed decoding step hand-off", why);
  if (bytes.length < 5 || bytes.length > MAX_STEP_MESSAGE_BYTES) throw bad(`${bytes.length} bytes`);
  const kind = bytes.readUInt8(0);
  const step = bytes.readUInt32LE(1);
  if (kind === KIND.end && bytes.length === 5) return { kind: "end", step };
  if (kind === KIND.token && bytes.length === 9) return { kind: "token", step, id: bytes.readUInt32LE(5) };
  if (kind === KIND.hidden && bytes.length >= 17) {
    const dims: [number, number, number] = [bytes.readUInt32LE(5), bytes.readUInt32LE(9), bytes.readUInt32LE(13)];
    const n = dims[0] * dims[1] * dims[2];
    if (bytes.length !== 17 + 4 * n) throw bad(`hidden state of dims [${dims}] in ${bytes.length - 17} bytes`);
    // Copy into an aligned buffer: a Float32Array view needs a 4-byte aligned offset.
    const data = new Float32Array(n);
    new Uint8Array(data.buffer).set(bytes.subarray(17));
    return { kind: "hidden", step, dims, data };
  }
  throw bad(`kind ${kind} with ${bytes.length} bytes`);
}
