import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet, makeSignBytes } from "@cosmjs/proto-signing";
import { SigningStargateClient } from "@cosmjs/stargate";
import { payforqueryTx } from "@nesa/proto-types";
import { AuthInfo, SignDoc, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { describe, expect, it } from "vitest";
import type { MsgPayForQueryEncodeObject } from "./index";
import { createNesaRegistry } from "./registry";

// The path a dApp takes: an unmodified SigningStargateClient with our registry signs a
// SIGN_MODE_DIRECT tx carrying a Nesa Msg; the signature must verify over the exact body bytes.

const mnemonic = "enlist hip relief stomach skate base shallow young switch frequent cry park";

describe("signing a Nesa tx with cosmjs", () => {
  it("produces a TxRaw whose body decodes to our Msg and whose signature verifies", async () => {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "nesa" });
    const [account] = await wallet.getAccounts();
    expect(account.address.startsWith("nesa1")).toBe(true);

    const registry = createNesaRegistry();
    const client = await SigningStargateClient.offline(wallet, { registry });
    const msg: MsgPayForQueryEncodeObject = {
      typeUrl: "/nesa.payforquery.v1.MsgPayForQuery",
      value: {
        sender: account.address,
        modelId: "ocr-rec",
        inputCommitment: new Uint8Array(32).fill(7),
        inputBytes: 2n ** 53n + 1n,
        replicas: 3,
        privacy: 1,
        maxFee: { denom: "unes", amount: "5000000" },
        timeoutBlocks: 50n,
      },
    };
    const fee = { amount: [{ denom: "unes", amount: "5000" }], gas: "200000" };
    const signerData = { accountNumber: 7n, sequence: 3, chainId: "nesa-localnet-1" };
    const txRaw = await client.sign(account.address, [msg], fee, "", signerData);

    const raw = TxRaw.decode(TxRaw.encode(txRaw).finish());
    const body = registry.decodeTxBody(raw.bodyBytes);
    expect(body.messages[0]).toEqual(payforqueryTx.MsgPayForQuery.fromPartial(msg.value));

    const authInfo = AuthInfo.decode(raw.authInfoBytes);
    expect(authInfo.signerInfos[0].sequence).toBe(3n);
    expect(authInfo.fee?.gasLimit).toBe(200000n);

    const signDoc = SignDoc.fromPartial({
      bodyBytes: raw.bodyBytes,
      authInfoBytes: raw.authInfoBytes,
      chainId: "nesa-localnet-1",
      accountNumber: 7n,
    });
    const signature = Secp256k1Signature.fromFixedLength(raw.signatures[0]);
    const digest = sha256(makeSignBytes(signDoc));
    expect(await Secp256k1.verifySignature(signature, digest, account.pubkey)).toBe(true);
    // Same signature, other chain id: must not verify.
    const otherChain = sha256(makeSignBytes({ ...signDoc, chainId: "nesa-localnet-2" }));
    expect(await Secp256k1.verifySignature(signature, otherChain, account.pubkey)).toBe(false);
  });
});
