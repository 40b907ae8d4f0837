// Default params of x/inference and their validation.
import { ErrInvalidParams } from "./errors";
import type { Params } from "./proto";

export function defaultParams(): Params {
  return {
    commitBlocks: 10n,
    revealBlocks: 10n,
    sketchK: 4, // @nesa/crypto DEFAULT_SKETCH_K
    sketchTolerance: 100, // ppm, @nesa/crypto DEFAULT_SKETCH_TOLERANCE_MICROS
    maxResultBytes: 4_096n,
    maxShards: 16,
    maxAssignmentsPerBlock: 1_000,
    beaconRetentionBlocks: 0n,
  };
}

export function validateParams(p: Params | undefined): asserts p is Params {
  if (!p) throw ErrInvalidParams.wrap("params are required");
  if (p.commitBlocks < 1n) throw ErrInvalidParams.wrap("commit_blocks must be at least 1");
  if (p.revealBlocks < 1n) throw ErrInvalidParams.wrap("reveal_blocks must be at least 1");
  if (p.sketchK < 1 || p.sketchK > 256) throw ErrInvalidParams.wrap("sketch_k must be in [1, 256]");
  if (p.sketchTolerance > 1_000_000) throw ErrInvalidParams.wrap("sketch_tolerance must be a ppm in [0, 1000000]");
  if (p.maxShards < 1 || p.maxShards > 256) throw ErrInvalidParams.wrap("max_shards must be in [1, 256]");
  if (p.maxAssignmentsPerBlock < 1) throw ErrInvalidParams.wrap("max_assignments_per_block must be at least 1");
}
