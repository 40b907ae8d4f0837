// Uploads before registration, over real HTTP with real secp256k1 signatures: an owner's signed intent lets exactly
// its blobs in until its expiry height; forged, tampered, expired or over-limit intents are BadIntent (or TooLarge);
// one owner per model id; at expiry the blobs only it let in are dropped, registered ones kept.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelStoreCode } from "../errors";
import { type ModelStoreServer, startModelStoreServer } from "../server/model-store-server";
import { type MemoryChain, memoryChain } from "../testing/memory-chain";
import { type SignedUploadIntent, signUploadIntent, type UploadIntent } from "./upload-intent";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const blob = (b: Buffer) => ({ sha256: sha(b), sizeBytes: b.length });

describe("upload intents (POST /intents, then PUT before MsgRegisterModel)", () => {
  let dir: string;
  let server: ModelStoreServer;
  let chain: MemoryChain;
  let alice: Secp256k1HdWallet;
  let mallory: Secp256k1HdWallet;
  let aliceAddr: string;
  let malloryAddr: string;
  const s0 = randomBytes(20_000);
  const s1 = randomBytes(7_000);
  const post = (body: unknown) => fetch(`${server.url}/intents`, { method: "POST", body: JSON.stringify(body) });
  const put = (b: Buffer, model: string) => fetch(`${server.url}/blobs/${sha(b)}?model=${model}`, { method: "PUT", body: new Uint8Array(b) });
  const json = async (r: Response) => (await r.json()) as { codespace: string; code: number; shortMessage: string };
  const intentFor = (owner: string, modelId: string, blobs: Buffer[], expiresHeight = chain.height + 20): UploadIntent => ({ chainId: chain.chainId, owner, modelId, expiresHeight, blobs: blobs.map(blob) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nesa-intent-"));
    chain = memoryChain();
    server = await startModelStoreServer({ dir: join(dir, "blobs"), registry: chain.registry, maxUploadBytes: 30_000, intentLimits: { maxBlocks: 100, maxIntentBytes: 40_000, maxIntentsPerOwner: 3 }, collectIntervalMs: 0 });
    alice = await Secp256k1HdWallet.generate(12, { prefix: "nesa" });
    mallory = await Secp256k1HdWallet.generate(12, { prefix: "nesa" });
    aliceAddr = (await alice.getAccounts())[0].address;
    malloryAddr = (await mallory.getAccounts())[0].address;
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses a blob that no registered model and no intent lists (NotRegistered)", async () => {
    const r = await put(s0, "net-a");
    expect(r.status).toBe(403);
    expect(await json(r)).toMatchObject({ codespace: "modelstore", code: ModelStoreCode.NotRegistered });
    const head = await fetch(`${server.url}/uploads/${sha(s0)}?model=net-a`, { method: "HEAD" });
    expect([head.status, head.headers.get("nesa-error-code")]).toEqual([403, String(ModelStoreCode.NotRegistered)]);
  });

  it("refuses forged, tampered, wrong-chain, expired and too-distant intents (BadIntent), and storing nothing", async () => {
    const good = intentFor(aliceAddr, "net-a", [s0, s1]);
    // Mallory signs with her key but names Alice as the owner.
    const forged = await signUploadIntent({ signAmino: (_a, doc) => mallory.signAmino(malloryAddr, doc) }, good);
    const tampered: SignedUploadIntent = { ...(await signUploadIntent(alice, good)), intent: { ...good, blobs: [blob(randomBytes(10))] } };
    const cases: [SignedUploadIntent | unknown, RegExp][] = [
      [forged, /pubKey belongs to nesa1.*not to intent.owner/],
      [tampered, /signature does not verify/],
      [await signUploadIntent(alice, { ...good, chainId: "other-chain" }), /intent is for chain other-chain/],
      [await signUploadIntent(alice, { ...good, expiresHeight: chain.height }), /intent expired at height/],
      [await signUploadIntent(alice, { ...good, expiresHeight: chain.height + 101 }), /more than 100 blocks/],
      [{ intent: { ...good, modelId: "Bad Id" }, pubKey: "", signature: "" }, /modelId/],
      ["not an intent", /an upload intent is/],
    ];
    for (const [body, why] of cases) {
      const r = await post(body);
      const e = await json(r);
      expect([r.status, e.code], e.shortMessage).toEqual([400, ModelStoreCode.BadIntent]);
      expect(e.shortMessage).toMatch(why);
    }
    expect((await put(s0, "net-a")).status).toBe(403);
  });

  it("limits sizes: a blob over the store's limit or an intent over its byte budget is TooLarge", async () => {
    const huge = { ...intentFor(aliceAddr, "net-big", [s0]), blobs: [{ sha256: sha(s0), sizeBytes: 30_001 }] };
    expect(await json(await post(await signUploadIntent(alice, huge)))).toMatchObject({ code: ModelStoreCode.TooLarge });
    const many = intentFor(aliceAddr, "net-big", [s0, randomBytes(25_000)]);
    expect(await json(await post(await signUploadIntent(alice, many)))).toMatchObject({ code: ModelStoreCode.TooLarge, shortMessage: expect.stringMatching(/per-intent limit/) });
  });

  it("limits live intents per owner (TooLarge); an owner's newer intent for the same id replaces the older", async () => {
    const tiny = randomBytes(10);
    for (const id of ["q-1", "q-2", "q-3"]) expect((await post(await signUploadIntent(mallory, intentFor(malloryAddr, id, [tiny], chain.height + 2)))).status).toBe(201);
    expect((await post(await signUploadIntent(mallory, intentFor(malloryAddr, "q-1", [tiny], chain.height + 3)))).status).toBe(201);
    expect(await json(await post(await signUploadIntent(mallory, intentFor(malloryAddr, "q-4", [tiny]))))).toMatchObject({ code: ModelStoreCode.TooLarge, shortMessage: expect.stringMatching(/limit per owner/) });
    chain.height += 4;
    expect((await server.collectIntents()).intents.sort()).toEqual(["q-1", "q-2", "q-3"]);
    chain.height -= 4;
  });

  it("lets in exactly the intent's blobs, only for its model id, and keeps one owner per id (Conflict)", async () => {
    const r = await post(await signUploadIntent(alice, intentFor(aliceAddr, "net-a", [s0, s1])));
    expect(r.status).toBe(201);
    expect(await r.json()).toEqual({ modelId: "net-a", owner: aliceAddr, expiresHeight: chain.height + 20 });
    expect((await put(s0, "net-a")).status).toBe(201);
    expect(Buffer.from(await (await fetch(`${server.url}/blobs/${sha(s0)}`)).arrayBuffer()).equals(s0)).toBe(true);
    expect(await json(await put(randomBytes(100), "net-a"))).toMatchObject({ code: ModelStoreCode.NotRegistered });
    expect(await json(await put(s1, "net-b"))).toMatchObject({ code: ModelStoreCode.NotRegistered });
    // Mallory cannot claim the id while Alice's intent lives, nor an id registered by someone else.
    const claim = await post(await signUploadIntent(mallory, intentFor(malloryAddr, "net-a", [s1])));
    expect([claim.status, (await json(claim)).code]).toEqual([409, ModelStoreCode.Conflict]);
    chain.models["net-taken"] = { owner: aliceAddr, deprecated: false, blobs: [blob(s1)] };
    expect(await json(await post(await signUploadIntent(mallory, intentFor(malloryAddr, "net-taken", [s1]))))).toMatchObject({ code: ModelStoreCode.Conflict });
    delete chain.models["net-taken"];
  });

  it("at expiry refuses the intent's blobs and drops what only it let in; registered blobs stay", async () => {
    const s2 = randomBytes(3_000);
    const s3 = randomBytes(4_000);
    expect((await post(await signUploadIntent(alice, intentFor(aliceAddr, "net-c", [s2, s3], chain.height + 5)))).status).toBe(201);
    expect((await put(s2, "net-c")).status).toBe(201);
    expect((await put(s3, "net-c")).status).toBe(201);
    // net-a (intent until height 30) gets registered with s0; net-c is never registered.
    chain.models["net-a"] = { owner: aliceAddr, deprecated: false, blobs: [blob(s0), blob(s1)] };
    chain.height += 6;
    expect(await json(await put(randomBytes(10), "net-c"))).toMatchObject({ code: ModelStoreCode.NotRegistered });
    expect(await server.collectIntents()).toEqual({ intents: ["net-c"], deletedBlobs: expect.arrayContaining([sha(s2), sha(s3)]), stalePartials: [] });
    chain.height += 100;
    expect(await server.collectIntents()).toEqual({ intents: ["net-a"], deletedBlobs: [], stalePartials: [] });
    expect((await fetch(`${server.url}/blobs/${sha(s2)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/blobs/${sha(s0)}`)).status).toBe(200);
    // Registered now: s1 comes in on the registration, no intent needed.
    expect((await put(s1, "net-a")).status).toBe(201);
  });
});
