import { readFileSync } from "node:fs";

/**
 * A byte-level BPE tokenizer read from a Hugging Face `tokenizer.json` (GPT-2's scheme: bytes shown as printable
 * stand-in characters, GPT-2's pre-tokenizer regex, merges applied by rank). It reads ours and GPT-2's alike.
 * Browser-safe apart from `fromFile`.
 */
export interface TokenizerJson {
  added_tokens?: { id: number; content: string; special?: boolean }[];
  pre_tokenizer?: { type: string } | null;
  model: { type: string; vocab: Record<string, number>; merges: (string | [string, string])[] };
}

// GPT-2's pre-tokenizer: contractions, letters, digits, other symbols, each optionally led by one space.
const PRETOKENIZE = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** GPT-2's reversible map from the 256 bytes to printable characters. */
function byteToChar(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map: string[] = new Array(256);
  for (const b of printable) map[b] = String.fromCodePoint(b);
  let extra = 0;
  for (let b = 0; b < 256; b++) if (map[b] === undefined) map[b] = String.fromCodePoint(256 + extra++);
  return map;
}

const BYTE_CHAR = byteToChar();
const CHAR_BYTE = new Map(BYTE_CHAR.map((c, b) => [c, b]));

export class BpeTokenizer {
  readonly vocabSize: number;
  /** Special tokens by content (`<|endoftext|>` → id). */
  readonly specialIds: ReadonlyMap<string, number>;
  private readonly vocab: Map<string, number>;
  private readonly idToToken: string[];
  private readonly ranks: Map<string, number>;
  private readonly cache = new Map<string, number[]>();
  private readonly specialPattern: RegExp | null;

  constructor(json: TokenizerJson) {
    if (json.model?.type !== "BPE") throw new Error(`tokenizer.json: model.type must be "BPE", got "${json.model?.type}"`);
    if (json.pre_tokenizer && json.pre_tokenizer.type !== "ByteLevel") {
      throw new Error(`tokenizer.json: only the ByteLevel pre-tokenizer is supported, got "${json.pre_tokenizer.type}"`);
    }
    this.vocab = new Map(Object.entries(json.model.vocab));
    const special = new Map<string, number>();
    for (const t of json.added_tokens ?? []) {
      special.set(t.content, t.id);
      this.vocab.set(t.content, t.id);
    }
    this.specialIds = special;
    this.vocabSize = Math.max(...this.vocab.values()) + 1;
    this.idToToken = new Array(this.vocabSize);
    for (const [token, id] of this.vocab) this.idToToken[id] = token;
    this.ranks = new Map(json.model.merges.map((m, rank) => [typeof m === "string" ? m : `${m[0]} ${m[1]}`, rank]));
    const escaped = [...special.keys()].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    this.specialPattern = escaped.length ? new RegExp(`(${escaped.join("|")})`) : null;
  }

  static fromFile(path: string): BpeTokenizer {
    return new BpeTokenizer(JSON.parse(readFileSync(path, "utf8")) as TokenizerJson);
  }

  /** Id of a special token such as `<|endoftext|>`; throws if the tokenizer has none by that name. */
  specialId(content: string): number {
    const id = this.specialIds.get(content);
    if (id === undefined) throw new Error(`tokenizer: no special token "${content}"`);
    return id;
  }

  /** Text → ids. Special tokens written literally in the text map to their ids. */
  encode(text: string): number[] {
    const ids: number[] = [];
    const parts = this.specialPattern ? text.split(this.specialPattern) : [text];
    for (const part of parts) {
      if (part === "") continue;
      const special = this.specialIds.get(part);
      if (special !== undefined) {
        ids.push(special);
        continue;
      }
      for (const piece of part.match(PRETOKENIZE) ?? []) ids.push(...this.bpe(piece));
    }
    return ids;
  }

  /** Ids → bytes; special tokens are dropped unless `keepSpecial`. */
  decodeBytes(ids: readonly number[], keepSpecial = false): Uint8Array {
    const bytes: number[] = [];
    for (const id of ids) {
      const token = this.idToToken[id];
      if (token === undefined) throw new Error(`tokenizer: id ${id} is outside the vocabulary (0..${this.vocabSize - 1})`);
      if (this.specialIds.has(token)) {
        if (keepSpecial) bytes.push(...new TextEncoder().encode(token));
        continue;
      }
      for (const ch of token) bytes.push(CHAR_BYTE.get(ch) as number);
    }
    return Uint8Array.from(bytes);
  }

  /** Ids → text (invalid UTF-8 at a cut inside a character becomes U+FFFD, as Hugging Face decodes it). */
  decode(ids: readonly number[], keepSpecial = false): string {
    return new TextDecoder().decode(this.decodeBytes(ids, keepSpecial));
  }

  private bpe(piece: string): number[] {
    const cached = this.cache.get(piece);
    if (cached) return cached;
    let symbols = [...new TextEncoder().encode(piece)].map((b) => BYTE_CHAR[b]);
    while (symbols.length > 1) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let k = 0; k < symbols.length - 1; k++) {
        const rank = this.ranks.get(`${symbols[k]} ${symbols[k + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = k;
        }
      }
      if (best < 0) break;
      symbols = [...symbols.slice(0, best), symbols[best] + symbols[best + 1], ...symbols.slice(best + 2)];
    }
    const ids = symbols.map((s) => {
      const id = this.vocab.get(s);
      if (id === undefined) throw new Error(`tokenizer: "${s}" has no id; tokenizer.json's merges and vocab disagree`);
      return id;
    });
    if (this.cache.size < 50_000) this.cache.set(piece, ids);
    return ids;
  }
}
