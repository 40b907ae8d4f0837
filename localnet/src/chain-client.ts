// Signing and querying nesad with unmodified cosmjs and the @nesa/client registry and query extensions.
import { createNesaRegistry, setupInferenceExtension, setupPayforqueryExtension, setupStakingextExtension } from "../../packages/client/src/index";
import { walletFromMnemonic } from "../../packages/client/src/adapters/node/wallet";
import { Comet38Client, GasPrice, QueryClient, SigningStargateClient } from "./deps";

export type Signer = { client: SigningStargateClient; address: string; disconnect(): void };

export async function signerFromMnemonic(rpc: string, mnemonic: string): Promise<Signer> {
  const wallet = await walletFromMnemonic(mnemonic);
  const [{ address }] = await wallet.getAccounts();
  const client = await SigningStargateClient.connectWithSigner(rpc, wallet, {
    registry: createNesaRegistry(),
    gasPrice: GasPrice.fromString("0.025unes"),
    // cosmjs polls every 3 s by default; localnet blocks come every few hundred ms.
    broadcastPollIntervalMs: 100,
  });
  return { client, address, disconnect: () => client.disconnect() };
}

export type NesaQueries = ReturnType<typeof withExtensions>;

function withExtensions(comet: Comet38Client) {
  return QueryClient.withExtensions(comet, setupInferenceExtension, setupStakingextExtension, setupPayforqueryExtension);
}

export async function connectQueries(rpc: string): Promise<{ q: NesaQueries; comet: Comet38Client; disconnect(): void }> {
  const comet = await Comet38Client.connect(rpc);
  return { q: withExtensions(comet), comet, disconnect: () => comet.disconnect() };
}

/** Latest height from /status, or undefined while the node does not answer. */
export async function chainHeight(rpc: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${rpc}/status`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { result?: { sync_info?: { latest_block_height?: string } } };
    const h = Number(body.result?.sync_info?.latest_block_height);
    return Number.isFinite(h) ? h : undefined;
  } catch {
    return undefined;
  }
}
