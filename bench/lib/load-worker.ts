// Worker thread that runs sendLanes, so the load generator does not share the node's event loop.
import { parentPort, workerData } from "node:worker_threads";
import { sendLanes } from "./http-load";

const { url, lanes } = workerData as { url: string; lanes: string[][] };
parentPort!.once("message", async () => {
  const started = performance.now();
  const results = await sendLanes(url, lanes);
  parentPort!.postMessage({ results, elapsedMs: performance.now() - started });
});
parentPort!.postMessage("ready");
