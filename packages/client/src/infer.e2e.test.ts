// End to end on real parts: nesad + model store + dispatcher + two sidecar miners (Redis, BullMQ, onnxruntime)
// serving EE lande. `infer` pays, re-derives the committee from the VRF beacon, uploads to the dispatcher, waits
// for the verdict, reads the result from Redis, checks its digest and decrypts it to the right language.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildProgram } from "./cli/nesa";
import { createNodeModelCodec } from "./adapters/node/model-codecs";
import { createRedisResultSource } from "./adapters/node/redis-result-source";
import { NesaClient } from "./client";
import { combineDataPlanes } from "./data-plane/data-plane";
import { createHttpDataPlane } from "./data-plane/http-data-plane";
import { ChainTxError, HssUnavailableError } from "./errors/nesa-error";
import type { InferProgress } from "./infer/infer";
import { type LocalnetFixture, startLocalnetFixture } from "./testing/localnet-fixture";

const FRENCH = "Ceci est une phrase en français, assez longue pour que le modèle soit sûr de lui.";
const GERMAN = "Das ist ein deutscher Satz, lang genug, damit das Modell sich seiner Sache sicher ist.";

describe("NesaClient.infer on a running network", () => {
  let net: LocalnetFixture;
  let client: NesaClient;
  const plane = () => combineDataPlanes(createHttpDataPlane(net.info.dispatcherUrl), [createRedisResultSource(net.info.redisUrl, net.info.redisPrefix)]);

  beforeAll(async () => {
    net = await startLocalnetFixture();
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(net.info.accounts[1].mnemonic, { prefix: "nesa" });
    client = await NesaClient.connectWithSigner(net.info.rpc, wallet, { dataPlane: plane(), codecs: { lande: createNodeModelCodec("lande", net.eeKey) } });
  });

  afterAll(async () => {
    client?.disconnect();
    await net?.close();
  });

  it("runs an EE lande query end to end and returns the verified, decrypted language", async () => {
    const steps: InferProgress["step"][] = [];
    const warnings: string[] = [];
    const before = BigInt((await client.getBalance()).amount);
    const r = await client.infer<string, string>({
      model: "lande", input: FRENCH, privacy: "ee", replicas: 1, pollMs: 100,
      onProgress: (p) => steps.push(p.step), onWarning: (w) => warnings.push(w),
    });
    expect(r.output).toBe("fra");
    expect(r.committee.verified).toBe(true);
    expect(r.committee.proposerChecked).toBe(true);
    // 2 shards × 1 replica: each miner holds one seat (no miner holds two seats of a query).
    expect(r.committee.seats.map((s) => s.miner).sort()).toEqual(net.miners.map((m) => m.address).sort());
    expect(r.verdict.seats.every((s) => s.outcome === "agreed")).toBe(true);
    expect(r.result.verified).toBe(true);
    // The fixture's inline limit is below this result's size: it came from the data plane, digest-checked.
    expect(r.result.source).toMatch(/^redis /);
    // fee = base + per-byte + price 1000 × 2 shards × 1 replica; the chain charged what it estimated.
    expect(r.fee.paid).toBe(r.fee.estimated);
    expect(r.fee.paid).toBeGreaterThanOrEqual(2000n);
    expect(BigInt((await client.getBalance()).amount)).toBeLessThanOrEqual(before - r.fee.paid);
    expect(steps).toEqual(expect.arrayContaining(["encrypted", "paid", "assigned", "verified", "delivered", "finalized", "fetched"]));
    expect(warnings.join(" ")).toMatch(/recoverable/); // lande under EE: loud warning, not silent
    // The chain's record agrees with what infer returned.
    const verdict = await client.queries.inference.verdict(r.queryId);
    expect(Buffer.from(verdict.resultDigest).toString("hex")).toBe(r.verdict.resultDigest);
    // The simulator serves no validator signatures: the receipt is checked against its own header, and says so.
    expect(r.proof).toMatchObject({ height: BigInt(r.verdict.height), headerHeight: BigInt(r.verdict.height) + 1n, trust: "single-node", signedPower: 0n, verified: true });
    expect(steps).toContain("receipt");
  });

  it("runs 10 concurrent infer calls on one client: each pays with its own sequence and gets its own right answer", async () => {
    const texts = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? FRENCH : GERMAN));
    const before = client.payTxStats;
    const results = await Promise.all(texts.map((input) => client.infer<string, string>({ model: "lande", input, privacy: "ee", replicas: 1 })));
    expect(results.map((r) => r.output)).toEqual(texts.map((t) => (t === FRENCH ? "fra" : "deu")));
    expect(new Set(results.map((r) => r.queryId)).size).toBe(10);
    expect(results.every((r) => r.committee.verified && r.result.verified && r.verdict.status === "finalized")).toBe(true);
    // Pays that arrive while the signer is busy share a tx: 10 msgs, fewer txs.
    const after = client.payTxStats;
    expect(after.msgs - before.msgs).toBe(10);
    expect(after.txs - before.txs).toBeLessThan(10);
  });

  it("refuses HSS-EE before paying, with a typed error", async () => {
    const before = (await client.getBalance()).amount;
    const err = await client.infer({ model: "lande", input: FRENCH, privacy: "hss-ee" }).catch((e) => e);
    expect(err).toBeInstanceOf(HssUnavailableError);
    expect(err).toMatchObject({ codespace: "nesa-client", code: 8 });
    expect((await client.getBalance()).amount).toBe(before);
  });

  it("surfaces the chain's {codespace, code} when the max fee is too low", async () => {
    const err = await client.infer({ model: "lande", input: FRENCH, privacy: "ee", replicas: 1, maxFee: 1n }).catch((e) => e);
    expect(err, String(err?.message)).toBeInstanceOf(ChainTxError);
    expect(err.shortMessage).toMatch(/simulation/); // refused before broadcast: no fee spent on a doomed tx
    expect(err.codespace).toBe("payforquery");
    expect(err.code).toBeGreaterThan(1);
  });

  it("`nesa infer --json` on the localnet home prints one verified JSON object", async () => {
    const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
    const cli = fileURLToPath(new URL("./cli/nesa.ts", import.meta.url));
    const child = spawn(tsx, [cli, "infer", "--home", net.home, "--model", "lande", "--text", GERMAN, "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    expect(code, err).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ model: "lande", output: "deu", verified: true, committee: { verified: true } });
    expect(json.proof).toMatchObject({ trust: "single-node", signedPower: "0", verified: true, headerHeight: String(BigInt(json.proof.height) + 1n) });
    expect(json.queryId).toMatch(/^\d+$/);
    expect(BigInt(json.fee.paid)).toBeGreaterThan(0n);
    expect(err).toMatch(/WARNING \(privacy\)/);
  });

  it("`nesa models list`, `query show`, `miners list` and `balance` read the network (--json)", async () => {
    const run = async (...args: string[]) => {
      let out = "";
      const spy = vi.spyOn(process.stdout, "write").mockImplementation((c) => {
        out += String(c);
        return true;
      });
      try {
        await buildProgram().parseAsync(["node", "nesa", ...args, "--home", net.home, "--json"]);
      } finally {
        spy.mockRestore();
      }
      return JSON.parse(out);
    };
    const models = await run("models", "list");
    expect(models.models).toEqual([expect.objectContaining({ id: "lande", shards: 2, eeScheme: "nesa-ee-v1", eeKey: true, deprecated: false })]);
    const shown = await run("query", "show", "1");
    expect(shown).toMatchObject({ queryId: "1", model: "lande", status: "finalized", verdict: { status: "finalized" } });
    expect(shown.seats.every((s: { committed: boolean; revealed: boolean }) => s.committed && s.revealed)).toBe(true);
    const miners = await run("miners", "list");
    expect(miners.miners.map((m: { address: string }) => m.address).sort()).toEqual(net.miners.map((m) => m.address).sort());
    expect(miners.miners.every((m: { seatsServed: string }) => Number(m.seatsServed) >= 1)).toBe(true);
    const balances = await run("balance");
    expect(balances.balances.map((b: { name: string }) => b.name)).toEqual(["owner", "user1"]);
    expect(BigInt(balances.balances[1].unes)).toBeGreaterThan(0n);
    process.exitCode = 0;
  });

  it("`nesa query show` of an unknown id fails with exit code 1 and a JSON error", async () => {
    let out = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((c) => {
        out += String(c);
        return true;
      });
    try {
      await buildProgram().parseAsync(["node", "nesa", "query", "show", "999", "--home", net.home, "--json"]);
    } finally {
      spy.mockRestore();
    }
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    expect(JSON.parse(out).error.shortMessage).toMatch(/999|not found/i);
  });
});
