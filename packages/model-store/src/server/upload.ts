// PUT /blobs/<sha256>?model=<id>: a whole blob in one request (what small shards and simple clients use). It goes
// through the same gate and write path as a resumable upload: a PUT cut off midway can be resumed with PATCH.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ModelStoreCode, ModelStoreError } from "../errors";
import { send, sendError } from "./http-reply";
import { receiveBody } from "./receive-body";
import type { UploadGate } from "./upload-gate";

export async function handlePut(gate: UploadGate, sha256: string, modelId: string | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let release: (() => void) | undefined;
  try {
    const a = await gate.admit(sha256, modelId);
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) !== a.sizeBytes) {
      throw new ModelStoreError(ModelStoreCode.HashMismatch, `refused: content-length ${declared}, but the registered shard is ${a.sizeBytes} bytes`);
    }
    if ((await gate.blobs.sizeOf(sha256)) === a.sizeBytes) {
      req.resume();
      return send(res, 200, "already stored\n");
    }
    release = gate.lock(sha256);
    const r = await receiveBody(gate.blobs, a, 0, req);
    if (!r.complete) {
      if (r.cut) {
        res.destroy();
        return;
      }
      throw new ModelStoreError(ModelStoreCode.HashMismatch, `refused: the body is ${r.offset} bytes, the registered shard ${a.sizeBytes}`, `resume with PATCH /uploads/${sha256}?model=${modelId} at upload-offset ${r.offset}`);
    }
    await gate.stored(a);
    send(res, 201, "stored\n");
  } catch (err) {
    req.resume();
    sendError(res, err, { connection: "close" });
  } finally {
    release?.();
  }
}
