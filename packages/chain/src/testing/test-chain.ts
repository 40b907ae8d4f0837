// Test helper: a fresh home in a temp dir, a manual-block node on a real LevelDB, and cosmjs
// wallets for its funded accounts. Call `cleanup()` in afterEach/afterAll.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectSecp256k1Wallet } from "@cosmjs/proto-signing";
import type { ModuleFactory } from "../app/modules";
import { type CreateNodeOptions, NesaNode } from "../node/chain-node";
import { type TestAccount, accountFromMnemonic, initHome } from "../node/init-home";

export interface TestChain {
  home: string;
  node: NesaNode;
  accounts: (TestAccount & { wallet: DirectSecp256k1Wallet })[];
  /** Closes the node and deletes the home. */
  cleanup(): Promise<void>;
}

export async function startTestChain(opts: {
  accounts?: number;
  chainId?: string;
  extraModules?: ModuleFactory[];
  node?: Partial<CreateNodeOptions>;
  /** Merged into module genesis sections, e.g. `{ gov: { params } }`. */
  appStateOverrides?: Record<string, Record<string, unknown>>;
} = {}): Promise<TestChain> {
  const home = mkdtempSync(join(tmpdir(), "nesad-test-"));
  const chainId = opts.chainId ?? "nesa-test-1";
  let node: NesaNode | undefined;
  try {
    const { accounts } = await initHome({
      home,
      chainId,
      accounts: opts.accounts ?? 3,
      genesisTime: "2026-01-01T00:00:00.000000000Z",
      extraModules: opts.extraModules,
      appStateOverrides: opts.appStateOverrides,
    });
    node = await NesaNode.open({ home, manualBlocks: true, checkInvariants: true, extraModules: opts.extraModules, ...opts.node });
    // Same key as DirectSecp256k1HdWallet.fromMnemonic, derived with native PBKDF2 (cosmjs's is ~0.7 s per account).
    const withWallets = await Promise.all(
      accounts.map(async (a) => ({ ...a, wallet: await DirectSecp256k1Wallet.fromKey((await accountFromMnemonic(a.mnemonic)).privKey, "nesa") })),
    );
    return chainHandle(home, node, withWallets);
  } catch (e) {
    await node?.close();
    rmSync(home, { recursive: true, force: true });
    throw e;
  }
}

function chainHandle(home: string, node: NesaNode, accounts: TestChain["accounts"]): TestChain {
  const chain: TestChain = {
    home,
    node,
    accounts,
    // Closes chain.node as it is now: a test may have replaced it with a reopened node.
    async cleanup() {
      await chain.node.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
  return chain;
}
