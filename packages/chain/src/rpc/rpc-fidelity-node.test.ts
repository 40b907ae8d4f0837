// The fidelity fixes on a real node (real CheckTx, mempool and genesis), with the requests as a
// retry loop, an explorer and a wallet send them.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSignedTx, msgSend, startTestChain, type TestChain } from "../testing";
import { type RpcServer, startRpcServer } from "./server";

let chain: TestChain;
let rpc: RpcServer;
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const call = async (method: string, params?: unknown) => {
  const res = await fetch(rpc.url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  return res.json() as Promise<{ result?: any; error?: { code: number; data: string } }>;
};

beforeAll(async () => {
  chain = await startTestChain({ accounts: 2 });
  rpc = await startRpcServer(chain.node, { port: 0, logger: pino({ level: "silent" }) });
  await chain.node.produceBlock();
});
afterAll(async () => {
  await rpc?.close();
  await chain?.cleanup();
});

describe("rpc fidelity on a real node", () => {
  it("check_tx admits nothing; a re-sent tx is -32603 tx already exists in cache", async () => {
    const [a, b] = chain.accounts;
    const tx = b64(await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, b.address, 7)], sequence: 0, accountNumber: 0, chainId: chain.node.chainId }));
    const checked = await call("check_tx", [tx]);
    expect(checked.result).toMatchObject({ code: 0 });
    expect(Number(checked.result.gas_used)).toBeGreaterThan(0);
    expect(chain.node.mempoolSize()).toBe(0);
    expect((await call("broadcast_tx_sync", [tx])).result).toMatchObject({ code: 0 });
    expect((await call("broadcast_tx_sync", { tx })).error).toMatchObject({ code: -32603, data: "tx already exists in cache" });
    const pending = (await call("unconfirmed_txs", {})).result;
    expect(pending).toMatchObject({ n_txs: "1", total: "1", txs: [tx] });
    expect(Number(pending.total_bytes)).toBe(Buffer.from(tx, "base64").length);
    await chain.node.produceBlock();
    expect((await call("num_unconfirmed_txs")).result.total).toBe("0");
  });

  it("has complete consensus params in genesis and in consensus_params", async () => {
    const g = (await call("genesis")).result.genesis;
    expect(g.consensus_params).toEqual({
      block: { max_bytes: "22020096", max_gas: "1000000000" },
      evidence: { max_age_num_blocks: "100000", max_age_duration: "172800000000000", max_bytes: "1048576" },
      validator: { pub_key_types: ["secp256k1"] },
      version: { app: "0" },
      abci: { vote_extensions_enable_height: "0" },
    });
    expect((await call("consensus_params", ["1"])).result).toEqual({ block_height: "1", consensus_params: g.consensus_params });
  });
});
