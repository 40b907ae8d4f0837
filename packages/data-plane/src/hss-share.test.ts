import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hssInputCommitment, hssShareAad } from "./hss-share";

const sha256Hex = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

describe("hssShareAad", () => {
  it("is the UTF-8 of nesa/hss-share/v1/<query>/<replica>/<share>, for bigint and string ids alike", () => {
    expect(new TextDecoder().decode(hssShareAad("12", 1, 0))).toBe("nesa/hss-share/v1/12/1/0");
    expect(hssShareAad(12n, 1, 0)).toEqual(hssShareAad("12", 1, 0));
    expect(hssShareAad(2n ** 64n - 1n, 0, 1)).toEqual(hssShareAad("18446744073709551615", 0, 1));
  });

  it("differs for every query, replica and share, so a sealed share opens in one seat only", () => {
    const all = [hssShareAad("4", 0, 0), hssShareAad("4", 0, 1), hssShareAad("4", 1, 0), hssShareAad("5", 0, 0), hssShareAad("40", 0, 0)];
    expect(new Set(all.map((a) => Buffer.from(a).toString("hex"))).size).toBe(all.length);
  });
});

describe("hssInputCommitment", () => {
  const d0 = sha256Hex("share 0");
  const d1 = sha256Hex("share 1");

  it("is sha256 over the two digests' 64 bytes, hex", () => {
    expect(hssInputCommitment([d0, d1])).toBe(sha256Hex(Buffer.concat([Buffer.from(d0, "hex"), Buffer.from(d1, "hex")])));
    // Published vector: sha256 of 64 zero bytes.
    expect(hssInputCommitment(["00".repeat(32), "00".repeat(32)])).toBe("f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b");
  });

  it("depends on the order of the shares", () => {
    expect(hssInputCommitment([d0, d1])).not.toBe(hssInputCommitment([d1, d0]));
  });

  it("refuses digests that are not lower-case hex sha256, naming which", () => {
    expect(() => hssInputCommitment([d0, d1.toUpperCase()])).toThrow(/shareDigests\[1\]/);
    expect(() => hssInputCommitment([d0.slice(2), d1])).toThrow(/shareDigests\[0\]/);
  });
});
