// Test helper: a real nesad node (manual blocks, real LevelDB, real RPC over HTTP/WebSocket) running the three
// protocol modules, driven only through signed txs: register a model and miners, pay for queries. Blocks are
// produced by the test, so commit deadlines never pass behind its back.
import { createHash } from "node:crypto";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { SigningStargateClient } from "@cosmjs/stargate";
import { startTestChain, type TestChain } from "@nesa/chain/testing";
import { createNesaRegistry } from "@nesa/client";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { pino } from "pino";
// startRpcServer is not exported from @nesa/chain's index yet.
import { startRpcServer, type RpcServer } from "../../../chain/src/rpc/index";

const FEE = { amount: [{ denom: "unes", amount: "50000" }], gas: "2000000" };
const STAKE = { denom: "unes", amount: "2000000" };

export type ProtocolChain = {
  chain: TestChain;
  rpc: RpcServer;
  /** Addresses of the registered miners (accounts 1..miners). */
  miners: string[];
  user: string;
  modelId: string;
  shards: number;
  /** Produces one block; returns its height. */
  block(): Promise<bigint>;
  /** Signs, broadcasts and includes msgs of account `index` in the next block; throws on a failed tx. */
  send(index: number, msgs: EncodeObject[]): Promise<void>;
  /**
   * Pays for a query over `input` (its sha256 is the commitment unless given) and produces the assignment block;
   * returns the id. privacy 2 = HSS_EE (the model declares HSS stages).
   */
  payForQuery(input: Uint8Array, replicas: number, privacy?: 1 | 2, commitment?: Uint8Array): Promise<string>;
  close(): Promise<void>;
};

export const sha256Hex = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export async function startProtocolChain(opts: { miners: number; shards: number }): Promise<ProtocolChain> {
  const chain = await startTestChain({ accounts: opts.miners + 2 });
  const rpc = await startRpcServer(chain.node, { port: 0, logger: pino({ level: "silent" }) });
  const registry = createNesaRegistry();
  const clients = await Promise.all(chain.accounts.map((a) => SigningStargateClient.connectWithSigner(rpc.url, a.wallet, { registry })));
  const block = async () => (await chain.node.produceBlock()).header.height;
  /** Several accounts' txs in one block. */
  const sendAll = async (txs: { index: number; msgs: EncodeObject[] }[]) => {
    const hashes: [number, string][] = [];
    for (const { index, msgs } of txs) {
      const signed = await clients[index].sign(chain.accounts[index].address, msgs, FEE, "");
      hashes.push([index, await clients[index].broadcastTxSync(TxRaw.encode(signed).finish())]);
    }
    await block();
    for (const [index, hash] of hashes) {
      const tx = await clients[index].getTx(hash);
      if (tx?.code !== 0) throw new Error(`tx of account ${index} failed: code ${tx?.code} ${tx?.rawLog ?? "not included"}`);
    }
  };
  const send = (index: number, msgs: EncodeObject[]) => sendAll([{ index, msgs }]);
  await block(); // queries need a committed height
  const owner = chain.accounts[0].address;
  const miners = chain.accounts.slice(1, opts.miners + 1).map((a) => a.address);
  const user = chain.accounts[opts.miners + 1].address;
  const modelId = "tiny";
  const shardSpec = (index: number) => ({
    index,
    sha256: new Uint8Array(32).fill(index + 1),
    sizeBytes: 1000n,
    inputs: [{ name: "x", type: "float32", shape: [1, 4] }],
    outputs: [{ name: "y", type: "float32", shape: [1, 4] }],
  });
  await send(0, [
    {
      typeUrl: "/nesa.inference.v1.MsgRegisterModel",
      value: {
        owner, modelId, name: "Tiny", version: "1",
        shards: Array.from({ length: opts.shards }, (_, i) => shardSpec(i)),
        ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) },
        price: { denom: "unes", amount: "1000" },
        minReplicas: 1,
        hss: { share: shardSpec(0), combine: { ...shardSpec(0), sha256: new Uint8Array(32).fill(0xcc) } },
      },
    },
  ]);
  const registrations = await Promise.all(
    miners.map(async (operator, i) => {
      // Any valid compressed secp256k1 key will do here: the account's own.
      const [{ pubkey }] = await chain.accounts[i + 1].wallet.getAccounts();
      return { index: i + 1, msgs: [{ typeUrl: "/nesa.stakingext.v1.MsgRegisterMiner", value: { operator, encryptionPubkey: pubkey, models: [modelId], stake: STAKE } }] };
    }),
  );
  await sendAll(registrations);
  let nextId = 1n;
  return {
    chain, rpc, miners, user, modelId, shards: opts.shards, block, send,
    async payForQuery(input, replicas, privacy = 1, commitment = createHash("sha256").update(input).digest()) {
      await send(opts.miners + 1, [
        {
          typeUrl: "/nesa.payforquery.v1.MsgPayForQuery",
          value: {
            sender: user, modelId, inputCommitment: commitment, inputBytes: BigInt(input.length), replicas,
            privacy, maxFee: { denom: "unes", amount: "100000000" }, timeoutBlocks: 1000n,
          },
        },
      ]);
      await block(); // the committee is drawn in EndBlock of the next block
      return String(nextId++);
    },
    async close() {
      for (const c of clients) c.disconnect();
      await rpc.close();
      await chain.cleanup();
    },
  };
}

