// What `nesa generate` and `nesa chat` share: a signing NesaClient on a localnet home for one generator model —
// its tokenizer and EE key (found by readModelKeys from localnet.json's models.<id>), the dispatcher for the
// prompt, Redis for results and for the miners' token streams.
import { readModelKeys } from "../adapters/node/model-codecs";
import { createRedisResultSource } from "../adapters/node/redis-result-source";
import { createRedisTokenStream } from "../adapters/node/redis-token-stream";
import { walletFromMnemonic } from "../adapters/node/wallet";
import { NesaClient } from "../client";
import { combineDataPlanes } from "../data-plane/data-plane";
import { createHttpDataPlane } from "../data-plane/http-data-plane";
import { ClientError, ClientErrorCode } from "../errors/nesa-error";
import { loadHome, pickAccount } from "./load-home";

export interface GenerationClientOptions {
  readonly home?: string;
  readonly model: string;
  readonly from?: string;
}

export interface GenerationClient {
  readonly client: NesaClient;
  close(): Promise<void>;
}

export async function openGenerationClient(o: GenerationClientOptions): Promise<GenerationClient> {
  const info = await loadHome(o.home);
  const files = info.models[o.model];
  if (!files) {
    throw new ClientError(ClientErrorCode.UnknownModel, `localnet.json has no EE key for model "${o.model}"`, `known: ${Object.keys(info.models).join(", ") || "none"}; a home made before ${o.model} existed gets it at the next \`localnet/start\``);
  }
  const keys = await readModelKeys(o.model, files);
  if (keys.kind !== "generator") {
    throw new ClientError(ClientErrorCode.UnknownModel, `model "${o.model}" is not a generator`, `use \`nesa infer --model ${o.model}\``);
  }
  const wallet = await walletFromMnemonic(pickAccount(info, o.from).mnemonic);
  const prefix = info.redisPrefix ?? "nesa";
  const dataPlane = combineDataPlanes(createHttpDataPlane(info.dispatcherUrl), [createRedisResultSource(info.redisUrl, prefix)]);
  const tokenStream = createRedisTokenStream(info.redisUrl, prefix);
  const client = await NesaClient.connectWithSigner(info.rpc, wallet, { dataPlane, generators: { [o.model]: keys.codec }, tokenStream });
  return {
    client,
    async close() {
      client.disconnect();
      await tokenStream.close();
      await dataPlane.close?.();
    },
  };
}

/** --max-tokens, --replicas, --timeout: checked before touching the network. */
export function parseGenerationNumbers(o: { maxTokens?: string; replicas?: string; timeout: string }): { maxTokens?: number; replicas?: number; timeoutMs: number } {
  const int = (name: string, v: string | undefined, example: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new ClientError(ClientErrorCode.InvalidArgument, `${name} must be a positive integer, got ${v}`, `e.g. ${name} ${example}`);
    return n;
  };
  const timeoutS = Number(o.timeout);
  if (!(timeoutS > 0)) throw new ClientError(ClientErrorCode.InvalidArgument, `--timeout must be a positive number of seconds, got ${o.timeout}`, "e.g. --timeout 120");
  return { maxTokens: int("--max-tokens", o.maxTokens, "24"), replicas: int("--replicas", o.replicas, "2"), timeoutMs: timeoutS * 1000 };
}
