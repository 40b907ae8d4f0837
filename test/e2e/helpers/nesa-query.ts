// A private query the way a dApp makes one, step by step with stock cosmjs: EE-encrypt the input, upload the bytes
// to the dispatcher under their sha256, pay (MsgPayForQuery, committing to that sha256), wait for the chain's
// verdict, read the result from the data plane, check it against the verdict's digest, decrypt.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { SigningStargateClient } from "@cosmjs/stargate";
import { inferenceState } from "@nesa/proto-types";
import { BlockWaiter, ChainFollower } from "../../../packages/client/src/index";
import { decodeTensor, encodeTensor } from "../../../packages/crypto/src/index";
import { RedisKeys } from "../../../packages/data-plane/src/index";
import { type EEKey, eeDecrypt, eeEncrypt } from "../../../packages/models/src/index";
import type { NesaQueries } from "../../../localnet/src/chain-client";
import { Comet38Client } from "../../../localnet/src/deps";
import type { RedisClient } from "../../../packages/sidecar/src/redis/connection";
import type { LocalnetInfo } from "../../../localnet/src/localnet-info";

export type FloatInput = { dims: number[]; data: Float32Array };

export type PaidQuery = { queryId: string; encrypted: Uint8Array; paidHeight: number; fee: bigint };

export const eeKeyOf = (info: LocalnetInfo, modelId: string): EEKey => JSON.parse(readFileSync(info.models[modelId].eeKeyFile, "utf8")) as EEKey;

/** EE-encrypts and encodes the input: these are the only bytes that leave the client. */
export function encryptInput(info: LocalnetInfo, modelId: string, input: FloatInput): Uint8Array {
  const enc = eeEncrypt(modelId, eeKeyOf(info, modelId), input);
  return encodeTensor({ dtype: "float32", dims: enc.dims, data: enc.data });
}

/** MsgPayForQuery for the encrypted bytes; returns the query id the chain assigned. */
export async function pay(signer: { client: SigningStargateClient; address: string }, modelId: string, encrypted: Uint8Array, replicas = 1): Promise<PaidQuery> {
  const res = await signer.client.signAndBroadcast(
    signer.address,
    [
      {
        typeUrl: "/nesa.payforquery.v1.MsgPayForQuery",
        value: {
          sender: signer.address,
          modelId,
          inputCommitment: createHash("sha256").update(encrypted).digest(),
          inputBytes: BigInt(encrypted.length),
          replicas,
          privacy: 1, // PRIVACY_EE
          maxFee: { denom: "unes", amount: "100000000" },
          timeoutBlocks: 0n,
        },
      },
    ],
    "auto",
  );
  if (res.code !== 0) throw new Error(`MsgPayForQuery failed (code ${res.code}): ${res.rawLog}`);
  const ev = res.events.find((e) => e.type === "nesa.payforquery.v1.EventQueryPaid");
  const id = ev?.attributes.find((a) => a.key === "query_id")?.value.replaceAll('"', "");
  if (!id) throw new Error(`MsgPayForQuery at height ${res.height} emitted no query id`);
  return { queryId: id, encrypted, paidHeight: res.height, fee: 0n };
}

/** PUT bytes to the dispatcher; retried while it is unreachable (fault tests restart things). */
async function putInput(url: string, body: Uint8Array, what: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { method: "PUT", body: Buffer.from(body) });
      // 201 stored; 200 the query is already past its commit phase (the miners had these bytes).
      if (res.ok) return;
      const text = await res.text();
      if (res.status < 500) throw new Error(`input upload ${what} refused (${res.status}): ${text}`);
    } catch (err) {
      if ((err as Error).message.startsWith("input upload")) throw err;
    }
    if (Date.now() > end) throw new Error(`input upload ${what}: dispatcher unreachable for ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** PUT the encrypted input of a paid query. */
export function upload(info: LocalnetInfo, q: PaidQuery, timeoutMs = 30_000): Promise<void> {
  return putInput(`${info.dispatcherUrl}/v1/inputs/${q.queryId}`, q.encrypted, `for query ${q.queryId}`, timeoutMs);
}

/** PUT the encrypted input under its sha256 *before* paying, so miners can start in the assigning block. */
export function uploadByDigest(info: LocalnetInfo, encrypted: Uint8Array, timeoutMs = 30_000): Promise<void> {
  const digest = createHash("sha256").update(encrypted).digest("hex");
  return putInput(`${info.dispatcherUrl}/v1/inputs/sha256/${digest}`, encrypted, `by digest ${digest.slice(0, 12)}`, timeoutMs);
}

const { QueryStatus } = inferenceState;

/** One chain follower per RPC URL while anyone waits on it (stopped when the last waiter is done). */
const followers = new Map<string, { blocks: BlockWaiter; follower: ChainFollower; users: number; comet: Comet38Client }>();

async function withBlocks<T>(rpc: string, fn: (blocks: BlockWaiter) => Promise<T>): Promise<T> {
  let f = followers.get(rpc);
  if (!f) {
    const comet = await Comet38Client.connect(rpc);
    const blocks = new BlockWaiter(500);
    const follower = new ChainFollower({ rpcUrl: rpc, comet, pollIntervalMs: 100, wsCheckIntervalMs: 1000, onHeight: async (h) => blocks.seen(h) });
    f = { blocks, follower, users: 0, comet };
    followers.set(rpc, f);
    void follower.start();
  }
  f.users++;
  try {
    return await fn(f.blocks);
  } finally {
    if (--f.users === 0 && followers.get(rpc) === f) {
      followers.delete(rpc);
      await f.follower.stop(0);
      f.comet.disconnect();
    }
  }
}

/**
 * Waits until the query is FINALIZED or FAILED on chain: re-read after each new block when `rpc` is given (a
 * shared follower), else every 20 ms.
 */
export async function waitForVerdict(q: NesaQueries, queryId: string, timeoutMs = 60_000, rpc?: string): Promise<inferenceState.InferenceQuery> {
  const end = Date.now() + timeoutMs;
  const loop = async (blocks?: BlockWaiter) => {
    for (;;) {
      const mark = blocks?.height ?? 0n;
      const rec = await q.inference.query(queryId).catch(() => undefined);
      if (rec && (rec.status === QueryStatus.QUERY_STATUS_FINALIZED || rec.status === QueryStatus.QUERY_STATUS_FAILED)) return rec;
      if (Date.now() > end) throw new Error(`query ${queryId} has no verdict after ${timeoutMs} ms (status ${rec ? QueryStatus[rec.status] : "unknown"})`);
      await (blocks ? blocks.next(mark) : new Promise((r) => setTimeout(r, 20)));
    }
  };
  return rpc ? withBlocks(rpc, loop) : loop();
}

/** Reads the result named by the verdict from Redis, checks its digest, and EE-decrypts it. */
export async function readResult(info: LocalnetInfo, q: NesaQueries, redis: RedisClient, modelId: string, queryId: string): Promise<FloatInput> {
  const verdict = await q.inference.verdict(queryId);
  const digest = Buffer.from(verdict.resultDigest).toString("hex");
  const bytes = await redis.getBuffer(new RedisKeys(info.redisPrefix).tensor(digest));
  if (!bytes) throw new Error(`result ${digest} of query ${queryId} is not in the data plane`);
  const got = createHash("sha256").update(bytes).digest("hex");
  if (got !== digest) throw new Error(`result of query ${queryId} hashes to ${got}, the verdict says ${digest}`);
  const t = decodeTensor(bytes);
  return eeDecrypt(modelId, eeKeyOf(info, modelId), { dims: [...t.dims], data: t.data as Float32Array });
}

/** Upload by digest → pay → verdict (block-driven) → decrypted output. */
export async function runQuery(
  info: LocalnetInfo,
  signer: { client: SigningStargateClient; address: string },
  q: NesaQueries,
  redis: RedisClient,
  modelId: string,
  input: FloatInput,
  replicas = 1,
): Promise<{ paid: PaidQuery; status: string; output?: FloatInput }> {
  const encrypted = encryptInput(info, modelId, input);
  await uploadByDigest(info, encrypted);
  const paid = await pay(signer, modelId, encrypted, replicas);
  const rec = await waitForVerdict(q, paid.queryId, 60_000, info.rpc);
  const status = QueryStatus[rec.status];
  if (rec.status !== QueryStatus.QUERY_STATUS_FINALIZED) return { paid, status };
  return { paid, status, output: await readResult(info, q, redis, modelId, paid.queryId) };
}
