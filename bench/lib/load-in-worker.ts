// Starts lib/load-worker.ts in a worker thread, with tsx registered there so it can load .ts.
import { Worker } from "node:worker_threads";
import type { LaneResult } from "./http-load";

export interface LoadRun {
  /** Resolves when every lane is done; `elapsedMs` is measured inside the worker. */
  done: Promise<{ results: LaneResult[]; elapsedMs: number }>;
}

/** Spawns the worker and waits until it has its bodies; `start()` fires the load. */
export async function prepareLoad(url: string, lanes: string[][]): Promise<{ start(): LoadRun; terminate(): Promise<number> }> {
  // The worker is a .ts file: register tsx inside the worker first, then load it.
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./load-worker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { url, lanes } });
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  return {
    start() {
      const done = new Promise<{ results: LaneResult[]; elapsedMs: number }>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      worker.postMessage("go");
      return { done };
    },
    terminate: () => worker.terminate(),
  };
}
