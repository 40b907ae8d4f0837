// Default params of x/payforquery and their validation.
import { BOND_DENOM, coin } from "../stakingext/coins";
import { ErrInvalidParams } from "./errors";
import type { Params } from "./proto";

export function defaultParams(): Params {
  return {
    baseFee: coin(1_000n),
    perByteFee: coin(1n),
    ownerShare: 100_000, // 10 % of what the seats earned
    maxInputBytes: 1_048_576n, // 1 MiB: larger inputs go through the data plane in pieces
    maxReplicas: 7,
    defaultTimeoutBlocks: 50n,
    maxTimeoutBlocks: 10_000n,
    speedShare: 200_000, // 20 % of an agreeing seat's pay depends on how soon it committed
    // Admission control: a burst beyond this many open queries of one model waits (the SDK retries) instead
    // of handing its miners more seats than they can commit within their windows.
    maxOpenQueriesPerModel: 1_000,
  };
}

export function validateParams(p: Params | undefined): asserts p is Params {
  if (!p) throw ErrInvalidParams.wrap("params are required");
  for (const [field, c] of [["base_fee", p.baseFee], ["per_byte_fee", p.perByteFee]] as const) {
    if (!c || c.denom !== BOND_DENOM || !/^\d+$/.test(c.amount)) {
      throw ErrInvalidParams.wrap(`${field} must be a non-negative amount of ${BOND_DENOM}`);
    }
  }
  if (!Number.isInteger(p.ownerShare) || p.ownerShare < 0 || p.ownerShare > 1_000_000) {
    throw ErrInvalidParams.wrap("owner_share must be an integer ppm in [0, 1000000]");
  }
  if (!Number.isInteger(p.speedShare) || p.speedShare < 0 || p.speedShare > 1_000_000) {
    throw ErrInvalidParams.wrap("speed_share must be an integer ppm in [0, 1000000]");
  }
  if (p.maxInputBytes < 1n) throw ErrInvalidParams.wrap("max_input_bytes must be at least 1");
  if (p.maxReplicas < 1) throw ErrInvalidParams.wrap("max_replicas must be at least 1");
  if (!Number.isInteger(p.maxOpenQueriesPerModel) || p.maxOpenQueriesPerModel < 1) {
    throw ErrInvalidParams.wrap("max_open_queries_per_model must be at least 1 (it bounds the queries one model may have open at once)");
  }
  if (p.defaultTimeoutBlocks < 1n) throw ErrInvalidParams.wrap("default_timeout_blocks must be at least 1");
  if (p.maxTimeoutBlocks < p.defaultTimeoutBlocks) {
    throw ErrInvalidParams.wrap("max_timeout_blocks must be >= default_timeout_blocks");
  }
}
