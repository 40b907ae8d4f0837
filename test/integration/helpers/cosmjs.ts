// Unmodified cosmjs clients, configured as a dApp on a fast localnet would configure them.
import { DirectSecp256k1HdWallet, type Registry } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";

export const DENOM = "unes";
export const GAS_PRICE = GasPrice.fromString("0.025unes");

export async function walletOf(mnemonic: string): Promise<DirectSecp256k1HdWallet> {
  return DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "nesa" });
}

export async function signerFor(
  url: string,
  mnemonic: string,
  registry?: Registry,
): Promise<{ client: SigningStargateClient; address: string; wallet: DirectSecp256k1HdWallet }> {
  const wallet = await walletOf(mnemonic);
  const [{ address }] = await wallet.getAccounts();
  const client = await SigningStargateClient.connectWithSigner(url, wallet, {
    gasPrice: GAS_PRICE,
    broadcastPollIntervalMs: 200,
    ...(registry ? { registry } : {}),
  });
  return { client, address, wallet };
}

export async function balanceOf(client: { getBalance(a: string, d: string): Promise<{ amount: string }> }, address: string): Promise<bigint> {
  return BigInt((await client.getBalance(address, DENOM)).amount);
}
