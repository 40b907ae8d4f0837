// ABCI socket framing (CometBFT ≥ 0.37, libs/protoio): every message is an unsigned varint length
// followed by that many bytes of a protobuf `tendermint.abci.Request` (in) or `Response` (out).
// Before 0.37 the prefix was a signed (zigzag) varint: old JS ABCI servers are wrong here.

/** Largest message accepted from CometBFT (a block of txs fits; anything larger is a broken peer). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export function encodeUvarint(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

export function frame(message: Uint8Array): Buffer {
  return Buffer.concat([encodeUvarint(message.length), message]);
}

/** Splits a byte stream into messages; `push` returns the complete ones received so far. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Uint8Array[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Uint8Array[] = [];
    for (;;) {
      const header = readUvarint(this.buf);
      if (!header) break;
      if (header.value > MAX_MESSAGE_BYTES) throw new Error(`ABCI message of ${header.value} bytes exceeds the ${MAX_MESSAGE_BYTES}-byte limit`);
      const end = header.size + header.value;
      if (this.buf.length < end) break;
      out.push(new Uint8Array(this.buf.subarray(header.size, end)));
      this.buf = this.buf.subarray(end);
    }
    return out;
  }
}

function readUvarint(b: Buffer): { value: number; size: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    if (i >= 8) throw new Error("ABCI length prefix is longer than 8 bytes: not an ABCI stream");
    value += (b[i] & 0x7f) * scale;
    if ((b[i] & 0x80) === 0) return { value, size: i + 1 };
    scale *= 0x80;
  }
  return undefined;
}
