// New blocks, live over the RPC's WebSocket (NewBlock subscription through cosmjs), for the explorer's block
// list and the playground's timeline; falls back to polling /status every block time when the socket fails.
import { Comet38Client, WebsocketClient } from "@cosmjs/tendermint-rpc";
import { RPC_URL } from "./session";

export type BlockSeen = { height: number; time: Date; txs: number };
type Listener = (b: BlockSeen) => void;

export class ChainWatch {
  latest: BlockSeen | undefined;
  /** "websocket" once the subscription delivers, "polling" after it failed. */
  mode: "connecting" | "websocket" | "polling" = "connecting";
  private readonly listeners = new Set<Listener>();
  private started = false;

  constructor(private readonly blockTimeMs: number) {}

  on(f: Listener): () => void {
    this.listeners.add(f);
    this.start();
    return () => this.listeners.delete(f);
  }

  private emit(b: BlockSeen): void {
    if (this.latest && b.height <= this.latest.height) return;
    this.latest = b;
    for (const f of this.listeners) f(b);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    const ws = new WebsocketClient(RPC_URL().replace(/^http/, "ws"), () => this.poll());
    const comet = Comet38Client.create(ws);
    comet.subscribeNewBlock().addListener({
      next: (e) => {
        this.mode = "websocket";
        this.emit({ height: e.header.height, time: new Date(e.header.time.getTime()), txs: e.txs.length });
      },
      error: () => this.poll(),
      complete: () => this.poll(),
    });
  }

  private polling = false;
  private poll(): void {
    if (this.polling) return;
    this.polling = true;
    this.mode = "polling";
    const tick = async () => {
      try {
        const res = await fetch(RPC_URL(), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "status", params: {} }) });
        const s = (await res.json()) as { result: { sync_info: { latest_block_height: string; latest_block_time: string } } };
        this.emit({ height: Number(s.result.sync_info.latest_block_height), time: new Date(s.result.sync_info.latest_block_time), txs: 0 });
      } catch {
        // the localnet is down: keep trying
      }
      setTimeout(tick, Math.max(200, this.blockTimeMs));
    };
    void tick();
  }
}
