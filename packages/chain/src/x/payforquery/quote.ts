// Validates what a query asks for and prices it: shared by MsgPayForQuery and Query/EstimateFee.
import type { Context } from "../../app/module";
import { coin } from "../stakingext/coins";
import type { ModelInfo } from "../stakingext/expected-keepers";
import { ErrInvalidPrivacy, ErrInputTooLarge, ErrInvalidInputBytes, ErrInvalidReplicas, ErrModelDeprecated, ErrModelNotFound } from "./errors";
import { computeFee, type FeeParts } from "./fees";
import type { PayForQueryKeeper } from "./keeper";
import { type FeeBreakdown, Privacy } from "./proto";

export interface Quote {
  model: ModelInfo;
  parts: FeeParts;
  breakdown: FeeBreakdown;
}

/** Share seats per replica of an HSS_EE query (PROTOCOL.md §7: two additive shares). */
export const HSS_SHARES = 2;

export function quote(k: PayForQueryKeeper, ctx: Context, modelId: string, inputBytes: bigint, replicas: number, privacy: Privacy = Privacy.PRIVACY_EE): Quote {
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
  const hssShares = privacy === Privacy.PRIVACY_HSS_EE ? HSS_SHARES : 0;
  const parts = computeFee({
    baseFee: BigInt(params.baseFee?.amount ?? "0"),
    perByteFee: BigInt(params.perByteFee?.amount ?? "0"),
    inputBytes,
    price: model.price,
    shards: model.shards,
    hssShares,
    replicas,
  });
  const breakdown: FeeBreakdown = {
    base: coin(parts.base),
    bytes: coin(parts.bytes),
    model: coin(parts.model),
    total: coin(parts.total),
    shards: model.shards,
    replicas,
    hssShares,
  };
  return { model, parts, breakdown };
}
