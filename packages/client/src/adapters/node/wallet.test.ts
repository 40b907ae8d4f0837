import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { describe, expect, it } from "vitest";
import { walletFromMnemonic } from "./wallet";

// A fixed, public test mnemonic (never funded anywhere).
const MNEMONIC = "surround miss nominee dream gap cross assault thank captain prosper drop duty group candy wealth weather scale put";

describe("walletFromMnemonic", () => {
  it("is the same account as cosmjs's HD wallet, and signs with the same key", async () => {
    const [fast, hd] = await Promise.all([walletFromMnemonic(MNEMONIC), DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: "nesa" })]);
    const [a] = await fast.getAccounts();
    const [b] = await hd.getAccounts();
    expect(a.address).toBe(b.address);
    expect(a.address).toMatch(/^nesa1/);
    expect(Buffer.from(a.pubkey).toString("hex")).toBe(Buffer.from(b.pubkey).toString("hex"));
  });

  it("refuses an invalid mnemonic without echoing it", async () => {
    const err = await walletFromMnemonic("not a valid mnemonic at all secretword").catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).not.toContain("secretword");
  });
});
