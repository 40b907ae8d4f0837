// One ABCI connection (CometBFT opens four: consensus, mempool, query, snapshot). Requests are
// answered strictly in arrival order — the client pipelines up to 256 and matches answers by
// position — so each answer waits for the previous one even when its handler is asynchronous.
// A handler that throws becomes a ResponseException, which makes CometBFT drop the connection:
// the adapter returns application errors as result codes and throws only on broken invariants.
import type { Socket } from "node:net";
import type { Logger } from "pino";
import { Request, Response } from "cosmjs-types/tendermint/abci/types";
import { FrameDecoder, frame } from "./framing";

export type AbciHandler = (req: Request) => Response | Promise<Response>;

export function serveConnection(socket: Socket, handle: AbciHandler, logger: Logger): void {
  const decoder = new FrameDecoder();
  let chain: Promise<void> = Promise.resolve();
  socket.setNoDelay(true);
  const answer = async (req: Request): Promise<void> => {
    let res: Response;
    try {
      res = await handle(req);
    } catch (e) {
      logger.error({ err: e, request: Object.keys(req).find((k) => req[k as keyof Request]) }, "ABCI request failed; CometBFT will drop this connection");
      res = Response.fromPartial({ exception: { error: (e as Error).message } });
    }
    if (!socket.destroyed) socket.write(frame(Response.encode(res).finish()));
  };
  socket.on("data", (chunk: Buffer) => {
    let messages: Uint8Array[];
    try {
      messages = decoder.push(chunk);
    } catch (e) {
      logger.error({ error: (e as Error).message }, "bad ABCI stream; closing the connection");
      socket.destroy();
      return;
    }
    for (const m of messages) {
      let req: Request;
      try {
        req = Request.decode(m);
      } catch (e) {
        logger.error({ error: (e as Error).message }, "undecodable ABCI request; closing the connection");
        socket.destroy();
        return;
      }
      chain = chain.then(() => answer(req));
    }
  });
  socket.on("error", (e) => logger.debug({ error: e.message }, "ABCI connection error"));
}
