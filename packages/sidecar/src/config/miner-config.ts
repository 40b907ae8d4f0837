// The miner's settings: defaults, then the config file, then NESA_MINER_* environment variables (for containers).
// Every field is checked here so a bad value fails at start-up with the field's name and where it came from.
import { homedir } from "node:os";
import { join } from "node:path";
import { redisUrlProblem } from "@nesa/data-plane";
import { SidecarCode, SidecarError } from "../errors";

export type MinerConfig = {
  chainId: string;
  rpcUrl: string;
  redisUrl: string;
  /** Prefix for every Redis key and BullMQ queue of this network (lets several localnets share a Redis). */
  redisPrefix: string;
  modelStoreUrl: string;
  cacheDir: string;
  keyFile: string;
  metricsHost: string;
  /** Port of /metrics and /healthz; 0 picks a free port (logged at start). */
  metricsPort: number;
  concurrency: number;
  /** onnxruntime intra-op threads per session (0 = runtime default). */
  intraOpThreads: number;
  /** Busy-wait threads between ops; off by default because it starves other sessions on small machines. */
  allowSpinning: boolean;
  tensorTtlSeconds: number;
  maxTensorBytes: number;
  maxShardBytes: number;
  gasPrice: string;
  /** Models this miner serves (by model id), used by `register`. */
  models: string[];
  /** Stake bonded by `register`, e.g. "1000000unes". */
  stake: string;
  memoryMb: number;
  /** Memory for generation seats' KV caches; a seat that would not fit is refused. */
  kvCacheBudgetMb: number;
  /** A generation seat gives up when its next decoding step takes longer than this. */
  generationStepTimeoutMs: number;
  maxBatch: number;
  /** Tests only: return a perturbed output. Refused unless chainId is a localnet one. */
  byzantine: boolean;
};

export const defaultDataDir = (): string => join(homedir(), ".nesa-miner");

export function defaultConfig(dataDir = defaultDataDir()): MinerConfig {
  return {
    chainId: "nesa-localnet-1",
    rpcUrl: "http://127.0.0.1:26657",
    redisUrl: "redis://127.0.0.1:6379",
    redisPrefix: "nesa",
    modelStoreUrl: "http://127.0.0.1:8090",
    cacheDir: join(dataDir, "shards"),
    keyFile: join(dataDir, "key.json"),
    metricsHost: "127.0.0.1",
    metricsPort: 9464,
    concurrency: 1,
    intraOpThreads: 1,
    allowSpinning: false,
    tensorTtlSeconds: 3600,
    maxTensorBytes: 64 * 1024 * 1024,
    maxShardBytes: 2 * 1024 ** 3,
    gasPrice: "0.025unes",
    models: [],
    stake: "1000000unes",
    memoryMb: 1024,
    kvCacheBudgetMb: 256,
    generationStepTimeoutMs: 15_000,
    maxBatch: 1,
    byzantine: false,
  };
}

type Kind = "string" | "url" | "redis" | "int" | "bool" | "list" | "coin" | "price";
const FIELDS: Record<keyof MinerConfig, Kind> = {
  chainId: "string",
  rpcUrl: "url",
  redisUrl: "redis",
  redisPrefix: "string",
  modelStoreUrl: "url",
  cacheDir: "string",
  keyFile: "string",
  metricsHost: "string",
  metricsPort: "int",
  concurrency: "int",
  intraOpThreads: "int",
  allowSpinning: "bool",
  tensorTtlSeconds: "int",
  maxTensorBytes: "int",
  maxShardBytes: "int",
  gasPrice: "price",
  models: "list",
  stake: "coin",
  memoryMb: "int",
  kvCacheBudgetMb: "int",
  generationStepTimeoutMs: "int",
  maxBatch: "int",
  byzantine: "bool",
};

/** NESA_MINER_RPC_URL for rpcUrl, and so on. */
export const envName = (field: string): string => `NESA_MINER_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

const LOCALNET_CHAIN = /^nesa-(localnet|devnet|test)(-[0-9a-z]+)*$/;
export const isLocalnetChainId = (chainId: string): boolean => LOCALNET_CHAIN.test(chainId);

/**
 * Merges file values and env overrides over the defaults and validates the result.
 * `source` says where the file came from, for error messages.
 */
export function resolveConfig(
  file: Record<string, unknown>,
  env: Record<string, string | undefined> = process.env,
  source = "config file",
  base: MinerConfig = defaultConfig(),
): MinerConfig {
  const problems: string[] = [];
  for (const key of Object.keys(file)) {
    if (!(key in FIELDS)) problems.push(`${source}: unknown field "${key}" (known: ${Object.keys(FIELDS).join(", ")})`);
  }
  const out: Record<string, unknown> = { ...base };
  for (const [field, kind] of Object.entries(FIELDS)) {
    const envValue = env[envName(field)];
    const fromEnv = envValue !== undefined && envValue !== "";
    const raw = fromEnv ? envValue : file[field];
    if (raw === undefined) continue;
    const where = fromEnv ? `${envName(field)} (environment)` : `"${field}" in ${source}`;
    const parsed = parseField(kind, raw, fromEnv);
    if (parsed.ok) out[field] = parsed.value;
    else problems.push(`${where}: ${parsed.error}, got ${JSON.stringify(raw)}`);
  }
  const cfg = out as MinerConfig;
  if (cfg.concurrency < 1) problems.push("concurrency: must be at least 1");
  if (cfg.metricsPort > 65535) problems.push("metricsPort: must be 0-65535");
  if (cfg.tensorTtlSeconds < 1) problems.push("tensorTtlSeconds: must be at least 1");
  if (cfg.generationStepTimeoutMs < 100) problems.push("generationStepTimeoutMs: must be at least 100");
  if (cfg.byzantine && !isLocalnetChainId(cfg.chainId)) {
    problems.push(`byzantine: refused on chain "${cfg.chainId}"; it is a test-only flag for localnet chain ids (nesa-localnet-*)`);
  }
  if (problems.length > 0) {
    throw new SidecarError(SidecarCode.BadConfig, "invalid miner config", `\n  - ${problems.join("\n  - ")}`);
  }
  return cfg;
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

function parseField(kind: Kind, raw: unknown, fromEnv: boolean): Parsed {
  switch (kind) {
    case "string":
      return typeof raw === "string" && raw.length > 0 ? { ok: true, value: raw } : { ok: false, error: "expected a non-empty string" };
    case "url": {
      if (typeof raw !== "string") return { ok: false, error: "expected a URL string" };
      try {
        const u = new URL(raw);
        if (!["http:", "https:", "redis:", "rediss:", "ws:", "wss:"].includes(u.protocol)) throw new Error();
        return { ok: true, value: raw };
      } catch {
        return { ok: false, error: "expected a URL such as http://127.0.0.1:26657 or redis://127.0.0.1:6379" };
      }
    }
    case "redis": {
      const problem = typeof raw === "string" ? redisUrlProblem(raw) : "expected a URL string";
      return problem ? { ok: false, error: problem } : { ok: true, value: raw };
    }
    case "int": {
      const n = fromEnv ? Number(raw) : raw;
      return typeof n === "number" && Number.isSafeInteger(n) && n >= 0
        ? { ok: true, value: n }
        : { ok: false, error: "expected a non-negative integer" };
    }
    case "bool": {
      if (typeof raw === "boolean") return { ok: true, value: raw };
      if (fromEnv && (raw === "true" || raw === "1")) return { ok: true, value: true };
      if (fromEnv && (raw === "false" || raw === "0")) return { ok: true, value: false };
      return { ok: false, error: "expected true or false" };
    }
    case "list": {
      const list = fromEnv && typeof raw === "string" ? raw.split(",").map((s) => s.trim()).filter(Boolean) : raw;
      return Array.isArray(list) && list.every((s) => typeof s === "string" && s.length > 0)
        ? { ok: true, value: list }
        : { ok: false, error: "expected a list of names (comma-separated in the environment)" };
    }
    case "coin":
      return typeof raw === "string" && /^[0-9]+[a-z][a-z0-9/]{2,127}$/.test(raw)
        ? { ok: true, value: raw }
        : { ok: false, error: 'expected an amount with its denom, such as "1000000unes"' };
    case "price":
      return typeof raw === "string" && /^[0-9]+(\.[0-9]+)?[a-z][a-z0-9/]{2,127}$/.test(raw)
        ? { ok: true, value: raw }
        : { ok: false, error: 'expected a gas price such as "0.025unes"' };
  }
}
