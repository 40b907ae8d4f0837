// Verdict receipts on the real Application (ante, signatures, every module): three queries paid in one block time
// out together, so one EndBlock reaches three verdicts (three leaves, non-empty Merkle paths). The app hash the
// application commits is combineAppHash(state digest, root of those leaves); each receipt, served once block
// H + 1 is committed, rebuilds it.
import { combineAppHash, merkleRootOfLeafHashes, verdictReceiptAppHash } from "@nesa/crypto";
import { describe, expect, it } from "vitest";
import { payForQuery, registerMiner, registerModel } from "../../sim/msgs";
import { SimChain } from "../../sim/sim-chain";
import { buildWorld, simAppState } from "../../sim/sim-world";
import { signTx } from "../../sim/tx-builder";
import { type InferenceQuery, QueryQueryRequest, QueryQueryResponse, QueryStatus, QueryVerdictReceiptRequest, QueryVerdictReceiptResponse, type VerdictReceipt } from "./proto";
import { queryVerdictLeafHash } from "./verdict-leaves";

const CHAIN = "nesa-receipts-1";
const Q = "/nesa.inference.v1.Query/";

function setup() {
  const world = buildWorld("receipts", 4, 1, 0);
  const chain = new SimChain({ chainId: CHAIN, validatorSecret: world.validatorSecret, accounts: world.all, balance: 10n ** 12n, appState: simAppState() });
  const [user] = world.users;
  chain.produce([
    signTx(world.owner, [registerModel(world.owner.address, "m", 1, 10n)], CHAIN),
    ...world.miners.map((m) => signTx(m, [registerMiner(m.address, world.encryptionKeyOf.get(m.address)!, ["m"], 2_000_000n)], CHAIN)),
  ]);
  const pay = (n: number) => signTx(user, Array.from({ length: n }, (_, i) => payForQuery({ sender: user.address, modelId: "m", inputBytes: 16n, replicas: 1, maxFee: 10n ** 7n, inputCommitment: new Uint8Array(32).fill(i + 1) })), CHAIN);
  const query = (id: bigint): InferenceQuery => {
    const r = chain.app.query(`${Q}Query`, QueryQueryRequest.encode({ queryId: id }).finish());
    if (r.code !== 0) throw new Error(r.log);
    return QueryQueryResponse.decode(r.value).query!;
  };
  const receipt = (id: bigint) => {
    const r = chain.app.query(`${Q}VerdictReceipt`, QueryVerdictReceiptRequest.encode({ queryId: id }).finish());
    return r.code === 0 ? { receipt: QueryVerdictReceiptResponse.decode(r.value).receipt! } : { code: r.code, codespace: r.codespace, log: r.log };
  };
  return { chain, pay, query, receipt };
}

const appHashOf = (r: VerdictReceipt) =>
  verdictReceiptAppHash({ leaf: { ...r.verdict!, owner: r.owner, modelId: r.modelId, inputCommitment: r.inputCommitment }, ...r });

describe("verdict receipts", () => {
  it("the app hash commits to the block's verdicts, and each receipt rebuilds it once block H + 1 is committed", () => {
    const { chain, pay, query, receipt } = setup();
    chain.produce([pay(3)]);
    const ids = [1n, 2n, 3n];
    expect(ids.map((id) => query(id).status)).toEqual(ids.map(() => QueryStatus.QUERY_STATUS_ASSIGNED));
    // No miner commits: all three reach their (FAILED) verdict in the EndBlock of the same deadline.
    expect(receipt(1n)).toMatchObject({ codespace: "inference", code: 26 });
    while (query(1n).status === QueryStatus.QUERY_STATUS_ASSIGNED) chain.produce([]);
    const h = chain.height();
    expect(ids.map((id) => query(id).verdict?.height)).toEqual([h, h, h]);
    const committed = chain.app.lastCommitted();
    const root = merkleRootOfLeafHashes(ids.map((id) => queryVerdictLeafHash(query(id))));
    expect(committed.appHash).toEqual(combineAppHash(committed.stateDigest, root));
    // Header H + 1 (the one carrying this app hash) does not exist yet: the receipt says to retry.
    expect(receipt(2n)).toMatchObject({ code: 26, log: expect.stringMatching(/served once block \d+ is committed/) });

    chain.produce([]);
    const receipts = ids.map((id) => receipt(id).receipt!);
    expect(receipts.map((r) => [r.leafIndex, r.leafCount])).toEqual([[0n, 3n], [1n, 3n], [2n, 3n]]);
    for (const r of receipts) {
      expect(r.aunts.length).toBeGreaterThan(0);
      expect(r.stateDigest).toEqual(committed.stateDigest);
      expect(appHashOf(r)).toEqual(committed.appHash);
    }
    // A block without verdicts commits to the empty root; its neighbour's receipts are unaffected.
    const next = chain.app.lastCommitted();
    expect(next.appHash).toEqual(combineAppHash(next.stateDigest, merkleRootOfLeafHashes([])));
    expect(appHashOf(receipt(3n).receipt!)).toEqual(committed.appHash);

    const tampered = { ...receipts[1], aunts: [receipts[2].aunts[0], ...receipts[1].aunts.slice(1)] };
    expect(appHashOf({ ...receipts[1], inputCommitment: new Uint8Array(32).fill(9) })).not.toEqual(committed.appHash);
    expect(appHashOf(tampered) ?? new Uint8Array()).not.toEqual(committed.appHash);
  });

  it("refuses an unknown query and one without a verdict", () => {
    const { chain, pay, receipt } = setup();
    chain.produce([pay(1)]);
    expect(receipt(99n)).toMatchObject({ codespace: "inference", code: 8 });
    expect(receipt(1n)).toMatchObject({ code: 26, log: expect.stringMatching(/no verdict yet/) });
  });
});
