// The whole localnet on 4 CometBFT validators (`localnet/start --validators 4`): an HSS-EE OCR query through the
// SDK finalizes with the exact text and a verdict receipt checked like a light client (a commit signed by > 2/3
// of the validators' power); the query's beacon is the VRF proof of the block's proposer, with that validator's
// genesis VRF key; `localnet/stop` stops every process it recorded. Fails (never skips) without CometBFT.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromBase64 } from "@cosmjs/encoding";
import { abci } from "@nesa/chain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NesaClient, combineDataPlanes, createHttpDataPlane } from "../../packages/client/src/index";
import { createNodeModelCodec, createRedisResultSource, readEEKeyFile, walletFromMnemonic } from "../../packages/client/src/adapters/node/index";
import { layout } from "../../localnet/src/layout";
import { commandLine, listPids } from "../../localnet/src/processes";
import { type Localnet, startLocalnet } from "../e2e/helpers/localnet-fixture";
import { rpc } from "@nesa/chain/testing";

const OCR_IMAGE = fileURLToPath(new URL("../../packages/models/fixtures/ocr-line.png", import.meta.url));
const OCR_TEXT = "Private inference on nesa 2026";

let net: Localnet;
let stopped = false;

beforeAll(async () => {
  net = await startLocalnet({ miners: 4, blockTimeMs: 200, tag: "comet4", args: ["--validators", "4"] });
}, 240_000);

afterAll(async () => {
  if (!stopped) await net?.stop();
});

describe("the localnet on 4 CometBFT validators", () => {
  it("localnet.json lists 4 validators' RPCs, each at the same chain", async () => {
    expect(net.info.engine).toBe("cometbft");
    expect(net.info.validators?.length).toBe(4);
    expect(net.info.rpc).toBe(net.info.validators?.[0].rpc);
    for (const v of net.info.validators ?? []) expect((await rpc(v.rpc, "status")).node_info.network).toBe(net.info.chainId);
  });

  it("an HSS-EE OCR query finalizes with a light-client-verified receipt (> 2/3 of the power signed)", async () => {
    const info = net.info;
    const wallet = await walletFromMnemonic(info.accounts[2].mnemonic);
    const key = await readEEKeyFile(info.models["ocr-rec"].eeKeyFile);
    const dataPlane = combineDataPlanes(createHttpDataPlane(info.dispatcherUrl), [createRedisResultSource(info.redisUrl, info.redisPrefix)]);
    // checkProposer compares the beacon key with CometBFT's validator keys, which are the ed25519 consensus keys
    // (docs/validators.md, "does not work yet"): the proposer's VRF key is checked below against genesis instead.
    const client = await NesaClient.connectWithSigner(info.rpc, wallet, { dataPlane, codecs: { "ocr-rec": createNodeModelCodec("ocr-rec", key) }, checkProposer: false, verdictReceipts: "validators" });
    try {
      const r = await client.infer<{ png: string }, string>({ model: "ocr-rec", input: { png: OCR_IMAGE }, privacy: "hss-ee", replicas: 1, timeoutMs: 150_000 });
      expect(r.output).toBe(OCR_TEXT);
      const proof = r.proof as { verified: boolean; trust: string; signedPower: bigint; totalPower: bigint; height: bigint };
      expect(proof.verified).toBe(true);
      expect(proof.trust).toBe("validators");
      expect(proof.totalPower).toBe(40n);
      expect(proof.signedPower * 3n > proof.totalPower * 2n).toBe(true);

      // The query's beacon: proved by the proposer of its block, with that validator's VRF key from genesis.
      const committee = await net.q.inference.committee(r.queryId);
      const beacon = committee.beacon;
      if (!beacon) throw new Error("no beacon with the committee");
      const block = await rpc(info.rpc, "block", { height: String(beacon.height) });
      const genesis = JSON.parse(readFileSync(join(info.validators?.[0].nesadHome ?? "", "config", "genesis.json"), "utf8"));
      const proposer = genesis.validators.find(
        (v: { consensus_pub_key: { value: string } }) => Buffer.from(abci.consensusAddress(fromBase64(v.consensus_pub_key.value))).toString("hex").toUpperCase() === block.block.header.proposer_address,
      );
      expect(proposer, "the block's proposer is a genesis validator").toBeDefined();
      expect(Buffer.from(beacon.proposerPubkey).toString("base64")).toBe(proposer.pub_key.value);
    } finally {
      client.disconnect();
      await dataPlane.close?.();
    }
  }, 200_000);

  it("localnet/stop stops every process localnet/start recorded, the 8 validator processes too", async () => {
    const recs = listPids(layout(net.home));
    expect(recs.filter((p) => /^validator\d-(nesad|cometbft)$/.test(p.name)).length).toBe(8);
    for (const p of recs) expect(commandLine(p.pid), p.name).toContain(p.marker);
    stopped = true;
    await net.stop();
    for (const p of recs) expect(commandLine(p.pid), `${p.name} (pid ${p.pid}) still runs`).toBeUndefined();
  }, 60_000);
});
