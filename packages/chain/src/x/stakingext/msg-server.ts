// x/staking-ext msg server: one function per Msg, validation first, no state change on error.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import type { Context, MsgHandler } from "../../app/module";
import { amountOf, coin, parseCoin } from "./coins";
import {
  ErrInsufficientBonded,
  ErrInsufficientFunds,
  ErrInvalidAddress,
  ErrInvalidCapacity,
  ErrInvalidModels,
  ErrInvalidPubkey,
  ErrInvalidStake,
  ErrJailPeriod,
  ErrMinerExists,
  ErrMinerNotFound,
  ErrNotJailed,
  ErrTooManyUnbonding,
  ErrUnauthorized,
} from "./errors";
import {
  emitMinerRegistered,
  emitMinerUnjailed,
  emitMinerUpdated,
  emitParamsUpdated,
  emitStakeAdded,
  emitUnbondStarted,
} from "./events";
import type { StakingKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { checkAddress, msgHandler, updateParamsHandler } from "./msg-util";
import { validateParams } from "./params";
import {
  type Capacity,
  type Miner,
  MsgAddStake,
  MsgAddStakeResponse,
  MsgRegisterMiner,
  MsgRegisterMinerResponse,
  MsgUnbond,
  MsgUnbondResponse,
  MsgUnjail,
  MsgUnjailResponse,
  MsgUpdateMiner,
  MsgUpdateMinerResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
} from "./proto";
import { startUnbonding } from "./unbonding";

const T = "/nesa.stakingext.v1.";

function checkPubkey(pubkey: Uint8Array): void {
  if (pubkey.length !== 33 || (pubkey[0] !== 2 && pubkey[0] !== 3)) {
    throw ErrInvalidPubkey.wrap(`encryption_pubkey has ${pubkey.length} bytes: give a 33-byte compressed secp256k1 key`);
  }
  try {
    secp256k1.Point.fromBytes(pubkey);
  } catch {
    throw ErrInvalidPubkey.wrap("encryption_pubkey is not a point on secp256k1");
  }
}

function checkModels(k: StakingKeeper, ctx: Context, models: string[]): void {
  const max = k.params(ctx).maxModels;
  if (models.length > max) throw ErrInvalidModels.wrap(`models has ${models.length} entries: at most ${max}`);
  if (new Set(models).size !== models.length) throw ErrInvalidModels.wrap("models lists a model twice");
  for (const id of models) {
    const model = k.modelRegistry().getModel(ctx, id);
    if (!model) throw ErrInvalidModels.wrap(`model "${id}" is not registered: register it with MsgRegisterModel first`);
    if (model.deprecated) throw ErrInvalidModels.wrap(`model "${id}" is deprecated: serve a current version`);
  }
}

function checkCapacity(c: Capacity | undefined): void {
  if (c && (c.maxBatch > 1_000_000 || c.memoryMb > 1n << 40n)) {
    throw ErrInvalidCapacity.wrap("capacity is implausibly large: give memory_mb in MiB and max_batch ≤ 1,000,000");
  }
}

function mustGetMiner(k: StakingKeeper, ctx: Context, operator: string): Miner {
  checkAddress(operator, "operator", ErrInvalidAddress);
  const m = k.getMiner(ctx, operator);
  if (!m) throw ErrMinerNotFound.wrap(`no miner with operator ${operator}: send MsgRegisterMiner first`);
  return m;
}

function bond(k: StakingKeeper, ctx: Context, operator: string, amount: bigint): void {
  const balance = k.bank.balance(ctx, operator);
  if (balance < amount) throw ErrInsufficientFunds.wrap(`operator has ${balance}unes, stake needs ${amount}unes`);
  k.bank.sendAccountToModule(ctx, operator, MODULE_NAME, amount);
}

export function stakingMsgHandlers(k: StakingKeeper): MsgHandler<any>[] {
  return [
    msgHandler(`${T}MsgRegisterMiner`, MsgRegisterMiner, (m) => m.operator, `${T}MsgRegisterMinerResponse`, MsgRegisterMinerResponse, (ctx, msg) => {
      checkAddress(msg.operator, "operator", ErrInvalidAddress);
      checkPubkey(msg.encryptionPubkey);
      if (msg.models.length === 0) throw ErrInvalidModels.wrap("models is empty: list the model ids this miner serves");
      checkModels(k, ctx, msg.models);
      checkCapacity(msg.capacity);
      const stake = parseCoin(msg.stake, "stake", ErrInvalidStake);
      if (k.getMiner(ctx, msg.operator)) throw ErrMinerExists.wrap(`${msg.operator} is already a miner: use MsgAddStake or MsgUpdateMiner`);
      bond(k, ctx, msg.operator, stake);
      const capacity = msg.capacity ?? { memoryMb: 0n, maxBatch: 0 };
      const miner = k.newMiner(ctx, { operator: msg.operator, encryptionPubkey: msg.encryptionPubkey, models: msg.models, capacity }, stake);
      k.setMiner(ctx, miner, []);
      emitMinerRegistered(ctx, { operator: msg.operator, encryptionPubkey: msg.encryptionPubkey, models: msg.models, stake: coin(stake) });
      return { status: miner.status };
    }),
    msgHandler(`${T}MsgAddStake`, MsgAddStake, (m) => m.operator, `${T}MsgAddStakeResponse`, MsgAddStakeResponse, (ctx, msg) => {
      const miner = mustGetMiner(k, ctx, msg.operator);
      const amount = parseCoin(msg.amount, "amount", ErrInvalidStake);
      bond(k, ctx, msg.operator, amount);
      miner.bonded = coin(amountOf(miner.bonded) + amount);
      k.setMiner(ctx, miner);
      emitStakeAdded(ctx, { operator: msg.operator, amount: coin(amount), bonded: miner.bonded });
      return { bonded: miner.bonded };
    }),
    msgHandler(`${T}MsgUnbond`, MsgUnbond, (m) => m.operator, `${T}MsgUnbondResponse`, MsgUnbondResponse, (ctx, msg) => {
      const miner = mustGetMiner(k, ctx, msg.operator);
      const amount = parseCoin(msg.amount, "amount", ErrInvalidStake);
      const bonded = amountOf(miner.bonded);
      if (amount > bonded) throw ErrInsufficientBonded.wrap(`amount ${amount}unes exceeds bonded ${bonded}unes`);
      const max = k.params(ctx).maxUnbondingEntries;
      if (miner.unbonding.length >= max) {
        throw ErrTooManyUnbonding.wrap(`${miner.unbonding.length} entries already (max ${max}): wait for one to complete`);
      }
      const completionHeight = startUnbonding(k, ctx, miner, amount);
      k.setMiner(ctx, miner);
      emitUnbondStarted(ctx, { operator: msg.operator, amount: coin(amount), completionHeight });
      return { completionHeight };
    }),
    msgHandler(`${T}MsgUnjail`, MsgUnjail, (m) => m.operator, `${T}MsgUnjailResponse`, MsgUnjailResponse, (ctx, msg) => {
      const miner = mustGetMiner(k, ctx, msg.operator);
      if (!miner.jailed) throw ErrNotJailed.wrap(`${msg.operator} is not jailed: nothing to do`);
      if (ctx.height < miner.jailedUntil) {
        throw ErrJailPeriod.wrap(`jailed until height ${miner.jailedUntil} (now ${ctx.height}): retry then`);
      }
      miner.jailed = false;
      miner.jailedUntil = 0n;
      miner.missedInWindow = 0;
      miner.missedWindowStart = ctx.height;
      k.setMiner(ctx, miner);
      emitMinerUnjailed(ctx, { operator: msg.operator, status: miner.status });
      return { status: miner.status };
    }),
    msgHandler(`${T}MsgUpdateMiner`, MsgUpdateMiner, (m) => m.operator, `${T}MsgUpdateMinerResponse`, MsgUpdateMinerResponse, (ctx, msg) => {
      const miner = mustGetMiner(k, ctx, msg.operator);
      if (msg.encryptionPubkey.length > 0) checkPubkey(msg.encryptionPubkey);
      if (msg.models.length > 0) checkModels(k, ctx, msg.models);
      checkCapacity(msg.capacity);
      const previousModels = miner.models;
      if (msg.encryptionPubkey.length > 0) miner.encryptionPubkey = msg.encryptionPubkey;
      if (msg.models.length > 0) miner.models = msg.models;
      if (msg.capacity) miner.capacity = msg.capacity;
      k.setMiner(ctx, miner, previousModels);
      emitMinerUpdated(ctx, { operator: miner.operator, encryptionPubkey: miner.encryptionPubkey, models: miner.models, capacity: miner.capacity });
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
