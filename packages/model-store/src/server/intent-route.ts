// POST /intents: a model owner's signed upload intent (JSON, ≤ 64 KiB), so its shards can come in before
// MsgRegisterModel is in a block. 201 with {modelId, owner, expiresHeight}; BadIntent, Conflict or TooLarge otherwise.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ModelStoreCode, ModelStoreError } from "../errors";
import { send, sendError } from "./http-reply";
import type { UploadGate } from "./upload-gate";

export const MAX_INTENT_BODY_BYTES = 64 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_INTENT_BODY_BYTES) throw new ModelStoreError(ModelStoreCode.TooLarge, `an upload intent is at most ${MAX_INTENT_BODY_BYTES} bytes`);
    parts.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString("utf8"));
  } catch (err) {
    throw new ModelStoreError(ModelStoreCode.BadIntent, "the body is not JSON", "POST /intents takes {intent, pubKey, signature}", { cause: err });
  }
}

export async function handleIntentPost(gate: UploadGate, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const accepted = await gate.acceptIntent(await readJson(req));
    send(res, 201, `${JSON.stringify(accepted)}\n`, { "content-type": "application/json" });
  } catch (err) {
    req.resume();
    sendError(res, err, { connection: "close" });
  }
}
