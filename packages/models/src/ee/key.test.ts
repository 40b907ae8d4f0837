import { describe, expect, it } from "vitest";
import {
  boundaryPermutation, canonicalEEKey, derivePermutation, eeKeyCommitment, generateEEKey, invertPermutation, validateEEKey,
} from "./key";

const isPerm = (p: ArrayLike<number>) => Array.from(p).sort((a, b) => a - b).every((v, i) => v === i);

describe("EE keys", () => {
  it("a seed gives the same key every time; another seed or no seed gives another key", () => {
    const a = generateEEKey("ocr-rec", { seed: "alpha" });
    expect(generateEEKey("ocr-rec", { seed: "alpha" })).toEqual(a);
    expect(generateEEKey("ocr-rec", { seed: "beta" }).classPerm).not.toEqual(a.classPerm);
    const r1 = generateEEKey("ocr-rec");
    const r2 = generateEEKey("ocr-rec");
    expect(r1.boundarySeed).not.toBe(r2.boundarySeed);
    expect(r1.classPerm).not.toEqual(r2.classPerm);
  });

  it("holds valid permutations of the model's classes and (lande) input features", () => {
    const ocr = generateEEKey("ocr", { seed: "s" });
    expect(ocr.classPerm).toHaveLength(6625);
    expect(isPerm(ocr.classPerm)).toBe(true);
    expect(ocr.inputPerm).toBeUndefined();
    const lande = generateEEKey("lande", { seed: new Uint8Array([1, 2, 3]) });
    expect(lande.classPerm).toHaveLength(50);
    expect(lande.inputPerm).toHaveLength(620);
    expect(isPerm(lande.inputPerm ?? [])).toBe(true);
    // A random permutation of 620 items leaves ~1 fixed point; a broken shuffle leaves most in place.
    expect(lande.inputPerm?.filter((v, i) => v === i).length).toBeLessThan(10);
  });

  it("derives boundary permutations per label and size, deterministically", () => {
    const key = generateEEKey("ocr-rec", { seed: "b" });
    const p = boundaryPermutation(key, "p2o.Add.231", 480);
    expect(isPerm(p)).toBe(true);
    expect(boundaryPermutation(key, "p2o.Add.231", 480)).toEqual(p);
    expect(boundaryPermutation(key, "p2o.Add.207", 480)).not.toEqual(p);
    const inv = invertPermutation(p);
    for (let j = 0; j < p.length; j++) expect(inv[p[j]]).toBe(j);
  });

  it("is uniform enough: each of 3! orders shows up about equally often", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const k = derivePermutation(new Uint8Array([i & 255, i >> 8]), "u", 3).join("");
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it("survives JSON, and its commitment is the sha256 of one canonical encoding", () => {
    const key = generateEEKey("lande", { seed: "c" });
    const back = validateEEKey(JSON.parse(JSON.stringify(key)));
    expect(eeKeyCommitment(back)).toEqual(eeKeyCommitment(key));
    expect(eeKeyCommitment(key)).toHaveLength(32);
    expect(new TextDecoder().decode(canonicalEEKey(key))).toMatch(/^\{"version":1,"modelId":"lande","classPerm":\[/);
    const other = { ...key, classPerm: [...key.classPerm] };
    [other.classPerm[0], other.classPerm[1]] = [other.classPerm[1], other.classPerm[0]];
    expect(eeKeyCommitment(other)).not.toEqual(eeKeyCommitment(key));
  });

  it("rejects malformed keys and unknown models, naming the problem", () => {
    const key = generateEEKey("lande", { seed: "d" });
    expect(() => validateEEKey({ ...key, classPerm: key.classPerm.slice(1) })).toThrow(/classPerm/);
    expect(() => validateEEKey({ ...key, inputPerm: key.classPerm })).toThrow(/inputPerm/);
    expect(() => validateEEKey({ ...key, boundarySeed: "xyz" })).toThrow(/boundarySeed/);
    expect(() => generateEEKey("gpt-2")).toThrow(/unknown model id "gpt-2"/);
  });
});
