// Streamed tokens → text, one piece per token. A byte-level BPE token may end inside a UTF-8 character (an
// emoji or "é" is often two or three tokens), so each step decodes the whole prefix of bytes, holds back a
// trailing incomplete character, and hands on only the new suffix: the pieces always join to the text of the
// ids so far, and no piece carries half a character (or a U+FFFD that a later token would have completed).

/** Bytes at the end of `bytes` that start a UTF-8 character not yet complete (0 when the last one is whole). */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  // A character is at most 4 bytes: look back at most 3 for its lead byte.
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: the lead is further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0; // only continuation bytes: invalid anyway, decoded as U+FFFD now
}

/**
 * @example
 * const text = new TokenText((ids) => codec.decodeBytes(ids));
 * text.push(id1); // "Call"
 * text.push(id2); // " me"
 */
export class TokenText {
  private readonly ids: number[] = [];
  private emitted = "";
  private readonly decoder = new TextDecoder();

  constructor(private readonly decodeBytes: (ids: readonly number[]) => Uint8Array) {}

  /** Text handed on so far. */
  get text(): string {
    return this.emitted;
  }

  /** Adds a plain id; returns the text it completes (may be "" while a character is split across tokens). */
  push(id: number): string {
    this.ids.push(id);
    const bytes = this.decodeBytes(this.ids);
    return this.advance(this.decoder.decode(bytes.subarray(0, bytes.length - incompleteUtf8Tail(bytes))));
  }

  /** The rest once no token follows (an incomplete last character becomes U+FFFD). */
  flush(): string {
    return this.advance(this.decoder.decode(this.decodeBytes(this.ids)));
  }

  private advance(full: string): string {
    // Decoding a longer prefix never changes the text of a shorter complete one; if it ever did, hold back.
    if (!full.startsWith(this.emitted)) return "";
    const piece = full.slice(this.emitted.length);
    this.emitted = full;
    return piece;
  }
}
