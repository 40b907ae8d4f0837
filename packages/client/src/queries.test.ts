import { QueryClient } from "@cosmjs/stargate";
import {
  inferenceQuery,
  inferenceState,
  payforqueryQuery,
  payforqueryState,
  stakingextQuery,
  stakingextState,
} from "@nesa/proto-types";
import { describe, expect, it } from "vitest";
import { setupInferenceExtension, setupPayforqueryExtension, setupStakingextExtension } from "./index";

// Unit tests of the query glue: the CometBFT client is faked (the real RPC is tested by the
// chain's integration tests); QueryClient, createProtobufRpcClient and the codecs are real.

interface Recorded {
  path: string;
  data: Uint8Array;
}

function fakeNode(answer: (path: string, data: Uint8Array) => Uint8Array | { code: number; log: string }) {
  const calls: Recorded[] = [];
  const comet = {
    abciQuery: async ({ path, data }: { path: string; data: Uint8Array }) => {
      calls.push({ path, data });
      const result = answer(path, data);
      if (result instanceof Uint8Array) return { code: 0, value: result, height: 10, key: new Uint8Array(), log: "" };
      return { code: result.code, value: new Uint8Array(), height: 10, key: new Uint8Array(), log: result.log };
    },
  };
  const client = QueryClient.withExtensions(
    comet as unknown as ConstructorParameters<typeof QueryClient>[0],
    setupInferenceExtension,
    setupStakingextExtension,
    setupPayforqueryExtension,
  );
  return { client, calls };
}

describe("query extensions", () => {
  it("sends inference.verdict to /nesa.inference.v1.Query/Verdict with a uint64 id above 2^53", async () => {
    const id = 2n ** 53n + 1n;
    const { client, calls } = fakeNode((_path, data) => {
      const req = inferenceQuery.QueryVerdictRequest.decode(data);
      return inferenceQuery.QueryVerdictResponse.encode({
        verdict: inferenceState.Verdict.fromPartial({
          queryId: req.queryId,
          status: inferenceState.QueryStatus.QUERY_STATUS_FINALIZED,
          resultReplica: 2,
        }),
      }).finish();
    });
    const verdict = await client.inference.verdict(id);
    expect(calls[0].path).toBe("/nesa.inference.v1.Query/Verdict");
    expect(verdict.queryId).toBe(id);
    expect(verdict.status).toBe(inferenceState.QueryStatus.QUERY_STATUS_FINALIZED);
    expect(verdict.resultReplica).toBe(2);
  });

  it("passes list filters and the pagination key through", async () => {
    const key = new Uint8Array([1, 2, 3]);
    const { client, calls } = fakeNode(() =>
      stakingextQuery.QueryMinersResponse.encode({
        miners: [stakingextState.Miner.fromPartial({ operator: "nesa1m", models: ["lande"] })],
        pagination: { nextKey: new Uint8Array([9]), total: 1n },
      }).finish(),
    );
    const res = await client.stakingext.miners(
      { modelId: "lande", status: stakingextState.MinerStatus.MINER_STATUS_ACTIVE },
      key,
    );
    expect(calls[0].path).toBe("/nesa.stakingext.v1.Query/Miners");
    const req = stakingextQuery.QueryMinersRequest.decode(calls[0].data);
    expect(req.modelId).toBe("lande");
    expect(req.status).toBe(stakingextState.MinerStatus.MINER_STATUS_ACTIVE);
    expect(req.pagination?.key).toEqual(key);
    expect(res.miners[0].operator).toBe("nesa1m");
    expect(res.pagination?.nextKey).toEqual(new Uint8Array([9]));
  });

  it("asks for the latest beacon with height 0 and accepts decimal-string ids", async () => {
    const { client, calls } = fakeNode((path) =>
      path.endsWith("/Beacon")
        ? inferenceQuery.QueryBeaconResponse.encode({ beacon: inferenceState.Beacon.fromPartial({ height: 9n }) }).finish()
        : payforqueryQuery.QueryEscrowResponse.encode({
            escrow: payforqueryState.Escrow.fromPartial({ queryId: 18446744073709551615n }),
          }).finish(),
    );
    expect((await client.inference.beacon()).height).toBe(9n);
    expect(inferenceQuery.QueryBeaconRequest.decode(calls[0].data).height).toBe(0n);
    const escrow = await client.payforquery.escrow("18446744073709551615");
    expect(calls[1].path).toBe("/nesa.payforquery.v1.Query/Escrow");
    expect(payforqueryQuery.QueryEscrowRequest.decode(calls[1].data).queryId).toBe(18446744073709551615n);
    expect(escrow.queryId).toBe(18446744073709551615n);
  });

  it("rejects bad ids and replicas by name before calling the node", async () => {
    const { client, calls } = fakeNode(() => new Uint8Array());
    await expect(client.inference.query(-1)).rejects.toThrow(/queryId/);
    await expect(client.inference.query(1.5)).rejects.toThrow(/queryId/);
    await expect(client.payforquery.escrow(2n ** 64n)).rejects.toThrow(/queryId must fit in uint64/);
    await expect(client.payforquery.estimateFee("ocr-rec", 10, 0)).rejects.toThrow(/replicas/);
    expect(calls).toHaveLength(0);
  });

  it("throws when the chain answers without the object, and surfaces abci errors", async () => {
    const { client } = fakeNode((path) =>
      path.endsWith("/Model") ? new Uint8Array() : { code: 5, log: "model lande: not found" },
    );
    await expect(client.inference.model("lande")).rejects.toThrow(/inference.model\(lande\)/);
    await expect(client.inference.params()).rejects.toThrow(/not found/);
  });
});
