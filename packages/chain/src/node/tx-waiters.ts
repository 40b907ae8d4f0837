// Callers waiting for a tx hash to be committed (broadcast_tx_commit, tests).
import type { IndexedTx } from "./types";

interface Waiter {
  resolve: (tx: IndexedTx) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class TxWaiters {
  private readonly waiters = new Map<string, Waiter[]>();

  wait(hashHex: string, timeoutMs: number): Promise<IndexedTx> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.drop(hashHex, w);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for tx ${hashHex.toUpperCase()} to be committed`));
      }, timeoutMs);
      const w: Waiter = { resolve, reject, timer };
      this.waiters.set(hashHex, [...(this.waiters.get(hashHex) ?? []), w]);
    });
  }

  private drop(hashHex: string, w: Waiter): void {
    const list = (this.waiters.get(hashHex) ?? []).filter((x) => x !== w);
    if (list.length) this.waiters.set(hashHex, list);
    else this.waiters.delete(hashHex);
  }

  resolve(hashHex: string, tx: IndexedTx): void {
    const list = this.waiters.get(hashHex);
    if (!list) return;
    this.waiters.delete(hashHex);
    for (const w of list) {
      clearTimeout(w.timer);
      w.resolve(tx);
    }
  }

  rejectAll(reason: string): void {
    for (const list of this.waiters.values()) {
      for (const w of list) {
        clearTimeout(w.timer);
        w.reject(new Error(reason));
      }
    }
    this.waiters.clear();
  }
}
