import { expect, it } from "vitest";
import { registerModel } from "../../sim/msgs";
import { address, encryptionKey, protocolHarness } from "../../sim/protocol-harness";
import { MsgRegisterModel, QueryQueriesRequest, QueryQueriesResponse, QueryStatus } from "./proto";

const MINERS = Array.from({ length: 4 }, (_, i) => address(120 + i));
const USER = address(130);

it("lists queries by status, payer and seat holder with pagination", () => {
  const h = protocolHarness();
  for (const a of [USER, ...MINERS]) h.env.bank.mint(a, 100_000_000n);
  h.block((run) => {
    run("/nesa.inference.v1.MsgRegisterModel", MsgRegisterModel.decode(registerModel(address(131), "m", 1, 10n).value));
    MINERS.forEach((op, i) => {
      run("/nesa.stakingext.v1.MsgRegisterMiner", { operator: op, encryptionPubkey: encryptionKey(i), models: ["m"], capacity: undefined, stake: { denom: "unes", amount: "2000000" } });
    });
  });
  const pay = (sender: string) => ({ sender, modelId: "m", inputCommitment: new Uint8Array(32).fill(1), inputBytes: 10n, replicas: 2, privacy: 1, maxFee: { denom: "unes", amount: "100000" }, timeoutBlocks: 0n });
  h.block((run) => {
    for (let i = 0; i < 3; i++) run("/nesa.payforquery.v1.MsgPayForQuery", pay(USER));
  });
  h.block();
  const call = (req: Partial<QueryQueriesRequest>) =>
    QueryQueriesResponse.decode(
      h.modules.find((m) => m.name === "inference")!.queryHandlers["/nesa.inference.v1.Query/Queries"](h.env.ctx(), QueryQueriesRequest.encode(QueryQueriesRequest.fromPartial(req)).finish()),
    );
  expect(call({ status: QueryStatus.QUERY_STATUS_ASSIGNED }).queries.map((q) => q.id)).toEqual([1n, 2n, 3n]);
  expect(call({ status: QueryStatus.QUERY_STATUS_PAID }).queries).toEqual([]);
  const seated = MINERS.find((m) => h.inference.query(h.env.ctx(), 2n)!.seats.some((s) => s.miner === m))!;
  const mine = call({ miner: seated, status: QueryStatus.QUERY_STATUS_ASSIGNED }).queries;
  expect(mine.map((q) => q.id)).toContain(2n);
  for (const q of mine) expect(q.seats.some((s) => s.miner === seated)).toBe(true);
  expect(call({ miner: seated }).queries.map((q) => q.id)).toEqual(mine.map((q) => q.id));
  const page = call({ owner: USER, pagination: { key: new Uint8Array(), offset: 0n, limit: 2n, countTotal: true, reverse: false } });
  expect(page.queries.map((q) => q.id)).toEqual([1n, 2n]);
  expect(page.pagination?.total).toBe(3n);
  expect(call({ owner: USER, pagination: { key: page.pagination!.nextKey, offset: 0n, limit: 2n, countTotal: false, reverse: false } }).queries.map((q) => q.id)).toEqual([3n]);
  // the committee's candidates come back with the full query
  expect(page.queries[0].candidates).toHaveLength(4);
});
