// The Node generation codec on the real tiny-lm tokenizer and a real LmEEKey, found from files laid out as a
// localnet home keeps them (models/<id>/manifest.json + tokenizer.json, models/<id>.ee-key.json).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateEEKey } from "@nesa/models";
import { BpeTokenizer, type DecoderConfig, LmCipher, TINY_LM_DIR, generateLmEEKey } from "@nesa/models/lm";
import { afterAll, describe, expect, it } from "vitest";
import { ClientErrorCode } from "../../errors/nesa-error";
import { preparePrompt } from "../../generate/prepare-prompt";
import { loadNodeGenerationCodec } from "./generation-codec";
import { readEEKeyFile, readModelKeys } from "./model-codecs";

const tokenizerFile = join(TINY_LM_DIR, "tokenizer.json");
const tokenizer = BpeTokenizer.fromFile(tokenizerFile);
const EOT = tokenizer.specialId("<|endoftext|>");
const config = { vocabSize: tokenizer.vocabSize, nEmbd: 128, nHead: 4, nInner: 512, nLayer: 4, nPositions: 128 } as DecoderConfig;

describe("loadNodeGenerationCodec / readModelKeys", () => {
  const home = mkdtempSync(join(tmpdir(), "nesa-gen-codec-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const dir = join(home, "models", "tiny-lm");
  mkdirSync(dir, { recursive: true });
  copyFileSync(tokenizerFile, join(dir, "tokenizer.json"));
  const manifest = join(dir, "manifest.json");
  writeFileSync(manifest, JSON.stringify({ model: "tiny-lm", shards: [], generator: { contextLength: 128, vocabSize: tokenizer.vocabSize, eosTokenId: EOT, tokenizer: "tokenizer.json", blocks: [[0, 2], [2, 4]], dModel: 128 } }));
  const key = generateLmEEKey("tiny-lm", config, Object.fromEntries(tokenizer.specialIds), { seed: "codec-test" });
  const eeKeyFile = join(home, "models", "tiny-lm.ee-key.json");
  writeFileSync(eeKeyFile, JSON.stringify(key));
  const landeKey = join(home, "models", "lande.ee-key.json");
  writeFileSync(landeKey, JSON.stringify(generateEEKey("lande", { seed: "x" })));

  it("finds the tokenizer through the manifest and encrypts prompts as the EE shards read them", async () => {
    const codec = await loadNodeGenerationCodec("tiny-lm", { manifest, eeKeyFile });
    expect(codec.bosId).toBe(EOT);
    expect(codec.eosId).toBe(EOT);
    const p = preparePrompt(codec, { prompt: "Call me Ishmael.", maxTokens: 24, contextLength: 128 });
    expect(p.plainIds).toEqual([EOT, ...tokenizer.encode("Call me Ishmael.")]);
    expect(p.encryptedIds).toEqual(new LmCipher(key).encryptIds(p.plainIds));
    // The encrypted end of text is the key's own record of it.
    expect(codec.encryptIds([EOT])[0]).toBe(key.specialIds["<|endoftext|>"]);
    expect(new TextDecoder().decode(codec.decodeBytes(codec.decryptIds(p.encryptedIds)))).toBe("Call me Ishmael.");
    expect(codec.exposure().level).toBe("warn");
  });

  it("tells a generator's key from a classifier's", async () => {
    expect((await readModelKeys("tiny-lm", { manifest, eeKeyFile })).kind).toBe("generator");
    expect((await readModelKeys("lande", { manifest: join(home, "none.json"), eeKeyFile: landeKey })).kind).toBe("classifier");
    await expect(readEEKeyFile(eeKeyFile)).rejects.toMatchObject({ code: ClientErrorCode.InvalidArgument, details: expect.stringContaining("nesa generate") });
  });

  it("refuses a manifest without a generator section, and a key of another model", async () => {
    const plain = join(home, "plain.json");
    writeFileSync(plain, JSON.stringify({ model: "lande", shards: [] }));
    await expect(loadNodeGenerationCodec("tiny-lm", { manifest: plain, eeKeyFile })).rejects.toMatchObject({ code: ClientErrorCode.UnknownModel });
    await expect(loadNodeGenerationCodec("other-lm", { manifest, eeKeyFile })).rejects.toThrow(/not "other-lm"/);
  });
});
