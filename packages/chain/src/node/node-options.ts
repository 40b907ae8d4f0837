// Options of NesaNode.open / createNode.
import type { Logger } from "pino";
import type { ModuleFactory } from "../app/modules";
import type { MempoolLimits } from "../mempool/mempool";

export interface CreateNodeOptions {
  home: string;
  /** Milliseconds between blocks (default 1000). Ignored with manualBlocks. */
  blockTimeMs?: number;
  /** Tests: no timer, call produceBlock(). */
  manualBlocks?: boolean;
  logger?: Logger;
  /** Extra modules (tests, experiments) after the ones in app/modules.ts. */
  extraModules?: ModuleFactory[];
  mempoolLimits?: MempoolLimits;
  /** Run every module invariant after each block and stop on the first broken one (tests). */
  checkInvariants?: boolean;
  /** Signature-check worker threads for CheckTx (default: cores − 1, at least 1; 0 = inline). */
  sigWorkers?: number;
  /** Called once when the block timer stops on an error (the CLI exits non-zero). */
  onHalt?: (err: Error) => void;
}
