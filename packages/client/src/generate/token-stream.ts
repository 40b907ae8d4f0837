// The unverified side of a generation: the last shard's miner of each replica appends every token it picks to a
// stream (@nesa/data-plane RedisKeys.genTokens) before the seats commit; the client reads replica 0's, decrypts
// each id and hands on the text as it grows. Nothing read here is trusted: `generate` compares it with the
// result the verdict agreed on, and the verified text wins.
import type { GenerationCodec } from "./generation-codec";
import { TokenText } from "./token-text";

/** One entry of a replica's token stream, as the miner wrote it: the step and the encrypted id. */
export interface StreamedToken {
  readonly step: number;
  readonly token: number;
}

/**
 * Where token streams are read (Node: `createRedisTokenStream` of `@nesa/client/node`, XREAD BLOCK on Redis).
 * Browser-safe interface: the core never reads Redis itself.
 */
export interface TokenStreamSource {
  readonly name: string;
  /**
   * The replica's tokens from the first, in order, as they are appended. Runs until the caller stops iterating
   * or `signal` aborts; on abort it still hands on what is already stored, then ends.
   */
  read(queryId: bigint, replica: number, signal: AbortSignal): AsyncIterable<StreamedToken>;
  close?(): Promise<void>;
}

/** What `onToken` receives: the text this token adds (may be "" inside a split character), and its plain id. */
export interface GeneratedToken {
  readonly text: string;
  readonly id: number;
  /** 0-based position among the generated tokens. */
  readonly index: number;
  /** false while streamed (before the verdict); true when handed on from the verified result. */
  readonly verified: boolean;
}

export interface FollowTokensParameters {
  readonly source: TokenStreamSource;
  readonly queryId: bigint;
  readonly replica: number;
  readonly codec: GenerationCodec;
  /** The stream is complete after this many tokens (max_new_tokens, or less when the context runs out first). */
  readonly limit: number;
  readonly signal: AbortSignal;
  readonly onToken?: (t: GeneratedToken) => void;
  /** Test seam (default Date.now). */
  readonly now?: () => number;
}

export interface FollowedTokens {
  /** Plain ids before the end of text (eos excluded). */
  readonly ids: readonly number[];
  /** The pieces handed to onToken, joined. */
  readonly text: string;
  /** "eos": the end-of-text token came; "length": `limit` tokens; "stopped": aborted or the stream ended first. */
  readonly end: "eos" | "length" | "stopped";
  /** When the first and the last token arrived (ms, `now()`), if any did. */
  readonly firstAt?: number;
  readonly lastAt?: number;
}

/**
 * Reads one replica's stream until the end of text, the limit, or the signal; decrypts and decodes each token.
 *
 * @example
 * const streamed = await followTokens({ source, queryId, replica: 0, codec, limit: 24, signal, onToken: (t) => process.stdout.write(t.text) });
 */
export async function followTokens(p: FollowTokensParameters): Promise<FollowedTokens> {
  const now = p.now ?? Date.now;
  const text = new TokenText((ids) => p.codec.decodeBytes(ids));
  const ids: number[] = [];
  let count = 0;
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  let end: FollowedTokens["end"] = "stopped";
  if (p.limit < 1) return { ids, text: "", end: "length" };
  for await (const entry of p.source.read(p.queryId, p.replica, p.signal)) {
    // Steps are 0, 1, 2, …: a repeated entry (a re-read) is skipped, a gap ends what can be trusted to follow.
    if (entry.step < count) continue;
    if (entry.step > count) break;
    count++;
    const at = now();
    firstAt ??= at;
    lastAt = at;
    const [id] = p.codec.decryptIds([entry.token]);
    if (id === p.codec.eosId) {
      end = "eos";
      break;
    }
    ids.push(id);
    const piece = text.push(id);
    p.onToken?.({ text: piece, id, index: ids.length - 1, verified: false });
    if (count >= p.limit) {
      end = "length";
      break;
    }
  }
  // A character left incomplete by the last token is not handed on: the verified text has the final word.
  return { ids, text: text.text, end, firstAt, lastAt };
}
