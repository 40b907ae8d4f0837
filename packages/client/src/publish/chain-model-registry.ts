// The model store's view of the chain (`nesa-model-store serve --rpc URL`): which blobs a registered model lists.
import { QueryClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { setupInferenceExtension } from "../modules/inference/queries";

type RegisteredModel = { owner: string; deprecated: boolean; blobs: { sha256: string; sizeBytes: number }[] };

/**
 * A ModelRegistry for startModelStoreServer backed by the chain's `nesa.inference.v1.Query/Model`.
 * @example startModelStoreServer({ dir, registry: await chainModelRegistry("http://127.0.0.1:26657") })
 */
export async function chainModelRegistry(rpcUrl: string): Promise<((modelId: string) => Promise<RegisteredModel | undefined>) & { close(): void }> {
  const comet = await Comet38Client.connect(rpcUrl);
  const q = QueryClient.withExtensions(comet, setupInferenceExtension);
  const lookup = async (modelId: string): Promise<RegisteredModel | undefined> => {
    const m = await q.inference.model(modelId).catch(() => undefined);
    if (!m) return undefined;
    const stages = [...m.shards, ...(m.hss?.share ? [m.hss.share] : []), ...(m.hss?.combine ? [m.hss.combine] : [])];
    return { owner: m.owner, deprecated: m.deprecated, blobs: stages.map((s) => ({ sha256: Buffer.from(s.sha256).toString("hex"), sizeBytes: Number(s.sizeBytes) })) };
  };
  return Object.assign(lookup, { close: () => comet.disconnect() });
}
