// x/inference msg server, model store: RegisterModel, DeprecateModel, UpdateParams.
import type { Context, MsgHandler } from "../../app/module";
import { coin, parseCoin } from "../stakingext/coins";
import { checkAddress, msgHandler, updateParamsHandler } from "../stakingext/msg-util";
import { ErrInvalidAddress, ErrInvalidModel, ErrModelDeprecated, ErrModelExists, ErrModelNotFound, ErrNotModelOwner, ErrUnauthorized } from "./errors";
import { emitModelDeprecated, emitModelRegistered, emitParamsUpdated } from "./events";
import type { InferenceKeeper } from "./keeper";
import { validateParams } from "./params";
import {
  type HssSpec,
  type Model,
  ModelKind,
  type ModelShard,
  MsgDeprecateModel,
  MsgDeprecateModelResponse,
  MsgRegisterModel,
  MsgRegisterModelResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
  type TensorSpec,
} from "./proto";

const T = "/nesa.inference.v1.";
const MODEL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const TENSOR_TYPES = new Set(["float32", "float16", "float64", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool"]);
export const MAX_REPLICAS_PER_MODEL = 16;
const KINDS = new Set<number>([ModelKind.MODEL_KIND_UNSPECIFIED, ModelKind.MODEL_KIND_CLASSIFIER, ModelKind.MODEL_KIND_GENERATOR]);

function checkTensors(specs: TensorSpec[], field: string): void {
  if (specs.length === 0) throw ErrInvalidModel.wrap(`${field} is empty: declare at least one tensor`);
  for (const [i, t] of specs.entries()) {
    if (t.name === "") throw ErrInvalidModel.wrap(`${field}[${i}].name is empty`);
    if (!TENSOR_TYPES.has(t.type)) throw ErrInvalidModel.wrap(`${field}[${i}].type "${t.type}" is not one of ${[...TENSOR_TYPES].join(", ")}`);
    if (t.shape.some((d) => d < -1 || d === 0)) throw ErrInvalidModel.wrap(`${field}[${i}].shape has a dimension < 1 (use -1 for dynamic)`);
  }
}

function checkShards(k: InferenceKeeper, ctx: Context, shards: ModelShard[]): void {
  const max = k.params(ctx).maxShards;
  if (shards.length === 0 || shards.length > max) throw ErrInvalidModel.wrap(`shards has ${shards.length} entries: give 1 to ${max}`);
  for (const [i, s] of shards.entries()) {
    if (s.index !== i) throw ErrInvalidModel.wrap(`shards[${i}].index is ${s.index}: indices must be 0..S-1 in order`);
    if (s.sha256.length !== 32) throw ErrInvalidModel.wrap(`shards[${i}].sha256 must be 32 bytes (sha256 of the shard file)`);
    if (s.sizeBytes < 1n) throw ErrInvalidModel.wrap(`shards[${i}].size_bytes must be positive`);
    checkTensors(s.inputs, `shards[${i}].inputs`);
    checkTensors(s.outputs, `shards[${i}].outputs`);
  }
}

/** The optional HSS stages: both content-addressed and typed like shards (index 0: they stand in for shard 0). */
function checkHss(hss: HssSpec | undefined): void {
  if (!hss) return;
  for (const [name, s] of [["share", hss.share], ["combine", hss.combine]] as const) {
    if (!s) throw ErrInvalidModel.wrap(`hss.${name} is missing: declare both the share and the combine stage`);
    if (s.index !== 0) throw ErrInvalidModel.wrap(`hss.${name}.index is ${s.index}: HSS stages replace shard 0`);
    if (s.sha256.length !== 32) throw ErrInvalidModel.wrap(`hss.${name}.sha256 must be 32 bytes (sha256 of the stage file)`);
    if (s.sizeBytes < 1n) throw ErrInvalidModel.wrap(`hss.${name}.size_bytes must be positive`);
    checkTensors(s.inputs, `hss.${name}.inputs`);
    checkTensors(s.outputs, `hss.${name}.outputs`);
  }
}

/** Generator fields (PROTOCOL.md §10): required for a GENERATOR, forbidden for a classifier. */
export function checkKind(msg: MsgRegisterModel): Pick<Model, "kind" | "tokenPrice" | "contextLength" | "eosTokenId"> {
  if (!KINDS.has(msg.kind)) throw ErrInvalidModel.wrap(`kind ${msg.kind} is not MODEL_KIND_CLASSIFIER or MODEL_KIND_GENERATOR`);
  if (msg.kind !== ModelKind.MODEL_KIND_GENERATOR) {
    if (msg.tokenPrice !== undefined) throw ErrInvalidModel.wrap("token_price is only for MODEL_KIND_GENERATOR: a classifier is priced per seat");
    if (msg.contextLength !== 0) throw ErrInvalidModel.wrap("context_length is only for MODEL_KIND_GENERATOR");
    if (msg.eosTokenId !== undefined) throw ErrInvalidModel.wrap("eos_token_id is only for MODEL_KIND_GENERATOR");
    return { kind: msg.kind, tokenPrice: undefined, contextLength: 0, eosTokenId: undefined };
  }
  if (!msg.tokenPrice) throw ErrInvalidModel.wrap("token_price is required for MODEL_KIND_GENERATOR: give input_price and output_price (0 allowed)");
  const inputPrice = parseCoin(msg.tokenPrice.inputPrice, "token_price.input_price", ErrInvalidModel, true);
  const outputPrice = parseCoin(msg.tokenPrice.outputPrice, "token_price.output_price", ErrInvalidModel, true);
  if (msg.contextLength < 2) {
    throw ErrInvalidModel.wrap(`context_length ${msg.contextLength} is too small: a generator query needs ≥ 1 input and ≥ 1 new token`);
  }
  return { kind: msg.kind, tokenPrice: { inputPrice: coin(inputPrice), outputPrice: coin(outputPrice) }, contextLength: msg.contextLength, eosTokenId: msg.eosTokenId };
}

export function modelMsgHandlers(k: InferenceKeeper): MsgHandler<any>[] {
  return [
    msgHandler(`${T}MsgRegisterModel`, MsgRegisterModel, (m) => m.owner, `${T}MsgRegisterModelResponse`, MsgRegisterModelResponse, (ctx, msg) => {
      checkAddress(msg.owner, "owner", ErrInvalidAddress);
      if (!MODEL_ID.test(msg.modelId)) throw ErrInvalidModel.wrap(`model_id "${msg.modelId}" must be 1-64 of a-z, 0-9 and '-', starting with a letter or digit`);
      if (msg.name === "" || msg.name.length > 128) throw ErrInvalidModel.wrap("name must be 1-128 characters");
      if (msg.version === "" || msg.version.length > 64) throw ErrInvalidModel.wrap("version must be 1-64 characters");
      checkShards(k, ctx, msg.shards);
      checkHss(msg.hss);
      if (!msg.ee || msg.ee.scheme === "" || msg.ee.keyCommitment.length !== 32) {
        throw ErrInvalidModel.wrap("ee needs a scheme and a 32-byte key_commitment");
      }
      const price = parseCoin(msg.price, "price", ErrInvalidModel, true);
      const kind = checkKind(msg);
      if (msg.minReplicas < 1 || msg.minReplicas > MAX_REPLICAS_PER_MODEL) {
        throw ErrInvalidModel.wrap(`min_replicas ${msg.minReplicas} must be in [1, ${MAX_REPLICAS_PER_MODEL}]`);
      }
      if (k.model(ctx, msg.modelId)) throw ErrModelExists.wrap(`model_id "${msg.modelId}" is taken: register a new id per version`);
      k.setModel(ctx, {
        id: msg.modelId,
        owner: msg.owner,
        name: msg.name,
        version: msg.version,
        shards: msg.shards,
        ee: msg.ee,
        price: coin(price),
        minReplicas: msg.minReplicas,
        deprecated: false,
        registeredHeight: ctx.height,
        deprecatedHeight: 0n,
        hss: msg.hss,
        ...kind,
      });
      emitModelRegistered(ctx, { modelId: msg.modelId, owner: msg.owner, version: msg.version, shards: msg.shards.length, price: coin(price), kind: kind.kind });
      return { modelId: msg.modelId };
    }),
    msgHandler(`${T}MsgDeprecateModel`, MsgDeprecateModel, (m) => m.owner, `${T}MsgDeprecateModelResponse`, MsgDeprecateModelResponse, (ctx, msg) => {
      checkAddress(msg.owner, "owner", ErrInvalidAddress);
      // An id no model can have is not looked up: a 300-byte one broke the store key (found by the fuzzer).
      const model = MODEL_ID.test(msg.modelId) ? k.model(ctx, msg.modelId) : undefined;
      if (!model) throw ErrModelNotFound.wrap(`model_id "${msg.modelId}" is not registered`);
      if (model.owner !== msg.owner) throw ErrNotModelOwner.wrap(`model "${msg.modelId}" belongs to ${model.owner}`);
      if (model.deprecated) throw ErrModelDeprecated.wrap(`model "${msg.modelId}" was deprecated at height ${model.deprecatedHeight}`);
      model.deprecated = true;
      model.deprecatedHeight = ctx.height;
      k.setModel(ctx, model);
      emitModelDeprecated(ctx, { modelId: msg.modelId, owner: msg.owner });
      return {};
    }),
    updateParamsHandler({
      typeUrlPrefix: T,
      codec: MsgUpdateParams,
      responseCodec: MsgUpdateParamsResponse,
      response: {},
      authority: k.authority,
      unauthorized: ErrUnauthorized,
      validate: validateParams,
      set: (ctx, p) => k.setParams(ctx, p),
      emit: emitParamsUpdated,
    }),
  ];
}
