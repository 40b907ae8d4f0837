// What the store asks the chain: a registered model's blobs (who may upload what), and, for upload intents, the
// chain's id and height (an intent's validity) and every blob some registered model lists (what expiry must keep).

/** What the store needs to know about a model on chain. */
export interface RegisteredModel {
  owner: string;
  deprecated: boolean;
  /** Shards and HSS stages: the blobs miners will fetch. */
  blobs: { sha256: string; sizeBytes: number }[];
}

/** The chain's id and latest block height. */
export interface ChainStatus {
  chainId: string;
  height: number;
}

/**
 * Looks a model up on chain (undefined when it is not registered). With `status` and `listedBlobs` the store also
 * takes upload intents (POST /intents); without them it accepts registered models' blobs only.
 */
export type ModelRegistry = ((modelId: string) => Promise<RegisteredModel | undefined>) & {
  status?: () => Promise<ChainStatus>;
  /** Every sha256 listed by a registered model, deprecated ones included (their paid jobs may still run). */
  listedBlobs?: () => Promise<Set<string>>;
};
