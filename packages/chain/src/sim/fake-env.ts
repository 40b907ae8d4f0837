// A minimal in-memory environment for the protocol modules' unit tests: a sorted-map KVStore, a
// Context whose height the test advances, and a single-denom bank that tracks every unes, so
// conservation can be asserted without the full application.
import type { AbciEvent } from "../node/types";
import type { Context } from "../app/module";
import type { KVStore } from "../store/types";
import type { ProtocolBank } from "../x/stakingext/expected-keepers";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export class MapStore implements KVStore {
  readonly map = new Map<string, Uint8Array>();
  get(key: Uint8Array) {
    return this.map.get(hex(key));
  }
  has(key: Uint8Array) {
    return this.map.has(hex(key));
  }
  set(key: Uint8Array, value: Uint8Array) {
    this.map.set(hex(key), value);
  }
  delete(key: Uint8Array) {
    this.map.delete(hex(key));
  }
  *iterator(start?: Uint8Array, end?: Uint8Array, reverse = false): Iterable<[Uint8Array, Uint8Array]> {
    const lo = start ? hex(start) : "";
    const hi = end ? hex(end) : undefined;
    const keys = [...this.map.keys()].filter((k) => k >= lo && (hi === undefined || k < hi)).sort();
    if (reverse) keys.reverse();
    for (const k of keys) {
      const v = this.map.get(k);
      if (v) yield [Uint8Array.from(Buffer.from(k, "hex")), v];
    }
  }
}

export class FakeBank implements ProtocolBank {
  readonly balances = new Map<string, bigint>();
  burned = 0n;
  moduleAddress(name: string) {
    return `module:${name}`;
  }
  balance(_ctx: Context, address: string) {
    return this.balances.get(address) ?? 0n;
  }
  mint(address: string, amount: bigint) {
    this.balances.set(address, (this.balances.get(address) ?? 0n) + amount);
  }
  private move(from: string, to: string, amount: bigint) {
    const have = this.balances.get(from) ?? 0n;
    if (amount < 0n) throw new Error(`negative transfer ${amount}`);
    if (have < amount) throw new Error(`insufficient funds: ${from} has ${have}, needs ${amount}`);
    this.balances.set(from, have - amount);
    this.balances.set(to, (this.balances.get(to) ?? 0n) + amount);
  }
  sendAccountToModule(_c: Context, from: string, module: string, amount: bigint) {
    this.move(from, this.moduleAddress(module), amount);
  }
  sendModuleToAccount(_c: Context, module: string, to: string, amount: bigint) {
    this.move(this.moduleAddress(module), to, amount);
  }
  sendModuleToModule(_c: Context, from: string, to: string, amount: bigint) {
    this.move(this.moduleAddress(from), this.moduleAddress(to), amount);
  }
  burnFromModule(_c: Context, module: string, amount: bigint) {
    this.move(this.moduleAddress(module), "burned", amount);
    this.burned += amount;
  }
  supply() {
    let s = 0n;
    for (const [addr, v] of this.balances) if (addr !== "burned") s += v;
    return s;
  }
}

export interface FakeEnv {
  store: MapStore;
  bank: FakeBank;
  events: AbciEvent[];
  ctx(): Context;
  setHeight(h: bigint): void;
  height(): bigint;
}

export function fakeEnv(chainId = "nesa-test-1"): FakeEnv {
  return fakeEnvOver(new MapStore(), new FakeBank(), chainId);
}

function fakeEnvOver(store: MapStore, bank: FakeBank, chainId: string): FakeEnv {
  const events: AbciEvent[] = [];
  let height = 1n;
  const prefixed = (name: string): KVStore => {
    const p = `${name}/`;
    const enc = (k: Uint8Array) => new Uint8Array([...Buffer.from(p), ...k]);
    const pl = Buffer.from(p).length;
    return {
      get: (k) => store.get(enc(k)),
      has: (k) => store.has(enc(k)),
      set: (k, v) => store.set(enc(k), v),
      delete: (k) => store.delete(enc(k)),
      *iterator(start, end, reverse) {
        const s = enc(start ?? new Uint8Array());
        const e = end ? enc(end) : enc(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
        for (const [k, v] of store.iterator(s, e, reverse)) yield [k.subarray(pl), v];
      },
    };
  };
  const ctx = (): Context => ({
    chainId,
    height,
    blockTime: "2026-01-01T00:00:00.000000000Z",
    proposerAddress: new Uint8Array(20),
    lastAppHash: new Uint8Array(32),
    isCheckTx: false,
    gasMeter: { limit: 0n, consumed: () => 0n, consume: () => {} },
    eventManager: { emit: (e) => events.push(e), events: () => events },
    kvStore: prefixed,
    // A copy of the store; write() copies it back (cosmos-sdk CacheContext). The fake bank is not
    // store-backed: its moves inside a branch are not rolled back.
    branch() {
      const copy = new MapStore();
      for (const [k, v] of store.map) copy.map.set(k, v);
      const child = fakeEnvOver(copy, bank, chainId);
      child.setHeight(height);
      const c = child.ctx();
      return {
        ctx: c,
        events: () => child.events,
        write: () => {
          store.map.clear();
          for (const [k, v] of copy.map) store.map.set(k, v);
        },
      };
    },
  });
  return { store, bank, events, ctx, setHeight: (h) => (height = h), height: () => height };
}
