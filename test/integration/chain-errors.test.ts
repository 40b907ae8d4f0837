// Rejections as cosmjs users see them: BroadcastTxError with the SDK's code, codespace and a log
// that says what is wrong, and no state change. Real node (LevelDB, secp256k1) over HTTP.
import { BroadcastTxError, type SigningStargateClient, StargateClient, type StdFee } from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { type RpcServer, startRpcServer } from "../../packages/chain/src/rpc";
import { balanceOf, DENOM, signerFor, walletOf } from "./helpers/cosmjs";
import { CHAIN_ID, type Home, type InProcessNode, makeHome, startInProcess, waitForHeight } from "./helpers/localnet";

let home: Home;
let net: InProcessNode;
let alice: { client: SigningStargateClient; address: string };
let bobAddress: string;
const fee: StdFee = { amount: [{ denom: DENOM, amount: "5000" }], gas: "200000" };
const send = (from: string, to: string, amount: string) => ({
  typeUrl: "/cosmos.bank.v1beta1.MsgSend",
  value: { fromAddress: from, toAddress: to, amount: [{ denom: DENOM, amount }] },
});

interface Snapshot {
  alice: bigint;
  bob: bigint;
  sequence: number;
}
async function snapshot(): Promise<Snapshot> {
  return {
    alice: await balanceOf(alice.client, alice.address),
    bob: await balanceOf(alice.client, bobAddress),
    sequence: (await alice.client.getSequence(alice.address)).sequence,
  };
}

/** Broadcasts raw bytes the way cosmjs does and returns the BroadcastTxError it throws. */
async function rejection(client: StargateClient, tx: Uint8Array): Promise<BroadcastTxError> {
  const err = await client.broadcastTxSync(tx).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BroadcastTxError);
  return err as BroadcastTxError;
}

async function signed(overrides: { sequence?: number; chainId?: string; amount?: string }): Promise<Uint8Array> {
  const { accountNumber, sequence } = await alice.client.getSequence(alice.address);
  const raw = await alice.client.sign(alice.address, [send(alice.address, bobAddress, overrides.amount ?? "10")], fee, "", {
    accountNumber,
    sequence: overrides.sequence ?? sequence,
    chainId: overrides.chainId ?? CHAIN_ID,
  });
  return TxRaw.encode(raw).finish();
}

beforeAll(async () => {
  home = await makeHome(3);
  net = await startInProcess(home.home);
  await waitForHeight(net.url, 0);
  alice = await signerFor(net.url, home.accounts[1].mnemonic);
  bobAddress = home.accounts[2].address;
});

afterAll(async () => {
  alice?.client.disconnect();
  await net?.close();
  home?.remove();
});

describe("rejected txs through cosmjs", () => {
  it("wrong sequence → code 32 with the expected sequence in the log, nothing changes", async () => {
    const before = await snapshot();
    const err = await rejection(alice.client, await signed({ sequence: 99 }));
    expect(err.code).toBe(32);
    expect(err.codespace).toBe("sdk");
    expect(err.log).toMatch(/sequence/i);
    expect(err.log).toMatch(/expected 0, got 99/);
    await waitForHeight(net.url, (await alice.client.getHeight()) + 1);
    expect(await snapshot()).toEqual(before);
  });

  it("bad signature → code 4", async () => {
    const before = await snapshot();
    const raw = TxRaw.decode(await signed({}));
    raw.signatures[0][5] ^= 0xff;
    const err = await rejection(alice.client, TxRaw.encode(raw).finish());
    expect(err.code).toBe(4);
    expect(err.codespace).toBe("sdk");
    expect(err.log).toMatch(/signature verification failed/);
    expect(await snapshot()).toEqual(before);
  });

  it("signed for another chain id → code 4 and a log naming the chain id", async () => {
    const before = await snapshot();
    const err = await rejection(alice.client, await signed({ chainId: "other-chain-7" }));
    expect(err.code).toBe(4);
    expect(err.log).toContain(CHAIN_ID);
    expect(await snapshot()).toEqual(before);
  });

  it("fee larger than the balance → code 5 (insufficient funds) at CheckTx", async () => {
    // A fresh account holding 1,000 unes cannot pay a 5,000 unes fee.
    const poorWallet = await walletOf("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");
    const [{ address: poor }] = await poorWallet.getAccounts();
    const funded = await alice.client.sendTokens(alice.address, poor, [{ denom: DENOM, amount: "1000" }], fee);
    expect(funded.code).toBe(0);
    const poorClient = await signerFor(net.url, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");
    const err = await poorClient.client.signAndBroadcast(poor, [send(poor, bobAddress, "1")], fee).then(
      () => undefined,
      (e: unknown) => e as BroadcastTxError,
    );
    expect(err).toBeInstanceOf(BroadcastTxError);
    expect(err?.code).toBe(5);
    expect(err?.log).toMatch(/insufficient funds/);
    expect(await balanceOf(alice.client, poor)).toBe(1000n);
    poorClient.client.disconnect();
  });

  it("sending more than the balance → code 5, the fee is still paid", async () => {
    const before = await snapshot();
    const tooMuch = (before.alice * 2n).toString();
    const outcome = await alice.client.signAndBroadcast(alice.address, [send(alice.address, bobAddress, tooMuch)], fee).then(
      (r) => ({ code: r.code, log: r.rawLog ?? "", paid: true }),
      (e: BroadcastTxError) => ({ code: e.code, log: e.log ?? "", paid: false }),
    );
    expect(outcome.code).toBe(5);
    expect(outcome.log).toMatch(/insufficient funds/);
    const after = await snapshot();
    expect(after.bob).toBe(before.bob);
    // Rejected at CheckTx: nothing changes. Failed in the block: fee paid and sequence bumped (SDK rule).
    expect(after.alice).toBe(outcome.paid ? before.alice - 5000n : before.alice);
  });

  it("random bytes → code 2 (tx parse error) with a clear log", async () => {
    const before = await snapshot();
    const err = await rejection(alice.client, new Uint8Array(Buffer.from("this is not a cosmos transaction")));
    expect(err.code).toBe(2);
    expect(err.log?.length).toBeGreaterThan(10);
    expect(await snapshot()).toEqual(before);
  });

  it("an oversize tx is refused by the RPC body limit with a message naming the limit", async () => {
    const before = await snapshot();
    const huge = new Uint8Array(1_200_000).fill(7);
    await expect(alice.client.broadcastTxSync(huge)).rejects.toThrow(/request body too large: more than 1000000 bytes/);
    expect(await snapshot()).toEqual(before);
  });

  it("a tx over the chain's max_tx_bytes is refused by the chain when the RPC allows the body", async () => {
    const bigRpc: RpcServer = await startRpcServer(net.node, { port: 0, maxBodyBytes: 4_000_000, logger: pino({ level: "silent" }) });
    const client = await StargateClient.connect(bigRpc.url);
    try {
      const err = await rejection(client, new Uint8Array(1_100_000).fill(7));
      expect(err.code).toBe(21);
      expect(err.log).toMatch(/limit is 1048576 bytes/);
    } finally {
      client.disconnect();
      await bigRpc.close();
    }
  });

  it("after all the rejections a valid tx still goes through with the next sequence", async () => {
    const before = await snapshot();
    const r = await alice.client.signAndBroadcast(alice.address, [send(alice.address, bobAddress, "10")], fee);
    expect(r.code).toBe(0);
    const after = await snapshot();
    expect(after.sequence).toBe(before.sequence + 1);
    expect(after.bob).toBe(before.bob + 10n);
  });
});
