// The two protobuf messages encoded on every tx, by hand: the same bytes as cosmjs-types'
// SignDoc.encode and TxMsgData.encode (proto3, defaults omitted) without the writer's allocations,
// which showed up per tx in profiles.
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

/** TxMsgData{msg_responses (2): Any{type_url (1), value (2)}[]}. */
export function encodeTxMsgData(responses: { typeUrl: string; value: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const r of responses) {
    const inner: Uint8Array[] = [];
    lengthDelimited(0x0a, te.encode(r.typeUrl), inner);
    lengthDelimited(0x12, r.value, inner);
    lengthDelimited(0x12, Buffer.concat(inner), parts);
    if (inner.length === 0) parts.push(Uint8Array.of(0x12, 0));
  }
  return Buffer.concat(parts);
}
