import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { bytesToHex } from "../util/bytes";
import { merkleAunts, merkleLeafHash, merkleRoot, merkleRootFromAunts, merkleRootOfLeafHashes } from "./merkle-tree";

const b = (...xs: number[]) => Uint8Array.from(xs);

describe("merkleRoot (CometBFT crypto/merkle HashFromByteSlices)", () => {
  // The vectors of CometBFT's crypto/merkle/tree_test.go TestHashFromByteSlices.
  it.each([
    ["empty", [], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["single empty", [b()], "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"],
    ["single", [b(1, 2, 3)], "054edec1d0211f624fed0cbca9d4f9400b0e491c43742af2c5b0abebf0c990d8"],
    ["two", [b(1, 2, 3), b(4, 5, 6)], "82e6cfce00453804379b53962939eaa7906b39904be0813fcadd31b100773c4b"],
    ["many", [b(1, 2), b(3, 4), b(5, 6), b(7, 8), b(9, 10)], "f326493eceab4f2d9ffbc78c59432a0a005d6ea98392045c74df5d14a113be18"],
  ])("%s", (_name, items, root) => {
    expect(bytesToHex(merkleRoot(items))).toBe(root);
  });
});

describe("merkle proofs", () => {
  const leaves = (n: number) => Array.from({ length: n }, (_, i) => merkleLeafHash(sha256(Uint8Array.of(i, n))));

  it("every leaf of trees of 1..17 leaves proves to the root", () => {
    for (let n = 1; n <= 17; n++) {
      const ls = leaves(n);
      const root = merkleRootOfLeafHashes(ls);
      for (let i = 0; i < n; i++) {
        const aunts = merkleAunts(ls, i);
        expect(aunts.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(bytesToHex(merkleRootFromAunts(i, n, ls[i], aunts) ?? b())).toBe(bytesToHex(root));
      }
    }
  });

  it("refuses a tampered leaf, aunt, index or total", () => {
    const ls = leaves(7);
    const root = bytesToHex(merkleRootOfLeafHashes(ls));
    const aunts = merkleAunts(ls, 5);
    const hex = (x: Uint8Array | undefined) => (x ? bytesToHex(x) : "none");
    expect(hex(merkleRootFromAunts(5, 7, ls[4], aunts))).not.toBe(root);
    const flipped = aunts.map((a) => a.slice());
    flipped[1][0] ^= 1;
    expect(hex(merkleRootFromAunts(5, 7, ls[5], flipped))).not.toBe(root);
    expect(hex(merkleRootFromAunts(4, 7, ls[5], aunts))).not.toBe(root);
    // (5 of 8 has the same path shape as 5 of 7 — CometBFT proofs do not bind the total either; the root binds the leaf.)
    expect(merkleRootFromAunts(5, 6, ls[5], aunts)).toBeUndefined();
    expect(merkleRootFromAunts(7, 7, ls[5], aunts)).toBeUndefined();
    expect(merkleRootFromAunts(5, 7, ls[5], aunts.slice(1))).toBeUndefined();
    expect(merkleRootFromAunts(5, 7, ls[5], [...aunts, ls[0]])).toBeUndefined();
    expect(merkleRootFromAunts(0, 1, ls[0], [ls[1]])).toBeUndefined();
    expect(() => merkleAunts(ls, 7)).toThrow(/outside 0\.\.6/);
  });

  it("a leaf cannot pass for an inner node (domain separation)", () => {
    const ls = leaves(2);
    const root = merkleRootOfLeafHashes(ls);
    // Presenting the concatenation of the two children as one leaf gives a different hash.
    const fake = merkleLeafHash(new Uint8Array([...ls[0], ...ls[1]]));
    expect(bytesToHex(merkleRootOfLeafHashes([fake]))).not.toBe(bytesToHex(root));
  });
});
