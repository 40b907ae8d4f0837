// The Context handed to handlers: block data from the header plus a store view. Each module gets
// its own prefix (length-prefixed module name) inside one flat state.
import type { KVStore } from "../store/types";
import { CacheStore } from "../store/cache-store";
import { BasicEventManager } from "./events";
import { GasStore } from "../store/gas-store";
import { PrefixStore } from "../store/prefix-store";
import { lengthPrefixed } from "../store/codecs";
import type { Context, EventManager, GasMeter } from "./module";

export interface BlockInfo {
  chainId: string;
  height: bigint;
  blockTime: string;
  proposerAddress: Uint8Array;
  lastAppHash: Uint8Array;
  lastStateDigest: Uint8Array;
}

const te = new TextEncoder();
const prefixCache = new Map<string, Uint8Array>();

export function modulePrefix(moduleName: string): Uint8Array {
  let p = prefixCache.get(moduleName);
  if (!p) {
    p = lengthPrefixed(te.encode(moduleName));
    prefixCache.set(moduleName, p);
  }
  return p;
}

export function makeContext(
  block: BlockInfo,
  store: KVStore,
  gasMeter: GasMeter,
  eventManager: EventManager,
  opts: { isCheckTx: boolean; metered: boolean },
): Context {
  const base = opts.metered ? new GasStore(store, gasMeter) : store;
  const views = new Map<string, KVStore>();
  return {
    ...block,
    branch() {
      const cache = new CacheStore(store);
      const em = new BasicEventManager();
      return { ctx: makeContext(block, cache, gasMeter, em, opts), events: () => em.events(), write: () => cache.write() };
    },
    isCheckTx: opts.isCheckTx,
    gasMeter,
    eventManager,
    kvStore(moduleName: string): KVStore {
      let v = views.get(moduleName);
      if (!v) {
        v = new PrefixStore(base, modulePrefix(moduleName));
        views.set(moduleName, v);
      }
      return v;
    },
  };
}

/** Same block and meter, different store and events: for cache-wrapped msg execution. */
export function withStore(ctx: Context, block: BlockInfo, store: KVStore, eventManager: EventManager): Context {
  return makeContext(block, store, ctx.gasMeter, eventManager, { isCheckTx: ctx.isCheckTx, metered: true });
}
