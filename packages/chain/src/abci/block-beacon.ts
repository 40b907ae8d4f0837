// The beacon signer the application is wired with in ABCI mode. Every validator executes the same
// block, so BeginBlock must store the proposer's beacon, not one each node proves with its own key:
// FinalizeBlock hands this object the verified beacon tx of the block before BeginBlock runs.
import type { BeaconSigner } from "../x/inference/keeper";
import type { Beacon } from "../x/inference/proto";

const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export class BlockBeaconSigner implements BeaconSigner {
  private current: Beacon | undefined;

  /** The verified beacon of the block about to run (undefined between blocks). */
  set(beacon: Beacon | undefined): void {
    this.current = beacon;
  }

  get publicKey(): Uint8Array {
    return this.need().proposerPubkey;
  }

  prove(alpha: Uint8Array): Uint8Array {
    return this.proveWithOutput(alpha).proof;
  }

  /** x/inference/beacon.ts asks for proof and output over the block's alpha. */
  proveWithOutput(_alpha: Uint8Array): { proof: Uint8Array; output: Uint8Array } {
    const b = this.need();
    return { proof: b.proof, output: b.output };
  }

  private need(): Beacon {
    if (!this.current) throw new Error("BeginBlock ran without the block's beacon (ABCI adapter bug)");
    return this.current;
  }

  /** For tests: whether the beacon set is for exactly this proof. */
  holds(proof: Uint8Array): boolean {
    return this.current !== undefined && eq(this.current.proof, proof);
  }
}
