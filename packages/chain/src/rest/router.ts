// Path templates (`/cosmos/bank/v1beta1/balances/{address}`) → handlers; the longest literal
// match wins, as grpc-gateway's, so `/balances/{address}/by_denom` beats `/balances/{address}`.
import type { ChainNode } from "../node/types";

export interface RestRequest {
  node: ChainNode;
  path: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body of a POST ({} when empty). */
  body: Record<string, unknown>;
}

export type RestHandler = (req: RestRequest) => Promise<unknown>;

export interface Route {
  method: "GET" | "POST";
  template: string;
  handler: RestHandler;
}

interface Compiled extends Route {
  parts: string[];
}

export class RestRouter {
  private readonly routes: Compiled[] = [];

  add(method: Route["method"], template: string, handler: RestHandler): this {
    this.routes.push({ method, template, handler, parts: template.split("/").filter(Boolean) });
    return this;
  }

  list(): Route[] {
    return this.routes.map(({ method, template, handler }) => ({ method, template, handler }));
  }

  /** undefined: no route for that path; `methodNotAllowed`: the path exists with another method. */
  match(method: string, pathname: string): { route: Route; path: Record<string, string> } | "methodNotAllowed" | undefined {
    const segs = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    let best: { route: Compiled; path: Record<string, string>; literals: number } | undefined;
    let otherMethod = false;
    for (const r of this.routes) {
      if (r.parts.length !== segs.length) continue;
      const path: Record<string, string> = {};
      let literals = 0;
      const ok = r.parts.every((p, i) => {
        if (p.startsWith("{") && p.endsWith("}")) {
          path[p.slice(1, -1)] = segs[i];
          return segs[i].length > 0;
        }
        literals++;
        return p === segs[i];
      });
      if (!ok) continue;
      if (r.method !== method) {
        otherMethod = true;
        continue;
      }
      if (!best || literals > best.literals) best = { route: r, path, literals };
    }
    if (best) return { route: best.route, path: best.path };
    return otherMethod ? "methodNotAllowed" : undefined;
  }
}
