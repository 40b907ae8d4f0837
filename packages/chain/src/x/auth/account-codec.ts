// Accounts are stored compactly: account_number (8 BE) | sequence (8 BE) | pubkey (33 bytes or
// absent). The BaseAccount proto is built only for queries: encoding protos on every tx showed up
// in profiles. The address is the collection key, so it is not repeated in the value.
import type { ValueCodec } from "../../store/codecs";

export interface StoredAccount {
  accountNumber: bigint;
  sequence: bigint;
  pubKey?: Uint8Array;
}

export const accountValue: ValueCodec<StoredAccount> = {
  encode(a) {
    const out = new Uint8Array(16 + (a.pubKey?.length ?? 0));
    const dv = new DataView(out.buffer);
    dv.setBigUint64(0, a.accountNumber);
    dv.setBigUint64(8, a.sequence);
    if (a.pubKey) out.set(a.pubKey, 16);
    return out;
  },
  decode(b) {
    if (b.length < 16) throw new Error(`stored account is ${b.length} bytes, expected at least 16: state is damaged`);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return {
      accountNumber: dv.getBigUint64(0),
      sequence: dv.getBigUint64(8),
      pubKey: b.length > 16 ? b.slice(16) : undefined,
    };
  },
};
