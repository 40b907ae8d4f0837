// Follows the chain's height: NewBlock over the RPC WebSocket for low latency, `status` polling as the
// fallback when the socket drops or stalls (cosmjs reconnects its socket silently but does not re-subscribe).
// Every height seen triggers `onHeight` for the newest height only, one call at a time: the handler reads
// chain state, so skipped intermediate heights lose nothing. A failed call is retried at the next tick.
// With `onBlock`, it also hands on every block after the start exactly once and in order (txs with results,
// finalize events): from the NewBlock push when the socket is up, fetched otherwise (block_results).
import { Comet38Client, type CometClient, WebsocketClient } from "@cosmjs/tendermint-rpc";
import { decodeNewBlockValue, type FollowedBlock, fetchFollowedBlock } from "./followed-block";
/** The little of a structured logger the follower needs (pino fits; the SDK passes none). */
export type FollowerLogger = { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

/** xstream's Subscription (xstream is not a direct dependency). */
type Subscription = { unsubscribe(): void };

export type ChainFollowerOptions = {
  rpcUrl: string;
  /** Used for `status` polls (shared with the rest of the process). */
  comet: CometClient;
  pollIntervalMs: number;
  wsCheckIntervalMs: number;
  logger?: FollowerLogger;
  onHeight: (height: bigint) => Promise<void>;
  onModeChange?: (mode: FollowMode) => void;
  /** Every block after the first height seen, in order, once; a throwing handler is logged, not retried. */
  onBlock?: (block: FollowedBlock) => void;
  /** Most heights fetched to fill a gap (default 100); older ones are skipped with a warning. */
  maxBlockGap?: number;
};

export type FollowMode = "websocket" | "polling";

export class ChainFollower {
  private mode: FollowMode = "polling";
  private target = 0n;
  private handled = 0n;
  private wsHeight = 0n;
  /** Height polled at the previous tick while the socket was up: a socket that misses it twice is stalled. */
  private lastPolled = 0n;
  private dirty = false;
  private running: Promise<void> | undefined;
  private ws: { client: Comet38Client; sub: Subscription } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** onBlock: the last height handed on (undefined until the first height is seen), and pushed blocks not yet handed on. */
  private delivered: bigint | undefined;
  private readonly pushed = new Map<bigint, FollowedBlock>();
  private delivering: Promise<void> | undefined;

  constructor(private readonly opts: ChainFollowerOptions) {}

  get followMode(): FollowMode {
    return this.mode;
  }

  get handledHeight(): bigint {
    return this.handled;
  }

  async start(): Promise<void> {
    await this.tick();
  }

  /** Runs the handler again for the current height (e.g. new input uploaded), without waiting for a block. */
  refresh(): void {
    this.dirty = true;
    this.kick();
  }

  /** Resolves when the in-flight handler call (if any) has finished. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops following; waits for the in-flight pass, but at most `graceMs` (it may hang on an unreachable Redis). */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.closeSocket();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((r) => {
      timer = setTimeout(r, graceMs);
    });
    await Promise.race([this.idle(), grace]);
    clearTimeout(timer);
  }

  private seen(height: bigint): void {
    if (height > this.target) this.target = height;
    this.kick();
    if (this.opts.onBlock) {
      this.delivered ??= height;
      this.deliverBlocks();
    }
  }

  /** Hands on blocks delivered+1 … target in order: pushed ones as they are, missing ones fetched. */
  private deliverBlocks(): void {
    if (this.delivering || this.stopped) return;
    this.delivering = (async () => {
      const maxGap = BigInt(this.opts.maxBlockGap ?? 100);
      while (!this.stopped && this.delivered !== undefined && this.delivered < this.target) {
        if (this.target - this.delivered > maxGap) {
          this.opts.logger?.warn({ from: String(this.delivered + 1n), to: String(this.target - maxGap) }, "skipping blocks: too far behind to fetch them all");
          this.delivered = this.target - maxGap;
        }
        const h = this.delivered + 1n;
        let block = this.pushed.get(h);
        if (!block) {
          try {
            block = await fetchFollowedBlock(this.opts.comet, h);
          } catch (err) {
            this.opts.logger?.warn({ err: (err as Error).message, height: String(h) }, "could not read a block; retrying at the next tick");
            return;
          }
        }
        this.pushed.delete(h);
        this.delivered = h;
        try {
          this.opts.onBlock?.(block);
        } catch (err) {
          this.opts.logger?.error({ err, height: String(h) }, "block handler failed");
        }
      }
      for (const k of this.pushed.keys()) if (this.delivered !== undefined && k <= this.delivered) this.pushed.delete(k);
    })().finally(() => {
      this.delivering = undefined;
      if (this.delivered !== undefined && this.delivered < this.target) this.deliverBlocks();
    });
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    if (this.handled >= this.target && !this.dirty) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (this.handled < this.target || this.dirty)) {
      const h = this.target;
      this.dirty = false;
      try {
        await this.opts.onHeight(h);
        this.handled = h;
      } catch (err) {
        this.opts.logger?.error({ err, height: String(h) }, "dispatch pass failed; retrying at the next tick");
        return;
      }
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const status = await this.opts.comet.status();
      const h = BigInt(status.syncInfo.latestBlockHeight);
      // Two polls in a row ahead of the socket: it is connected but no longer subscribed (or stalled).
      if (this.ws && h > this.wsHeight && this.lastPolled > this.wsHeight) {
        this.dropSocket(`no NewBlock since ${this.wsHeight} while status reports ${h}`, this.ws);
      }
      this.lastPolled = h;
      this.seen(h);
      // stop() may have run while the status call was in flight.
      if (!this.ws && !this.stopped) this.subscribe();
    } catch (err) {
      this.opts.logger?.warn({ err: (err as Error).message, rpc: this.opts.rpcUrl }, "chain status poll failed: is the node running?");
    }
    // A failed handler call is retried here (kick is a no-op when there is nothing to do).
    this.kick();
    if (!this.stopped) {
      const next = this.mode === "websocket" ? this.opts.wsCheckIntervalMs : this.opts.pollIntervalMs;
      this.timer = setTimeout(() => void this.tick(), next);
    }
  }

  private subscribe(): void {
    const wsUrl = this.opts.rpcUrl.replace(/^http/, "ws");
    const entry = {} as NonNullable<ChainFollower["ws"]>;
    const ws = new WebsocketClient(wsUrl, (err) => this.dropSocket(`socket error: ${(err as Error)?.message ?? String(err)}`, entry));
    entry.client = Comet38Client.create(ws);
    this.ws = entry;
    // The socket counts as up only once it delivers a NewBlock; until then polling continues.
    this.wsHeight = this.lastPolled;
    // The raw stream (not cosmjs's decoded NewBlockEvent): it keeps result_finalize_block, which onBlock hands on.
    // Without onBlock only heights matter: NewBlockHeader frames are a few hundred bytes where a loaded block's
    // NewBlock is 60–220 KB, written by the node and parsed here five times a second.
    const query = this.opts.onBlock ? "tm.event='NewBlock'" : "tm.event='NewBlockHeader'";
    entry.sub = ws.listen({ jsonrpc: "2.0", id: `follow-${Date.now()}`, method: "subscribe", params: { query } }).subscribe({
      next: (ev) => {
        if (this.ws !== entry) return;
        const value = (ev as { data?: { value?: unknown } }).data?.value;
        const block = this.opts.onBlock ? decodeNewBlockValue(value) : undefined;
        const height = block?.height ?? headerHeight(value);
        if (height === undefined) return;
        const h = height;
        if (block && (this.delivered === undefined || h > this.delivered)) this.pushed.set(h, block);
        if (h > this.wsHeight) this.wsHeight = h;
        this.setMode("websocket");
        this.seen(h);
      },
      error: (err) => this.dropSocket(`subscription error: ${String(err)}`, entry),
      complete: () => this.dropSocket("subscription closed", entry),
    });
  }

  /** Drops `entry` if it is still the current socket (late events of an old one are ignored). */
  private dropSocket(why: string, entry: ChainFollower["ws"]): void {
    if (this.stopped || this.ws !== entry) return;
    this.opts.logger?.warn({ why }, "websocket dropped: polling status until it is back");
    this.setMode("polling");
    this.closeSocket();
  }

  private closeSocket(): void {
    const ws = this.ws;
    this.ws = undefined;
    if (!ws) return;
    try {
      ws.sub?.unsubscribe();
      ws.client.disconnect();
    } catch {
      // Already disconnected: nothing to release.
    }
    // cosmjs's ReconnectingSocket (0.39) treats every "disconnected" status, its own disconnect() included, as a drop
    // and reconnects with backoff, forever: the new socket would keep the process alive after stop(). Cancel the
    // pending reconnect and make later ones no-ops (internal fields, hence the guards).
    type Reconnecting = { reconnectTimeout?: ReturnType<typeof setTimeout> | null; socket?: { reconnect?: () => void } };
    const reconnecting = (ws.client as unknown as { client?: { socket?: Reconnecting } }).client?.socket;
    if (reconnecting?.reconnectTimeout) clearTimeout(reconnecting.reconnectTimeout);
    if (reconnecting?.socket?.reconnect) reconnecting.socket.reconnect = () => {};
  }

  private setMode(mode: FollowMode): void {
    if (this.mode === mode) return;
    this.mode = mode;
    this.opts.onModeChange?.(mode);
  }
}

/** The height of a `tm.event='NewBlockHeader'` push, undefined if it is not one. */
function headerHeight(value: unknown): bigint | undefined {
  const h = (value as { header?: { height?: string } } | undefined)?.header?.height;
  return h && /^[0-9]+$/.test(h) ? BigInt(h) : undefined;
}
