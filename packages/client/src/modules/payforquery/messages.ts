import type { EncodeObject, GeneratedType } from "@cosmjs/proto-signing";
import { payforqueryTx } from "@nesa/proto-types";

export const payforqueryTypes: ReadonlyArray<[string, GeneratedType]> = [
  ["/nesa.payforquery.v1.MsgPayForQuery", payforqueryTx.MsgPayForQuery],
  ["/nesa.payforquery.v1.MsgUpdateParams", payforqueryTx.MsgUpdateParams],
];

export interface MsgPayForQueryEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.payforquery.v1.MsgPayForQuery";
  readonly value: Partial<payforqueryTx.MsgPayForQuery>;
}

export function isMsgPayForQueryEncodeObject(object: EncodeObject): object is MsgPayForQueryEncodeObject {
  return object.typeUrl === "/nesa.payforquery.v1.MsgPayForQuery";
}

/** MsgUpdateParams of x/payforquery (named apart from the other modules' MsgUpdateParams). */
export interface MsgUpdatePayforqueryParamsEncodeObject extends EncodeObject {
  readonly typeUrl: "/nesa.payforquery.v1.MsgUpdateParams";
  readonly value: Partial<payforqueryTx.MsgUpdateParams>;
}

export function isMsgUpdatePayforqueryParamsEncodeObject(
  object: EncodeObject,
): object is MsgUpdatePayforqueryParamsEncodeObject {
  return object.typeUrl === "/nesa.payforquery.v1.MsgUpdateParams";
}
