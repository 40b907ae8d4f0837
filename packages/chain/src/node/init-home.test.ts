import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { accountFromMnemonic, initHome } from "./init-home";
import { homePaths, loadHome } from "./home";

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

describe("initHome", () => {
  it("derives the same key and address as cosmjs's wallet (BIP39 seed, m/44'/118'/0'/0/0)", async () => {
    const wallet = await DirectSecp256k1HdWallet.generate(24, { prefix: "nesa" });
    const [acc] = await wallet.getAccounts();
    const derived = await accountFromMnemonic(wallet.mnemonic);
    expect(derived.address).toBe(acc.address);
    expect(Buffer.from(derived.pubKey).toString("hex")).toBe(Buffer.from(acc.pubkey).toString("hex"));
    const words = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    const [known] = await (await DirectSecp256k1HdWallet.fromMnemonic(words, { prefix: "nesa" })).getAccounts();
    expect((await accountFromMnemonic(words)).address).toBe(known.address);
  });

  it("writes genesis, a private validator key (0600) and funded accounts; refuses to overwrite", async () => {
    const home = mkdtempSync(join(tmpdir(), "nesad-init-"));
    homes.push(home);
    const { genesis, accounts } = await initHome({ home, chainId: "nesa-init-1", accounts: 3 });
    const p = homePaths(home);
    expect(statSync(p.validatorKey).mode & 0o777).toBe(0o600);
    expect(statSync(p.accounts).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(p.accounts, "utf8"))).toEqual(accounts);
    expect(new Set(accounts.map((a) => a.address)).size).toBe(3);
    const bank = genesis.app_state.bank as { balances: { address: string }[] };
    expect(bank.balances.map((b) => b.address)).toEqual(accounts.map((a) => a.address));
    expect(Object.keys(genesis.app_state)).toEqual(expect.arrayContaining(["auth", "bank"]));
    expect(loadHome(home).validatorKey.address).toHaveLength(20);
    await expect(initHome({ home, chainId: "again" })).rejects.toThrow(/already exists/);
    await expect(initHome({ home: `${home}-x`, chainId: "bad chain id!" })).rejects.toThrow(/chain_id/);
    homes.push(`${home}-x`);
  });
});
