// `localnet/start --validators N`: N CometBFT nodes and N `nesad start --abci` apps on 127.0.0.1 instead of
// the simulator. The homes (one genesis with every validator's ed25519 consensus key and secp256k1 VRF key)
// and the command lines are the chain package's (abci/cometbft-setup.ts, abci/validator-process.ts), shared
// with the tests' runner; here they run detached with pid files, like every other localnet process.
//   DIR/validators/validator<i>/nesad/     nesad home (genesis, VRF key in config/priv_validator_key.json)
//   DIR/validators/validator<i>/cometbft/  CometBFT home (config.toml, ed25519 keys, block store)
//   DIR/validators/validator<i>/abci.sock  the app's socket (CometBFT's proxy_app)
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type ValidatorHome, type ValidatorPorts, setupValidatorHomes, validatorHomeLayout } from "../../packages/chain/src/abci/cometbft-setup";
import { abciListening, appProcess, cometbftBinary, nodeProcess } from "../../packages/chain/src/abci/validator-process";
import { chainHeight } from "./chain-client";
import type { Layout } from "./layout";
import type { LocalnetValidator } from "./localnet-info";
import { waitUntil } from "./net";
import { logTail, running, startDetached } from "./processes";
import { applyPhaseWindows } from "./phase-windows";
import type { Say } from "./services";
import type { Settings } from "./settings";

export const validatorsDir = (L: Layout) => join(L.home, "validators");
export const appName = (i: number) => `validator${i}-nesad`;
export const nodeName = (i: number) => `validator${i}-cometbft`;
/** The nesad home of validator 0: it holds accounts.json (the funded test accounts). */
export const firstAppHome = (L: Layout) => join(validatorsDir(L), "validator0", "nesad");

export function validatorList(homes: ValidatorHome[]): LocalnetValidator[] {
  return homes.map((h) => ({
    name: h.moniker,
    rpc: h.rpcUrl,
    p2p: `127.0.0.1:${h.ports.p2p}`,
    nesadHome: h.nesadHome,
    cometHome: h.cometHome,
    abci: h.abciAddress,
  }));
}

function ensureApp(L: Layout, h: ValidatorHome, say: Say): Promise<unknown> {
  const name = appName(h.index);
  const rec = running(L, name);
  if (rec) {
    say(`${name}: already running (pid ${rec.pid})`);
  } else {
    const p = appProcess(h);
    const started = startDetached(L, name, p.cmd, p.args, p.marker);
    say(`${name}: started (pid ${started.pid}), log ${join(L.logs, `${name}.log`)}`);
  }
  return waitUntil(`${name} to listen on ${h.abciAddress}`, async () => ((await abciListening(h)) ? true : undefined), 60_000, () => {
    if (!running(L, name)) throw new Error(`${name} exited during start-up; last lines of its log:\n${logTail(L, name)}`);
  });
}

function ensureNode(L: Layout, h: ValidatorHome, cometbft: string, say: Say): void {
  const name = nodeName(h.index);
  const rec = running(L, name);
  if (rec) {
    say(`${name}: already running (pid ${rec.pid})`);
    return;
  }
  const p = nodeProcess(h, cometbft);
  const started = startDetached(L, name, p.cmd, p.args, p.marker);
  say(`${name}: started (pid ${started.pid}), RPC ${h.rpcUrl}, log ${join(L.logs, `${name}.log`)}`);
}

/**
 * Creates the validators' homes at the first start, then starts every app that is not running, then its node,
 * and waits until node 0 has committed block 1 (which needs more than 2/3 of the validators up).
 */
export async function ensureValidators(L: Layout, s: Settings, accounts: number, say: Say): Promise<{ rpc: string; validators: LocalnetValidator[] }> {
  const ports = s.validatorPorts as ValidatorPorts[];
  const cometbft = cometbftBinary();
  let homes = validatorHomeLayout(validatorsDir(L), ports);
  if (!existsSync(join(homes[0].cometHome, "config", "genesis.json"))) {
    if (existsSync(validatorsDir(L))) throw new Error(`${validatorsDir(L)} is half made (no CometBFT genesis): delete it and start again`);
    say(`validators: creating ${ports.length} validator homes (${s.chainId}, ${accounts} funded accounts) in ${validatorsDir(L)}`);
    let windows = "";
    const made = await setupValidatorHomes({
      cometbft,
      dir: validatorsDir(L),
      chainId: s.chainId,
      ports,
      accounts,
      timeoutCommit: `${s.blockTimeMs}ms`,
      adjustGenesis: (file) => {
        const w = applyPhaseWindows(file, s.blockTimeMs);
        windows = `commit and reveal windows of ${w.commitBlocks} blocks each`;
      },
    });
    homes = made.homes;
    say(`validators: ${windows}; timeout_commit ${s.blockTimeMs} ms`);
  }
  for (const h of homes) await ensureApp(L, h, say);
  for (const h of homes) ensureNode(L, h, cometbft, say);
  const rpc = homes[0].rpcUrl;
  await waitUntil(`${nodeName(0)} to commit block 1 (${rpc})`, async () => (((await chainHeight(rpc)) ?? 0) >= 1 ? true : undefined), 90_000, () => {
    for (const h of homes) {
      for (const name of [appName(h.index), nodeName(h.index)]) {
        if (!running(L, name)) throw new Error(`${name} exited during start-up; last lines of its log:\n${logTail(L, name)}`);
      }
    }
  });
  return { rpc, validators: validatorList(homes) };
}
