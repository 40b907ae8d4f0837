import type { EncodeObject, GeneratedType } from "@cosmjs/proto-signing";
import { inferenceTx } from "@nesa/proto-types";

export const inferenceTypes: ReadonlyArray<[string, GeneratedType]> = [
  ["/nesa.inference.v1.MsgRegisterModel", inferenceTx.MsgRegisterModel],
  ["/nesa.inference.v1.MsgDeprecateModel", inferenceTx.MsgDeprecateModel],
  ["/nesa.inference.v1.MsgCommitResult", inferenceTx.MsgCommitResult],
  ["/nesa.inference.v1.MsgRevealResult", inferenceTx.MsgRevealResult],
  ["/nesa.inference.v1.MsgUpdateParams", inferenceTx.MsgUpdateParams],
];

export interface MsgRegisterModelEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.inference.v1.MsgRegisterModel";
  readonly value: Partial<inferenceTx.MsgRegisterModel>;
}

export function isMsgRegisterModelEncodeObject(object: EncodeObject): object is MsgRegisterModelEncodeObject {
  return object.typeUrl === "/nesa.inference.v1.MsgRegisterModel";
}

export interface MsgDeprecateModelEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.inference.v1.MsgDeprecateModel";
  readonly value: Partial<inferenceTx.MsgDeprecateModel>;
}

export function isMsgDeprecateModelEncodeObject(object: EncodeObject): object is MsgDeprecateModelEncodeObject {
  return object.typeUrl === "/nesa.inference.v1.MsgDeprecateModel";
}

export interface MsgCommitResultEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.inference.v1.MsgCommitResult";
  readonly value: Partial<inferenceTx.MsgCommitResult>;
}

export function isMsgCommitResultEncodeObject(object: EncodeObject): object is MsgCommitResultEncodeObject {
  return object.typeUrl === "/nesa.inference.v1.MsgCommitResult";
}

export interface MsgRevealResultEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.inference.v1.MsgRevealResult";
  readonly value: Partial<inferenceTx.MsgRevealResult>;
}

export function isMsgRevealResultEncodeObject(object: EncodeObject): object is MsgRevealResultEncodeObject {
  return object.typeUrl === "/nesa.inference.v1.MsgRevealResult";
}

/** MsgUpdateParams of x/inference (named apart from the other modules' MsgUpdateParams). */
export interface MsgUpdateInferenceParamsEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.inference.v1.MsgUpdateParams";
  readonly value: Partial<inferenceTx.MsgUpdateParams>;
}

export function isMsgUpdateInferenceParamsEncodeObject(
  object: EncodeObject,
): object is MsgUpdateInferenceParamsEncodeObject {
  return object.typeUrl === "/nesa.inference.v1.MsgUpdateParams";
}
