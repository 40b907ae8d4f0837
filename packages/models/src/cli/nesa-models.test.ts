import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeLande, landeFeatures } from "../lande/features";
import type { Manifest } from "../shard/manifest";
import { modelPath } from "../runtime/model-path";
import { createSession, maxAbsDiff, runSingle } from "../runtime/session";
import { createLogger } from "./logger";
import { prepareModel } from "./prepare";

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../../../..");

describe("nesa-models CLI", () => {
  it("prepare writes shards and a manifest whose hashes, sizes and boundaries match the files", async () => {
    const out = mkdtempSync(join(tmpdir(), "nesa-prepare-"));
    const logs = execFileSync("pnpm", ["-s", "nesa-models", "prepare", "--model", "lande", "--shards", "3", "--out", out], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(logs).toBe(""); // logs go to stderr; stdout stays clean
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
    expect(manifest.model).toBe("lande");
    expect(manifest.shards.map((s) => s.index)).toEqual([0, 1, 2]);
    for (const shard of manifest.shards) {
      const bytes = readFileSync(join(out, shard.file));
      expect(shard.file).not.toContain("/");
      expect(shard.sizeBytes).toBe(bytes.length);
      expect(shard.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(shard.inputs).toHaveLength(1);
      expect(shard.outputs[0].type).toBe("float32");
    }
    expect(manifest.shards[0].inputs[0]).toEqual({ name: "features", type: "float32", shape: ["N", 620] });
    expect(manifest.shards[2].outputs[0].name).toBe("probabilities");
    for (const [i, s] of manifest.shards.slice(1).entries()) expect(s.inputs[0].name).toBe(manifest.shards[i].outputs[0].name);

    // The shards, run as a miner would run them (from the files), still name the language.
    let x = { dims: [1, 620], data: landeFeatures("Guten Morgen, wie geht es dir heute?") };
    for (const shard of manifest.shards) x = await runSingle(await createSession(join(out, shard.file), { threads: 1 }), x);
    expect(decodeLande(x).language).toBe("deu");
  });

  it("prepare --ee writes EE shards, the key (owner-only) and its commitment; decrypted output = plain output", async () => {
    const log = createLogger("test");
    log.level = "silent";
    const out = mkdtempSync(join(tmpdir(), "nesa-prepare-ee-"));
    const keyOut = join(out, "keys", "lande.key.json");
    const manifest = await prepareModel({ model: "lande", shards: 3, out, ee: true, keyOut }, log);
    expect(manifest.ee?.scheme).toBe("nesa-ee-v1");
    expect(manifest.ee?.keyCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(keyOut).mode & 0o077).toBe(0);
    const ee = await import("../ee/index");
    const key = JSON.parse(readFileSync(keyOut, "utf8"));
    expect(Buffer.from(ee.eeKeyCommitment(key)).toString("hex")).toBe(manifest.ee?.keyCommitment);

    const plain = { dims: [1, 620], data: landeFeatures("Questo treno parte per Milano alle nove.") };
    let x = ee.eeEncrypt("lande", key, plain);
    for (const shard of manifest.shards) x = await runSingle(await createSession(join(out, shard.file), { threads: 1 }), x);
    const expected = await runSingle(await createSession(modelPath("lande"), { threads: 1 }), plain);
    expect(maxAbsDiff(ee.eeDecrypt("lande", key, x), expected)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(x, expected)).toBeGreaterThan(1e-3); // what miners see is permuted
  });

  it("refuses inconsistent options with errors that say what to do", async () => {
    const log = createLogger("test");
    log.level = "silent";
    const out = mkdtempSync(join(tmpdir(), "nesa-prepare-"));
    await expect(prepareModel({ model: "gpt2", shards: 2, out }, log)).rejects.toThrow(/unknown model id "gpt2"/);
    await expect(prepareModel({ model: "lande", shards: 2, out, ee: true }, log)).rejects.toThrow(/--ee needs --key-out FILE/);
    await expect(prepareModel({ model: "lande", shards: 2, out, keyOut: "k.json" }, log)).rejects.toThrow(/only used with --ee/);
    await expect(prepareModel({ model: "lande", shards: 9, out }, log)).rejects.toThrow(/at most 6 shards/);
  });
});
