// Validates what a query asks for and prices it: shared by MsgPayForQuery and Query/EstimateFee.
import type { Context } from "../../app/module";
import { coin } from "../stakingext/coins";
import type { ModelInfo } from "../stakingext/expected-keepers";
import {
  ErrInputTooLarge,
  ErrInvalidInputBytes,
  ErrInvalidPrivacy,
  ErrInvalidReplicas,
  ErrInvalidTokens,
  ErrModelDeprecated,
  ErrModelNotFound,
} from "./errors";
import { computeFee, type FeeParts, type TokenInput } from "./fees";
import type { PayForQueryKeeper } from "./keeper";
import { type FeeBreakdown, Privacy } from "./proto";

export interface Quote {
  model: ModelInfo;
  parts: FeeParts;
  breakdown: FeeBreakdown;
}

/** Share seats per replica of an HSS_EE query (PROTOCOL.md §7: two additive shares). */
export const HSS_SHARES = 2;

/** A query's generation lengths (MsgPayForQuery / QueryEstimateFeeRequest); all 0 / absent for a classifier. */
export interface Generation {
  inputTokens: number;
  maxNewTokens: number;
  stopTokenId?: number | undefined;
}

const NO_GENERATION: Generation = { inputTokens: 0, maxNewTokens: 0 };

/**
 * A generator needs input_tokens ≥ 1, max_new_tokens ≥ 1 and their sum ≤ context_length; a classifier
 * none of them (nor a stop_token_id). Throws payforquery/18 naming the field.
 */
export function checkGeneration(model: ModelInfo, g: Generation): TokenInput | undefined {
  const gen = model.generator;
  if (!gen) {
    if (g.inputTokens !== 0 || g.maxNewTokens !== 0 || g.stopTokenId !== undefined) {
      throw ErrInvalidTokens.wrap(`model_id "${model.id}" is a classifier: leave input_tokens, max_new_tokens and stop_token_id unset`);
    }
    return undefined;
  }
  if (g.inputTokens < 1) throw ErrInvalidTokens.wrap(`model_id "${model.id}" is a generator: input_tokens must be the prompt length (≥ 1)`);
  if (g.maxNewTokens < 1) throw ErrInvalidTokens.wrap(`model_id "${model.id}" is a generator: max_new_tokens must be ≥ 1`);
  if (g.inputTokens + g.maxNewTokens > gen.contextLength) {
    throw ErrInvalidTokens.wrap(
      `input_tokens ${g.inputTokens} + max_new_tokens ${g.maxNewTokens} exceed the context_length ${gen.contextLength} of model_id "${model.id}": shorten the prompt or max_new_tokens`,
    );
  }
  return { inputTokens: g.inputTokens, maxNewTokens: g.maxNewTokens, inputPrice: gen.inputPrice, outputPrice: gen.outputPrice };
}

export function quote(
  k: PayForQueryKeeper,
  ctx: Context,
  modelId: string,
  inputBytes: bigint,
  replicas: number,
  privacy: Privacy = Privacy.PRIVACY_EE,
  generation: Generation = NO_GENERATION,
): Quote {
  const params = k.params(ctx);
  const model = k.inference().getModel(ctx, modelId);
  if (!model) throw ErrModelNotFound.wrap(`model_id "${modelId}" is not registered: list models with Query/Models`);
  if (model.deprecated) throw ErrModelDeprecated.wrap(`model_id "${modelId}" is deprecated: use a current model`);
  if (inputBytes < 1n) throw ErrInvalidInputBytes.wrap("input_bytes must be the size of the encrypted input (> 0)");
  if (inputBytes > params.maxInputBytes) {
    throw ErrInputTooLarge.wrap(`input_bytes ${inputBytes} exceeds max_input_bytes ${params.maxInputBytes}: split or compress the input`);
  }
  if (replicas < model.minReplicas || replicas > params.maxReplicas) {
    throw ErrInvalidReplicas.wrap(`replicas ${replicas} must be between the model's min_replicas ${model.minReplicas} and max_replicas ${params.maxReplicas}`);
  }
  if (privacy === Privacy.PRIVACY_HSS_EE && !model.hss) {
    throw ErrInvalidPrivacy.wrap(`model_id "${modelId}" declares no HSS stages: use PRIVACY_EE or a model registered with hss`);
  }
  const tokens = checkGeneration(model, generation);
  const hssShares = privacy === Privacy.PRIVACY_HSS_EE ? HSS_SHARES : 0;
  const parts = computeFee({
    baseFee: BigInt(params.baseFee?.amount ?? "0"),
    perByteFee: BigInt(params.perByteFee?.amount ?? "0"),
    inputBytes,
    price: model.price,
    shards: model.shards,
    hssShares,
    replicas,
    tokens,
  });
  const breakdown: FeeBreakdown = {
    base: coin(parts.base),
    bytes: coin(parts.bytes),
    model: coin(parts.model),
    total: coin(parts.total),
    shards: model.shards,
    replicas,
    hssShares,
    // Classifier breakdowns stay as before generators existed (no token fields on the wire).
    tokens: tokens ? coin(parts.tokens) : undefined,
    inputTokens: tokens?.inputTokens ?? 0,
    maxNewTokens: tokens?.maxNewTokens ?? 0,
    inputPrice: tokens ? coin(tokens.inputPrice) : undefined,
    outputPrice: tokens ? coin(tokens.outputPrice) : undefined,
  };
  return { model, parts, breakdown };
}
