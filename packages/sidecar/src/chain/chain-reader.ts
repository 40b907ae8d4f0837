// Read-only chain access for the miner: x/inference and x/staking-ext queries over abci_query.
import { QueryClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { type InferenceExtension, type StakingextExtension, setupInferenceExtension, setupStakingextExtension } from "@nesa/client";

export type NesaQueryClient = QueryClient & InferenceExtension & StakingextExtension;

export class ChainReader {
  private constructor(
    readonly comet: Comet38Client,
    readonly query: NesaQueryClient,
  ) {}

  static async connect(rpcUrl: string): Promise<ChainReader> {
    let comet: Comet38Client;
    try {
      comet = await Comet38Client.connect(rpcUrl);
    } catch (cause) {
      throw new Error(`cannot reach the chain RPC at ${rpcUrl}: start nesad or fix rpcUrl in the miner config`, { cause });
    }
    return ChainReader.fromComet(comet);
  }

  static fromComet(comet: Comet38Client): ChainReader {
    return new ChainReader(comet, QueryClient.withExtensions(comet, setupInferenceExtension, setupStakingextExtension));
  }

  async height(): Promise<number> {
    return (await this.comet.status()).syncInfo.latestBlockHeight;
  }

  async chainId(): Promise<string> {
    return (await this.comet.status()).nodeInfo.network;
  }

  disconnect(): void {
    this.comet.disconnect();
  }
}
