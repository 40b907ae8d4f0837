// Gas estimation over abci_query `/cosmos.tx.v1beta1.Service/Simulate`, as cosmjs's `simulate` does, but reading
// the raw response so a failing msg surfaces as ChainTxError with the chain's {codespace, code}: cosmjs's
// QueryClient keeps only the code and the text ("Query failed with (10): …").
import { encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { type EncodeObject, type Registry, encodePubkey } from "@cosmjs/proto-signing";
import type { CometClient } from "@cosmjs/tendermint-rpc";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { AuthInfo, Fee, Tx, TxBody } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { ChainTxError } from "../errors/nesa-error";

export interface SimulateGasParameters {
  readonly comet: Pick<CometClient, "abciQuery">;
  readonly registry: Registry;
  readonly pubkey: Uint8Array;
  readonly sequence: number;
  readonly msgs: readonly EncodeObject[];
  readonly memo?: string;
  /** What the msgs do, for the error ("MsgPayForQuery"). */
  readonly what: string;
}

/**
 * Gas used by a tx of these msgs, run on a throw-away copy of the state by the node.
 *
 * @example
 * const gas = await simulateGas({ comet, registry, pubkey, sequence, msgs: [msg], what: "MsgPayForQuery" });
 */
export async function simulateGas(p: SimulateGasParameters): Promise<number> {
  const tx = Tx.fromPartial({
    authInfo: AuthInfo.fromPartial({
      fee: Fee.fromPartial({}),
      signerInfos: [{ publicKey: encodePubkey(encodeSecp256k1Pubkey(p.pubkey)), sequence: BigInt(p.sequence), modeInfo: { single: { mode: SignMode.SIGN_MODE_UNSPECIFIED } } }],
    }),
    body: TxBody.fromPartial({ messages: p.msgs.map((m) => p.registry.encodeAsAny(m)), memo: p.memo ?? "" }),
    signatures: [new Uint8Array()],
  });
  const res = await p.comet.abciQuery({
    path: "/cosmos.tx.v1beta1.Service/Simulate",
    data: SimulateRequest.encode(SimulateRequest.fromPartial({ txBytes: Tx.encode(tx).finish() })).finish(),
  });
  const code = res.code ?? 0;
  if (code !== 0) {
    throw new ChainTxError({ codespace: res.codespace || "unknown", code, log: res.log, what: `${p.what} (simulation)` });
  }
  const gas = SimulateResponse.decode(res.value).gasInfo?.gasUsed;
  if (gas === undefined) throw new ChainTxError({ codespace: "unknown", code: 1, log: "simulation returned no gas info", what: `${p.what} (simulation)` });
  return Number(gas);
}
