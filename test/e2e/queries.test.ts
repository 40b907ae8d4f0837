// End to end on a real localnet (localnet/start: nesad, Redis, dispatcher, model store, 4 miners): private EE
// queries give the exact OCR text and the right language; stock cosmjs reads the query and its verdict; and
// for an EE lande query, neither the chain store, nor Redis, nor any miner log holds the plaintext. HSS-EE OCR
// through the `nesa` CLI: exact text, share seats on chain, and the same plaintext scan (whole EE input included).
import { spawn } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StargateClient } from "@cosmjs/stargate";
import { inferenceState, payforqueryState } from "@nesa/proto-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ctcDecode, decodeLande, landeBatch, OCR_FIXTURE, ocrPreprocess, readPng, renderTextLine, writePng } from "../../packages/models/src/index";
import { encodeTensor } from "../../packages/crypto/src/index";
import { RedisKeys } from "../../packages/data-plane/src/index";
import { layout } from "../../localnet/src/layout";
import { commandLine, listPids } from "../../localnet/src/processes";
import { type Localnet, runScript, startLocalnet } from "./helpers/localnet-fixture";
import { runNesaCli } from "./helpers/nesa-cli";
import { encryptInput, readResult, runQuery } from "./helpers/nesa-query";
import { floatBytes, type Needle, scanChainDb, scanFiles, scanRedis, window256 } from "./helpers/plaintext-scan";

const LINES = ["Hello World 2024", "Nesa runs private inference", "Encrypted shards agree"];
const SENTENCES: [string, string][] = [
  ["The weather is lovely today and we are going for a long walk in the park.", "eng"],
  ["Ceci est une phrase en français, assez longue pour que le modèle soit sûr de lui.", "fra"],
  ["Das ist ein deutscher Satz, lang genug, damit das Modell sich ganz sicher ist.", "deu"],
  ["Esta es una frase en español, bastante larga para que el modelo esté seguro.", "spa"],
];

describe("localnet end to end", () => {
  let net: Localnet;

  beforeAll(async () => {
    net = await startLocalnet({ miners: 4, tag: "queries" });
  }, 150_000);

  afterAll(async () => {
    await net?.stop();
  }, 60_000);

  /** HSS-EE secrets (and a positive control) the chain store must not / must hold; scanned with the EE ones. */
  const hssOnChain: Needle[] = [];
  const HSS_CONTROL = "hss input commitment";

  // First: the EE OCR test below puts the fixture's image tensor (EE leaves OCR's input as is) into Redis.
  it("OCR with HSS-EE through `pnpm nesa infer --privacy hss-ee`: exact text, 2 share seats, no plaintext or whole input anywhere", async () => {
    const run = await runNesaCli(["infer", "--home", net.home, "--model", "ocr-rec", "--image", OCR_FIXTURE.file, "--privacy", "hss-ee", "--from", "user1", "--json"]);
    expect(run.code, `${run.stderr}\n${run.stdout}`).toBe(0);
    expect(run.json?.output).toBe(OCR_FIXTURE.text);
    expect(run.json?.verified).toBe(true);
    const queryId = String(run.json?.queryId);
    // The committee: shards 0-1 plus share seats at positions 2 and 3, four distinct miners, all agreed and paid.
    const query = await net.q.inference.query(BigInt(queryId));
    expect(query.hssShares).toBe(2);
    expect(query.seats.map((s) => `${s.shard}:${inferenceState.SeatRole[s.role]}`)).toEqual(["0:SEAT_ROLE_PIPELINE", "1:SEAT_ROLE_PIPELINE", "2:SEAT_ROLE_HSS_SHARE", "3:SEAT_ROLE_HSS_SHARE"]);
    expect(new Set(query.seats.map((s) => s.miner)).size).toBe(4);
    const verdict = await net.q.inference.verdict(BigInt(queryId));
    expect(verdict.seats.map((s) => inferenceState.SeatOutcome[s.outcome])).toEqual(Array(4).fill("SEAT_OUTCOME_AGREED"));
    const escrow = await net.q.payforquery.escrow(BigInt(queryId));
    expect(escrow.fee?.hssShares).toBe(2);
    expect(escrow.minerPayouts.length).toBe(4);

    const input = ocrPreprocess(readPng(OCR_FIXTURE.file));
    const output = await readResult(net.info, net.q, net.redis, "ocr-rec", queryId);
    expect(ctcDecode(output)).toBe(OCR_FIXTURE.text);
    const secrets: Needle[] = [
      { name: "plaintext text", bytes: Buffer.from(OCR_FIXTURE.text) },
      { name: "raw input tensor", bytes: window256(floatBytes(input.data)) },
      // HSS: not even the whole EE-encrypted input may sit in one place, only its two sealed shares.
      { name: "whole EE-encrypted input", bytes: window256(Buffer.from(encryptInput(net.info, "ocr-rec", input))) },
      { name: "plain output", bytes: window256(floatBytes(output.data)) },
    ];
    // Positive control: the share digests the client published are in the upload manifest in Redis.
    const manifest = JSON.parse((await net.redis.get(new RedisKeys(net.info.redisPrefix).hssUpload(queryId, 0))) ?? "{}") as { shareDigests: string[] };
    const control: Needle = { name: "share digest", bytes: Buffer.from(manifest.shareDigests[0], "hex") };
    const redis = await scanRedis(net.redis, net.info.redisPrefix, [...secrets, control]);
    expect(redis.hits.filter((h) => h.needle === control.name).length).toBeGreaterThan(0);
    expect(redis.hits.filter((h) => h.needle !== control.name)).toEqual([]);
    const logs = readdirSync(net.info.logsDir).filter((f) => f.startsWith("miner-")).map((f) => join(net.info.logsDir, f));
    expect(scanFiles(logs, secrets)).toEqual([]);
    // The chain store is scanned for these by the EE lande scan test below, which stops nesad anyway: a second
    // nesad restart here would leave the dispatcher's socket stale while the next tests' queries run.
    hssOnChain.push(...secrets.map((s) => ({ ...s, name: `hss ${s.name}` })), { name: HSS_CONTROL, bytes: Buffer.from(query.inputCommitment) });
  }, 90_000);

  it("OCR with HSS-EE returns the exact text of several rendered lines", async () => {
    for (const [i, text] of LINES.entries()) {
      const file = join(net.home, `hss-line-${i}.png`);
      writePng(file, renderTextLine(text));
      const run = await runNesaCli(["infer", "--home", net.home, "--model", "ocr-rec", "--image", file, "--privacy", "hss-ee", "--from", "user1", "--json"]);
      expect(run.code, `line ${i}: ${run.stderr}\n${run.stdout}`).toBe(0);
      expect(run.json?.output, `line ${i}`).toBe(text);
      expect(run.json?.verified).toBe(true);
    }
  }, 120_000);

  it("OCR with EE returns the exact text of several rendered lines and of the repository's fixture", async () => {
    const images = [...LINES.map((t) => ({ text: t, image: renderTextLine(t) })), { text: OCR_FIXTURE.text, image: readPng(OCR_FIXTURE.file) }];
    const results = await Promise.all(
      images.map(async ({ image }, i) => runQuery(net.info, await net.user(2 + i), net.q, net.redis, "ocr-rec", ocrPreprocess(image))),
    );
    for (const [i, r] of results.entries()) {
      expect(r.status, `line ${i}`).toBe("QUERY_STATUS_FINALIZED");
      expect(ctcDecode(r.output!)).toBe(images[i].text);
    }
  }, 90_000);

  it("lande with EE returns the right language for sentences in four languages, across 2 replicas that agree", async () => {
    const results = await Promise.all(SENTENCES.map(async ([text], i) => runQuery(net.info, await net.user(2 + i), net.q, net.redis, "lande", landeBatch([text]), 2)));
    for (const [i, r] of results.entries()) {
      expect(r.status).toBe("QUERY_STATUS_FINALIZED");
      expect(decodeLande(r.output!).language).toBe(SENTENCES[i][1]);
      const verdict = await net.q.inference.verdict(r.paid.queryId);
      expect(verdict.seats.map((s) => inferenceState.SeatOutcome[s.outcome])).toEqual(["SEAT_OUTCOME_AGREED", "SEAT_OUTCOME_AGREED"]);
    }
  }, 90_000);

  it("stock cosmjs reads the pay tx, the query and its verdict", async () => {
    const signer = await net.user(6);
    const r = await runQuery(net.info, signer, net.q, net.redis, "lande", landeBatch([SENTENCES[0][0]]));
    const client = await StargateClient.connect(net.info.rpc);
    try {
      const txs = await client.searchTx([{ key: "message.sender", value: signer.address }]);
      const payTx = txs.find((t) => t.events.some((e) => e.type === "nesa.payforquery.v1.EventQueryPaid"));
      expect(payTx?.code).toBe(0);
      expect(payTx?.height).toBe(r.paid.paidHeight);
      // Module queries through the same comet client cosmjs uses, decoded by the generated types.
      const query = await net.q.inference.query(r.paid.queryId);
      expect(query.owner).toBe(signer.address);
      expect(query.modelId).toBe("lande");
      expect(inferenceState.QueryStatus[query.status]).toBe("QUERY_STATUS_FINALIZED");
      const verdict = await net.q.inference.verdict(r.paid.queryId);
      expect(verdict.resultDigest.length).toBe(32);
      expect(Number(verdict.height)).toBeGreaterThan(r.paid.paidHeight);
      const escrow = await net.q.payforquery.escrow(r.paid.queryId);
      expect(payforqueryState.EscrowStatus[escrow.status]).toBe("ESCROW_STATUS_SETTLED");
      expect(await client.getHeight()).toBeGreaterThanOrEqual(Number(verdict.height));
    } finally {
      client.disconnect();
    }
  }, 60_000);

  it("an EE lande query leaves no plaintext text, input tensor or output in the chain store, Redis or miner logs", async () => {
    const text = "Mein geheimer Satz über die Datenschutz-Prüfung bleibt bitte ganz privat.";
    const input = landeBatch([text]);
    const r = await runQuery(net.info, await net.user(7), net.q, net.redis, "lande", input);
    expect(r.status).toBe("QUERY_STATUS_FINALIZED");
    expect(decodeLande(r.output!).language).toBe("deu");
    const secrets: Needle[] = [
      { name: "plaintext text", bytes: Buffer.from(text) },
      { name: "raw input tensor", bytes: floatBytes(input.data) },
      { name: "encoded plain input", bytes: Buffer.from(encodeTensor({ dtype: "float32", dims: input.dims, data: input.data })) },
      { name: "plain output", bytes: floatBytes(r.output!.data) },
    ];
    // Positive control: the scans do see what the network legitimately holds (the encrypted input).
    const control: Needle[] = [{ name: "encrypted input", bytes: Buffer.from(r.paid.encrypted) }];

    const redis = await scanRedis(net.redis, net.info.redisPrefix, [...secrets, ...control]);
    expect(redis.keys).toBeGreaterThan(0);
    expect(redis.hits.filter((h) => h.needle === "encrypted input").length).toBeGreaterThan(0);
    expect(redis.hits.filter((h) => h.needle !== "encrypted input")).toEqual([]);

    const logs = readdirSync(net.info.logsDir).filter((f) => f.startsWith("miner-")).map((f) => join(net.info.logsDir, f));
    expect(logs.length).toBe(net.info.miners.length);
    expect(scanFiles(logs, secrets)).toEqual([]);

    // LevelDB admits one process: stop nesad, scan, and bring it back with localnet/start. Positive control:
    // the input commitment (sha256 of the encrypted input) is on chain.
    const commitment = Buffer.from((await net.q.inference.query(r.paid.queryId)).inputCommitment);
    await net.stopProcess("nesad");
    const chain = await scanChainDb(join(net.home, "chain", "data", "chain.db"), [...secrets, { name: "input commitment", bytes: commitment }, ...hssOnChain]);
    expect(chain.entries).toBeGreaterThan(0);
    expect(chain.hits.filter((h) => h.needle === "input commitment").length).toBeGreaterThan(0);
    // The HSS-EE OCR query's secrets too (its test ran first; its commitment is the positive control).
    expect(hssOnChain.length).toBeGreaterThan(0);
    expect(chain.hits.filter((h) => h.needle === HSS_CONTROL).length).toBeGreaterThan(0);
    expect(chain.hits.filter((h) => h.needle !== "input commitment" && h.needle !== HSS_CONTROL)).toEqual([]);
    expect(await net.restart()).toMatch(/nesad: started/);
  }, 90_000);

  it("starting twice is harmless: every process is reported as already running and keeps its pid", async () => {
    const before = listPids(layout(net.home)).map((r) => `${r.name}:${r.pid}`).sort();
    const out = await net.restart();
    for (const name of ["nesad", "model-store", "dispatcher", ...net.info.miners.map((m) => m.name)]) expect(out).toContain(`${name}: already running`);
    expect(out).not.toMatch(/: started/);
    expect(listPids(layout(net.home)).map((r) => `${r.name}:${r.pid}`).sort()).toEqual(before);
  }, 60_000);

  it("localnet/stop stops exactly the processes it recorded and leaves a pid whose command line differs alone", async () => {
    const L = layout(net.home);
    const recs = listPids(L);
    expect(recs.length).toBeGreaterThanOrEqual(3 + net.info.miners.length);
    // A stranger recorded under a pid file whose marker its command line does not hold.
    const stranger = spawn("sleep", ["60"], { stdio: "ignore" });
    try {
      writeFileSync(join(L.run, "stranger.pid"), JSON.stringify({ name: "stranger", pid: stranger.pid, marker: `--home ${net.home} `, command: "x", startedAt: "" }));
      const res = await runScript("stop", ["--home", net.home]);
      expect(res.code, res.stderr).toBe(0);
      for (const r of recs) expect(commandLine(r.pid), r.name).toBeUndefined();
      expect(commandLine(stranger.pid!)).toContain("sleep");
      expect(listPids(L)).toEqual([]);
    } finally {
      stranger.kill("SIGKILL");
    }
  }, 60_000);
});
