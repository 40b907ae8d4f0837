import { decodeTensor, eciesOpen } from "@nesa/crypto";
import { Secp256k1 } from "@cosmjs/crypto";
import { describe, expect, it } from "vitest";
import { hssShareAad } from "@nesa/data-plane";
import { ClientErrorCode } from "../errors/nesa-error";
import { sealShares } from "./seal-shares";

const keyPair = async (fill: number) => {
  const sk = new Uint8Array(32).fill(fill);
  return { sk, pk: Secp256k1.compressPubkey((await Secp256k1.makeKeypair(sk)).pubkey) };
};
const share = (v: number) => ({ dtype: "float32" as const, dims: [1, 2], data: Float32Array.from([v, -v]) });

describe("sealShares", () => {
  it("seals each share to its own seat: the seat opens its share, not the other one", async () => {
    const a = await keyPair(1);
    const b = await keyPair(2);
    const [s0, s1] = sealShares({ queryId: 4n, replica: 0, shares: [share(1), share(2)], seatPubkeys: [a.pk, b.pk] });
    expect(Array.from(decodeTensor(eciesOpen(a.sk, s0, hssShareAad("4", 0, 0))).data as Float32Array)).toEqual([1, -1]);
    expect(Array.from(decodeTensor(eciesOpen(b.sk, s1, hssShareAad("4", 0, 1))).data as Float32Array)).toEqual([2, -2]);
    expect(() => eciesOpen(a.sk, s1, hssShareAad("4", 0, 1))).toThrow();
    // Bound to its query: the same envelope does not open as another query's share.
    expect(() => eciesOpen(a.sk, s0, hssShareAad("5", 0, 0))).toThrow();
  });

  it("refuses to give both shares to one key", async () => {
    const a = await keyPair(1);
    expect(() => sealShares({ queryId: 1n, replica: 0, shares: [share(1), share(2)], seatPubkeys: [a.pk, a.pk] })).toThrow(expect.objectContaining({ code: ClientErrorCode.InvalidArgument }));
  });
});
