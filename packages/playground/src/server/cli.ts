// `pnpm playground --home DIR [--port P]`: builds the page when its sources changed, then serves it on
// 127.0.0.1 next to the localnet of DIR (started by localnet/start, which also runs this). `--build` only builds
// and prints the bundle's size.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { buildPage, ensureBuilt, formatReport } from "./build";
import { startPlaygroundServer } from "./serve";

const HELP = `usage: pnpm playground --home DIR [--port P] [--no-dev]
       pnpm playground --build

Serves the Nesa Playground, Explorer and Wallet on http://127.0.0.1:P (default: a free port) for the localnet
in DIR (its endpoints are read from DIR/localnet.json). The page runs the SDK itself: EE encryption, HSS shares
sealed to the miners' keys, the committee and digest checks and decryption happen in the browser.

  --home DIR   localnet home (localnet/start --home DIR)
  --port P     port on 127.0.0.1 (default: any free port)
  --no-dev     do not hand the page the localnet's genesis test accounts
  --build      build the page now and print the bundle's size, then exit
`;

const say = (m: string) => process.stderr.write(`[playground] ${m}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { home: { type: "string" }, port: { type: "string" }, "no-dev": { type: "boolean" }, build: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return void process.stdout.write(HELP);
  if (values.build) {
    const report = await buildPage(say);
    process.stdout.write(`bundle: ${formatReport(report).split("\n").pop()?.trim()}\n`);
    return;
  }
  if (!values.home) throw new Error("--home DIR is required (see --help)");
  if (values.port !== undefined && !/^\d+$/.test(values.port)) throw new Error(`--port must be a number, got "${values.port}"`);
  await ensureBuilt(say);
  // Relative to where the user ran it: pnpm runs scripts from the root (INIT_CWD), localnet/start sets LOCALNET_CALLER_CWD.
  const home = resolve(process.env.LOCALNET_CALLER_CWD ?? process.env.INIT_CWD ?? process.cwd(), values.home);
  const pg = await startPlaygroundServer({ home, port: Number(values.port ?? 0), devMode: !values["no-dev"] });
  say(`serving ${pg.url} for the localnet in ${home}`);
  process.stdout.write(`${pg.url}\n`);
  const stop = () => void pg.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err: Error) => {
  say(`error: ${err.message}`);
  process.exit(1);
});
