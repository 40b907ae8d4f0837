// How one validator's two processes are run on this machine, shared by the test/bench runner
// (testing/comet-net.ts, child processes) and `localnet/start --validators N` (detached, pid files):
// the pinned CometBFT binary, the command lines, and the readiness probe that orders them (nesad
// must listen before CometBFT starts: CometBFT gives up at once when proxy_app does not answer).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidatorHome } from "./cometbft-setup";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const NESAD = join(REPO_ROOT, "packages/chain/src/cli/nesad.ts");

/** The pinned CometBFT binary: $NESA_COMETBFT, else `bash localnet/ensure-cometbft.sh` (builds it once). */
export function cometbftBinary(): string {
  const env = process.env.NESA_COMETBFT;
  if (env) {
    if (!existsSync(env)) throw new Error(`NESA_COMETBFT=${env} does not exist; unset it or point it at a cometbft v0.38 binary`);
    return env;
  }
  try {
    return execFileSync("bash", [join(REPO_ROOT, "localnet/ensure-cometbft.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  } catch (e) {
    throw new Error(`the CometBFT binary is missing and could not be built (${(e as Error).message}); run \`bash localnet/ensure-cometbft.sh\` or set NESA_COMETBFT`);
  }
}

export interface ProcessSpec {
  cmd: string;
  args: string[];
  /** A substring of the process's command line that identifies it (pid-file checks). */
  marker: string;
}

/** `nesad start --abci` on this validator's home (TypeScript through tsx, no wrapper process). */
export function appProcess(h: ValidatorHome): ProcessSpec {
  return {
    cmd: process.execPath,
    args: ["--import", "tsx", NESAD, "start", "--home", h.nesadHome, "--abci", h.abciAddress],
    marker: `--home ${h.nesadHome} --abci`,
  };
}

export function nodeProcess(h: ValidatorHome, cometbft: string): ProcessSpec {
  return { cmd: cometbft, args: ["start", "--home", h.cometHome], marker: `start --home ${h.cometHome}` };
}

/**
 * Whether nesad accepts connections on the validator's ABCI address. A socket file left by a killed
 * nesad still exists but refuses connections, so the file alone proves nothing.
 */
export function abciListening(h: ValidatorHome): Promise<boolean> {
  const unix = /^unix:\/\/(.+)$/.exec(h.abciAddress);
  const tcp = /^tcp:\/\/([^:]+):(\d+)$/.exec(h.abciAddress);
  return new Promise((resolve) => {
    const sock = unix ? connect({ path: unix[1] }) : connect({ host: tcp?.[1] ?? "127.0.0.1", port: Number(tcp?.[2]) });
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}
