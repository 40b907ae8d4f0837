// The follower against a real nesad RPC: heights arrive over the WebSocket; when the RPC server goes away
// and comes back (the socket drops, cosmjs reconnects without re-subscribing), polling carries on, no
// height is left unhandled, and the follower subscribes again.
import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { startTestChain, type TestChain } from "@nesa/chain/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RpcServer, startRpcServer } from "@nesa/chain";
import { eventually } from "../testing/eventually";
import { ChainFollower, type FollowMode } from "./chain-follower";
import type { FollowedBlock } from "./followed-block";

let chain: TestChain;
let rpc: RpcServer;
let comet: Comet38Client;
let follower: ChainFollower;
const handled: bigint[] = [];
const blocks: FollowedBlock[] = [];
const modes: FollowMode[] = [];
let failNext = false;
const silent = pino({ level: "silent" });

const produce = async () => (await chain.node.produceBlock()).header.height;
const caughtUp = (h: bigint) => eventually(async () => (follower.handledHeight >= h ? true : undefined), `handled height ${h}`);

beforeAll(async () => {
  chain = await startTestChain({ accounts: 2 });
  await produce();
  rpc = await startRpcServer(chain.node, { port: 0, logger: silent });
  comet = await Comet38Client.connect(rpc.url);
  follower = new ChainFollower({
    rpcUrl: rpc.url,
    comet,
    pollIntervalMs: 100,
    wsCheckIntervalMs: 300,
    logger: silent,
    onModeChange: (m) => modes.push(m),
    onBlock: (b) => blocks.push(b),
    onHeight: async (h) => {
      if (failNext) {
        failNext = false;
        throw new Error("simulated Redis outage");
      }
      handled.push(h);
    },
  });
  await follower.start();
});

afterAll(async () => {
  await follower?.stop();
  comet?.disconnect();
  await rpc?.close();
  await chain?.cleanup();
});

describe("ChainFollower", () => {
  it("handles new heights, in increasing order, and switches to the WebSocket once NewBlock arrives", async () => {
    let h = 0n;
    await eventually(async () => {
      h = await produce();
      return follower.followMode === "websocket" ? true : undefined;
    }, "websocket mode");
    await caughtUp(h);
    expect(handled.length).toBeGreaterThan(0);
    expect([...handled].sort((a, b) => (a < b ? -1 : 1))).toEqual(handled);
    expect(new Set(handled).size).toBe(handled.length);
  });

  it("retries a failed pass at the next tick", async () => {
    failNext = true;
    const h = await produce();
    await caughtUp(h);
    expect(handled.at(-1)).toBe(h);
  });

  it("falls back to polling when the RPC restarts, misses no height, and subscribes again", async () => {
    const port = rpc.port;
    await rpc.close();
    const during = await produce();
    rpc = await startRpcServer(chain.node, { port, logger: silent });
    // Status polling catches up even while the dead socket still counts as up.
    await caughtUp(during);
    let h = 0n;
    await eventually(async () => {
      h = await produce();
      // cosmjs reconnects silently without re-subscribing: the follower must notice, poll, and subscribe again.
      return follower.followMode === "websocket" && modes.lastIndexOf("polling") > modes.indexOf("websocket") ? true : undefined;
    }, "websocket again after the restart");
    await caughtUp(h);
    expect(follower.handledHeight).toBe(h);
  });

  it("without onBlock, follows the small NewBlockHeader frames over the socket", async () => {
    const seen: bigint[] = [];
    const light = new ChainFollower({ rpcUrl: rpc.url, comet, pollIntervalMs: 100, wsCheckIntervalMs: 60_000, logger: silent, onHeight: async (h) => void seen.push(h) });
    await light.start();
    try {
      let h = 0n;
      await eventually(async () => {
        h = await produce();
        return light.followMode === "websocket" ? true : undefined;
      }, "websocket mode without onBlock");
      await eventually(async () => (light.handledHeight >= h ? true : undefined), `light follower at ${h}`);
      expect(seen.at(-1)).toBe(h);
    } finally {
      await light.stop();
    }
  });

  it("hands on every block after the start once and in order, across the restart, with each tx's hash and result", async () => {
    const [a, b] = chain.accounts;
    const client = await SigningStargateClient.connectWithSigner(rpc.url, a.wallet, { gasPrice: GasPrice.fromString("0.025unes") });
    const hashes: string[] = [];
    // One tx that succeeds and one that fails in DeliverTx (more than the balance): both must be handed on.
    for (const amount of ["7", "999999999999999999"]) {
      const [acct] = await a.wallet.getAccounts();
      const signed = await client.sign(acct.address, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: acct.address, toAddress: b.address, amount: [{ denom: "unes", amount }] } }], { amount: [{ denom: "unes", amount: "5000" }], gas: "200000" }, "");
      const res = await comet.broadcastTxSync({ tx: TxRaw.encode(signed).finish() });
      expect(res.code).toBe(0);
      hashes.push(Buffer.from(res.hash).toString("hex").toUpperCase());
      await produce();
    }
    const h = await produce();
    await eventually(async () => (blocks.at(-1)?.height === h ? true : undefined), `block ${h} handed on`);
    client.disconnect();
    const heights = blocks.map((x) => x.height);
    expect(heights).toEqual(heights.map((_, i) => heights[0] + BigInt(i))); // consecutive: none missed, none twice
    const txs = blocks.flatMap((x) => x.txs);
    const ok = txs.find((t) => t.hash === hashes[0]);
    const failed = txs.find((t) => t.hash === hashes[1]);
    expect(ok?.code).toBe(0);
    expect(ok?.events.some((e) => e.type === "transfer")).toBe(true);
    expect(failed?.code).toBeGreaterThan(0);
    expect(failed?.codespace).toBe("sdk");
  });
});
