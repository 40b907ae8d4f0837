// The generated /nesa/<module>/v1/… routes against the same queries through the RPC.
import { HTTP_ROUTES, inferenceQuery, payforqueryQuery, stakingextQuery } from "@nesa/proto-types";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RpcServer, startRpcServer } from "../rpc/server";
import { startTestChain, type TestChain } from "../testing";
import { snakeKeys } from "./json";
import { type RestServer, startRestServer } from "./server";

let chain: TestChain;
let rpc: RpcServer;
let rest: RestServer;
let comet: Comet38Client;
const silent = pino({ level: "silent" });

beforeAll(async () => {
  chain = await startTestChain({ accounts: 1 });
  rpc = await startRpcServer(chain.node, { port: 0, logger: silent });
  rest = await startRestServer(chain.node, { port: 0, logger: silent });
  comet = await Comet38Client.connect(rpc.url);
  await chain.node.produceBlock();
});
afterAll(async () => {
  comet?.disconnect();
  await rest?.close();
  await rpc?.close();
  await chain?.cleanup();
});

interface Codec {
  decode(b: Uint8Array): unknown;
  toJSON(m: never): unknown;
}

async function viaRpc(path: string, req: Uint8Array, res: Codec) {
  const r = await comet.abciQuery({ path, data: req });
  expect(r.code).toBe(0);
  return snakeKeys(res.toJSON(res.decode(r.value) as never));
}
const get = async (path: string) => {
  const res = await fetch(rest.url + path);
  return { status: res.status, body: await res.json() };
};

describe("nesa module routes from google.api.http", () => {
  it("serves every route declared in the protos, and only those under /nesa", async () => {
    const served = rest.router.list().filter((r) => r.template.startsWith("/nesa/")).map((r) => r.template).sort();
    expect(served).toEqual(HTTP_ROUTES.map((r) => r.path).sort());
    expect(served).toContain("/nesa/inference/v1/models/{model_id}");
    expect(HTTP_ROUTES.length).toBe(17);
  });

  it("answers params of every module as the RPC does", async () => {
    for (const [mod, q] of [["inference", inferenceQuery], ["stakingext", stakingextQuery], ["payforquery", payforqueryQuery]] as const) {
      const want = await viaRpc(`/nesa.${mod}.v1.Query/Params`, q.QueryParamsRequest.encode({}).finish(), q.QueryParamsResponse);
      const got = await get(`/nesa/${mod}/v1/params`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(want);
    }
  });

  it("fills requests from the path and the query string (pagination, bools, enums)", async () => {
    const req = inferenceQuery.QueryModelsRequest.fromPartial({ includeDeprecated: true, pagination: { limit: 5n } });
    const want = await viaRpc("/nesa.inference.v1.Query/Models", inferenceQuery.QueryModelsRequest.encode(req).finish(), inferenceQuery.QueryModelsResponse);
    expect((await get("/nesa/inference/v1/models?include_deprecated=true&pagination.limit=5")).body).toEqual(want);
    const miners = await get("/nesa/stakingext/v1/miners?status=MINER_STATUS_ACTIVE");
    expect(miners.status).toBe(200);
    const missing = await get("/nesa/inference/v1/models/no-such-model");
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.body).toEqual({ code: expect.any(Number), message: expect.stringMatching(/no-such-model|not found/), details: [] });
    const q = await get("/nesa/inference/v1/queries/999");
    expect(q.body.code).toBe(5);
  });
});
