// Helpers the three protocol modules share to declare msg handlers and validate common fields.
import { fromBech32 } from "@cosmjs/encoding";
import type { Context, MsgHandler } from "../../app/module";
import type { RegisteredError } from "../../errors/chain-error";

export const BECH32_PREFIX = "nesa";

export interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
  /** ts-proto's: a full message from a partial one (proto3 defaults filled in). */
  fromPartial?(object: never): T;
}

/** A MsgHandler from the msg's codec, its signer field and a handler returning the typed response. */
export function msgHandler<M, R>(
  typeUrl: string,
  codec: Codec<M>,
  signer: (msg: M) => string,
  responseTypeUrl: string,
  responseCodec: Codec<R>,
  handle: (ctx: Context, msg: M) => R,
): MsgHandler<M> {
  return {
    typeUrl,
    decode: (bytes) => codec.decode(bytes),
    fromPartial: codec.fromPartial ? (o) => codec.fromPartial!(o as never) : undefined,
    signers: (msg) => [signer(msg)],
    handle: (ctx, msg) => ({ typeUrl: responseTypeUrl, value: responseCodec.encode(handle(ctx, msg)).finish() }),
  };
}

/** Throws `err` naming `field` unless `address` is a valid nesa bech32 account address. */
export function checkAddress(address: string, field: string, err: RegisteredError): void {
  try {
    const { prefix, data } = fromBech32(address, 90);
    if (prefix !== BECH32_PREFIX) throw new Error(`prefix ${prefix}`);
    if (data.length !== 20 && data.length !== 32) throw new Error(`length ${data.length}`);
  } catch (e) {
    throw err.wrap(`${field} "${address}" is not a valid ${BECH32_PREFIX}1… address (${(e as Error).message})`);
  }
}

/** MsgUpdateParams as every module handles it: only the authority, validated params, one event. */
export function updateParamsHandler<P, M extends { authority: string; params?: P }, R>(opts: {
  typeUrlPrefix: string;
  codec: Codec<M>;
  responseCodec: Codec<R>;
  response: R;
  authority: string;
  unauthorized: RegisteredError;
  validate: (params: P | undefined) => void;
  set: (ctx: Context, params: P) => void;
  emit: (ctx: Context, e: { authority: string }) => void;
}): MsgHandler<M> {
  const { typeUrlPrefix: T, authority } = opts;
  return msgHandler(`${T}MsgUpdateParams`, opts.codec, (m) => m.authority, `${T}MsgUpdateParamsResponse`, opts.responseCodec, (ctx, msg) => {
    if (msg.authority !== authority) throw opts.unauthorized.wrap(`authority is ${authority}, got ${msg.authority}`);
    opts.validate(msg.params);
    opts.set(ctx, msg.params as P);
    opts.emit(ctx, { authority: msg.authority });
    return opts.response;
  });
}
