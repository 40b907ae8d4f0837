import type { DecoderConfig } from "./decoder-config";
import type { DecoderWeights } from "./decoder-weights";
import { lmKeyPermutations, type LmEEKey } from "./lm-key";

/**
 * Attacks on a decoder's EE, measured for docs/security.md. Both are what a miner can do with what it holds.
 */

export interface LmWeightMatchResult {
  /** Share of residual features and vocabulary rows whose plaintext index the attack found. */
  residualRecovered: number;
  vocabRecovered: number;
}

/**
 * A miner holding shard 0 (the encrypted embeddings) and the public plaintext weights: each column of wte is
 * the same multiset of numbers before and after the row permutation, so sorting a column names it; with the
 * columns in place, each row is an exact copy of one plaintext row. Expect full recovery.
 */
export function lmWeightMatchAttack(plain: DecoderWeights, encrypted: DecoderWeights, config: DecoderConfig, key: LmEEKey): LmWeightMatchResult {
  const V = config.vocabSize;
  const D = config.nEmbd;
  const p = plain.get("wte")?.data;
  const e = encrypted.get("wte")?.data;
  if (!p || !e) throw new Error("lmWeightMatchAttack: both weight sets need wte");
  const columnSignature = (w: Float32Array, col: number) => {
    const values = Array.from({ length: V }, (_, r) => w[r * D + col]).sort((a, b) => a - b);
    return values.join(",");
  };
  const plainColumns = new Map<string, number>();
  for (let c = 0; c < D; c++) plainColumns.set(columnSignature(p, c), c);
  const residualGuess = Array.from({ length: D }, (_, c) => plainColumns.get(columnSignature(e, c)) ?? -1);
  const rowSignature = (w: Float32Array, row: number, cols: (c: number) => number) =>
    Array.from({ length: D }, (_, c) => w[row * D + cols(c)]).join(",");
  const plainRows = new Map<string, number>();
  // Plain row r read in the encrypted column order: plain[r][residualGuess[c]] for c = 0..D-1.
  for (let r = 0; r < V; r++) plainRows.set(rowSignature(p, r, (c) => residualGuess[c]), r);
  const vocabGuess = Array.from({ length: V }, (_, r) => plainRows.get(rowSignature(e, r, (c) => c)) ?? -1);
  const truth = lmKeyPermutations(key, config);
  return {
    residualRecovered: share(residualGuess, truth.residual),
    vocabRecovered: share(vocabGuess, truth.vocab),
  };
}

export interface FrequencyAttackResult {
  queries: number;
  /** Share of the observed token occurrences whose plaintext id the attack named. */
  tokensRecovered: number;
  /** Share of the distinct encrypted ids seen whose plaintext id the attack named. */
  typesRecovered: number;
}

/**
 * A miner without the weights, who sees the encrypted ids of many queries under one key: rank the encrypted ids
 * by how often they occur and map them, rank for rank, onto the plaintext tokens ranked by their frequency in
 * public text of the same kind (`referenceIds`).
 */
export function lmFrequencyAttack(referenceIds: readonly number[], queries: readonly (readonly number[])[], encrypt: (ids: readonly number[]) => number[], decrypt: (ids: readonly number[]) => number[]): FrequencyAttackResult {
  const rank = (counts: Map<number, number>) => [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  const count = (ids: Iterable<number>, into = new Map<number, number>()) => {
    for (const id of ids) into.set(id, (into.get(id) ?? 0) + 1);
    return into;
  };
  const referenceRanked = rank(count(referenceIds));
  const observed = new Map<number, number>();
  for (const q of queries) count(encrypt(q), observed);
  const observedRanked = rank(observed);
  const guess = new Map(observedRanked.map((enc, i) => [enc, referenceRanked[i]]));
  let hitTokens = 0;
  let total = 0;
  let hitTypes = 0;
  for (const [enc, n] of observed) {
    const right = guess.get(enc) === decrypt([enc])[0];
    total += n;
    if (right) {
      hitTokens += n;
      hitTypes++;
    }
  }
  return { queries: queries.length, tokensRecovered: total ? hitTokens / total : 0, typesRecovered: observed.size ? hitTypes / observed.size : 0 };
}

function share(guess: number[], truth: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < guess.length; i++) if (guess[i] === truth[i]) right++;
  return right / guess.length;
}
