// NesaClient: the cosmjs signing client plus the Nesa query extensions, `infer` and `generate`, over one CometBFT
// connection. Browser-safe: the data plane and model codecs are passed in (Node ones live in adapters/node).
// Many `infer` calls may run at once on one client: their pay msgs are batched into few txs signed with a locally
// tracked sequence; waits follow the blocks one ChainFollower per client hands on (tx results and query events
// read from the blocks themselves, not polled per tx or query); and what does not change per query is cached.
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { OfflineSigner } from "@cosmjs/proto-signing";
import { type BankExtension, type Coin, GasPrice, QueryClient, SigningStargateClient, type StdFee, calculateFee, setupBankExtension } from "@cosmjs/stargate";
import { Comet38Client, type CometClient } from "@cosmjs/tendermint-rpc";
import { fromHex, toHex } from "@cosmjs/encoding";
import type { EncodeObject } from "@cosmjs/proto-signing";
import type { inferenceState } from "@nesa/proto-types";
import { BlockWaiter } from "./chain/block-waiter";
import { ChainFollower } from "./chain/chain-follower";
import type { FollowedBlock } from "./chain/followed-block";
import { MsgBatcher } from "./chain/msg-batcher";
import { QueryEvents } from "./chain/query-events";
import { SequencedTxSender } from "./chain/sequenced-tx-sender";
import { TtlCache } from "./chain/ttl-cache";
import { TxInclusion, includedTxOf } from "./chain/tx-inclusion";
import { includedToDeliverTxResponse } from "./chain/wait-for-tx";
import type { DataPlane } from "./data-plane/data-plane";
import { ClientError, ClientErrorCode } from "./errors/nesa-error";
import { simulateGas } from "./infer/simulate-gas";
import { type GenerateDeps, type GenerateParameters, type GenerateReturnType, generate } from "./generate/generate";
import type { GenerationCodec } from "./generate/generation-codec";
import { type GenerationStream, generationStream } from "./generate/generation-stream";
import type { TokenStreamSource } from "./generate/token-stream";
import { type InferDeps, type InferParameters, type InferReturnType, infer } from "./infer/infer";
import { hssShareSeatsOf } from "./infer/hss-input";
import type { ModelCodec } from "./infer/model-codec";
import { type InferenceExtension, setupInferenceExtension } from "./modules/inference/queries";
import { type PayforqueryExtension, setupPayforqueryExtension } from "./modules/payforquery/queries";
import { type StakingextExtension, setupStakingextExtension } from "./modules/stakingext/queries";
import { createNesaRegistry } from "./registry";
import { checkVerdictReceipt } from "./receipt/light-client";

export type NesaQueryClient = QueryClient & InferenceExtension & PayforqueryExtension & StakingextExtension & BankExtension;

export interface NesaClientOptions {
  /** Where inputs go and results come from; required for `infer`. */
  readonly dataPlane?: DataPlane;
  /** Input/output codec per model id (with the client's EE key); required for `infer`. */
  readonly codecs?: Readonly<Record<string, ModelCodec>> | ((modelId: string) => ModelCodec);
  /** Tokenizer + EE key per generator model id; required for `generate`. */
  readonly generators?: Readonly<Record<string, GenerationCodec>> | ((modelId: string) => GenerationCodec);
  /** Where `generate` reads the miners' token streams (Node: createRedisTokenStream); without it no streaming. */
  readonly tokenStream?: TokenStreamSource;
  /** Default "0.025unes" (the localnet's minimum). */
  readonly gasPrice?: string;
  /** cosmjs polls for a broadcast tx this often (its own signAndBroadcast only; `infer` follows blocks); default 200 ms. */
  readonly broadcastPollIntervalMs?: number;
  /** How long the model record and fee estimates are reused across queries (default 1000 ms). */
  readonly cacheTtlMs?: number;
  /** Check the beacon's proposer against the node's validator set (default true). */
  readonly checkProposer?: boolean;
  /**
   * `infer`'s light-client check of the verdict receipt (receipt/): "auto" (default) checks the validators'
   * commit on CometBFT and the node's own header on the simulator (proof.trust "single-node"); "validators"
   * refuses single-node trust; "off" skips the check (no `proof`).
   */
  readonly verdictReceipts?: "auto" | "validators" | "off";
  /**
   * ed25519 consensus public keys of the validators you trust (the chain's genesis): the receipt's header must be
   * signed with keys among them holding > 2/3 of the power (proof.anchored). Without it the validator set is the
   * node's own word (docs/security.md §8). Implies refusing unsigned (single-node) headers.
   */
  readonly trustedValidators?: readonly Uint8Array[];
}

/**
 * @example
 * const client = await NesaClient.connectWithSigner("http://127.0.0.1:26657", wallet, {
 *   dataPlane: createHttpDataPlane(dispatcherUrl), codecs: { lande: createNodeModelCodec("lande", key) },
 * });
 * const { output, queryId } = await client.infer({ model: "lande", input: "Bonjour à tous", privacy: "ee" });
 */
export class NesaClient {
  private readonly blocks = new BlockWaiter();
  private readonly queryEvents = new QueryEvents();
  private readonly inclusion = new TxInclusion({ getTx: async (hash) => includedTxOf(await this.comet.tx({ hash: fromHex(hash) })) });
  private follower: ChainFollower | undefined;
  /** Resolves once the follower has seen its first height: blocks after it are handed on (and scanned for our txs). */
  private following: Promise<void> | undefined;
  private readonly txSender: SequencedTxSender | undefined;
  private readonly batcher: MsgBatcher | undefined;
  private readonly models: TtlCache<string, inferenceState.Model>;
  private readonly fees: TtlCache<string, Awaited<ReturnType<PayforqueryExtension["payforquery"]["estimateFee"]>>>;
  /** Simulated gas per msg shape: simulated once, then reused (the ×1.3 margin absorbs small differences). */
  private readonly gas = new TtlCache<string, number>(Number.POSITIVE_INFINITY, 64);
  /** Validator keys per height (a past height's set never changes). */
  private readonly validators = new TtlCache<bigint, Uint8Array[]>(Number.POSITIVE_INFINITY, 64);

  private constructor(
    readonly comet: CometClient,
    readonly queries: NesaQueryClient,
    readonly chainId: string,
    private readonly options: NesaClientOptions,
    private readonly rpcUrl: string,
    readonly signing?: SigningStargateClient,
    readonly sender?: string,
    private readonly signerPubkey?: Uint8Array,
  ) {
    const ttl = options.cacheTtlMs ?? 1000;
    this.models = new TtlCache(ttl);
    this.fees = new TtlCache(ttl);
    if (signing && sender) {
      const txSender = this.createTxSender(signing, sender);
      this.txSender = txSender;
      this.batcher = this.createBatcher(txSender);
    }
  }

  /** Pay txs broadcast by `infer` and the MsgPayForQuery msgs they held (concurrent pays share txs). */
  get payTxStats(): { readonly txs: number; readonly msgs: number } {
    return this.batcher?.stats ?? { txs: 0, msgs: 0 };
  }

  /** Read-only client: queries, no txs. */
  static async connect(rpc: string, options: NesaClientOptions = {}): Promise<NesaClient> {
    const comet = await Comet38Client.connect(rpc);
    const chainId = (await comet.status()).nodeInfo.network;
    return new NesaClient(comet, NesaClient.queryClient(comet), chainId, options, rpc);
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
    return new NesaClient(comet, NesaClient.queryClient(comet), chainId, options, rpc, signing, account.address, account.pubkey);
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

  /**
   * Runs a private generation end to end and verifies it; tokens stream through `onToken` (unverified) and the
   * verified text is returned at the verdict. See `generate` for the steps.
   *
   * @example
   * const r = await client.generate({ model: "tiny-lm", prompt: "Call me Ishmael.", maxTokens: 24, onToken: (t) => process.stdout.write(t.text) });
   */
  async generate(p: GenerateParameters): Promise<GenerateReturnType> {
    return generate(this.generateDeps(), p);
  }

  /**
   * `generate` as an async iterable of tokens, with the verified summary on `.result`.
   *
   * @example
   * const stream = client.generateStream({ model: "tiny-lm", prompt: "Call me Ishmael." });
   * for await (const t of stream) process.stdout.write(t.text);
   * const { text, streamedMatched } = await stream.result;
   */
  generateStream(p: GenerateParameters): GenerationStream {
    return generationStream((q) => this.generate(q), p);
  }

  private inferDeps(): InferDeps {
    const { codecs } = this.options;
    const codecFor = (id: string): ModelCodec => {
      const c = typeof codecs === "function" ? codecs(id) : codecs?.[id];
      if (!c) throw new ClientError(ClientErrorCode.UnknownModel, `no codec (EE key) for model "${id}"`, "pass codecs: { [modelId]: createNodeModelCodec(modelId, eeKey) }");
      return c;
    };
    return { ...this.queryDeps("infer"), codecFor, hssShareSeats: hssShareSeatsOf, verifyVerdict: this.verdictVerifier() };
  }

  /** The receipt check `infer` runs after the verdict (NesaClientOptions.verdictReceipts). */
  private verdictVerifier(): InferDeps["verifyVerdict"] {
    const mode = this.options.verdictReceipts ?? "auto";
    if (mode === "off") return undefined;
    // connect() and connectWithSigner() always make a Comet38Client.
    const comet = this.comet as Comet38Client;
    const { inference } = this.queries;
    return (expect) =>
      checkVerdictReceipt({
        chainId: this.chainId, comet, getReceipt: (id) => inference.verdictReceipt(id), expect,
        require: mode === "validators" ? "validators" : undefined, trustedValidators: this.options.trustedValidators,
      });
  }

  private generateDeps(): GenerateDeps {
    const { generators, tokenStream } = this.options;
    const generationCodecFor = (id: string): GenerationCodec => {
      const c = typeof generators === "function" ? generators(id) : generators?.[id];
      if (!c) throw new ClientError(ClientErrorCode.UnknownModel, `no tokenizer and EE key for generator "${id}"`, "pass generators: { [modelId]: await loadNodeGenerationCodec(modelFiles) }");
      return c;
    };
    return { ...this.queryDeps("generate"), generationCodecFor, verifyVerdict: this.verdictVerifier(), ...(tokenStream ? { tokenStream } : {}) };
  }

  /** What infer and generate share: the signer's pay path, cached chain reads, the data plane, followed blocks. */
  private queryDeps(what: string): Omit<InferDeps, "codecFor" | "hssShareSeats"> {
    const { signing, sender, txSender, batcher } = this;
    const { dataPlane } = this.options;
    if (!signing || !sender || !txSender || !batcher) throw new ClientError(ClientErrorCode.InvalidArgument, `${what} needs a signer`, "connect with NesaClient.connectWithSigner");
    if (!dataPlane) throw new ClientError(ClientErrorCode.InvalidArgument, `${what} needs a dataPlane option`, "pass createHttpDataPlane(dispatcherUrl), possibly combined with a Redis result source");
    this.startFollowing();
    const comet = this.comet;
    const { inference, payforquery } = this.queries;
    return {
      chainId: this.chainId,
      sender,
      // Per-client caches over what does not change per query; everything else reads the chain.
      queries: {
        ...this.queries,
        inference: { ...inference, model: (id) => this.models.get(String(id), () => inference.model(id)) },
        payforquery: {
          ...payforquery,
          estimateFee: (model, bytes, replicas, privacy, generation) =>
            this.fees.get(`${model}/${bytes}/${replicas}/${privacy}/${generation?.inputTokens ?? 0}/${generation?.maxNewTokens ?? 0}`, () =>
              payforquery.estimateFee(model, bytes, replicas, privacy, generation),
            ),
        },
      },
      dataPlane,
      blocks: this.blocks,
      events: this.queryEvents,
      pay: {
        send: async (msg, gas) => {
          // Our txs are found in the blocks handed on after the follower's first height.
          await this.following;
          return batcher.submit(msg, gas);
        },
        estimateGas: async (msg, hint) => {
          const v = msg.value;
          const simulate = async () => simulateGas({ comet, registry: signing.registry, pubkey: this.signerPubkey!, sequence: await txSender.nextSequence(), msgs: [msg], what: "MsgPayForQuery" });
          // A msg that may fail is simulated every time, so that it fails there and is never broadcast.
          const gas = hint?.mayFail ? await simulate() : await this.gas.get(`${msg.typeUrl}/${v.modelId}/${v.replicas}/${v.privacy}`, simulate);
          // The node's own advice (chain README): gasUsed × 1.3 covers the signed tx (a batch gets the sum).
          return Math.ceil(gas * 1.3);
        },
      },
      validatorPubkeys:
        this.options.checkProposer === false
          ? undefined
          : (height) =>
              this.validators.get(height, async () => (await comet.validators({ height: Number(height) })).validators.flatMap((v) => (v.pubkey ? [v.pubkey.data] : []))),
    };
  }

  /** Concurrent pays share txs: fee = the summed gas × the gas price; inclusion is read from followed blocks. */
  private createBatcher(txSender: SequencedTxSender): MsgBatcher {
    const gasPrice = GasPrice.fromString(this.options.gasPrice ?? "0.025unes");
    return new MsgBatcher({
      broadcast: (msgs: readonly EncodeObject[], gas: number) => txSender.broadcast(msgs, calculateFee(gas, gasPrice)),
      included: (hash) => this.inclusion.wait(hash, 60_000),
    });
  }

  /** Signs with the account's number and a local sequence; inclusion is read from the followed blocks. */
  private createTxSender(signing: SigningStargateClient, sender: string): SequencedTxSender {
    return new SequencedTxSender({
      account: () => signing.getSequence(sender),
      sign: async (msgs, fee: StdFee, memo, s) =>
        TxRaw.encode(await signing.sign(sender, [...msgs], fee, memo, { accountNumber: s.accountNumber, sequence: s.sequence, chainId: this.chainId })).finish(),
      broadcastSync: async (tx) => {
        const r = await this.comet.broadcastTxSync({ tx });
        return { code: r.code, codespace: r.codespace, log: r.log, hash: toHex(r.hash).toUpperCase() };
      },
      waitForTx: async (hash) => {
        this.startFollowing();
        await this.following;
        return includedToDeliverTxResponse(await this.inclusion.wait(hash, 60_000));
      },
    });
  }

  /**
   * One follower per client, started on first use: NewBlock over the WebSocket (status polling as the fallback),
   * every block handed on with its tx results and events, which settle tx and query waits.
   */
  private startFollowing(): void {
    if (this.follower) return;
    this.follower = new ChainFollower({
      rpcUrl: this.rpcUrl,
      comet: this.comet,
      pollIntervalMs: 100,
      wsCheckIntervalMs: 2000,
      onHeight: async (h) => this.blocks.seen(h),
      onBlock: (b: FollowedBlock) => {
        // Events first: a pay tx resolved from this block finds its committee's event already recorded.
        this.queryEvents.onBlock(b);
        this.inclusion.onBlock(b);
      },
    });
    this.following = this.follower.start();
  }

  disconnect(): void {
    void this.follower?.stop(0);
    this.blocks.wakeAll();
    this.queryEvents.wakeAll();
    this.signing?.disconnect();
    this.comet.disconnect();
  }
}
