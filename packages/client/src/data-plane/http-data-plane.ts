// HTTP data plane on the dispatcher: PUT /v1/inputs/sha256/<digest> (before paying), PUT /v1/inputs/<queryId>
// (implemented by packages/dispatcher) and
// GET /v1/tensors/<digest> for results. The dispatcher does not serve results yet: a 404 reads as "not here",
// so combine this with another result source (Redis, adapters/node) until it does. Uses only fetch: browser-safe.
import { toBase64 } from "@cosmjs/encoding";
import { ClientError, ClientErrorCode } from "../errors/nesa-error";
import type { DataPlane } from "./data-plane";

export interface HttpDataPlaneOptions {
  /** A fetch implementation (default: globalThis.fetch). */
  readonly fetch?: typeof fetch;
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: string };
    return body.error ?? text;
  } catch {
    return text;
  }
}

/**
 * @example
 * const plane = createHttpDataPlane("http://127.0.0.1:26690");
 * await plane.putInput(7n, encryptedInput);
 */
export function createHttpDataPlane(baseUrl: string, options: HttpDataPlaneOptions = {}): DataPlane {
  const f = options.fetch ?? globalThis.fetch;
  const base = baseUrl.replace(/\/+$/, "");
  const putBytes = async (path: string, body: Uint8Array, what: string) => {
    let res: Response;
    try {
      res = await f(`${base}${path}`, { method: "PUT", body: body as BodyInit, headers: { "content-type": "application/octet-stream" } });
    } catch (err) {
      throw new ClientError(ClientErrorCode.InputRejected, `cannot reach the dispatcher at ${base}`, "is the localnet running? check dispatcherUrl in localnet.json", err);
    }
    if (!res.ok) throw new ClientError(ClientErrorCode.InputRejected, `the dispatcher refused ${what} (HTTP ${res.status})`, await errorText(res));
  };
  return {
    name: `dispatcher ${base}`,
    putInput: (queryId, body) => putBytes(`/v1/inputs/${queryId}`, body, `the input of query ${queryId}`),
    async putInputByDigest(digestHex, body) {
      if (!/^[0-9a-f]{64}$/.test(digestHex)) throw new ClientError(ClientErrorCode.InvalidArgument, `input digest must be 64 lower-case hex chars, got ${digestHex.slice(0, 80)}`);
      await putBytes(`/v1/inputs/sha256/${digestHex}`, body, `the input ${digestHex}`);
    },
    async putShares(queryId, replica, sealed, shareDigests) {
      // JSON: the envelopes travel with the shares' published digests (the dispatcher checks sha256(d0 ‖ d1)).
      const body = JSON.stringify({ shareDigests, sealed: sealed.map((s) => toBase64(s)) });
      let res: Response;
      try {
        res = await f(`${base}/v1/inputs/${queryId}/shares/${replica}`, { method: "PUT", body, headers: { "content-type": "application/json" } });
      } catch (err) {
        throw new ClientError(ClientErrorCode.InputRejected, `cannot reach the dispatcher at ${base}`, "is the localnet running? check dispatcherUrl in localnet.json", err);
      }
      if (!res.ok) {
        throw new ClientError(ClientErrorCode.InputRejected, `the dispatcher refused the HSS shares of query ${queryId} replica ${replica} (HTTP ${res.status})`, await errorText(res));
      }
    },
    async getTensor(digestHex) {
      if (!/^[0-9a-f]{64}$/.test(digestHex)) throw new ClientError(ClientErrorCode.InvalidArgument, `tensor digest must be 64 hex chars, got ${digestHex.slice(0, 80)}`);
      let res: Response;
      try {
        res = await f(`${base}/v1/tensors/${digestHex}`);
      } catch {
        return undefined;
      }
      if (res.status === 404 || res.status === 405) return undefined;
      if (!res.ok) throw new ClientError(ClientErrorCode.ResultUnavailable, `the dispatcher failed to serve tensor ${digestHex} (HTTP ${res.status})`, await errorText(res));
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}
