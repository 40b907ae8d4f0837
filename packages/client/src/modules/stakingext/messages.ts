import type { EncodeObject, GeneratedType } from "@cosmjs/proto-signing";
import { stakingextTx } from "@nesa/proto-types";

export const stakingextTypes: ReadonlyArray<[string, GeneratedType]> = [
  ["/nesa.stakingext.v1.MsgRegisterMiner", stakingextTx.MsgRegisterMiner],
  ["/nesa.stakingext.v1.MsgAddStake", stakingextTx.MsgAddStake],
  ["/nesa.stakingext.v1.MsgUnbond", stakingextTx.MsgUnbond],
  ["/nesa.stakingext.v1.MsgUnjail", stakingextTx.MsgUnjail],
  ["/nesa.stakingext.v1.MsgUpdateMiner", stakingextTx.MsgUpdateMiner],
  ["/nesa.stakingext.v1.MsgUpdateParams", stakingextTx.MsgUpdateParams],
];

export interface MsgRegisterMinerEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.stakingext.v1.MsgRegisterMiner";
  readonly value: Partial<stakingextTx.MsgRegisterMiner>;
}

export function isMsgRegisterMinerEncodeObject(object: EncodeObject): object is MsgRegisterMinerEncodeObject {
  return object.typeUrl === "/nesa.stakingext.v1.MsgRegisterMiner";
}

export interface MsgAddStakeEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.stakingext.v1.MsgAddStake";
  readonly value: Partial<stakingextTx.MsgAddStake>;
}

export function isMsgAddStakeEncodeObject(object: EncodeObject): object is MsgAddStakeEncodeObject {
  return object.typeUrl === "/nesa.stakingext.v1.MsgAddStake";
}

export interface MsgUnbondEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.stakingext.v1.MsgUnbond";
  readonly value: Partial<stakingextTx.MsgUnbond>;
}

export function isMsgUnbondEncodeObject(object: EncodeObject): object is MsgUnbondEncodeObject {
  return object.typeUrl === "/nesa.stakingext.v1.MsgUnbond";
}

export interface MsgUnjailEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.stakingext.v1.MsgUnjail";
  readonly value: Partial<stakingextTx.MsgUnjail>;
}

export function isMsgUnjailEncodeObject(object: EncodeObject): object is MsgUnjailEncodeObject {
  return object.typeUrl === "/nesa.stakingext.v1.MsgUnjail";
}

export interface MsgUpdateMinerEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.stakingext.v1.MsgUpdateMiner";
  readonly value: Partial<stakingextTx.MsgUpdateMiner>;
}

export function isMsgUpdateMinerEncodeObject(object: EncodeObject): object is MsgUpdateMinerEncodeObject {
  return object.typeUrl === "/nesa.stakingext.v1.MsgUpdateMiner";
}

/** MsgUpdateParams of x/staking-ext (named apart from the other modules' MsgUpdateParams). */
export interface MsgUpdateStakingextParamsEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.stakingext.v1.MsgUpdateParams";
  readonly value: Partial<stakingextTx.MsgUpdateParams>;
}

export function isMsgUpdateStakingextParamsEncodeObject(
  object: EncodeObject,
): object is MsgUpdateStakingextParamsEncodeObject {
  return object.typeUrl === "/nesa.stakingext.v1.MsgUpdateParams";
}
