// The shape of `<home>/localnet.json`, written by `localnet/start` and read by the `nesa` CLI. Defined here (the
// SDK is its reader) so the writer can import the type; parsing checks every field and names the bad one.

export interface LocalnetAccount {
  readonly name: string;
  readonly address: string;
  /** Test mnemonic: local networks only. */
  readonly mnemonic: string;
}

export interface LocalnetMiner {
  readonly name?: string;
  readonly address: string;
  /** Compressed secp256k1 key (hex) HSS shares are sealed to; the chain's miner record is authoritative. */
  readonly encryptionPubkey?: string;
  readonly metricsUrl?: string;
}

export interface LocalnetModel {
  /** Path of the model's manifest.json (relative paths are relative to the home directory). */
  readonly manifest: string;
  /** Path of the EE key file the client encrypts with (JSON EEKey). */
  readonly eeKeyFile: string;
}

export interface LocalnetInfo {
  /** CometBFT RPC, e.g. http://127.0.0.1:26657. */
  readonly rpc: string;
  readonly chainId: string;
  readonly redisUrl: string;
  /** Prefix of the data plane's Redis keys; "nesa" when absent (the miners' and dispatcher's default). */
  readonly redisPrefix?: string;
  readonly dispatcherUrl: string;
  readonly modelStoreUrl: string;
  readonly accounts: readonly LocalnetAccount[];
  readonly miners: readonly LocalnetMiner[];
  readonly models: Readonly<Record<string, LocalnetModel>>;
}

function str(o: Record<string, unknown>, key: string, where: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== "string" || v === "") throw new Error(`${where}.${key}: expected a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${where}: expected an object`);
  return v as Record<string, unknown>;
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${where}: expected an array`);
  return v;
}

/**
 * Checks a parsed localnet.json and returns it typed; throws naming the first bad field.
 *
 * @example
 * const info = parseLocalnetInfo(JSON.parse(await readFile(join(home, "localnet.json"), "utf8")));
 */
export function parseLocalnetInfo(value: unknown, where = "localnet.json"): LocalnetInfo {
  const o = obj(value, where);
  const models: Record<string, LocalnetModel> = {};
  for (const [id, m] of Object.entries(obj(o.models ?? {}, `${where}.models`))) {
    const mo = obj(m, `${where}.models.${id}`);
    models[id] = { manifest: str(mo, "manifest", `${where}.models.${id}`)!, eeKeyFile: str(mo, "eeKeyFile", `${where}.models.${id}`)! };
  }
  return {
    rpc: str(o, "rpc", where)!,
    chainId: str(o, "chainId", where)!,
    redisUrl: str(o, "redisUrl", where)!,
    redisPrefix: str(o, "redisPrefix", where, true),
    dispatcherUrl: str(o, "dispatcherUrl", where)!,
    modelStoreUrl: str(o, "modelStoreUrl", where)!,
    accounts: arr(o.accounts, `${where}.accounts`).map((a, i) => {
      const ao = obj(a, `${where}.accounts[${i}]`);
      const w = `${where}.accounts[${i}]`;
      return { name: str(ao, "name", w)!, address: str(ao, "address", w)!, mnemonic: str(ao, "mnemonic", w)! };
    }),
    miners: arr(o.miners ?? [], `${where}.miners`).map((m, i) => {
      const mo = obj(m, `${where}.miners[${i}]`);
      const w = `${where}.miners[${i}]`;
      return { name: str(mo, "name", w, true), address: str(mo, "address", w)!, encryptionPubkey: str(mo, "encryptionPubkey", w, true), metricsUrl: str(mo, "metricsUrl", w, true) };
    }),
    models,
  };
}
