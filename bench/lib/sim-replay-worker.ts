// Worker thread of `pnpm bench sim`: re-executes the simulation's blocks as they are committed, on its own
// fresh chain from the same genesis, and checks every block's app hash (a replay that overlaps the run).
import { parentPort, workerData } from "node:worker_threads";
import { SimReplayer } from "../../packages/chain/src/sim/simulate";

type Msg = { txs: Uint8Array[]; hash: string } | "end";

const { seed, miners } = workerData as { seed: string; miners: number };
const replayer = new SimReplayer(seed, miners);
const started = performance.now();
let last = "";
parentPort?.on("message", (m: Msg) => {
  try {
    if (m === "end") {
      parentPort?.postMessage({ ok: true, height: replayer.height, hash: last, ms: performance.now() - started });
      return;
    }
    last = replayer.apply(m.txs, m.hash);
  } catch (e) {
    parentPort?.postMessage({ ok: false, height: replayer.height, error: (e as Error).message });
    process.exit(1);
  }
});
parentPort?.postMessage("ready");
