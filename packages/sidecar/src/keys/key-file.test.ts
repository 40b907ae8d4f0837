import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SidecarCode } from "../errors";
import { createKeyFile, loadKeyFile } from "./key-file";

describe("key file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "nesa-keys-"));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("is created with mode 0600 and loads back to the same address and encryption key", async () => {
    const path = join(dir, "sub", "key.json");
    const created = await createKeyFile(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(created.address).toMatch(/^nesa1[0-9a-z]{38}$/);
    expect(created.encryptionPubkeyHex).toMatch(/^0[23][0-9a-f]{64}$/);
    const loaded = await loadKeyFile(path);
    expect(loaded.address).toBe(created.address);
    expect(loaded.encryptionPubkeyHex).toBe(created.encryptionPubkeyHex);
  });

  it("never overwrites an existing key file", async () => {
    const path = join(dir, "once.json");
    await createKeyFile(path);
    const before = await readFile(path, "utf8");
    const err = await createKeyFile(path).catch((e) => e);
    expect(err.code).toBe(SidecarCode.BadKeyFile);
    expect(err.message).toMatch(/already exists/);
    expect(await readFile(path, "utf8")).toBe(before);
  });

  it("refuses a key file others can read, and says how to fix it", async () => {
    const path = join(dir, "open.json");
    await createKeyFile(path);
    await chmod(path, 0o644);
    const err = await loadKeyFile(path).catch((e) => e);
    expect(err.code).toBe(SidecarCode.BadKeyFile);
    expect(err.message).toContain(`chmod 600 ${path}`);
  });

  it("errors about a missing or corrupt key file never echo its content", async () => {
    expect((await loadKeyFile(join(dir, "none.json")).catch((e) => e)).message).toMatch(/nesa-miner keys add/);
    const path = join(dir, "import.json");
    const mnemonic = "abandon ".repeat(23) + "art";
    const keys = await createKeyFile(path, mnemonic);
    // An imported mnemonic derives the same account in any file (HD path m/44'/118'/0'/0/0).
    const again = await createKeyFile(join(dir, "import2.json"), mnemonic);
    expect(again.address).toBe(keys.address);
    expect(again.encryptionPubkeyHex).not.toBe(keys.encryptionPubkeyHex);
    const err = await createKeyFile(path, mnemonic).catch((e) => e);
    expect(String(err.message)).not.toContain("abandon");
  });
});
