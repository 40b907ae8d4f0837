// Helpers the three protocol modules share to declare msg handlers and validate common fields.
import { fromBech32 } from "@cosmjs/encoding";
import type { Context, MsgHandler } from "../../app/module";
import type { RegisteredError } from "../../errors/chain-error";

export const BECH32_PREFIX = "nesa";

export interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
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
