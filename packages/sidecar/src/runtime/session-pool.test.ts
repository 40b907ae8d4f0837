// The pool frees the least recently used session when it is full, but never one that is held: a generation seat
// keeps running on its session while other jobs load other shards.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { saveOnnx } from "@nesa/models";
import { buildDecoderGraph, parseDecoderConfig, randomDecoderWeights } from "@nesa/models/lm";
import type { InferenceSession } from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionPool } from "./session-pool";

const config = parseDecoderConfig({
  model_type: "nesa-tiny-lm", n_layer: 1, n_head: 2, n_embd: 8, n_inner: 16, vocab_size: 16, n_positions: 8,
  layer_norm_epsilon: 1e-5, eos_token_id: 0, bos_token_id: 0,
});

describe("SessionPool", () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nesa-session-pool-"));
    path = join(dir, "m.onnx");
    await writeFile(path, saveOnnx(buildDecoderGraph(randomDecoderWeights(config, 1), config, { firstBlock: 0, endBlock: 1, embed: true, head: true })));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Counts each session's release() calls. */
  const counted = (s: InferenceSession, counts: Map<InferenceSession, number>) => {
    const release = s.release.bind(s);
    counts.set(s, 0);
    s.release = async () => {
      counts.set(s, (counts.get(s) ?? 0) + 1);
      await release();
    };
    return s;
  };

  it("evicts a held session from the pool but frees it only at its last release; an unheld one at once", async () => {
    const pool = new SessionPool({ cache: { get: async () => path }, intraOpThreads: 1, allowSpinning: false, maxSessions: 1 });
    const counts = new Map<InferenceSession, number>();
    const held = await pool.acquire("a");
    const again = await pool.acquire("a");
    expect(again.session).toBe(held.session);
    counted(held.session, counts);
    const b = counted(await pool.get("b"), counts); // "a" leaves the pool, still held twice
    expect(pool.size).toBe(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(counts.get(held.session)).toBe(0);
    held.release();
    held.release(); // idempotent
    await new Promise((r) => setTimeout(r, 10));
    expect(counts.get(held.session)).toBe(0);
    again.release();
    await new Promise((r) => setTimeout(r, 10));
    expect(counts.get(held.session)).toBe(1);
    await pool.get("c"); // "b" is not held: freed when dropped
    await new Promise((r) => setTimeout(r, 10));
    expect(counts.get(b)).toBe(1);
    await pool.close();
  });

  it("a failed load is forgotten and its hold given back", async () => {
    let fail = true;
    const pool = new SessionPool({ cache: { get: async () => (fail ? join(dir, "missing.onnx") : path) }, intraOpThreads: 1, allowSpinning: false });
    await expect(pool.acquire("x")).rejects.toThrow();
    expect(pool.size).toBe(0);
    fail = false;
    const ok = await pool.acquire("x");
    ok.release();
    await pool.close();
  });
});
