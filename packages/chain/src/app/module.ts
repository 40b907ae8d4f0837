// How a module plugs into the application, mirroring cosmos-sdk's AppModule: msg and query
// handlers routed by type URL / gRPC path, Begin/EndBlock hooks, genesis and invariants.
import type { KVStore } from "../store/types";
import type { AbciEvent } from "../node/types";

export interface GasMeter {
  readonly limit: bigint;
  consumed(): bigint;
  /** Throws the registered out-of-gas error (sdk/11) when the limit is exceeded. */
  consume(amount: bigint, descriptor: string): void;
}

export interface EventManager {
  emit(event: AbciEvent): void;
  events(): AbciEvent[];
}

/** Everything a handler may read: no clock, no randomness, only what the block gives. */
export interface Context {
  readonly chainId: string;
  readonly height: bigint;
  /** Block time from the header (RFC3339). Deterministic on replay. */
  readonly blockTime: string;
  readonly proposerAddress: Uint8Array;
  /** App hash after the previous block (the header's app_hash): the VRF beacon's input. */
  readonly lastAppHash: Uint8Array;
  /**
   * The state-digest half of `lastAppHash` (app hash = sha256(tag ‖ state digest ‖ block commitment)); always set
   * by the application, absent in hand-made test contexts.
   */
  readonly lastStateDigest?: Uint8Array;
  readonly isCheckTx: boolean;
  readonly gasMeter: GasMeter;
  readonly eventManager: EventManager;
  /** The module's own prefix store (gas-metered inside txs). */
  kvStore(moduleName: string): KVStore;
  /**
   * A cache-wrapped child context (cosmos-sdk `CacheContext`): same block and meter, its own events;
   * nothing reaches this context's store until `write()` (x/gov runs a passed proposal's msgs in one).
   */
  branch?(): { ctx: Context; events: () => AbciEvent[]; write: () => void };
}

export interface MsgHandler<T = unknown> {
  typeUrl: string;
  decode(bytes: Uint8Array): T;
  /**
   * Optional: fills proto3 defaults into a partial msg, as decoding does. Only for harnesses that
   * hand msgs to `handle` without the wire (the app always decodes).
   */
  fromPartial?(object: unknown): T;
  /** bech32 addresses that must have signed (from the proto's cosmos.msg.v1.signer field). */
  signers(msg: T): string[];
  /** Stateless checks (field formats); throws a registered ChainError. */
  validateBasic?(msg: T): void;
  /** Executes the msg; returns the response Any for TxMsgData.msg_responses. */
  handle(ctx: Context, msg: T): { typeUrl: string; value: Uint8Array };
}

export type QueryHandler = (ctx: Context, request: Uint8Array) => Uint8Array;

export interface Invariant {
  name: string;
  /** Returns a message describing the broken invariant, or undefined when it holds. */
  check(ctx: Context): string | undefined;
}

/** What is known about the next block before it starts: enough to compute its inputs ahead of time. */
export interface NextBlockInfo {
  readonly chainId: string;
  readonly height: bigint;
  /** App hash after the last committed block (the next header's app_hash). */
  readonly lastAppHash: Uint8Array;
}

export interface AppModule<G = unknown> {
  name: string;
  msgHandlers: MsgHandler<any>[];
  /** Keyed by the full gRPC path, e.g. "/nesa.inference.v1.Query/Params". */
  queryHandlers: Record<string, QueryHandler>;
  beginBlock?(ctx: Context): void;
  /**
   * Optional, outside the state machine: called after each commit so the module can start work the
   * next BeginBlock will need (e.g. the beacon's VRF proof on a worker). It must not touch state, and
   * BeginBlock must give the same result whether or not this ran or finished.
   */
  prepareBlock?(next: NextBlockInfo): Promise<void> | void;
  endBlock?(ctx: Context): void;
  /**
   * Optional, at most one module: a 32-byte commitment to data of the block just executed that the app hash
   * carries beside the state digest (x/inference: the merkle root of the block's verdicts). Called at commit
   * and on restore with a read-only context over the committed state at that height; must depend on state only.
   */
  blockCommitment?(ctx: Context): Uint8Array;
  defaultGenesis(): G;
  /** Throws with a clear message when the genesis section is invalid. */
  validateGenesis(genesis: G): void;
  initGenesis(ctx: Context, genesis: G): void;
  exportGenesis(ctx: Context): G;
  invariants: Invariant[];
  /** Optional: receives the app's msg routes once they are built (x/gov executes proposal msgs through them). */
  setMsgRoutes?(routes: ReadonlyMap<string, MsgHandler>): void;
}
