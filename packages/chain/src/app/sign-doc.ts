// SIGN_MODE_DIRECT sign bytes, encoded by hand: the same bytes as cosmjs-types' SignDoc.encode
// (proto3, defaults omitted) without its writer allocations, which showed up per tx in profiles.
function varint(n: bigint, out: number[]): void {
  let v = n;
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

function lengthDelimited(tag: number, data: Uint8Array, parts: Uint8Array[]): void {
  if (data.length === 0) return;
  const head: number[] = [tag];
  varint(BigInt(data.length), head);
  parts.push(Uint8Array.from(head), data);
}

const te = new TextEncoder();

export function encodeSignDoc(bodyBytes: Uint8Array, authInfoBytes: Uint8Array, chainId: string, accountNumber: bigint): Uint8Array {
  const parts: Uint8Array[] = [];
  lengthDelimited(0x0a, bodyBytes, parts);
  lengthDelimited(0x12, authInfoBytes, parts);
  lengthDelimited(0x1a, te.encode(chainId), parts);
  if (accountNumber !== 0n) {
    const tail: number[] = [0x20];
    varint(accountNumber, tail);
    parts.push(Uint8Array.from(tail));
  }
  return Buffer.concat(parts);
}
