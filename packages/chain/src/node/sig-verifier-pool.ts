// Signature checks on worker threads, so CheckTx's most expensive step runs beside the main
// thread (RPC, ante, blocks). Requests made in the same tick travel as one message per worker.
// The worker is plain JavaScript (eval) so it runs the same under tsx, vitest or a bundle.
import { Worker } from "node:worker_threads";

export interface SigItem {
  pubkey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createPublicKey, verify, ECDH } = require("node:crypto");
const N = Buffer.from("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", "hex");
const HALF_N = Buffer.from("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", "hex");
const ZERO = Buffer.alloc(32);
const keys = new Map();
function key(pub) {
  const id = Buffer.from(pub).toString("latin1");
  let k = keys.get(id);
  if (!k) {
    const raw = ECDH.convertKey(Buffer.from(pub), "secp256k1", undefined, undefined, "uncompressed");
    k = createPublicKey({ key: { kty: "EC", crv: "secp256k1", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33, 65).toString("base64url") }, format: "jwk" });
    if (keys.size > 50000) keys.clear();
    keys.set(id, k);
  }
  return k;
}
function check(it) {
  try {
    if (it.pubkey.length !== 33 || it.signature.length !== 64) return false;
    const sig = Buffer.from(it.signature);
    const r = sig.subarray(0, 32), s = sig.subarray(32);
    if (r.equals(ZERO) || s.equals(ZERO) || Buffer.compare(r, N) >= 0 || Buffer.compare(s, HALF_N) > 0) return false;
    return verify("sha256", it.message, { key: key(it.pubkey), dsaEncoding: "ieee-p1363" }, sig);
  } catch { return false; }
}
// One transferred buffer per batch: groups of [count u8] then per item
// [pubkey len u8][pubkey][message len u32 BE][message][signature len u8][signature].
parentPort.on("message", (job) => {
  const b = Buffer.from(job.buf);
  const ok = [];
  let o = 0;
  while (o < b.length) {
    const n = b[o++];
    let all = true;
    for (let i = 0; i < n; i++) {
      const pl = b[o++]; const pubkey = b.subarray(o, o + pl); o += pl;
      const ml = b.readUInt32BE(o); o += 4; const message = b.subarray(o, o + ml); o += ml;
      const sl = b[o++]; const signature = b.subarray(o, o + sl); o += sl;
      if (all && !check({ pubkey, message, signature })) all = false;
    }
    ok.push(all);
  }
  parentPort.postMessage({ id: job.id, ok });
});
`;

interface Pending {
  resolve: (ok: boolean) => void;
}

export class SigVerifierPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending[]>();
  private queue: { items: SigItem[]; resolve: (ok: boolean) => void }[] = [];
  private nextId = 0;
  private nextWorker = 0;
  private scheduled = false;
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.unref();
      w.on("message", (m: { id: number; ok: boolean[] }) => {
        const waiting = this.pending.get(m.id) ?? [];
        this.pending.delete(m.id);
        waiting.forEach((p, j) => {
          p.resolve(m.ok[j] === true);
        });
      });
      // A crashed worker fails its requests as "not verified": the ante then verifies inline.
      w.on("error", () => this.failAll());
      this.workers.push(w);
    }
  }

  /** Resolves true when every signature of the group is valid (low-S); false otherwise. */
  verify(items: SigItem[]): Promise<boolean> {
    if (this.closed || this.workers.length === 0) return Promise.resolve(false);
    if (items.length > 255 || items.some((it) => it.pubkey.length > 255 || it.signature.length > 255)) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.queue.push({ items, resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0 || this.closed) {
      for (const b of batch) b.resolve(false);
      return;
    }
    // Split the tick's requests evenly over the workers.
    const per = Math.ceil(batch.length / this.workers.length);
    for (let i = 0; i < batch.length; i += per) {
      const part = batch.slice(i, i + per);
      const id = this.nextId++;
      this.pending.set(id, part.map((p) => ({ resolve: p.resolve })));
      const worker = this.workers[this.nextWorker++ % this.workers.length];
      const buf = pack(part.map((p) => p.items));
      worker.postMessage({ id, buf }, [buf]);
    }
  }

  private failAll(): void {
    for (const list of this.pending.values()) for (const p of list) p.resolve(false);
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Packs groups of items into one buffer (see the worker's format); it is transferred, not copied. */
function pack(groups: SigItem[][]): ArrayBuffer {
  let size = 0;
  for (const g of groups) {
    size += 1;
    for (const it of g) {
      if (g.length > 255 || it.pubkey.length > 255 || it.signature.length > 255) {
        throw new Error("SigVerifierPool: a group, pubkey or signature is too large for the wire format");
      }
      size += 1 + it.pubkey.length + 4 + it.message.length + 1 + it.signature.length;
    }
  }
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let o = 0;
  for (const g of groups) {
    out[o++] = g.length;
    for (const it of g) {
      out[o++] = it.pubkey.length;
      out.set(it.pubkey, o);
      o += it.pubkey.length;
      dv.setUint32(o, it.message.length);
      o += 4;
      out.set(it.message, o);
      o += it.message.length;
      out[o++] = it.signature.length;
      out.set(it.signature, o);
      o += it.signature.length;
    }
  }
  return out.buffer;
}
