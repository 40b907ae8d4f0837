// A chain for the store's tests: models and a height the test sets, behind the same ModelRegistry interface
// (`chainModelRegistry` in @nesa/client is the real one over CometBFT RPC).
import type { ModelRegistry, RegisteredModel } from "../server/registry";

export interface MemoryChain {
  chainId: string;
  height: number;
  models: Record<string, RegisteredModel>;
  registry: ModelRegistry;
}

export function memoryChain(chainId = "nesa-test", height = 10): MemoryChain {
  const chain: MemoryChain = {
    chainId,
    height,
    models: {},
    registry: Object.assign(async (id: string) => chain.models[id], {
      status: async () => ({ chainId: chain.chainId, height: chain.height }),
      listedBlobs: async () => new Set(Object.values(chain.models).flatMap((m) => m.blobs.map((b) => b.sha256))),
    }),
  };
  return chain;
}
