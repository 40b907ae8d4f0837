// The x/inference, x/staking-ext and x/payforquery queries over REST, one route per
// `google.api.http` option in proto/nesa (HTTP_ROUTES is generated from the descriptors by
// `pnpm proto:gen`): path and query-string params fill the request message, the answer is the
// module's ABCI query at /<service>/<method>.
import { HTTP_ROUTES, type HttpRoute, inferenceQuery, payforqueryQuery, stakingextQuery } from "@nesa/proto-types";
import { badRequest } from "./errors";
import { snakeKeys } from "./json";
import { abciRaw } from "./query";
import type { RestRequest, RestRouter } from "./router";

interface JsonMessage {
  fromJSON(object: unknown): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  toJSON(message: unknown): unknown;
}

const MODULES = [inferenceQuery, stakingextQuery, payforqueryQuery] as unknown as (Record<string, unknown> & { protobufPackage: string })[];

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function codecOf(route: HttpRoute, name: string): JsonMessage {
  const pkg = route.service.slice(0, route.service.lastIndexOf("."));
  const mod = MODULES.find((m) => m.protobufPackage === pkg);
  const codec = mod?.[name] as Partial<JsonMessage> | undefined;
  if (!codec?.fromJSON || !codec.encode || !codec.decode || !codec.toJSON) {
    throw new Error(`REST route ${route.path}: no generated message ${pkg}.${name} (run pnpm proto:gen)`);
  }
  return codec as JsonMessage;
}

/** `a.b_c=v` query params and `{x}` path params → the request's proto3 JSON (ts-proto's camelCase). */
export function requestJson(req: RestRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (dotted: string, raw: string) => {
    const keys = dotted.split(".").map(camel);
    let node = out;
    for (const k of keys.slice(0, -1)) {
      if (typeof node[k] !== "object" || node[k] === null) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    // ts-proto reads bools with Boolean(x): "false" must arrive as false.
    node[keys[keys.length - 1]] = raw === "true" ? true : raw === "false" ? false : raw;
  };
  for (const [k, v] of req.query) set(k, v);
  for (const [k, v] of Object.entries(req.path)) set(k, v);
  return out;
}

export function addNesaRoutes(r: RestRouter, routes: readonly HttpRoute[] = HTTP_ROUTES): void {
  for (const route of routes) {
    const reqCodec = codecOf(route, route.request);
    const resCodec = codecOf(route, route.response);
    const abciPath = `/${route.service}/${route.method}`;
    r.add(route.http, route.path, async (req) => {
      let bytes: Uint8Array;
      try {
        const json = route.http === "POST" ? { ...snakeToCamel(req.body), ...requestJson(req) } : requestJson(req);
        bytes = reqCodec.encode(reqCodec.fromJSON(json)).finish();
      } catch (e) {
        throw badRequest(`bad request for ${route.path}: ${(e as Error).message}`);
      }
      const value = await abciRaw(req.node, abciPath, bytes);
      return snakeKeys(resCodec.toJSON(resCodec.decode(value)));
    });
  }
}

function snakeToCamel(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), x]));
}
