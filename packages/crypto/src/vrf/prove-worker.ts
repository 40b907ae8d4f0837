// ECVRF-SECP256K1-SHA256-TAI proofs on a worker thread, so a caller can compute a proof it will need
// soon (the next block's beacon) without blocking its own thread. The proofs are byte-identical to
// `vrfProve` (deterministic RFC 6979 nonces): where a proof is computed changes nothing but timing.
// One worker per process, started on first use and unref'd (it never keeps the process alive).
import { Worker } from "node:worker_threads";
import { assertBytes } from "../util/assert";
import type { VrfProofWithOutput } from "./ecvrf";

type Reply = { id: number; proof?: Uint8Array; beta?: Uint8Array; error?: string };

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (r: VrfProofWithOutput) => void; reject: (e: Error) => void }>();

function failAll(e: Error): void {
  for (const p of pending.values()) p.reject(e);
  pending.clear();
  worker = undefined;
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL("./ecvrf-secp256k1-worker.mjs", import.meta.url));
  w.unref();
  w.on("message", (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    // Only a pending proof keeps the worker referenced, so an idle worker never delays exit.
    if (pending.size === 0) w.unref();
    if (m.error !== undefined || !m.proof || !m.beta) p.reject(new Error(`VRF worker: ${m.error ?? "no proof"}`));
    else p.resolve({ proof: new Uint8Array(m.proof), beta: new Uint8Array(m.beta) });
  });
  w.on("error", (e) => failAll(e));
  w.on("exit", (code) => failAll(new Error(`VRF worker exited with code ${code}`)));
  worker = w;
  return w;
}

/** The proof `vrfProve(ECVRF_SECP256K1_SHA256_TAI, secretKey, alpha)` and its beta, computed on the worker. */
export function vrfProveSecp256k1OnWorker(secretKey: Uint8Array, alpha: Uint8Array): Promise<VrfProofWithOutput> {
  assertBytes("secretKey", secretKey, 32);
  assertBytes("alpha", alpha);
  return new Promise((resolve, reject) => {
    let w: Worker;
    try {
      w = getWorker();
    } catch (e) {
      reject(e as Error);
      return;
    }
    const id = nextId++;
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, secretKey: Uint8Array.from(secretKey), alpha: Uint8Array.from(alpha) });
  });
}
