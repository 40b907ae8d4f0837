// The off-chain data plane as the client sees it: where encrypted inputs go and where results are read by digest.
// Results read here are untrusted bytes: `fetchResult` checks them against the chain's verdict before use.

export interface DataPlane {
  /** Delivers the encrypted input of a paid query (the dispatcher checks it against input_commitment). */
  putInput(queryId: bigint, body: Uint8Array): Promise<void>;
  /**
   * Delivers an encrypted input under its hex sha256 *before* its query is paid, so miners can start as soon as
   * the pay block assigns the committee. Optional: `infer` falls back to `putInput` after paying without it.
   */
  putInputByDigest?(digestHex: string, body: Uint8Array): Promise<void>;
  /** The bytes stored under a hex sha256, or undefined when this source does not have them. */
  getTensor(digestHex: string): Promise<Uint8Array | undefined>;
  /**
   * HSS-EE: delivers the two ECIES-sealed shares of a replica to its share seats. Absent when the network cannot
   * route shares yet; `infer` then refuses HSS-EE before paying.
   */
  putShares?(queryId: bigint, replica: number, sealed: readonly [Uint8Array, Uint8Array], shareDigests: readonly [string, string]): Promise<void>;
  /** Like getTensor, naming the source that had the bytes (combined planes try several). */
  locateTensor?(digestHex: string): Promise<{ bytes: Uint8Array; source: string } | undefined>;
  /** Human-readable name for errors ("dispatcher http://…", "redis …"). */
  readonly name: string;
  close?(): Promise<void>;
}

/** Reads only: a result source that is not an input sink (e.g. Redis read directly). */
export type ResultSource = Pick<DataPlane, "getTensor" | "name" | "close">;

/**
 * Inputs to one data plane, results from the first of several sources that has them.
 *
 * @example
 * const plane = combineDataPlanes(createHttpDataPlane(dispatcherUrl), [createRedisResultSource(redisUrl, "nesa")]);
 */
export function combineDataPlanes(inputs: DataPlane, results: readonly ResultSource[]): DataPlane {
  const sources: ResultSource[] = [...results, inputs];
  return {
    name: sources.map((s) => s.name).join(" + "),
    putInput: (id, body) => inputs.putInput(id, body),
    ...(inputs.putInputByDigest ? { putInputByDigest: inputs.putInputByDigest.bind(inputs) } : {}),
    ...(inputs.putShares ? { putShares: inputs.putShares.bind(inputs) } : {}),
    async getTensor(digestHex) {
      return (await this.locateTensor?.(digestHex))?.bytes;
    },
    async locateTensor(digestHex) {
      for (const s of sources) {
        const bytes = await s.getTensor(digestHex);
        if (bytes !== undefined) return { bytes, source: s.name };
      }
      return undefined;
    },
    async close() {
      for (const s of sources) await s.close?.();
    },
  };
}
