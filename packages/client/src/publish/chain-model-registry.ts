// The model store's view of the chain (`nesa-model-store serve --rpc URL`): which blobs a registered model lists,
// the chain's id and height (upload intents are valid until a height), and every blob registered models list (what
// dropping an expired intent must keep).
import type { ModelRegistry, RegisteredModel } from "@nesa/model-store";
import type { inferenceState } from "@nesa/proto-types";
import { QueryClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { setupInferenceExtension } from "../modules/inference/queries";

const blobsOf = (m: inferenceState.Model) => [...m.shards, ...(m.hss?.share ? [m.hss.share] : []), ...(m.hss?.combine ? [m.hss.combine] : [])].map((s) => ({ sha256: Buffer.from(s.sha256).toString("hex"), sizeBytes: Number(s.sizeBytes) }));

/**
 * A ModelRegistry for startModelStoreServer backed by the chain's `nesa.inference.v1.Query/Model(s)` and CometBFT
 * `/status`.
 * @example startModelStoreServer({ dir, registry: await chainModelRegistry("http://127.0.0.1:26657") })
 */
export async function chainModelRegistry(rpcUrl: string): Promise<ModelRegistry & { close(): void }> {
  const comet = await Comet38Client.connect(rpcUrl);
  const q = QueryClient.withExtensions(comet, setupInferenceExtension);
  const lookup = async (modelId: string): Promise<RegisteredModel | undefined> => {
    const m = await q.inference.model(modelId).catch(() => undefined);
    return m ? { owner: m.owner, deprecated: m.deprecated, blobs: blobsOf(m) } : undefined;
  };
  const status = async () => {
    const s = await comet.status();
    return { chainId: s.nodeInfo.network, height: s.syncInfo.latestBlockHeight };
  };
  const listedBlobs = async () => {
    const out = new Set<string>();
    let key: Uint8Array | undefined;
    do {
      const page = await q.inference.models({ includeDeprecated: true }, key);
      for (const m of page.models) for (const b of blobsOf(m)) out.add(b.sha256);
      key = page.pagination?.nextKey?.length ? page.pagination.nextKey : undefined;
    } while (key);
    return out;
  };
  return Object.assign(lookup, { status, listedBlobs, close: () => comet.disconnect() });
}
