// Upload intents: how a model owner gets its shards into the store BEFORE MsgRegisterModel is in a block. The owner
// signs, with the same secp256k1 account key that will sign the registration, the list of blobs (sha256 + size) of a
// model id, for one chain, valid until a block height. It is signed as ADR-036 arbitrary data (an amino StdSignDoc
// holding one sign/MsgSignData, chain id "", fee 0), the format Keplr's signArbitrary produces, so no key ever has to
// leave a wallet. The store checks the signature, that the address is the key's, and the height bounds (intent-store.ts).
import { type StdSignDoc, encodeSecp256k1Pubkey, pubkeyToAddress, serializeSignDoc } from "@cosmjs/amino";
import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import { ModelStoreCode, ModelStoreError } from "../errors";
import { isSha256Hex } from "../sha256-hex";

/** What an owner promises to register: these blobs, for this model id, on this chain, until `expiresHeight`. */
export interface UploadIntent {
  chainId: string;
  owner: string;
  modelId: string;
  /** Last block height (inclusive) at which the store accepts these blobs without a registration. */
  expiresHeight: number;
  blobs: { sha256: string; sizeBytes: number }[];
}

/** An intent with the owner's compressed secp256k1 public key and 64-byte (r‖s) signature, both base64. */
export interface SignedUploadIntent {
  intent: UploadIntent;
  pubKey: string;
  signature: string;
}

export const UPLOAD_INTENT_TAG = "nesa-upload-intent-v1";
export const MODEL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Shards (≤ the chain's max_shards, 32 by default) plus the two HSS-EE stages. */
export const MAX_INTENT_BLOBS = 34;

const bad = (msg: string, details?: string) => new ModelStoreError(ModelStoreCode.BadIntent, msg, details);

/** The signed bytes' data: the tag and the intent's fields in a fixed order (never JSON.stringify of user input). */
export function intentData(i: UploadIntent): string {
  const blobs = i.blobs.map((b) => `${b.sha256}:${b.sizeBytes}`).join(",");
  return `${UPLOAD_INTENT_TAG}\n${i.chainId}\n${i.owner}\n${i.modelId}\n${i.expiresHeight}\n${blobs}`;
}

/** ADR-036: the amino sign doc a wallet signs for arbitrary data (chain id "", account 0, sequence 0, no fee). */
export function intentSignDoc(i: UploadIntent): StdSignDoc {
  return {
    chain_id: "",
    account_number: "0",
    sequence: "0",
    fee: { gas: "0", amount: [] },
    msgs: [{ type: "sign/MsgSignData", value: { signer: i.owner, data: toBase64(new TextEncoder().encode(intentData(i))) } }],
    memo: "",
  };
}

/** Checks the fields' shapes (not heights, not chain state), so a malformed intent fails with a reason. */
export function checkIntentShape(x: unknown): SignedUploadIntent {
  const s = x as Partial<SignedUploadIntent> | null;
  const i = s?.intent as Partial<UploadIntent> | undefined;
  if (!s || typeof s !== "object" || !i || typeof i !== "object") throw bad("an upload intent is {intent, pubKey, signature}", "nesa-models publish --intent builds and signs one");
  if (typeof i.chainId !== "string" || i.chainId === "") throw bad("intent.chainId must name the chain");
  if (typeof i.owner !== "string" || !/^[a-z]+1[02-9ac-hj-np-z]{38,58}$/.test(i.owner)) throw bad("intent.owner must be a bech32 account address");
  if (typeof i.modelId !== "string" || !MODEL_ID.test(i.modelId)) throw bad("intent.modelId: lower-case letters, digits and '-', at most 64");
  if (!Number.isSafeInteger(i.expiresHeight) || (i.expiresHeight as number) < 1) throw bad("intent.expiresHeight must be a positive block height");
  if (!Array.isArray(i.blobs) || i.blobs.length === 0 || i.blobs.length > MAX_INTENT_BLOBS) throw bad(`intent.blobs must list 1 to ${MAX_INTENT_BLOBS} blobs`);
  const seen = new Set<string>();
  for (const [k, b] of i.blobs.entries()) {
    if (!b || !isSha256Hex(b.sha256) || !Number.isSafeInteger(b.sizeBytes) || b.sizeBytes < 1) throw bad(`intent.blobs[${k}] must be {sha256: 64 lowercase hex, sizeBytes: positive integer}`);
    if (seen.has(b.sha256)) throw bad(`intent.blobs[${k}] repeats ${b.sha256}`);
    seen.add(b.sha256);
  }
  if (typeof s.pubKey !== "string" || typeof s.signature !== "string") throw bad("pubKey and signature must be base64 strings");
  const intent: UploadIntent = { chainId: i.chainId, owner: i.owner, modelId: i.modelId, expiresHeight: i.expiresHeight as number, blobs: i.blobs.map((b) => ({ sha256: b.sha256, sizeBytes: b.sizeBytes })) };
  return { intent, pubKey: s.pubKey, signature: s.signature };
}

/** Throws BadIntent unless the signature is the owner's: the key must hash to intent.owner and sign the ADR-036 doc. */
export async function verifyIntentSignature(s: SignedUploadIntent): Promise<void> {
  let pub: Uint8Array;
  let sig: Secp256k1Signature;
  try {
    pub = fromBase64(s.pubKey);
    sig = Secp256k1Signature.fromFixedLength(fromBase64(s.signature));
  } catch (err) {
    throw bad("pubKey or signature is not valid base64 of the right length", (err as Error).message);
  }
  if (pub.length !== 33) throw bad("pubKey must be a 33-byte compressed secp256k1 key");
  const prefix = s.intent.owner.slice(0, s.intent.owner.indexOf("1"));
  const address = pubkeyToAddress(encodeSecp256k1Pubkey(pub), prefix);
  if (address !== s.intent.owner) throw bad(`pubKey belongs to ${address}, not to intent.owner ${s.intent.owner}`);
  const ok = await Secp256k1.verifySignature(sig, sha256(serializeSignDoc(intentSignDoc(s.intent))), pub);
  if (!ok) throw bad("the signature does not verify for intent.owner's key", "sign the ADR-036 doc of exactly these fields (intentSignDoc)");
}

/** Signs with an amino signer (e.g. cosmjs Secp256k1HdWallet, or a wallet's signArbitrary-compatible signAmino). */
export async function signUploadIntent(
  signer: { signAmino(address: string, doc: StdSignDoc): Promise<{ signature: { pub_key: { value: string }; signature: string } }> },
  intent: UploadIntent,
): Promise<SignedUploadIntent> {
  const { signature } = await signer.signAmino(intent.owner, intentSignDoc(intent));
  return { intent, pubKey: signature.pub_key.value, signature: signature.signature };
}
