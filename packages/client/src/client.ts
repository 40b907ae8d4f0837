// NesaClient: the cosmjs signing client plus the Nesa query extensions and `infer`, over one CometBFT
// connection. Browser-safe: the data plane and model codecs are passed in (Node ones live in adapters/node).
import type { OfflineSigner } from "@cosmjs/proto-signing";
import { type BankExtension, type Coin, GasPrice, QueryClient, SigningStargateClient, calculateFee, setupBankExtension } from "@cosmjs/stargate";
import { Comet38Client, type CometClient } from "@cosmjs/tendermint-rpc";
import { fromHex } from "@cosmjs/encoding";
import type { DataPlane } from "./data-plane/data-plane";
import { ClientError, ClientErrorCode } from "./errors/nesa-error";
import { simulateGas } from "./infer/simulate-gas";
import { type InferDeps, type InferParameters, type InferReturnType, infer } from "./infer/infer";
import { hssShareSeatsOf } from "./infer/hss-input";
import type { ModelCodec } from "./infer/model-codec";
import { type InferenceExtension, setupInferenceExtension } from "./modules/inference/queries";
import { type PayforqueryExtension, setupPayforqueryExtension } from "./modules/payforquery/queries";
import { type StakingextExtension, setupStakingextExtension } from "./modules/stakingext/queries";
import { createNesaRegistry } from "./registry";

export type NesaQueryClient = QueryClient & InferenceExtension & PayforqueryExtension & StakingextExtension & BankExtension;

export interface NesaClientOptions {
  /** Where inputs go and results come from; required for `infer`. */
  readonly dataPlane?: DataPlane;
  /** Input/output codec per model id (with the client's EE key); required for `infer`. */
  readonly codecs?: Readonly<Record<string, ModelCodec>> | ((modelId: string) => ModelCodec);
  /** Default "0.025unes" (the localnet's minimum). */
  readonly gasPrice?: string;
  /** cosmjs polls for a broadcast tx this often; default 200 ms (blocks are fast on a localnet). */
  readonly broadcastPollIntervalMs?: number;
  /** Check the beacon's proposer against the node's validator set (default true). */
  readonly checkProposer?: boolean;
}

/**
 * @example
 * const client = await NesaClient.connectWithSigner("http://127.0.0.1:26657", wallet, {
 *   dataPlane: createHttpDataPlane(dispatcherUrl), codecs: { lande: createNodeModelCodec("lande", key) },
 * });
 * const { output, queryId } = await client.infer({ model: "lande", input: "Bonjour à tous", privacy: "ee" });
 */
export class NesaClient {
  private constructor(
    readonly comet: CometClient,
    readonly queries: NesaQueryClient,
    readonly chainId: string,
    private readonly options: NesaClientOptions,
    readonly signing?: SigningStargateClient,
    readonly sender?: string,
    private readonly signerPubkey?: Uint8Array,
  ) {}

  /** Read-only client: queries, no txs. */
  static async connect(rpc: string, options: NesaClientOptions = {}): Promise<NesaClient> {
    const comet = await Comet38Client.connect(rpc);
    const chainId = (await comet.status()).nodeInfo.network;
    return new NesaClient(comet, NesaClient.queryClient(comet), chainId, options);
  }

  /** Signing client; the signer's first account pays for queries. */
  static async connectWithSigner(rpc: string, signer: OfflineSigner, options: NesaClientOptions = {}): Promise<NesaClient> {
    const comet = await Comet38Client.connect(rpc);
    const chainId = (await comet.status()).nodeInfo.network;
    const signing = SigningStargateClient.createWithSigner(comet, signer, {
      registry: createNesaRegistry(),
      gasPrice: GasPrice.fromString(options.gasPrice ?? "0.025unes"),
      broadcastPollIntervalMs: options.broadcastPollIntervalMs ?? 200,
    });
    const [account] = await signer.getAccounts();
    if (!account) throw new ClientError(ClientErrorCode.InvalidArgument, "the signer has no accounts");
    return new NesaClient(comet, NesaClient.queryClient(comet), chainId, options, signing, account.address, account.pubkey);
  }

  private static queryClient(comet: CometClient): NesaQueryClient {
    return QueryClient.withExtensions(comet, setupInferenceExtension, setupPayforqueryExtension, setupStakingextExtension, setupBankExtension);
  }

  /** Balance in unes of an address (default: the signer's). */
  async getBalance(address = this.sender, denom = "unes"): Promise<Coin> {
    if (!address) throw new ClientError(ClientErrorCode.InvalidArgument, "no address given and the client has no signer");
    return this.queries.bank.balance(address, denom);
  }

  /** Runs a private inference end to end and verifies it; see `infer` for the steps. */
  async infer<I = unknown, O = unknown>(p: InferParameters<I>): Promise<InferReturnType<O>> {
    return infer<I, O>(this.inferDeps(), p);
  }

  private inferDeps(): InferDeps {
    const { signing, sender } = this;
    const { dataPlane, codecs } = this.options;
    if (!signing || !sender) throw new ClientError(ClientErrorCode.InvalidArgument, "infer needs a signer", "connect with NesaClient.connectWithSigner");
    if (!dataPlane) throw new ClientError(ClientErrorCode.InvalidArgument, "infer needs a dataPlane option", "pass createHttpDataPlane(dispatcherUrl), possibly combined with a Redis result source");
    const codecFor = (id: string): ModelCodec => {
      const c = typeof codecs === "function" ? codecs(id) : codecs?.[id];
      if (!c) throw new ClientError(ClientErrorCode.UnknownModel, `no codec (EE key) for model "${id}"`, "pass codecs: { [modelId]: createNodeModelCodec(modelId, eeKey) }");
      return c;
    };
    const comet = this.comet;
    return {
      chainId: this.chainId,
      sender,
      queries: this.queries,
      dataPlane,
      codecFor,
      hssShareSeats: hssShareSeatsOf,
      pay: {
        signAndBroadcast: (addr, msgs, fee, memo) => signing.signAndBroadcast(addr, msgs, fee, memo),
        txCodespace: async (hash) => (await comet.tx({ hash: fromHex(hash) })).result.codespace,
        estimateTxFee: async (msgs) => {
          const { sequence } = await signing.getSequence(sender);
          const gas = await simulateGas({ comet, registry: signing.registry, pubkey: this.signerPubkey!, sequence, msgs, what: "MsgPayForQuery" });
          // The node's own advice (chain README): gasUsed × 1.3 covers the signed tx.
          return calculateFee(Math.ceil(gas * 1.3), GasPrice.fromString(this.options.gasPrice ?? "0.025unes"));
        },
      },
      validatorPubkeys:
        this.options.checkProposer === false
          ? undefined
          : async (height) => (await comet.validators({ height: Number(height) })).validators.flatMap((v) => (v.pubkey ? [v.pubkey.data] : [])),
    };
  }

  disconnect(): void {
    this.signing?.disconnect();
    this.comet.disconnect();
  }
}
