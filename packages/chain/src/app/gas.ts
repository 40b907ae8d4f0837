// Deterministic gas, with the cosmos-sdk's constants (store/types/gas.go KVGasConfig and x/auth
// params), so simulate → fee "auto" behaves as users expect from any Cosmos chain.
import type { GasMeter } from "./module";
import { ErrOutOfGas } from "../errors/sdk-errors";

export const KV_GAS = {
  hasCost: 1000n,
  deleteCost: 1000n,
  readCostFlat: 1000n,
  readCostPerByte: 3n,
  writeCostFlat: 2000n,
  writeCostPerByte: 30n,
  iterNextCostFlat: 30n,
} as const;

export const MAX_GAS = (1n << 63n) - 1n;

export class BasicGasMeter implements GasMeter {
  private used = 0n;

  constructor(readonly limit: bigint) {}

  consumed(): bigint {
    return this.used;
  }

  consume(amount: bigint, descriptor: string): void {
    this.used += amount;
    if (this.used > this.limit) {
      throw ErrOutOfGas.wrap(`out of gas in location: ${descriptor}; gasWanted: ${this.limit}, gasUsed: ${this.used}`);
    }
  }
}

/** A meter that counts but never runs out (BeginBlock, EndBlock, genesis, queries). */
export class InfiniteGasMeter implements GasMeter {
  private used = 0n;
  readonly limit = MAX_GAS;

  consumed(): bigint {
    return this.used;
  }

  consume(amount: bigint): void {
    this.used += amount;
  }
}
