// Nesa Msgs through a cosmjs Registry (@nesa/client), and every module's queries through
// abci_query, against a real node over HTTP.
import { QueryClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { createNesaRegistry, setupInferenceExtension, setupPayforqueryExtension, setupStakingextExtension } from "@nesa/client";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENOM, signerFor } from "./helpers/cosmjs";
import { type Home, type InProcessNode, makeHome, startInProcess, waitForHeight } from "./helpers/localnet";

let home: Home;
let net: InProcessNode;
let comet: Comet38Client;
let q: ReturnType<typeof queries>;
const queries = (c: Comet38Client) =>
  QueryClient.withExtensions(c, setupInferenceExtension, setupStakingextExtension, setupPayforqueryExtension);

const shard = (index: number) => ({
  index,
  sha256: new Uint8Array(32).fill(index + 1),
  sizeBytes: 4096n,
  inputs: [{ name: "x", type: "float32", shape: [1, 8] }],
  outputs: [{ name: "y", type: "float32", shape: [1, 8] }],
});

beforeAll(async () => {
  home = await makeHome(3);
  net = await startInProcess(home.home);
  await waitForHeight(net.url, 0);
  comet = await Comet38Client.connect(net.url);
  q = queries(comet);
});

afterAll(async () => {
  comet?.disconnect();
  await net?.close();
  home?.remove();
});

describe("Nesa modules through cosmjs", () => {
  it("answers every module's Params query", async () => {
    const [inference, stakingext, payforquery] = await Promise.all([q.inference.params(), q.stakingext.params(), q.payforquery.params()]);
    expect(inference).toBeDefined();
    expect(stakingext).toBeDefined();
    expect(payforquery).toBeDefined();
    // The beacon of the latest block is queryable (BeginBlock VRF).
    const beacon = await q.inference.beacon();
    expect(beacon.output.length).toBeGreaterThan(0);
  });

  it("registers a model and a miner with custom Msgs through a Registry, then queries them", async () => {
    const registry = createNesaRegistry();
    const owner = await signerFor(net.url, home.accounts[1].mnemonic, registry);
    const miner = await signerFor(net.url, home.accounts[2].mnemonic, registry);
    const model = await owner.client.signAndBroadcast(
      owner.address,
      [
        {
          typeUrl: "/nesa.inference.v1.MsgRegisterModel",
          value: {
            owner: owner.address,
            modelId: "it-model",
            name: "Integration model",
            version: "1",
            shards: [shard(0), shard(1)],
            ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) },
            price: { denom: DENOM, amount: "1000" },
            minReplicas: 1,
          },
        },
      ],
      2, // fee from Simulate × 2
    );
    expect(model.code).toBe(0);
    expect(model.events.some((e) => e.type.startsWith("nesa.inference.v1."))).toBe(true);

    const encryptionPubkey = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
    const reg = await miner.client.signAndBroadcast(
      miner.address,
      [
        {
          typeUrl: "/nesa.stakingext.v1.MsgRegisterMiner",
          value: {
            operator: miner.address,
            encryptionPubkey,
            models: ["it-model"],
            capacity: { memoryMb: 2048n, maxBatch: 4 },
            stake: { denom: DENOM, amount: "5000000" },
          },
        },
      ],
      2,
    );
    expect(reg.code).toBe(0);

    expect((await q.inference.model("it-model")).owner).toBe(owner.address);
    const m = await q.stakingext.miner(miner.address);
    expect(m.operator).toBe(miner.address);
    expect(Buffer.from(m.encryptionPubkey).toString("hex")).toBe(Buffer.from(encryptionPubkey).toString("hex"));
    const listed = await q.stakingext.miners({ modelId: "it-model" });
    expect(listed.miners.map((x) => x.operator)).toEqual([miner.address]);
    const fee = await q.payforquery.estimateFee("it-model", 1000, 1);
    expect(BigInt(fee.total?.amount ?? "0")).toBeGreaterThan(0n);

    // The custom Msg is searchable by its action and by its module's own event attributes.
    const byAction = await miner.client.searchTx("message.action='/nesa.stakingext.v1.MsgRegisterMiner'");
    expect(byAction.map((t) => t.hash)).toEqual([reg.transactionHash]);
    const custom = reg.events.find((e) => e.type.startsWith("nesa.stakingext.v1."))!;
    const attr = custom.attributes[0];
    const byEvent = await miner.client.searchTx(`${custom.type}.${attr.key}='${attr.value}'`);
    expect(byEvent.map((t) => t.hash)).toContain(reg.transactionHash);
    await waitForHeight(net.url, reg.height);
    owner.client.disconnect();
    miner.client.disconnect();
  });

  it("reports an unknown query path as a failed query, not a transport error", async () => {
    await expect(QueryClient.withExtensions(comet).queryAbci("/nesa.inference.v1.Query/NoSuchMethod", new Uint8Array())).rejects.toThrow(
      /Query failed with \(\d+\)/,
    );
  });
});
