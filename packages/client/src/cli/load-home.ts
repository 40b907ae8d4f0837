// `--home DIR`: reads DIR/localnet.json (written by localnet/start) and resolves its relative paths against DIR.
import { readFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { ClientError, ClientErrorCode } from "../errors/nesa-error";
import { type LocalnetAccount, type LocalnetInfo, parseLocalnetInfo } from "../localnet/localnet-info";

export async function loadHome(home: string | undefined): Promise<LocalnetInfo & { home: string }> {
  const dir = resolve(home ?? process.env.NESA_HOME ?? ".nesa-localnet");
  const file = join(dir, "localnet.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new ClientError(ClientErrorCode.InvalidArgument, `no localnet at ${dir} (cannot read ${file})`, "start one with `localnet/start --home DIR`, then pass --home DIR (or set NESA_HOME)");
  }
  let info: LocalnetInfo;
  try {
    info = parseLocalnetInfo(JSON.parse(text), file);
  } catch (err) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `${file} is not a valid localnet description`, (err as Error).message);
  }
  const abs = (p: string) => (isAbsolute(p) ? p : join(dir, p));
  const models = Object.fromEntries(Object.entries(info.models).map(([id, m]) => [id, { manifest: abs(m.manifest), eeKeyFile: abs(m.eeKeyFile) }]));
  return { ...info, models, home: dir };
}

/** The paying account: by name or address, else "user1", else the first account that is not the faucet. */
export function pickAccount(info: LocalnetInfo, from?: string): LocalnetAccount {
  const accounts = info.accounts;
  const found = from
    ? accounts.find((a) => a.name === from || a.address === from)
    : (accounts.find((a) => a.name === "user1") ?? accounts.find((a) => a.name !== "faucet") ?? accounts[0]);
  if (!found) {
    throw new ClientError(ClientErrorCode.InvalidArgument, from ? `no account "${from}" in localnet.json` : "localnet.json lists no accounts", `known: ${accounts.map((a) => a.name).join(", ") || "none"}`);
  }
  return found;
}
