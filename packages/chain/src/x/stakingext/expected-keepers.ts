// What the protocol modules need from x/bank (cosmos-sdk's expected_keepers.go). Amounts are in
// the bond denom; an adapter over the app's bank keeper implements this (see module wiring).
import type { Context } from "../../app/module";

export interface ProtocolBank {
  /** bech32 address of a module account. */
  moduleAddress(name: string): string;
  balance(ctx: Context, address: string): bigint;
  /** Throws the bank's insufficient-funds error when `from` holds less than `amount`. */
  sendAccountToModule(ctx: Context, from: string, module: string, amount: bigint): void;
  sendModuleToAccount(ctx: Context, module: string, to: string, amount: bigint): void;
  sendModuleToModule(ctx: Context, from: string, to: string, amount: bigint): void;
  burnFromModule(ctx: Context, module: string, amount: bigint): void;
  /** Total supply of the bond denom. */
  supply(ctx: Context): bigint;
}

/** The x/inference model registry as x/staking-ext and x/payforquery see it (set after construction). */
export interface ModelInfo {
  id: string;
  owner: string;
  price: bigint;
  shards: number;
  /** The model declares HSS-EE stages (it accepts PRIVACY_HSS_EE queries). */
  hss: boolean;
  minReplicas: number;
  deprecated: boolean;
  /** MODEL_KIND_GENERATOR only (PROTOCOL.md §10): per-token prices and context length; undefined for classifiers. */
  generator?: GeneratorInfo;
}

export interface GeneratorInfo {
  inputPrice: bigint;
  outputPrice: bigint;
  contextLength: number;
}

export interface ModelRegistry {
  getModel(ctx: Context, id: string): ModelInfo | undefined;
}
