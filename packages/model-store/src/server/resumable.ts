// Resumable uploads within a blob, after the tus protocol's core: HEAD /uploads/<sha256>?model=<id> answers
// `upload-offset` (bytes the store holds) and `upload-length`; PATCH with `upload-offset: N` appends the body at N.
// A wrong offset is OffsetMismatch (409, with the right `upload-offset`); a second upload of the blob at the same
// time is Conflict (409). When the last byte arrives the whole blob is hashed and stored, or dropped on a mismatch.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ModelStoreCode, ModelStoreError } from "../errors";
import { send, sendError } from "./http-reply";
import { receiveBody, uploadOffset } from "./receive-body";
import type { UploadGate } from "./upload-gate";

const offsets = (offset: number, length: number) => ({ "upload-offset": String(offset), "upload-length": String(length), "cache-control": "no-store" });

export async function handleUploadHead(gate: UploadGate, sha256: string, modelId: string | null, res: ServerResponse): Promise<void> {
  try {
    const a = await gate.admit(sha256, modelId);
    const { offset } = await uploadOffset(gate.blobs, sha256);
    send(res, 200, "", offsets(offset, a.sizeBytes));
  } catch (err) {
    // HEAD carries no body: the error's code goes in a header.
    sendError(res, err, err instanceof ModelStoreError ? { "nesa-error-code": String(err.code) } : {});
  }
}

export async function handleUploadPatch(gate: UploadGate, sha256: string, modelId: string | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let release: (() => void) | undefined;
  let length = 0;
  try {
    const a = await gate.admit(sha256, modelId);
    length = a.sizeBytes;
    const claimed = Number(req.headers["upload-offset"]);
    if (req.headers["upload-offset"] === undefined || !Number.isSafeInteger(claimed) || claimed < 0) {
      throw new ModelStoreError(ModelStoreCode.OffsetMismatch, "PATCH needs an upload-offset header (a byte offset)", `HEAD /uploads/${sha256}?model=${a.modelId} gives it`);
    }
    release = gate.lock(sha256);
    const held = await uploadOffset(gate.blobs, sha256);
    if (held.complete) {
      req.resume();
      return send(res, 200, "already stored\n", offsets(held.offset, length));
    }
    if (claimed !== held.offset) {
      throw new ModelStoreError(ModelStoreCode.OffsetMismatch, `upload-offset ${claimed}, but the store holds ${held.offset} bytes of ${sha256}`, `resume at upload-offset ${held.offset}`);
    }
    const r = await receiveBody(gate.blobs, a, claimed, req);
    if (r.cut) {
      res.destroy();
      return;
    }
    if (r.complete) await gate.stored(a);
    if (r.complete) return send(res, 201, "stored\n", offsets(r.offset, length));
    res.writeHead(204, offsets(r.offset, length));
    res.end();
  } catch (err) {
    req.resume();
    const held = length > 0 ? await uploadOffset(gate.blobs, sha256) : undefined;
    sendError(res, err, { connection: "close", ...(held ? offsets(held.offset, length) : {}) });
  } finally {
    release?.();
  }
}
