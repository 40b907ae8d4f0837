// One committed block as the follower hands it on: its height, each tx's hash and result (code, data, events) and
// the block's finalize events (EndBlock: committees, reveal phases, verdicts). Decoded from the WebSocket's NewBlock
// push (CometBFT 0.38 sends block and result_finalize_block together), or fetched with `block` + `block_results`
// for heights the socket did not deliver. Consumers then learn what changed without one RPC per pending tx or query.
import { fromBase64, toHex } from "@cosmjs/encoding";
import type { CometClient } from "@cosmjs/tendermint-rpc";
import { sha256 } from "@noble/hashes/sha2.js";

export interface FollowedEvent {
  readonly type: string;
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
}

export interface FollowedTx {
  /** Upper-case hex sha256 of the tx bytes, as cosmjs and the node print it. */
  readonly hash: string;
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
  /** TxMsgData (the msg responses). */
  readonly data: Uint8Array;
  readonly events: readonly FollowedEvent[];
}

export interface FollowedBlock {
  readonly height: bigint;
  readonly txs: readonly FollowedTx[];
  /** Finalize-block (BeginBlock + EndBlock) events. */
  readonly events: readonly FollowedEvent[];
}

export const txHash = (tx: Uint8Array): string => toHex(sha256(tx)).toUpperCase();

type RawAttribute = { key?: string; value?: string };
type RawEvent = { type?: string; attributes?: RawAttribute[] };
type RawTxResult = { code?: number; codespace?: string; log?: string; data?: string | null; events?: RawEvent[] };

const rawEvents = (events: RawEvent[] | undefined): FollowedEvent[] =>
  (events ?? []).map((e) => ({ type: e.type ?? "", attributes: (e.attributes ?? []).map((a) => ({ key: a.key ?? "", value: a.value ?? "" })) }));

/** Decodes the `data.value` of a `tm.event='NewBlock'` push; undefined if it is not one. */
export function decodeNewBlockValue(value: unknown): FollowedBlock | undefined {
  const v = value as {
    block?: { header?: { height?: string }; data?: { txs?: string[] | null } };
    result_finalize_block?: { events?: RawEvent[]; tx_results?: RawTxResult[] | null };
  };
  const height = v?.block?.header?.height;
  if (!height || !/^[0-9]+$/.test(height)) return undefined;
  const txs = v.block?.data?.txs ?? [];
  const results = v.result_finalize_block?.tx_results ?? [];
  return {
    height: BigInt(height),
    txs: txs.map((b64, i) => {
      const r = results[i] ?? {};
      return {
        hash: txHash(fromBase64(b64)),
        code: r.code ?? 0,
        codespace: r.codespace ?? "",
        log: r.log ?? "",
        data: r.data ? fromBase64(r.data) : new Uint8Array(),
        events: rawEvents(r.events),
      };
    }),
    events: rawEvents(v.result_finalize_block?.events),
  };
}

/** The same block read with `block` + `block_results` (for heights the socket skipped, or while polling). */
export async function fetchFollowedBlock(comet: CometClient, height: bigint): Promise<FollowedBlock> {
  const [block, results] = await Promise.all([comet.block(Number(height)), comet.blockResults(Number(height))]);
  return {
    height,
    txs: block.block.txs.map((tx, i) => {
      const r = results.results[i];
      return {
        hash: txHash(tx),
        code: r?.code ?? 0,
        codespace: r?.codespace ?? "",
        log: r?.log ?? "",
        data: r?.data ?? new Uint8Array(),
        events: r?.events ?? [],
      };
    }),
    // nesad speaks CometBFT 0.38 (finalizeBlockEvents); CometClient is typed as the union with 0.34/0.37.
    events: (results as { finalizeBlockEvents?: readonly FollowedEvent[] }).finalizeBlockEvents ?? [],
  };
}

/** The attribute `key` of an event, with typed events' JSON quoting removed ("\"12\"" → "12"). */
export function attributeOf(e: FollowedEvent, key: string): string | undefined {
  const v = e.attributes.find((a) => a.key === key)?.value;
  return v === undefined ? undefined : v.replace(/^"(.*)"$/, "$1");
}
