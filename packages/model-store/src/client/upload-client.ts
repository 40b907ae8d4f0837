// The uploading side of the model store's API: POST an owner's signed intent, then send each blob resumably —
// HEAD /uploads/<sha256> for the offset the store holds, PATCH the rest from there in chunks. A connection cut
// midway costs only the bytes in flight: the next attempt asks the offset again and goes on from it.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { Logger } from "pino";
import { isNesaError } from "@nesa/errors";
import { ModelStoreCode, type ModelStoreCodeValue, ModelStoreError } from "../errors";
import type { SignedUploadIntent } from "../intent/upload-intent";

export interface UploadBlobOptions {
  storeUrl: string;
  modelId: string;
  sha256: string;
  sizeBytes: number;
  file: string;
  /** Bytes per PATCH (default 16 MiB): a request never carries more, so a cut never loses more. */
  chunkBytes?: number;
  /** Attempts in a row that make no progress before giving up (default 5). */
  retries?: number;
  logger?: Logger;
}

/** `resumedAt`: the offsets the store held when an interrupted upload went on (empty when nothing was cut). */
export type UploadBlobResult = { sha256: string; status: "stored" | "already-stored"; resumedAt: number[]; attempts: number };

const base = (url: string) => url.replace(/\/+$/, "");

/** Rebuilds the store's ModelStoreError from an error reply (JSON body, or the HEAD's nesa-error-code header). */
export async function readStoreError(res: Response, what: string): Promise<ModelStoreError> {
  const text = await res.text().catch(() => "");
  try {
    const e = JSON.parse(text) as unknown;
    if (isNesaError(e)) return new ModelStoreError(e.code as ModelStoreCodeValue, e.shortMessage, e.details);
  } catch {
    // not JSON: fall through
  }
  const code = Number(res.headers.get("nesa-error-code"));
  if (code > 0) return new ModelStoreError(code as ModelStoreCodeValue, `${what}: refused (${res.status})`);
  return new ModelStoreError(ModelStoreCode.Unavailable, `${what}: the model store answered ${res.status}`, text.trim().slice(0, 300));
}

/** POST /intents. */
export async function postUploadIntent(storeUrl: string, signed: SignedUploadIntent): Promise<{ modelId: string; owner: string; expiresHeight: number }> {
  const res = await fetch(`${base(storeUrl)}/intents`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(signed) });
  if (res.status !== 201) throw await readStoreError(res, `upload intent for ${signed.intent.modelId}`);
  return (await res.json()) as { modelId: string; owner: string; expiresHeight: number };
}

async function offsetOf(url: string, what: string): Promise<number> {
  const res = await fetch(url, { method: "HEAD" });
  if (res.status !== 200) throw await readStoreError(res, what);
  return Number(res.headers.get("upload-offset"));
}

const transient = (err: unknown) =>
  !isNesaError(err) || (err.codespace === "modelstore" && (err.code === ModelStoreCode.Conflict || err.code === ModelStoreCode.OffsetMismatch || err.code === ModelStoreCode.Unavailable));

/** Sends one blob from wherever the store's copy stops; resolves when the store holds it verified. */
export async function uploadBlob(o: UploadBlobOptions): Promise<UploadBlobResult> {
  const url = `${base(o.storeUrl)}/uploads/${o.sha256}?model=${encodeURIComponent(o.modelId)}`;
  const what = `upload of ${o.sha256}`;
  const chunk = o.chunkBytes ?? 16 * 1024 * 1024;
  const retries = o.retries ?? 5;
  let failures = 0;
  let attempts = 0;
  const resumedAt: number[] = [];
  let interrupted = false;
  for (;;) {
    attempts += 1;
    try {
      const offset = await offsetOf(url, what);
      if (offset >= o.sizeBytes) return { sha256: o.sha256, status: attempts === 1 ? "already-stored" : "stored", resumedAt, attempts };
      if (interrupted) {
        resumedAt.push(offset);
        o.logger?.info({ sha256: o.sha256, offset }, "resuming upload");
        interrupted = false;
      }
      const end = Math.min(o.sizeBytes, offset + chunk);
      const body = Readable.toWeb(createReadStream(o.file, { start: offset, end: end - 1 })) as ReadableStream<Uint8Array>;
      const res = await fetch(url, { method: "PATCH", headers: { "upload-offset": String(offset), "content-type": "application/offset+octet-stream" }, body, duplex: "half" } as RequestInit);
      if (res.status === 201 || res.status === 200) return { sha256: o.sha256, status: "stored", resumedAt, attempts };
      if (res.status !== 204) throw await readStoreError(res, what);
      failures = 0;
    } catch (err) {
      if (!transient(err) || ++failures > retries) throw err;
      interrupted = true;
      o.logger?.warn({ sha256: o.sha256, err: (err as Error).message, failures }, "upload interrupted; will resume");
      await new Promise((r) => setTimeout(r, 100 * failures));
    }
  }
}
