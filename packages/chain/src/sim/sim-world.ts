// The simulated population: a model owner, users and miners (some registered at genesis block 1,
// some in reserve), their keys, and the genesis params that make queries turn over quickly.
import { sha256 } from "@noble/hashes/sha2.js";
import * as inf from "../x/inference/proto";
import { defaultParams as inferenceDefaults } from "../x/inference/params";
import { defaultParams as stakingDefaults } from "../x/stakingext/params";
import * as stk from "../x/stakingext/proto";
import { Params as GovParams } from "cosmjs-types/cosmos/gov/v1/gov";
import { defaultGenesis as govDefaultGenesis } from "../x/gov/genesis";
import { defaultParams as govDefaultParams } from "../x/gov/params";
import { encryptionKey } from "./protocol-harness";
import { SIM_MIN_DEPOSIT } from "./sim-gov";
import { type SimAccount, accountFromSecret } from "./tx-builder";

export const SIM_CHAIN_ID = "nesa-sim-1";
export const FLOAT_MODEL = "sim-float";
export const INT_MODEL = "sim-int";
export const MODEL_PRICE = 5_000n;
/** A generator (PROTOCOL.md §10): S = 2, priced per seat and per token. */
export const GEN_MODEL = "sim-gen";
export const GEN_FIELDS = { inputPrice: 20n, outputPrice: 90n, contextLength: 64, eosTokenId: 2 };
export const ACCOUNT_BALANCE = 1_000_000_000_000n;

export interface SimWorld {
  owner: SimAccount;
  users: SimAccount[];
  /** Miners registered in block 1. */
  miners: SimAccount[];
  /** Miners that may register later. */
  reserve: SimAccount[];
  all: SimAccount[];
  validatorSecret: Uint8Array;
  encryptionKeyOf: Map<string, Uint8Array>;
}

export function buildWorld(seed: string, minerCount: number, userCount = 10, reserveCount = 5): SimWorld {
  const secret = (i: number) => sha256(new TextEncoder().encode(`sim/${seed}/${i}`));
  const all = Array.from({ length: 1 + userCount + minerCount + reserveCount }, (_, i) => accountFromSecret(secret(i), BigInt(i)));
  const miners = all.slice(1 + userCount, 1 + userCount + minerCount);
  const reserve = all.slice(1 + userCount + minerCount);
  const encryptionKeyOf = new Map([...miners, ...reserve].map((m, i) => [m.address, encryptionKey(i)]));
  return { owner: all[0], users: all.slice(1, 1 + userCount), miners, reserve, all, validatorSecret: secret(1_000_000), encryptionKeyOf };
}

/** Short windows and quick jail/unbonding turnover so 1,000 blocks see every path many times. */
export function simAppState(): Record<string, unknown> {
  return {
    inference: inf.GenesisState.toJSON({
      params: { ...inferenceDefaults(), commitBlocks: 4n, revealBlocks: 4n },
      models: [],
      queries: [],
      beacons: [],
    }),
    // Short proposal periods (in blocks) and a small deposit, so proposals turn over many times in 1,000 blocks.
    gov: { ...govDefaultGenesis(), params: GovParams.toJSON({ ...govDefaultParams(), minDeposit: [{ denom: "unes", amount: String(SIM_MIN_DEPOSIT) }], maxDepositPeriod: { seconds: 10n, nanos: 0 }, votingPeriod: { seconds: 8n, nanos: 0 }, expeditedVotingPeriod: { seconds: 4n, nanos: 0 } }) },
    stakingext: stk.GenesisState.toJSON({
      params: { ...stakingDefaults(), unbondingBlocks: 20n, jailBlocks: 10n, maxMissed: 3, missedWindow: 50n },
      miners: [],
    }),
  };
}
