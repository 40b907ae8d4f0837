// Readers for JSON-RPC params. cosmjs sends ints as strings, curl users send numbers, URI GETs
// send `"quoted"` strings and 0x-hex bytes: accept all, and name the field when one is wrong.
import { invalidParams } from "./jsonrpc";

export type Params = Record<string, unknown>;

/**
 * Named params as they are, or a positional array mapped onto the method's argument names
 * (CometBFT accepts both). `names` undefined: the method takes no positional params.
 */
export function asParams(raw: unknown, names: readonly string[] = []): Params {
  if (raw === undefined || raw === null) return {};
  if (Array.isArray(raw)) {
    if (raw.length > names.length) {
      const want = names.length ? `at most ${names.length} (${names.join(", ")})` : "none";
      throw invalidParams(`too many positional params: got ${raw.length}, this method takes ${want}`);
    }
    const out: Params = {};
    raw.forEach((v, i) => {
      out[names[i]] = v;
    });
    return out;
  }
  if (typeof raw === "object") return raw as Params;
  throw invalidParams("params must be an object of named params, e.g. {\"height\":\"5\"}, or an array of positional params");
}

export function optString(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw invalidParams(`${name} must be a string`);
}

export function reqString(p: Params, name: string): string {
  const v = optString(p, name);
  if (v === undefined) throw invalidParams(`missing param ${name}`);
  return v;
}

export function optInt(p: Params, name: string): bigint | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
  throw invalidParams(`${name} must be an integer (a decimal string like "5" or a number), got ${JSON.stringify(v)}`);
}

export function optBool(p: Params, name: string): boolean {
  const v = p[name];
  return v === true || v === "true";
}

function fromHexStrict(hex: string, name: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw invalidParams(`${name} must be hex bytes (even length, 0-9a-f)`);
  }
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** abci_query data: hex (cosmjs sends it without 0x; URI callers add 0x). */
export function optHexBytes(p: Params, name: string): Uint8Array {
  const v = optString(p, name) ?? "";
  return fromHexStrict(v.startsWith("0x") ? v.slice(2) : v, name);
}

/** broadcast tx bytes: base64 in JSON-RPC, 0x-hex in URI GETs. */
export function reqBase64Bytes(p: Params, name: string): Uint8Array {
  const v = reqString(p, name);
  if (v.startsWith("0x")) return fromHexStrict(v.slice(2), name);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
    throw invalidParams(`${name} must be standard base64 with padding (or 0x-prefixed hex)`);
  }
  return new Uint8Array(Buffer.from(v, "base64"));
}

/** A 32-byte hash: base64 (cosmjs, Keplr) or hex (curl, 0x optional). */
export function reqHash(p: Params, name: string): Uint8Array {
  const v = reqString(p, name);
  const hex = v.startsWith("0x") ? v.slice(2) : v;
  const bytes = /^[0-9a-fA-F]{64}$/.test(hex) ? fromHexStrict(hex, name) : reqBase64Bytes(p, name);
  if (bytes.length !== 32) throw invalidParams(`${name} must be a 32-byte hash, got ${bytes.length} bytes`);
  return bytes;
}

/** CometBFT URI params: `"quoted"` → string, bare → as is (numbers stay strings; readers accept both). */
export function paramsFromSearch(search: URLSearchParams): Params {
  const out: Params = {};
  for (const [k, raw] of search) {
    out[k] = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  }
  return out;
}
