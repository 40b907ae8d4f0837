// One tx through ante and msgs (cosmos-sdk baseapp.runTx): the ante writes only when it passes;
// the msgs run in their own cache and write all-or-nothing, so a failing msg still pays its fee
// and bumps the sequence, and leaves no other trace.
import { ChainError } from "../errors/chain-error";
import { ErrLogic } from "../errors/sdk-errors";
import type { AbciEvent, TxResult } from "../node/types";
import { CacheStore } from "../store/cache-store";
import type { KVStore } from "../store/types";
import { type AnteDeps, type AnteInfo, type TxMode, runAnte } from "./ante";
import { type BlockInfo, makeContext } from "./context";
import { BasicEventManager, event } from "./events";
import { BasicGasMeter, MAX_GAS } from "./gas";
import type { Router } from "./router";
import { type DecodedTx, decodeTx } from "./tx-decode";
import { encodeTxMsgData } from "./sign-doc";

export interface RunTxDeps extends AnteDeps {
  router: Router;
  maxTxBytes: number;
}

export interface RunTxOutput {
  result: TxResult;
  tx?: DecodedTx;
  ante?: AnteInfo;
  msgResponses: { typeUrl: string; value: Uint8Array }[];
}

const EMPTY = new Uint8Array();

export function errorResult(err: unknown, gasWanted: bigint, gasUsed: bigint, events: AbciEvent[] = []): TxResult {
  const e = err instanceof ChainError ? err : ErrLogic.wrap(err instanceof Error ? err.message : String(err));
  return { code: e.code, codespace: e.codespace, log: e.message, data: EMPTY, gasWanted, gasUsed, events };
}

function moduleOf(typeUrl: string): string {
  const parts = typeUrl.replace(/^\//, "").split(".");
  return parts.length >= 3 ? parts[parts.length - 3] : parts[0];
}

export function runTx(
  deps: RunTxDeps,
  mode: TxMode,
  store: KVStore,
  block: BlockInfo,
  bytes: Uint8Array,
  hashHex: string,
  decoded?: DecodedTx,
): RunTxOutput {
  let tx: DecodedTx;
  try {
    tx = decoded ?? decodeTx(bytes, deps.router, deps.maxTxBytes);
  } catch (e) {
    return { result: errorResult(e, 0n, 0n), msgResponses: [] };
  }
  const gasWanted = tx.gasLimit;
  const meter = new BasicGasMeter(mode === "simulate" ? MAX_GAS : gasWanted);
  const anteStore = new CacheStore(store);
  const anteEvents = new BasicEventManager();
  const actx = makeContext(block, anteStore, meter, anteEvents, { isCheckTx: mode === "check", metered: true });
  let ante: AnteInfo;
  try {
    ante = runAnte(actx, tx, hashHex, deps, mode);
  } catch (e) {
    return { result: errorResult(e, gasWanted, meter.consumed()), tx, msgResponses: [] };
  }
  anteStore.write();
  const base = { codespace: "", log: "", gasWanted, events: anteEvents.events() };
  if (mode === "check") {
    return { result: { ...base, code: 0, data: EMPTY, gasUsed: meter.consumed() }, tx, ante, msgResponses: [] };
  }

  const msgStore = new CacheStore(store);
  const msgEvents: AbciEvent[] = [];
  const msgResponses: { typeUrl: string; value: Uint8Array }[] = [];
  let index = 0;
  try {
    tx.msgs.forEach((m, i) => {
      index = i;
      const em = new BasicEventManager();
      const signer = m.handler.signers(m.msg)[0] ?? "";
      em.emit(event("message", { action: m.typeUrl, sender: signer, module: moduleOf(m.typeUrl) }));
      const mctx = makeContext(block, msgStore, meter, em, { isCheckTx: false, metered: true });
      msgResponses.push(m.handler.handle(mctx, m.msg));
      for (const ev of em.events()) {
        msgEvents.push({ type: ev.type, attributes: [...ev.attributes, { key: "msg_index", value: String(i), index: true }] });
      }
    });
  } catch (e) {
    const failed = e instanceof ChainError ? e : ErrLogic.wrap(e instanceof Error ? e.message : String(e));
    const where = `failed to execute message; message index: ${index}`;
    const wrapped = new ChainError(failed.codespace, failed.code, failed.shortMessage, failed.details ? `${where}: ${failed.details}` : where);
    const r = errorResult(wrapped, gasWanted, meter.consumed(), anteEvents.events());
    return { result: r, tx, ante, msgResponses: [] };
  }
  msgStore.write();
  const data = encodeTxMsgData(msgResponses);
  return {
    result: { ...base, code: 0, data, gasUsed: meter.consumed(), events: [...anteEvents.events(), ...msgEvents] },
    tx,
    ante,
    msgResponses,
  };
}
