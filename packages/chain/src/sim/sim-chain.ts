// An in-memory chain for the simulator and the benchmark: the real Application (ante, signature
// checks, auth, bank and the protocol modules) driven block by block without LevelDB or RPC.
import { readFileSync } from "node:fs";
import { Application } from "../app/application";
import type { GenesisDoc } from "../app/genesis-doc";
import { type AppWiring, wireModules } from "../app/modules";
import { validatorFromSecret } from "../node/home";
import { dataHash, txHash } from "../node/header-hash";
import { TEMPLATE_PATH } from "../node/init-home";
import { executeBlock } from "../node/execute-block";
import type { StoredBlock } from "../node/types";
import type { SimAccount } from "./tx-builder";

export interface SimChainOptions {
  chainId: string;
  validatorSecret: Uint8Array;
  accounts: SimAccount[];
  balance: bigint;
  /** Module genesis sections (proto JSON) replacing the defaults. */
  appState?: Record<string, unknown>;
}

const BASE_MS = Date.UTC(2026, 0, 1);
const blockTime = (height: bigint) => new Date(BASE_MS + Number(height) * 1000).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");

export class SimChain {
  readonly app: Application;
  readonly wiring: AppWiring;
  readonly validatorAddress: Uint8Array;
  private lastBlockHash: Uint8Array = new Uint8Array();

  constructor(readonly opts: SimChainOptions) {
    const validator = validatorFromSecret(opts.validatorSecret);
    this.validatorAddress = validator.address;
    const doc = JSON.parse(readFileSync(TEMPLATE_PATH, "utf8")) as GenesisDoc;
    doc.chain_id = opts.chainId;
    doc.genesis_time = blockTime(0n);
    doc.validators = [
      {
        address: Buffer.from(validator.address).toString("hex").toUpperCase(),
        pub_key: { type: "tendermint/PubKeySecp256k1", value: Buffer.from(validator.pubKey).toString("base64") },
        power: "10",
        name: "sim",
      },
    ];
    const auth = doc.app_state.auth as { accounts: unknown[] };
    const bank = doc.app_state.bank as { balances: unknown[] };
    for (const a of opts.accounts) {
      auth.accounts.push({ "@type": "/cosmos.auth.v1beta1.BaseAccount", address: a.address, pub_key: null, account_number: a.accountNumber.toString(), sequence: "0" });
      bank.balances.push({ address: a.address, coins: [{ denom: "unes", amount: opts.balance.toString() }] });
    }
    Object.assign(doc.app_state, opts.appState ?? {});
    const wiring = wireModules(opts.chainId, validator);
    this.wiring = wiring;
    this.app = new Application({ chainId: opts.chainId, ...wiring, maxBlockGas: BigInt(doc.consensus_params.block.max_gas) });
    this.app.initChain(doc);
  }

  height(): bigint {
    return this.app.lastCommitted().height;
  }

  appHash(): Uint8Array {
    return this.app.lastCommitted().appHash;
  }

  /** Executes and commits the next block with `txs` in order. */
  produce(txs: Uint8Array[]): StoredBlock {
    const last = this.app.lastCommitted();
    const hashes = txs.map(txHash);
    const header = {
      chainId: this.opts.chainId,
      height: last.height + 1n,
      time: blockTime(last.height + 1n),
      lastBlockHash: this.lastBlockHash,
      dataHash: dataHash(hashes),
      appHash: last.appHash,
      lastResultsHash: new Uint8Array(),
      proposerAddress: this.validatorAddress,
    };
    const { block } = executeBlock(this.app, header, txs, hashes);
    this.lastBlockHash = block.hash;
    return block;
  }

  invariants(): string[] {
    return this.app.runInvariants();
  }

  /** The account's sequence on chain (the simulator resyncs after a tx fails in the ante). */
  sequenceOf(address: string): bigint {
    return this.wiring.auth.getAccount(this.app.queryContext(), address)?.sequence ?? 0n;
  }

  invariantCount(): number {
    return this.wiring.modules.reduce((n, m) => n + m.invariants.length, 0);
  }

  supply(): bigint {
    return this.wiring.bank.getSupply(this.app.queryContext(), "unes");
  }
}
