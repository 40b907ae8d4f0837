// Stock @cosmjs/stargate against a real nesad node (createNode on a temp home, real LevelDB,
// real secp256k1) over real HTTP: fee "auto" (Simulate), getTx, searchTx, balances, supply,
// and WebSocket subscriptions with Comet38Client.
import { QueryClient, setupBankExtension, StargateClient, type SigningStargateClient } from "@cosmjs/stargate";
import { toBech32 } from "@cosmjs/encoding";
import { Comet38Client, WebsocketClient } from "@cosmjs/tendermint-rpc";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceOf, DENOM, signerFor } from "./helpers/cosmjs";
import { type Home, type InProcessNode, makeHome, startInProcess, waitForHeight } from "./helpers/localnet";

let home: Home;
let net: InProcessNode;
let alice: { client: SigningStargateClient; address: string };
let bobAddress: string;
let supplyAtStart: bigint;
const supplies = new Map<number, bigint>();
let comet: Comet38Client;
let bank: ReturnType<typeof setupBankExtension>["bank"];

async function sampleSupply(): Promise<void> {
  const status = await comet.status();
  supplies.set(status.syncInfo.latestBlockHeight, BigInt((await bank.supplyOf(DENOM)).amount));
}

beforeAll(async () => {
  home = await makeHome(4);
  net = await startInProcess(home.home);
  await waitForHeight(net.url, 0);
  alice = await signerFor(net.url, home.accounts[1].mnemonic);
  bobAddress = home.accounts[2].address;
  comet = await Comet38Client.connect(net.url);
  bank = setupBankExtension(QueryClient.withExtensions(comet)).bank;
  supplyAtStart = BigInt((await bank.supplyOf(DENOM)).amount);
});

afterAll(async () => {
  alice?.client.disconnect();
  comet?.disconnect();
  await net?.close();
  home?.remove();
});

describe("cosmjs against nesad", () => {
  it("reports the chain id, a height and the genesis balances", async () => {
    const client = await StargateClient.connect(net.url);
    expect(await client.getChainId()).toBe("nesa-localnet-1");
    expect(await client.getHeight()).toBeGreaterThan(0);
    const all = await client.getAllBalances(alice.address);
    expect(all).toEqual([{ denom: DENOM, amount: expect.stringMatching(/^[1-9]\d*$/) }]);
    const account = await client.getAccount(alice.address);
    expect(account?.accountNumber).toBe(1n);
    expect(account?.sequence).toBe(0);
    // An address that never received funds does not exist (cosmjs gets null, not an error).
    expect(await client.getAccount(toBech32("nesa", new Uint8Array(20).fill(3)))).toBeNull();
    client.disconnect();
  });

  it("serves every block-level method in shapes Comet38Client decodes", async () => {
    const height = (await comet.status()).syncInfo.latestBlockHeight;
    const genesis = await comet.genesis();
    expect(genesis.chainId).toBe("nesa-localnet-1");
    expect(genesis.validators.length).toBe(1);
    const block = await comet.block(height);
    expect(block.block.header.height).toBe(height);
    expect(Buffer.from(block.block.header.proposerAddress).toString("hex")).toBe(Buffer.from(genesis.validators[0].address).toString("hex"));
    const results = await comet.blockResults(height);
    expect(results.height).toBe(height);
    const chain = await comet.blockchain(1, height);
    expect(chain.blockMetas[0].header.height).toBe(height);
    expect(chain.blockMetas.at(-1)!.header.height).toBe(Math.max(1, height - 19));
    const commit = await comet.commit(height);
    expect(commit.header.appHash).toEqual(block.block.header.appHash);
    const validators = await comet.validators({});
    expect(validators.validators[0].votingPower).toBeGreaterThan(0n);
    const info = await comet.abciInfo();
    expect(info.lastBlockHeight).toBeGreaterThanOrEqual(height);
  });

  it("sends tokens with fee 'auto' and moves exactly amount + fee", async () => {
    const aliceBefore = await balanceOf(alice.client, alice.address);
    const bobBefore = await balanceOf(alice.client, bobAddress);
    await sampleSupply();
    const result = await alice.client.sendTokens(alice.address, bobAddress, [{ denom: DENOM, amount: "123456" }], "auto", "first");
    expect(result.code).toBe(0);
    expect(result.gasUsed).toBeGreaterThan(0n);
    expect(result.gasWanted).toBeGreaterThanOrEqual(result.gasUsed);
    const tx = await alice.client.getTx(result.transactionHash);
    expect(tx?.height).toBe(result.height);
    const feeEvent = tx!.events.find((e) => e.type === "tx" && e.attributes.some((a) => a.key === "fee"));
    const fee = BigInt(feeEvent!.attributes.find((a) => a.key === "fee")!.value.replace(DENOM, ""));
    // fee "auto" = ceil(0.025 × ceil(gasUsed(simulated) × 1.4)) ≥ min gas price × gas limit.
    expect(fee * 40n).toBeGreaterThanOrEqual(result.gasWanted);
    expect(await balanceOf(alice.client, bobAddress)).toBe(bobBefore + 123456n);
    expect(await balanceOf(alice.client, alice.address)).toBe(aliceBefore - 123456n - fee);
    expect((await alice.client.getAccount(alice.address))?.sequence).toBe(1);
  });

  it("finds the txs by hash and by sender, including transfer events", async () => {
    const earlier = await alice.client.searchTx(`message.sender='${alice.address}'`);
    const second = await alice.client.sendTokens(alice.address, bobAddress, [{ denom: DENOM, amount: "7" }], "auto");
    const found = await alice.client.searchTx(`message.sender='${alice.address}'`);
    expect(found.map((t) => t.hash)).toEqual([...earlier.map((t) => t.hash), second.transactionHash]);
    // Paging on the real index: one per page, ascending by (height, index), and descending.
    const query = `message.sender='${alice.address}'`;
    const page2 = await comet.txSearch({ query, per_page: 1, page: 2 });
    expect(page2.totalCount).toBe(found.length);
    expect(page2.txs.map((t) => Buffer.from(t.hash).toString("hex").toUpperCase())).toEqual([found[1].hash]);
    const newest = await comet.txSearch({ query, per_page: 1, page: 1, order_by: "desc" });
    expect(Buffer.from(newest.txs[0].hash).toString("hex").toUpperCase()).toBe(second.transactionHash);
    const bySearch = await alice.client.searchTx([{ key: "transfer.recipient", value: bobAddress }]);
    expect(bySearch.length).toBeGreaterThanOrEqual(2);
    const tx = await alice.client.getTx(second.transactionHash.toLowerCase());
    expect(tx?.hash).toBe(second.transactionHash);
    // The first transfer pays the fee collector; the msg's transfer goes to bob.
    const transfer = tx!.events.find((e) => e.type === "transfer" && e.attributes.some((a) => a.value === bobAddress));
    expect(transfer?.attributes).toEqual(expect.arrayContaining([{ key: "amount", value: `7${DENOM}` }]));
    expect(await alice.client.getTx("AB".repeat(32))).toBeNull();
    await sampleSupply();
  });

  it("waits for the block in broadcast_tx_commit and returns the DeliverTx result", async () => {
    const fee = { amount: [{ denom: DENOM, amount: "5000" }], gas: "200000" };
    const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: alice.address, toAddress: bobAddress, amount: [{ denom: DENOM, amount: "3" }] } };
    const raw = await alice.client.sign(alice.address, [msg], fee, "");
    const r = await comet.broadcastTxCommit({ tx: TxRaw.encode(raw).finish() });
    expect(r.checkTx.code).toBe(0);
    expect(r.txResult?.code).toBe(0);
    expect(r.height).toBeGreaterThan(0);
    const tx = await alice.client.getTx(Buffer.from(r.hash).toString("hex").toUpperCase());
    expect(tx?.height).toBe(r.height);
  });

  it("pushes NewBlock and Tx events over the WebSocket", async () => {
    const ws = Comet38Client.create(new WebsocketClient(net.url.replace("http", "ws")));
    const heights: number[] = [];
    const txHashes: string[] = [];
    const subs = [
      ws.subscribeNewBlock().subscribe({ next: (b) => heights.push(b.header.height) }),
      ws.subscribeTx(`message.sender='${alice.address}'`).subscribe({
        next: (t) => txHashes.push(Buffer.from(t.hash).toString("hex").toUpperCase()),
      }),
    ];
    await ws.status(); // the socket is open and the subscriptions were sent before this call
    const sent = await alice.client.sendTokens(alice.address, bobAddress, [{ denom: DENOM, amount: "1" }], "auto");
    await waitForHeight(net.url, sent.height + 1);
    for (const s of subs) s.unsubscribe();
    ws.disconnect();
    expect(txHashes).toEqual([sent.transactionHash]);
    expect(heights).toContain(sent.height);
    for (let i = 1; i < heights.length; i++) expect(heights[i]).toBe(heights[i - 1] + 1);
  });

  it("keeps the total supply unchanged after every block", async () => {
    const ws = Comet38Client.create(new WebsocketClient(net.url.replace("http", "ws")));
    const pending: Promise<void>[] = [];
    const sub = ws.subscribeNewBlock().subscribe({
      next: (b) => {
        pending.push(bank.supplyOf(DENOM).then((c) => void supplies.set(b.header.height, BigInt(c.amount))));
      },
    });
    await ws.status();
    for (let i = 0; i < 3; i++) {
      await alice.client.sendTokens(alice.address, bobAddress, [{ denom: DENOM, amount: "5" }], "auto");
    }
    sub.unsubscribe();
    ws.disconnect();
    await Promise.all(pending);
    expect(supplies.size).toBeGreaterThanOrEqual(3);
    for (const [height, supply] of supplies) expect({ height, supply }).toEqual({ height, supply: supplyAtStart });
    // createNode ran with checkInvariants: every module invariant held after every block.
    expect(net.node.runInvariants()).toEqual([]);
  });
});
