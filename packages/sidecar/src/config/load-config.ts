import { readFile } from "node:fs/promises";
import { SidecarCode, SidecarError } from "../errors";
import { type MinerConfig, resolveConfig } from "./miner-config";

/** Size limit for the config file: it is a few hundred bytes; anything huge is a mistake. */
const MAX_CONFIG_BYTES = 64 * 1024;

/**
 * Reads a JSON config file (optional: a missing file means defaults plus environment) and applies
 * NESA_MINER_* overrides. A path given explicitly must exist.
 */
export async function loadConfig(
  path: string | undefined,
  env: Record<string, string | undefined> = process.env,
): Promise<MinerConfig> {
  if (!path) return resolveConfig({}, env, "defaults");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new SidecarError(SidecarCode.BadConfig, `cannot read config file ${path}`, "create it (see docs/miner.md) or leave out --config", { cause });
  }
  if (text.length > MAX_CONFIG_BYTES) throw new SidecarError(SidecarCode.BadConfig, `config file ${path} is larger than 64 KiB`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SidecarError(SidecarCode.BadConfig, `config file ${path} is not valid JSON`, (cause as Error).message, { cause });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SidecarError(SidecarCode.BadConfig, `config file ${path} must hold a JSON object`);
  }
  return resolveConfig(json as Record<string, unknown>, env, path);
}
