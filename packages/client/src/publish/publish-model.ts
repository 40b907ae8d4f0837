// `nesa-models publish` / `deprecate`. Publish uploads first, then registers: the owner signs an upload intent (the
// model id and its blobs' sha256 and size, until a height) that lets the store take exactly those blobs before
// MsgRegisterModel is in a block; each blob goes up resumably (HEAD/PATCH /uploads, a cut resumes from the store's
// offset); then MsgRegisterModel is broadcast. A model that is already registered by the same owner with the same
// shards only gets its missing blobs uploaded.
import { readFile } from "node:fs/promises";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { postUploadIntent, signUploadIntent, uploadBlob } from "@nesa/model-store";
import { GasPrice, QueryClient, SigningStargateClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { setupInferenceExtension } from "../modules/inference/queries";
import type { Logger } from "pino";
import { walletFromMnemonic } from "../adapters/node/wallet";
import { loadHome, pickAccount } from "../cli/load-home";
import { ClientError, ClientErrorCode } from "../errors/nesa-error";
import { createNesaRegistry } from "../registry";
import { type ManifestJson, readManifest, type RegisterOptions, registerModelValue } from "./publish-manifest";

export interface PublishOptions extends RegisterOptions {
  manifest: string;
  home?: string;
  from?: string;
  mnemonicFile?: string;
  rpc?: string;
  store?: string;
  /** Blocks the upload intent stays valid (default 300; the store caps it, 600 by default). */
  intentBlocks?: number;
  /** Bytes per resumable upload request (default 16 MiB). */
  chunkBytes?: number;
}

export interface PublishResult {
  modelId: string;
  owner: string;
  height: number | null;
  alreadyRegistered: boolean;
  /** The upload intent's last valid height, when one was needed (the model was not registered yet). */
  intentExpiresHeight: number | null;
  uploaded: string[];
  alreadyStored: string[];
}

const bad = (msg: string, hint: string) => new ClientError(ClientErrorCode.InvalidArgument, msg, hint);

async function signer(o: { home?: string; from?: string; mnemonicFile?: string; rpc?: string; store?: string }) {
  const info = o.mnemonicFile && o.rpc ? undefined : await loadHome(o.home);
  const mnemonic = o.mnemonicFile ? (await readFile(o.mnemonicFile, "utf8")).trim() : pickAccount(info as NonNullable<typeof info>, o.from ?? "owner").mnemonic;
  const wallet = await walletFromMnemonic(mnemonic);
  const [{ address }] = await wallet.getAccounts();
  const rpc = o.rpc ?? info?.rpc;
  if (!rpc) throw bad("no RPC", "pass --rpc URL or --home DIR");
  const client = await SigningStargateClient.connectWithSigner(rpc, wallet, { registry: createNesaRegistry(), broadcastPollIntervalMs: 200, gasPrice: GasPrice.fromString("0.025unes") });
  // Upload intents are ADR-036 amino sign docs; the direct-mode wallet above cannot sign those.
  const aminoSigner = () => Secp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "nesa" });
  return { client, address, rpc, aminoSigner, store: o.store ?? info?.modelStoreUrl, onClose: [] as (() => void)[] };
}

/**
 * Uploads the model's blobs (under a signed upload intent unless it is registered already), then registers it.
 * @example await publishModel({ manifest: "dist/my-net/manifest.json", price: "1000unes", home: ".nesa-home" }, log)
 */
export async function publishModel(o: PublishOptions, log?: Logger): Promise<PublishResult> {
  const { m, files } = await readManifest(o.manifest);
  registerModelValue("", m, o); // refuse bad prices and generator options before any upload
  const s = await signer(o);
  try {
    const store = s.store;
    if (!store) throw bad("no model store URL", "pass --store URL or --home DIR");
    const comet = await Comet38Client.connect(s.rpc);
    const q = QueryClient.withExtensions(comet, setupInferenceExtension);
    s.onClose.push(() => comet.disconnect());
    const existing = await q.inference.model(m.model).catch(() => undefined);
    let intentExpiresHeight: number | null = null;
    if (existing) {
      const same = existing.owner === s.address && existing.shards.every((sh, i) => Buffer.from(sh.sha256).toString("hex") === m.shards[i]?.sha256) && existing.shards.length === m.shards.length;
      if (!same) throw new ClientError(ClientErrorCode.InvalidArgument, `model id "${m.model}" is already registered${existing.owner === s.address ? " with other shards" : ` by ${existing.owner}`}`, "prepare under another --id (ids are never reused), or deprecate yours first");
      log?.info({ modelId: m.model }, "already registered by you with these shards: uploading what the store lacks");
    } else {
      const status = await comet.status();
      const intent = {
        chainId: status.nodeInfo.network, owner: s.address, modelId: m.model, expiresHeight: status.syncInfo.latestBlockHeight + (o.intentBlocks ?? 300),
        blobs: [...files].map(([sha256, f]) => ({ sha256, sizeBytes: f.sizeBytes })),
      };
      intentExpiresHeight = (await postUploadIntent(store, await signUploadIntent(await s.aminoSigner(), intent))).expiresHeight;
      log?.info({ modelId: m.model, expiresHeight: intentExpiresHeight }, "upload intent accepted by the store");
    }
    const uploaded: string[] = [];
    const alreadyStored: string[] = [];
    for (const [sha256, f] of files) {
      const r = await uploadBlob({ storeUrl: store, modelId: m.model, sha256, sizeBytes: f.sizeBytes, file: f.file, chunkBytes: o.chunkBytes, logger: log }).catch((err: Error) => {
        throw new ClientError(ClientErrorCode.InputRejected, `the model store refused ${sha256}`, err.message, err);
      });
      (r.status === "already-stored" ? alreadyStored : uploaded).push(sha256);
      if (r.status === "stored") log?.info({ sha256, sizeBytes: f.sizeBytes, resumedAt: r.resumedAt }, "shard uploaded");
    }
    let height: number | null = null;
    if (!existing) height = await register(s, m, o, log);
    return { modelId: m.model, owner: s.address, height, alreadyRegistered: existing !== undefined, intentExpiresHeight, uploaded, alreadyStored };
  } finally {
    for (const c of s.onClose) c();
    s.client.disconnect();
  }
}

/** MsgRegisterModel, signed by the owner; resolves to its block height. */
async function register(s: Awaited<ReturnType<typeof signer>>, m: ManifestJson, o: RegisterOptions, log?: Logger): Promise<number> {
  const res = await s.client.signAndBroadcast(s.address, [{ typeUrl: "/nesa.inference.v1.MsgRegisterModel", value: registerModelValue(s.address, m, o) }], "auto");
  if (res.code !== 0) throw new ClientError(ClientErrorCode.InvalidArgument, `MsgRegisterModel ${m.model} failed (code ${res.code})`, res.rawLog ?? "");
  log?.info({ modelId: m.model, height: res.height, owner: s.address, kind: m.generator ? "generator" : "classifier" }, "registered on chain");
  return res.height;
}

/** MsgDeprecateModel: no new queries for the model; queries already paid finish. */
export async function deprecateModel(o: { modelId: string; home?: string; from?: string; mnemonicFile?: string; rpc?: string }, log?: Logger): Promise<{ modelId: string; height: number }> {
  const s = await signer(o);
  try {
    const res = await s.client.signAndBroadcast(s.address, [{ typeUrl: "/nesa.inference.v1.MsgDeprecateModel", value: { owner: s.address, modelId: o.modelId } }], "auto");
    if (res.code !== 0) throw new ClientError(ClientErrorCode.InvalidArgument, `MsgDeprecateModel ${o.modelId} failed (code ${res.code})`, res.rawLog ?? "only the owner can deprecate a model");
    log?.info({ modelId: o.modelId, height: res.height }, "model deprecated");
    return { modelId: o.modelId, height: res.height };
  } finally {
    s.client.disconnect();
  }
}
