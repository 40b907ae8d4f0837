import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { sha256 } from "@noble/hashes/sha2.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { describe, expect, it } from "vitest";
import { keyFromMnemonic, signMsgSend } from "./cosmos-tx";

// BIP39 test vector mnemonic (public, holds nothing).
const MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

describe("bench tx signing", () => {
  it("derives the same key and address as cosmjs's HD wallet", async () => {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: "nesa" });
    const [account] = await wallet.getAccounts();
    const key = keyFromMnemonic(MNEMONIC);
    expect(key.address).toBe(account.address);
    expect(Buffer.from(key.pubkey).toString("hex")).toBe(Buffer.from(account.pubkey).toString("hex"));
  });

  it("produces a TxRaw whose low-S signature verifies over the sign bytes", () => {
    const key = keyFromMnemonic(MNEMONIC);
    const tx = signMsgSend(key, {
      chainId: "nesa-localnet-1",
      accountNumber: 3n,
      sequence: 7n,
      to: key.address,
      amount: "5",
      denom: "unes",
      feeAmount: "5000",
      gasLimit: 200000n,
    });
    const raw = TxRaw.decode(tx.txBytes);
    expect(raw.signatures[0]).toEqual(tx.signature);
    expect(secp256k1.verify(tx.signature, sha256(tx.signBytes), key.pubkey, { prehash: false, lowS: true })).toBe(true);
    const other = signMsgSend(key, { chainId: "x", accountNumber: 3n, sequence: 7n, to: key.address, amount: "5", denom: "unes", feeAmount: "5000", gasLimit: 200000n });
    expect(secp256k1.verify(tx.signature, sha256(other.signBytes), key.pubkey, { prehash: false })).toBe(false);
  });
});
