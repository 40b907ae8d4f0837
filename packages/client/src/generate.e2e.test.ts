// End to end on real parts: nesad + model store + dispatcher + four sidecar miners (Redis, BullMQ, onnxruntime)
// serving tiny-lm in 2 EE shards. `generate` tokenizes and encrypts the prompt, pays for its tokens, verifies the
// committee, streams replica 0's tokens from Redis while the miners decode among themselves, and returns the
// verified text at the verdict — which must be, token for token, greedy decoding of the unsplit, unencrypted
// model.onnx by DecoderPipeline on stock onnxruntime-node. The escrow must add up: paid + refunded = escrowed.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { DecoderPipeline, TINY_LM_DIR, greedyGenerate, lmFiles, readDecoderConfig } from "@nesa/models/lm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadNodeGenerationCodec } from "./adapters/node/generation-codec";
import { createRedisResultSource } from "./adapters/node/redis-result-source";
import { createRedisTokenStream } from "./adapters/node/redis-token-stream";
import { NesaClient } from "./client";
import { combineDataPlanes } from "./data-plane/data-plane";
import { createHttpDataPlane } from "./data-plane/http-data-plane";
import type { GenerateReturnType } from "./generate/generate";
import type { GenerationCodec } from "./generate/generation-codec";
import { preparePrompt } from "./generate/prepare-prompt";
import { type LocalnetFixture, startLocalnetFixture } from "./testing/localnet-fixture";
import { TINY_LM_PRICES } from "./testing/tiny-lm-fixture";

const MAX = 24;
const files = lmFiles(TINY_LM_DIR);

describe("NesaClient.generate on a running network (tiny-lm, 2 EE shards)", () => {
  let net: LocalnetFixture;
  let client: NesaClient;
  let codec: GenerationCodec;
  let reference: DecoderPipeline;
  const tokenStream = () => createRedisTokenStream(net.info.redisUrl, net.info.redisPrefix);
  let stream: ReturnType<typeof tokenStream>;
  const dataPlane = () => combineDataPlanes(createHttpDataPlane(net.info.dispatcherUrl), [createRedisResultSource(net.info.redisUrl, net.info.redisPrefix)]);

  /** Greedy decoding of the unsplit plaintext model, from the same prompt ids the SDK sent (eos stripped). */
  async function greedy(prompt: string, stopAtEos = true): Promise<number[]> {
    const ids = [...preparePrompt(codec, { prompt, maxTokens: MAX, contextLength: reference.config.nPositions }).plainIds];
    const out = await greedyGenerate(reference, ids, MAX, stopAtEos ? codec.eosId : undefined);
    const eos = out.indexOf(codec.eosId);
    return eos < 0 ? out : out.slice(0, eos);
  }

  function expectVerifiedAndSettled(r: GenerateReturnType, replicas: number) {
    expect(r.committee.verified).toBe(true);
    expect(r.committee.proposerChecked).toBe(true);
    expect(r.committee.seats).toHaveLength(2 * replicas);
    expect(new Set(r.committee.seats.map((s) => s.miner)).size).toBe(2 * replicas);
    expect(r.verdict.seats.every((s) => s.outcome === "agreed")).toBe(true);
    expect(r.result.verified).toBe(true);
    expect(r.result.source).toMatch(/^redis /); // above the fixture's inline limit: read by digest, checked
    expect(r.fee.paid + r.fee.refunded).toBe(r.fee.escrowed);
    expect(r.fee.escrowed).toBe(r.fee.estimated);
    // Every seat agreed: what comes back is exactly the output tokens not generated, for every replica.
    expect(r.fee.refunded).toBe(BigInt(MAX - r.generatedTokens) * TINY_LM_PRICES.output * BigInt(replicas));
    expect(r.fee.generatedTokens).toBe(r.generatedTokens);
  }

  beforeAll(async () => {
    net = await startLocalnetFixture({ miners: 4, tinyLm: true });
    codec = await loadNodeGenerationCodec("tiny-lm", net.info.models["tiny-lm"]);
    reference = await DecoderPipeline.open([files.model], readDecoderConfig(files.config));
    stream = tokenStream();
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(net.info.accounts[1].mnemonic, { prefix: "nesa" });
    client = await NesaClient.connectWithSigner(net.info.rpc, wallet, { dataPlane: dataPlane(), generators: { "tiny-lm": codec }, tokenStream: stream });
  });

  afterAll(async () => {
    client?.disconnect();
    await stream?.close();
    await net?.close();
  });

  for (const replicas of [1, 2]) {
    it(`R = ${replicas}: streams the tokens, and the verified text is greedy decoding of the unsplit model.onnx, token for token`, async () => {
      const prompt = replicas === 1 ? "Call me Ishmael." : "The whale";
      let streamed = "";
      const warnings: string[] = [];
      const r = await client.generate({ model: "tiny-lm", prompt, maxTokens: MAX, replicas, onToken: (t) => (streamed += t.text), onWarning: (w) => warnings.push(w) });
      const expected = await greedy(prompt);
      expect(r.tokens).toEqual(expected);
      expect(r.text).toBe(new TextDecoder().decode(codec.decodeBytes(expected)));
      expect(r.finishReason).toBe(expected.length < MAX ? "stop" : "length");
      expect(r.generatedTokens).toBe(Math.min(MAX, expected.length + 1));
      expect(r.streamedMatched).toBe(true);
      expect(r.streamed.tokens).toBe(expected.length);
      expect(streamed).toBe(r.text);
      expect(warnings.join(" ")).toMatch(/vocabulary permutation/); // public weights: loud, not silent
      expectVerifiedAndSettled(r, replicas);
      expect(r.timings.firstToken).toBeGreaterThan(0);
      expect(r.timings.firstToken!).toBeLessThan(r.timings.total);
      process.stderr.write(`[e2e] tiny-lm R=${replicas}: ${r.generatedTokens} tokens, first token ${r.timings.firstToken} ms, ${r.timings.perToken?.toFixed(1)} ms/token, verified ${r.timings.total} ms, fee ${r.fee.escrowed} = ${r.fee.paid} paid + ${r.fee.refunded} refunded; "${r.text}"\n`);
    });
  }

  it("generateStream yields the tokens and then the verified summary; a secret stop id runs the full length", async () => {
    const s = client.generateStream({ model: "tiny-lm", prompt: "Captain Ahab stood upon the deck", maxTokens: MAX, replicas: 1, discloseStop: false });
    let text = "";
    for await (const t of s) text += t.text;
    const r = await s.result;
    expect(r.generatedTokens).toBe(MAX); // the miners never learned where the text ends
    expect(r.tokens).toEqual(await greedy("Captain Ahab stood upon the deck", false));
    expect(text).toBe(r.text);
    expectVerifiedAndSettled(r, 1);
    expect(r.fee.refunded).toBe(0n);
  });

  const cli = async (args: string[], input?: string) => {
    const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
    const entry = fileURLToPath(new URL("./cli/nesa.ts", import.meta.url));
    const child = spawn(tsx, [entry, ...args, "--home", net.home], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.stdin.end(input ?? "");
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    return { code, out, err };
  };

  it("`nesa generate --json` prints one verified object with the text, tokens, fees and timings", async () => {
    const { code, out, err } = await cli(["generate", "--model", "tiny-lm", "--prompt", "Call me Ishmael.", "--max-tokens", String(MAX), "--json"]);
    expect(code, err).toBe(0);
    const json = JSON.parse(out);
    const expected = await greedy("Call me Ishmael.");
    expect(json).toMatchObject({ model: "tiny-lm", verified: true, tokens: expected.length, tokenIds: expected, streamedMatched: true });
    expect(json.output).toBe(new TextDecoder().decode(codec.decodeBytes(expected)));
    expect(BigInt(json.fee.paid) + BigInt(json.fee.refunded)).toBe(BigInt(json.fee.escrowed));
    expect(json.timings.total).toBeGreaterThan(0);
    expect(json.proof).toMatchObject({ trust: "single-node", signedPower: "0", verified: true, headerHeight: String(BigInt(json.proof.height) + 1n) });
    expect(err).toContain(json.output.slice(0, 10)); // the streamed text went to stderr, stdout kept clean
  });

  it("`nesa chat` with piped stdin answers each line with a verified reply and stops at /quit", async () => {
    const { code, out, err } = await cli(["chat", "--model", "tiny-lm", "--max-tokens", "8"], "Call me Ishmael.\nThe whale\n/quit\nnever sent\n");
    expect(code, err).toBe(0);
    expect(out.split("\n").filter((l) => l.startsWith("tiny-lm> "))).toHaveLength(2);
    expect(err.match(/✔ verified — query \d+/g)).toHaveLength(2);
  });
});
