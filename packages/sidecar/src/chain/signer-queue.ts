// One queue per signing key: sign-and-broadcast steps run one after another, so two jobs finishing at the same
// moment never sign with the same account sequence. Queues are shared per address across the whole process.

export class SignerQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pendingCount = 0;

  /** Runs `task` after every task queued before it; a failing task does not block the ones after it. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.pendingCount++;
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => this.pendingCount--,
      () => this.pendingCount--,
    );
    return result;
  }

  get pending(): number {
    return this.pendingCount;
  }

  /** Resolves once every task queued so far has finished (used on shutdown). */
  async flush(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }
}

const queues = new Map<string, SignerQueue>();

export function signerQueueFor(address: string): SignerQueue {
  let q = queues.get(address);
  if (!q) {
    q = new SignerQueue();
    queues.set(address, q);
  }
  return q;
}
