// The VRF input for the chain's per-block beacon: it binds the chain, the height and the state the block builds
// on, so a proposer cannot choose its input and every node can recompute it.
import { assertBytes, assertString, assertU64 } from "../util/assert";
import { concatBytes, lengthPrefixedUtf8, u64be } from "../util/bytes";

/** u32be(len(chainId)) ‖ utf8(chainId) ‖ u64be(height) ‖ prevAppHash. */
export function beaconAlpha(chainId: string, height: bigint, prevAppHash: Uint8Array): Uint8Array {
  assertString("chainId", chainId);
  assertU64("height", height);
  // Only the last field is variable length unprefixed; the fixed-width height before it keeps this unambiguous.
  assertBytes("prevAppHash", prevAppHash);
  return concatBytes(lengthPrefixedUtf8(chainId, "chainId"), u64be(height, "height"), prevAppHash);
}
