// Against a real HTTP server that answers as the dispatcher does (same routes and error bodies).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientErrorCode } from "../errors/nesa-error";
import { combineDataPlanes } from "./data-plane";
import { createHttpDataPlane } from "./http-data-plane";

describe("createHttpDataPlane", () => {
  const received: { url: string; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ url: `${req.method} ${req.url}`, body: Buffer.concat(chunks) });
      if (req.url === "/v1/inputs/9") return res.writeHead(201).end("{}");
      if (req.url === `/v1/inputs/sha256/${"ab".repeat(32)}`) return res.writeHead(201).end("{}");
      if (req.url?.startsWith("/v1/inputs/sha256/")) return res.writeHead(422, { "content-type": "application/json" }).end(JSON.stringify({ error: "sha256 of the body is cd, not ef" }));
      if (req.url === "/v1/inputs/10") return res.writeHead(422, { "content-type": "application/json" }).end(JSON.stringify({ error: "sha256 of the body is aa but query 10 committed to bb" }));
      res.writeHead(404).end(JSON.stringify({ error: "not found: PUT /v1/inputs/<queryId>, GET /metrics, GET /healthz" }));
    });
  });
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("PUTs the exact bytes to /v1/inputs/<id>", async () => {
    await createHttpDataPlane(url).putInput(9n, new Uint8Array([1, 2, 3]));
    expect(received.at(-1)).toEqual({ url: "PUT /v1/inputs/9", body: Buffer.from([1, 2, 3]) });
  });

  it("PUTs an input by digest before paying, and combineDataPlanes forwards it", async () => {
    const plane = combineDataPlanes(createHttpDataPlane(url), []);
    await plane.putInputByDigest?.("ab".repeat(32), new Uint8Array([4, 5]));
    expect(received.at(-1)).toEqual({ url: `PUT /v1/inputs/sha256/${"ab".repeat(32)}`, body: Buffer.from([4, 5]) });
    const err = await plane.putInputByDigest?.("ef".repeat(32), new Uint8Array([1])).catch((e) => e);
    expect(err.code).toBe(ClientErrorCode.InputRejected);
    expect(err.details).toContain("not ef");
    const bad = await plane.putInputByDigest?.("AB".repeat(32), new Uint8Array([1])).catch((e) => e);
    expect(bad.code).toBe(ClientErrorCode.InvalidArgument);
  });

  it("turns a refusal into InputRejected carrying the dispatcher's reason", async () => {
    const err = await createHttpDataPlane(url).putInput(10n, new Uint8Array([1])).catch((e) => e);
    expect(err.code).toBe(ClientErrorCode.InputRejected);
    expect(err.details).toContain("committed to bb");
  });

  it("reads a dispatcher without a results route as 'not here', so the next source is tried", async () => {
    const digest = "ab".repeat(32);
    const plane = combineDataPlanes(createHttpDataPlane(url), [{ name: "other", getTensor: async (d) => (d === digest ? new Uint8Array([7]) : undefined) }]);
    expect(await createHttpDataPlane(url).getTensor(digest)).toBeUndefined();
    expect(await plane.getTensor(digest)).toEqual(new Uint8Array([7]));
  });

  it("says where the dispatcher should be when it cannot be reached", async () => {
    const err = await createHttpDataPlane("http://127.0.0.1:9").putInput(1n, new Uint8Array([1])).catch((e) => e);
    expect(err.shortMessage).toContain("cannot reach the dispatcher");
  });
});
