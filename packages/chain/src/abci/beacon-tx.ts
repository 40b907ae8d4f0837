// The beacon as the first tx of a block: the proposer's ECVRF proof over chain id ‖ height ‖
// previous app hash (x/inference/beacon.ts). Encoded as a marker then the stored `Beacon` proto;
// the marker's first byte (0xff) is no valid protobuf tag, so a beacon tx never decodes as a
// Cosmos TxRaw, and CheckTx refuses anything carrying the marker.
import { ECVRF_SECP256K1_SHA256_TAI, beaconAlpha, vrfVerify } from "@nesa/crypto";
import { Beacon } from "../x/inference/proto";

const MARKER = Uint8Array.from([0xff, ...new TextEncoder().encode("nesa-beacon/1")]);

export function isBeaconTx(tx: Uint8Array): boolean {
  if (tx.length < MARKER.length) return false;
  for (let i = 0; i < MARKER.length; i++) if (tx[i] !== MARKER[i]) return false;
  return true;
}

export function encodeBeaconTx(b: Beacon): Uint8Array {
  const body = Beacon.encode(b).finish();
  const out = new Uint8Array(MARKER.length + body.length);
  out.set(MARKER);
  out.set(body, MARKER.length);
  return out;
}

export function decodeBeaconTx(tx: Uint8Array): Beacon | undefined {
  if (!isBeaconTx(tx)) return undefined;
  try {
    return Beacon.decode(tx.subarray(MARKER.length));
  } catch {
    return undefined;
  }
}

const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Why `tx` is not the valid beacon of this block (undefined: it is): it must be for this height
 * and previous app hash, carry the proposer's genesis VRF key, and its proof and output verify.
 */
export function beaconProblem(
  tx: Uint8Array | undefined,
  want: { chainId: string; height: bigint; prevAppHash: Uint8Array; proposerVrfKey: Uint8Array | undefined },
): string | undefined {
  if (!tx) return "the block has no txs, so no beacon";
  const b = decodeBeaconTx(tx);
  if (!b) return "the first tx is not a beacon tx";
  if (!want.proposerVrfKey) return "the proposer is not a genesis validator with a VRF key";
  if (b.height !== want.height) return `beacon height ${b.height} is not the block height ${want.height}`;
  if (!eq(b.prevAppHash, want.prevAppHash)) return "beacon prev_app_hash is not the previous block's app hash";
  if (!eq(b.proposerPubkey, want.proposerVrfKey)) return "beacon key is not the proposer's VRF key from genesis";
  const res = vrfVerify(ECVRF_SECP256K1_SHA256_TAI, b.proposerPubkey, beaconAlpha(want.chainId, want.height, want.prevAppHash), b.proof);
  if (!res.valid) return "beacon VRF proof does not verify";
  if (!eq(res.beta, b.output)) return "beacon output is not the proof's VRF hash";
  return undefined;
}
