// The RPC fuzzer: a real node (LevelDB, manual blocks, invariants on; the tx-fuzz test's
// startTestChain) behind the real nesad RPC server, fed hostile HTTP and WebSocket inputs. Per
// batch: no hang (every input answered within the deadline), no crash (the server never logs an
// unexpected exception), every refusal a JSON-RPC error code or a registered codespace/code, the app
// hash and height unchanged while no block is made, and the txs it refused, forced into the next
// block, all fail there with auth and bank untouched (the same check as app/tx-fuzz.test.ts).
import { pino } from "pino";
import { registeredErrors } from "../../errors/chain-error";
import { accountFromMnemonic } from "../../node/init-home";
import { type RpcServer, startRpcServer } from "../../rpc/server";
import { queryAccount, stateSnapshot, startTestChain, type TestChain } from "../../testing";
import { Rng } from "../rng";
import { type SimAccount, accountFromSecret } from "../tx-builder";
import { FRAME_KINDS, type Frame, type FrameKind, frame } from "./rpc-frames";
import { httpCall, WsLine } from "./rpc-transport";
import { MUTANT_KINDS, type MutantSource, mutant } from "./tx-mutants";
import { seeds } from "./tx-seeds";

const JSONRPC_CODES = new Set([-32700, -32600, -32601, -32602, -32603]);
const REGISTERED = new Set(registeredErrors().map((e) => `${e.codespace}/${e.code}`));
const TIMEOUT_MS = 5_000;
export const FUZZ_MAX_BODY_BYTES = 1_000_000; // nesad's default (CometBFT's max_body_bytes)

export interface RpcFuzzStats {
  inputs: number;
  byKind: Record<FrameKind, number>;
  /** Answers by class: jsonrpc error codes, tx codes (codespace/code), ok, http status, closed. */
  answers: Record<string, number>;
  crashes: string[];
  hangs: string[];
  unregistered: string[];
  stateChanges: string[];
  refusedTxsForced: number;
}

type Code = { code?: number; codespace?: string; log?: string };
/** abci_query answers in result.response, broadcast_tx_commit in result.check_tx, the others in result. */
type Json = { result?: Code & { response?: Code; check_tx?: Code }; error?: { code?: number } };

export class RpcFuzzer {
  readonly stats: RpcFuzzStats;
  private readonly rng: Rng;
  private readonly ws: WsLine;
  private refused: Uint8Array[] = [];
  private refusedWhy: string[] = [];

  private constructor(
    readonly chain: TestChain,
    readonly server: RpcServer,
    private readonly src: MutantSource,
    private readonly accounts: SimAccount[],
    private readonly logged: string[],
    seed: string,
  ) {
    this.rng = new Rng(`rpc-fuzz/${seed}`);
    this.ws = new WsLine(server.url);
    const byKind = Object.fromEntries(FRAME_KINDS.map((k) => [k, 0])) as Record<FrameKind, number>;
    this.stats = { inputs: 0, byKind, answers: {}, crashes: [], hangs: [], unregistered: [], stateChanges: [], refusedTxsForced: 0 };
  }

  static async start(seed: string): Promise<RpcFuzzer> {
    const chain = await startTestChain({ accounts: 4 });
    // Errors the server logs are exceptions nobody meant: each one is a crash of a request.
    const logged: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(line.slice(0, 500)) });
    const server = await startRpcServer(chain.node, { port: 0, logger, broadcastCommitTimeoutMs: 250, maxBodyBytes: FUZZ_MAX_BODY_BYTES });
    const accounts = await Promise.all(chain.accounts.map(async (a, i) => accountFromSecret((await accountFromMnemonic(a.mnemonic)).privKey, BigInt(i))));
    const src: MutantSource = { chainId: chain.node.chainId, accounts: new Map(accounts.map((a) => [a.address, a])), typeUrls: [...chain.node.app.router.msgs.keys()] };
    return new RpcFuzzer(chain, server, src, accounts, logged, seed);
  }

  async close(): Promise<void> {
    this.ws.close();
    await this.server.close();
    await this.chain.cleanup();
  }

  private tx(): Uint8Array {
    const [owner, ...users] = this.accounts.map((a) => a.address);
    const pool = seeds({ owner, users, miners: users, seats: [], proposalIds: [] }, this.rng);
    return mutant(this.src, this.rng.pick(pool), this.rng.pick(MUTANT_KINDS), this.rng).bytes;
  }

  private count(what: string): void {
    this.stats.answers[what] = (this.stats.answers[what] ?? 0) + 1;
  }

  private bad(list: string[], line: string): void {
    if (list.length < 20) list.push(line);
  }

  /** Classifies one JSON-RPC reply object. */
  private judge(f: Frame, j: Json): void {
    if (j.error) {
      if (!JSONRPC_CODES.has(j.error.code ?? 0)) this.bad(this.stats.unregistered, `${f.kind}: JSON-RPC error code ${j.error.code}`);
      this.count(`jsonrpc ${j.error.code}`);
      return;
    }
    const r = j.result?.response ?? j.result?.check_tx ?? j.result;
    if (typeof r?.code === "number" && r.code !== 0) {
      const id = `${r.codespace}/${r.code}`;
      if (!REGISTERED.has(id) || id === "sdk/35") this.bad(this.stats.unregistered, `${f.kind}: ${id} ${r.log ?? ""}`);
      this.count(`code ${id}`);
      if (f.tx && j.result?.response === undefined) {
        this.refused.push(f.tx);
        this.refusedWhy.push(`${id} ${(r.log ?? "").slice(0, 80)}`);
      }
      return;
    }
    this.count("ok");
  }

  private async send(f: Frame): Promise<void> {
    const url = this.server.url;
    if (f.transport === "ws") {
      const r = await this.ws.send(f.body, f.binary ?? false, TIMEOUT_MS).catch((e: Error) => ({ error: e.message }));
      if ("error" in r) return this.bad(this.stats.hangs, `${f.kind}: ${r.error} (${String(f.body).slice(0, 120)})`);
      if ("closed" in r) {
        this.count(`ws closed ${r.closed}`);
        if (!f.oversize) this.bad(this.stats.crashes, `${f.kind}: the server closed the WebSocket (${r.closed}) on a frame within the limit`);
        return;
      }
      return this.judgeBody(f, r.message);
    }
    const r = f.transport === "get" ? await httpCall(url, "GET", String(f.body), undefined, TIMEOUT_MS) : await httpCall(url, "POST", "/", f.body, TIMEOUT_MS);
    if ("error" in r) {
      // Past 4× the limit the server answers and drops the connection: the client may see the reset first.
      if (f.oversize && r.error !== "TIMEOUT") return this.count(`http ${r.error}`);
      return this.bad(r.error === "TIMEOUT" ? this.stats.hangs : this.stats.crashes, `${f.kind}: ${r.error}`);
    }
    // Node's HTTP parser refuses some URIs (431 headers too large, 400 bad request) before our handler.
    if (r.status !== 200) return r.status === 431 || r.status === 400 || r.status === 414 ? this.count(`http ${r.status}`) : this.bad(this.stats.crashes, `${f.kind}: HTTP ${r.status}`);
    this.judgeBody(f, r.body);
  }

  private judgeBody(f: Frame, body: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      this.bad(this.stats.crashes, `${f.kind}: the reply is not JSON: ${body.slice(0, 120)}`);
      return;
    }
    for (const j of Array.isArray(parsed) ? parsed : [parsed]) this.judge(f, j as Json);
  }

  private async abciInfo(): Promise<string> {
    const r = await httpCall(this.server.url, "POST", "/", JSON.stringify({ jsonrpc: "2.0", id: 1, method: "abci_info", params: {} }), TIMEOUT_MS);
    if ("error" in r) throw new Error(`abci_info failed after a fuzz batch: ${r.error}`);
    const info = (JSON.parse(r.body) as { result: { response: { last_block_height: string; last_block_app_hash: string } } }).result.response;
    return `${info.last_block_height}/${info.last_block_app_hash}`;
  }

  /** Sends `n` inputs; then forces the refused txs into a block and mines the mempool. */
  async batch(n: number): Promise<void> {
    const before = await this.abciInfo();
    const fsrc = { tx: () => this.tx(), queryPaths: [...this.chain.node.app.router.queries.keys()], maxBodyBytes: FUZZ_MAX_BODY_BYTES };
    for (let i = 0; i < n; i++) {
      const f = frame(this.rng, fsrc);
      this.stats.inputs++;
      this.stats.byKind[f.kind]++;
      await this.send(f);
    }
    this.ws.close();
    const after = await this.abciInfo();
    if (after !== before) this.bad(this.stats.stateChanges, `height/app hash ${before} became ${after} with no block made`);
    for (const line of this.logged.splice(0)) this.bad(this.stats.crashes, `server logged: ${line}`);
    // The accepted txs first (from the mempool; a refused tx may be one that lost its sequence to
    // one of them), then a block that pays out their fees: after that auth and bank hold still.
    await this.chain.node.produceBlock();
    await this.chain.node.produceBlock({ txs: [] });
    const snapshot = stateSnapshot(this.chain.node);
    const forced = this.refused.splice(0);
    const why = this.refusedWhy.splice(0);
    const block = await this.chain.node.produceBlock({ txs: forced });
    this.stats.refusedTxsForced += forced.length;
    block.txResults.forEach((r, i) => {
      if (r.code === 0) this.bad(this.stats.stateChanges, `a tx the RPC refused ran in a block: ${Buffer.from(forced[i]).toString("hex").slice(0, 200)}`);
    });
    const now = stateSnapshot(this.chain.node);
    if (JSON.stringify(now) !== JSON.stringify(snapshot)) {
      const diff = [...now.filter((x) => !snapshot.includes(x)).map((x) => `+${x}`), ...snapshot.filter((x) => !now.includes(x)).map((x) => `-${x}`)];
      this.bad(this.stats.stateChanges, `auth/bank changed by a block of ${forced.length} refused txs: ${diff.join(" ").slice(0, 600)} ${JSON.stringify(block.txResults.map((r) => `${r.codespace}/${r.code} ${r.log.slice(0, 80)}`))} ${JSON.stringify(why)} ${JSON.stringify(block.finalizeBlockEvents.map((e) => e.type))}`);
    }
    for (const a of this.accounts) a.sequence = (await queryAccount(this.chain.node, a.address))?.sequence ?? 0n;
  }
}
