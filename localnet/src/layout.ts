// Where a localnet keeps its files, all under one home directory:
//   DIR/chain/        nesad home (genesis, accounts.json, LevelDB)
//   DIR/models/<id>/  prepared shard files + manifest.json; DIR/models/<id>.ee-key.json (0600)
//   DIR/store/        the model store's content-addressed blobs
//   DIR/dispatcher/   the dispatcher's input spool
//   DIR/miners/<i>/   config.json, key.json (0600), shard cache
//   DIR/run/          one <name>.pid per process started, and settings.json (ports chosen at first start)
//   DIR/logs/         one <name>.log per process
import { resolve } from "node:path";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export type Layout = ReturnType<typeof layout>;

export function layout(home: string) {
  const h = resolve(process.env.LOCALNET_CALLER_CWD ?? process.cwd(), home);
  return {
    home: h,
    chain: join(h, "chain"),
    models: join(h, "models"),
    modelDir: (id: string) => join(h, "models", id),
    eeKey: (id: string) => join(h, "models", `${id}.ee-key.json`),
    store: join(h, "store"),
    spool: join(h, "dispatcher", "spool"),
    miner: (i: number) => join(h, "miners", String(i)),
    run: join(h, "run"),
    settings: join(h, "run", "settings.json"),
    logs: join(h, "logs"),
  };
}

/** The workspace CLIs, run as `node --import tsx <file>` so the pid we record is the process doing the work. */
export const CLI = {
  nesad: join(REPO_ROOT, "packages/chain/src/cli/nesad.ts"),
  models: join(REPO_ROOT, "packages/models/src/cli/nesa-models.ts"),
  store: join(REPO_ROOT, "packages/model-store/src/cli/nesa-model-store.ts"),
  dispatcher: join(REPO_ROOT, "packages/dispatcher/src/cli/nesa-dispatcher.ts"),
  miner: join(REPO_ROOT, "packages/sidecar/src/cli/nesa-miner.ts"),
  playground: join(REPO_ROOT, "packages/playground/src/server/cli.ts"),
};
