// The few chain operations the submitter needs, behind an interface so its retry logic can be unit-tested;
// CosmjsTxBackend is the real one (unmodified cosmjs against nesad's CometBFT RPC).
import { sha256 } from "@cosmjs/crypto";
import { toHex } from "@cosmjs/encoding";
import type { EncodeObject, OfflineSigner } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, calculateFee } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { createNesaRegistry } from "@nesa/client";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";

export type AccountSeq = { accountNumber: bigint; sequence: number };
export type TxResult = { code: number; codespace: string; log?: string };
export type BroadcastResult = TxResult & { hash: string };
export type IncludedResult = TxResult & { height: number };
/** A tx of a committed block with its DeliverTx result. */
export type BlockTx = TxResult & { hash: string };

export interface TxBackend {
  getSequence(address: string): Promise<AccountSeq>;
  /** Signs with the given sequence and broadcasts (sync: returns after CheckTx). */
  broadcast(address: string, msgs: EncodeObject[], gasLimit: number, seq: AccountSeq): Promise<BroadcastResult>;
  /** Every tx of block `height` with its result (one block + one block_results read, whatever the count). */
  blockTxs(height: number): Promise<BlockTx[]>;
  /** One lookup by hash; undefined when the tx is in no block (yet). */
  findTx(hash: string): Promise<IncludedResult | undefined>;
  height(): Promise<number>;
  disconnect(): void;
}

export class CosmjsTxBackend implements TxBackend {
  private constructor(
    private readonly comet: Comet38Client,
    private readonly client: SigningStargateClient,
    private readonly chainId: string,
    private readonly gasPrice: GasPrice,
  ) {}

  static async connect(opts: { rpcUrl: string; signer: OfflineSigner; chainId: string; gasPrice: string }): Promise<CosmjsTxBackend> {
    const comet = await Comet38Client.connect(opts.rpcUrl);
    const client = SigningStargateClient.createWithSigner(comet, opts.signer, { registry: createNesaRegistry() });
    const actual = await client.getChainId();
    if (actual !== opts.chainId) {
      comet.disconnect();
      throw new Error(`the node at ${opts.rpcUrl} runs chain "${actual}", but the config says "${opts.chainId}"; fix chainId or rpcUrl`);
    }
    return new CosmjsTxBackend(comet, client, opts.chainId, GasPrice.fromString(opts.gasPrice));
  }

  get signingClient(): SigningStargateClient {
    return this.client;
  }

  get cometClient(): Comet38Client {
    return this.comet;
  }

  async getSequence(address: string): Promise<AccountSeq> {
    return this.client.getSequence(address);
  }

  async broadcast(address: string, msgs: EncodeObject[], gasLimit: number, seq: AccountSeq): Promise<BroadcastResult> {
    const fee = calculateFee(gasLimit, this.gasPrice);
    const raw = await this.client.sign(address, msgs, fee, "", { ...seq, chainId: this.chainId });
    const res = await this.comet.broadcastTxSync({ tx: TxRaw.encode(raw).finish() });
    return { hash: Buffer.from(res.hash).toString("hex").toUpperCase(), code: res.code, codespace: res.codespace ?? "", log: res.log };
  }

  async blockTxs(height: number): Promise<BlockTx[]> {
    const [block, results] = await Promise.all([this.comet.block(height), this.comet.blockResults(height)]);
    // block_results lists DeliverTx results in the block's tx order.
    return block.block.txs.map((tx, i) => {
      const r = results.results[i];
      return { hash: toHex(sha256(tx)).toUpperCase(), code: r?.code ?? 0, codespace: r?.codespace ?? "", log: r?.log };
    });
  }

  async findTx(hash: string): Promise<IncludedResult | undefined> {
    try {
      const tx = await this.comet.tx({ hash: Buffer.from(hash, "hex") });
      return { height: tx.height, code: tx.result.code, codespace: tx.result.codespace ?? "", log: tx.result.log };
    } catch {
      // cosmjs reports "tx not found" as an error.
      return undefined;
    }
  }

  async height(): Promise<number> {
    return (await this.comet.status()).syncInfo.latestBlockHeight;
  }

  disconnect(): void {
    this.comet.disconnect();
  }
}
