// A private query the way a dApp makes one, step by step with stock cosmjs: EE-encrypt the input, pay
// (MsgPayForQuery, committing to sha256 of the encrypted bytes), upload the bytes to the dispatcher, wait for
// the chain's verdict, read the result from the data plane, check it against the verdict's digest, decrypt.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { SigningStargateClient } from "@cosmjs/stargate";
import { inferenceState } from "@nesa/proto-types";
import { decodeTensor, encodeTensor } from "../../../packages/crypto/src/index";
import { type EEKey, eeDecrypt, eeEncrypt } from "../../../packages/models/src/index";
import type { NesaQueries } from "../../../localnet/src/chain-client";
import type { Redis } from "../../../localnet/src/deps";
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

/** PUT the encrypted input; retried while the dispatcher is unreachable (fault tests restart things). */
export async function upload(info: LocalnetInfo, q: PaidQuery, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${info.dispatcherUrl}/v1/inputs/${q.queryId}`, { method: "PUT", body: Buffer.from(q.encrypted) });
      if (res.status === 201) return;
      const body = await res.text();
      if (res.status < 500) throw new Error(`input upload for query ${q.queryId} refused (${res.status}): ${body}`);
    } catch (err) {
      if ((err as Error).message.startsWith("input upload")) throw err;
    }
    if (Date.now() > end) throw new Error(`input upload for query ${q.queryId}: dispatcher unreachable for ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const { QueryStatus } = inferenceState;

/** Waits until the query is FINALIZED or FAILED on chain. */
export async function waitForVerdict(q: NesaQueries, queryId: string, timeoutMs = 60_000): Promise<inferenceState.InferenceQuery> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const rec = await q.inference.query(queryId).catch(() => undefined);
    if (rec && (rec.status === QueryStatus.QUERY_STATUS_FINALIZED || rec.status === QueryStatus.QUERY_STATUS_FAILED)) return rec;
    if (Date.now() > end) throw new Error(`query ${queryId} has no verdict after ${timeoutMs} ms (status ${rec ? QueryStatus[rec.status] : "unknown"})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reads the result named by the verdict from Redis, checks its digest, and EE-decrypts it. */
export async function readResult(info: LocalnetInfo, q: NesaQueries, redis: Redis, modelId: string, queryId: string): Promise<FloatInput> {
  const verdict = await q.inference.verdict(queryId);
  const digest = Buffer.from(verdict.resultDigest).toString("hex");
  const bytes = await redis.getBuffer(`${info.redisPrefix}:tensor:${digest}`);
  if (!bytes) throw new Error(`result ${digest} of query ${queryId} is not in the data plane`);
  const got = createHash("sha256").update(bytes).digest("hex");
  if (got !== digest) throw new Error(`result of query ${queryId} hashes to ${got}, the verdict says ${digest}`);
  const t = decodeTensor(bytes);
  return eeDecrypt(modelId, eeKeyOf(info, modelId), { dims: [...t.dims], data: t.data as Float32Array });
}

/** Pay → upload → verdict → decrypted output. */
export async function runQuery(
  info: LocalnetInfo,
  signer: { client: SigningStargateClient; address: string },
  q: NesaQueries,
  redis: Redis,
  modelId: string,
  input: FloatInput,
  replicas = 1,
): Promise<{ paid: PaidQuery; status: string; output?: FloatInput }> {
  const paid = await pay(signer, modelId, encryptInput(info, modelId, input), replicas);
  await upload(info, paid);
  const rec = await waitForVerdict(q, paid.queryId);
  const status = QueryStatus[rec.status];
  if (rec.status !== QueryStatus.QUERY_STATUS_FINALIZED) return { paid, status };
  return { paid, status, output: await readResult(info, q, redis, modelId, paid.queryId) };
}
