// Every ante rejection: the right {codespace, code}, a log that says what is wrong, and no state
// change, both at CheckTx and when the tx is forced into a block (DeliverTx).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { makeSignedTx, msgSend, queryAccount, stateSnapshot, startTestChain, type TestChain } from "../testing";

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ accounts: 3 });
});
afterAll(async () => {
  await chain.cleanup();
});

async function send(overrides: Partial<Parameters<typeof makeSignedTx>[0]> = {}) {
  const [a, b] = chain.accounts;
  return makeSignedTx({
    wallet: a.wallet,
    msgs: [msgSend(a.address, b.address, 10)],
    sequence: 0,
    accountNumber: 0,
    chainId: chain.node.chainId,
    ...overrides,
  });
}

async function expectRejected(tx: Uint8Array, code: number, logPart: string) {
  const before = stateSnapshot(chain.node);
  const check = await chain.node.checkTx(tx);
  expect({ code: check.code, codespace: check.codespace }).toEqual({ code, codespace: "sdk" });
  expect(check.log).toContain(logPart);
  expect(check.hash).toHaveLength(32);
  expect(chain.node.mempoolSize()).toBe(0);
  const block = await chain.node.produceBlock({ txs: [tx] });
  expect(block.txResults[0].code).toBe(code);
  expect(block.txResults[0].log).toContain(logPart);
  expect(stateSnapshot(chain.node)).toEqual(before);
}

describe("ante handler rejections", () => {
  it("wrong sequence → sdk/32", async () => {
    await expectRejected(await send({ sequence: 5 }), 32, "account sequence mismatch, expected 0, got 5");
  });

  it("bad signature → sdk/4", async () => {
    const raw = TxRaw.decode(await send());
    raw.signatures[0][10] ^= 0xff;
    await expectRejected(TxRaw.encode(raw).finish(), 4, "signature verification failed");
  });

  it("signed for another chain id → sdk/4 naming the expected chain id", async () => {
    await expectRejected(await send({ chainId: "other-chain-7" }), 4, `chain-id (${chain.node.chainId})`);
  });

  it("wrong account number → sdk/4", async () => {
    await expectRejected(await send({ accountNumber: 2 }), 4, "account number (0)");
  });

  it("fee larger than the balance → sdk/5", async () => {
    const fee = { amount: [{ denom: "unes", amount: "9000000000000000" }], gas: "200000" };
    await expectRejected(await send({ fee }), 5, "insufficient funds");
  });

  it("fee below gas × min gas price → sdk/13", async () => {
    const fee = { amount: [{ denom: "unes", amount: "4999" }], gas: "200000" };
    await expectRejected(await send({ fee }), 13, "required: 5000unes");
  });

  it("oversize tx → sdk/21 before decoding", async () => {
    await expectRejected(new Uint8Array(1_048_577).fill(7), 21, "limit is 1048576 bytes");
  });

  it("random bytes → sdk/2", async () => {
    await expectRejected(Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff), 2, "cannot decode");
  });

  it("signer that never received funds → sdk/9", async () => {
    const stranger = await DirectSecp256k1HdWallet.generate(12, { prefix: "nesa" });
    const [s] = await stranger.getAccounts();
    const tx = await makeSignedTx({ wallet: stranger, msgs: [msgSend(s.address, chain.accounts[0].address, 1)], sequence: 0, accountNumber: 9, chainId: chain.node.chainId });
    await expectRejected(tx, 9, "does not exist");
  });

  it("a msg signed by someone else's key → sdk/8", async () => {
    const [a, b, c] = chain.accounts;
    const tx = await makeSignedTx({ wallet: b.wallet, msgs: [msgSend(a.address, c.address, 1)], sequence: 0, accountNumber: 0, chainId: chain.node.chainId });
    await expectRejected(tx, 8, `does not belong to signer ${a.address}`);
  });

  it("a valid tx still passes afterwards: no rejection bumped the sequence", async () => {
    const check = await chain.node.checkTx(await send());
    expect(check.code).toBe(0);
    await chain.node.produceBlock();
    expect((await queryAccount(chain.node, chain.accounts[0].address))?.sequence).toBe(1n);
  });
});
