// PayForQuery priority comes from the mempool's fee-per-gas order: when a block is full, the
// higher-fee query is included first. Manual blocks on a real nesad, txs broadcast over RPC.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createNode, type NesaNode } from "@nesa/chain";
import { createNesaRegistry } from "@nesa/client";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RpcServer, startRpcServer } from "../../packages/chain/src/rpc";
import { signerFor } from "./helpers/cosmjs";
import { type Home, makeHome } from "./helpers/localnet";

const GAS = "800000";
let home: Home;
let node: NesaNode;
let rpc: RpcServer;

beforeAll(async () => {
  home = await makeHome(3);
  const path = join(home.home, "config/genesis.json");
  const genesis = JSON.parse(readFileSync(path, "utf8"));
  genesis.consensus_params.block.max_gas = "1000000"; // room for one 800k-gas tx per block
  writeFileSync(path, JSON.stringify(genesis, null, 2));
  node = await createNode({ home: home.home, manualBlocks: true, checkInvariants: true });
  rpc = await startRpcServer(node, { port: 0, logger: pino({ level: "warn" }) });
  await node.produceBlock(); // cosmjs needs a committed height for its account queries
});

afterAll(async () => {
  await rpc?.close();
  await node?.close();
  home?.remove();
});

it("includes the higher fee-per-gas query first when the block is full", async () => {
  const registry = createNesaRegistry();
  const [owner, low, high] = await Promise.all(home.accounts.map((a) => signerFor(rpc.url, a.mnemonic, registry)));
  const fee = (amount: bigint) => ({ amount: [{ denom: "unes", amount: String(amount) }], gas: GAS });
  await owner.client.signAndBroadcastSync(owner.address, [
    {
      typeUrl: "/nesa.inference.v1.MsgRegisterModel",
      value: {
        owner: owner.address, modelId: "m", name: "m", version: "1",
        shards: [{ index: 0, sha256: new Uint8Array(32).fill(1), sizeBytes: 10n, inputs: [{ name: "x", type: "float32", shape: [1] }], outputs: [{ name: "y", type: "float32", shape: [1] }] }],
        ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(2) }, price: { denom: "unes", amount: "100" }, minReplicas: 1,
      },
    },
  ], fee(20_000n));
  await node.produceBlock();
  const pay = (sender: string) => ({
    typeUrl: "/nesa.payforquery.v1.MsgPayForQuery",
    value: { sender, modelId: "m", inputCommitment: new Uint8Array(32).fill(3), inputBytes: 100n, replicas: 1, privacy: 1, maxFee: { denom: "unes", amount: "100000" }, timeoutBlocks: 0n },
  });
  // The cheaper one arrives first.
  const lowHash = await low.client.signAndBroadcastSync(low.address, [pay(low.address)], fee(20_000n)); // 0.025 unes/gas
  const highHash = await high.client.signAndBroadcastSync(high.address, [pay(high.address)], fee(80_000n)); // 0.1 unes/gas
  expect(node.mempoolSize()).toBe(2);
  const first = await node.produceBlock();
  expect(first.txs).toHaveLength(1);
  const second = await node.produceBlock();
  expect(second.txs).toHaveLength(1);
  const firstTx = await high.client.getTx(highHash);
  const secondTx = await low.client.getTx(lowHash);
  expect(firstTx?.height).toBe(Number(first.header.height));
  expect(secondTx?.height).toBe(Number(second.header.height));
  const queryIdOf = (events: readonly { type: string; attributes: readonly { key: string; value: string }[] }[]) =>
    events.find((e) => e.type === "nesa.payforquery.v1.EventQueryPaid")?.attributes.find((a) => a.key === "query_id")?.value;
  expect(queryIdOf(firstTx!.events)).toBe('"1"');
  expect(queryIdOf(secondTx!.events)).toBe('"2"');
  for (const s of [owner, low, high]) s.client.disconnect();
});
