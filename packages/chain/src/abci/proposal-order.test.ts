import { describe, expect, it } from "vitest";
import { type CheckedTxInfo, orderProposal } from "./proposal-order";

const tx = (id: number) => ({ bytes: Uint8Array.of(id, 0, 0, 0), hashHex: `h${id}` });

describe("orderProposal (PrepareProposal fee priority)", () => {
  const info: Record<string, CheckedTxInfo> = {
    h1: { signer: "alice", sequence: 0n, gasWanted: 100n, priority: 1n },
    h2: { signer: "alice", sequence: 1n, gasWanted: 100n, priority: 50n },
    h3: { signer: "bob", sequence: 0n, gasWanted: 100n, priority: 10n },
    h4: { signer: "carol", sequence: 0n, gasWanted: 100n, priority: 99n },
  };
  const order = (maxBytes: number, maxGas: bigint) => orderProposal([tx(1), tx(2), tx(3), tx(4)], (h) => info[h], maxBytes, maxGas).map((b) => b[0]);

  it("puts higher fee per gas first but keeps each sender's sequence order", () => {
    // alice's seq-1 tx pays most but cannot pass her seq-0 tx, which pays least.
    expect(order(1000, -1n)).toEqual([4, 3, 1, 2]);
  });

  it("stays within the byte and gas limits", () => {
    expect(order(8, -1n)).toEqual([4, 3]);
    expect(order(1000, 250n)).toEqual([4, 3]);
  });
});
