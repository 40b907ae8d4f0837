// x/staking-ext genesis: default, validate, import (rebuilding the model index and unbonding
// queue from the miners) and export.
import type { Context } from "../../app/module";
import { amountOf } from "./coins";
import { ErrInvalidParams } from "./errors";
import { decodeStringList, encodeStringList, type StakingKeeper, totalUnbonding } from "./keeper";
import { MODULE_NAME, unbondingQueueKey } from "./keys";
import { defaultParams, validateParams } from "./params";
import type { GenesisState } from "./proto";

export function defaultGenesis(): GenesisState {
  return { params: defaultParams(), miners: [] };
}

export function validateGenesis(g: GenesisState): void {
  validateParams(g.params);
  const seen = new Set<string>();
  for (const [i, m] of g.miners.entries()) {
    if (seen.has(m.operator)) throw ErrInvalidParams.wrap(`miners[${i}] duplicates operator ${m.operator}`);
    seen.add(m.operator);
    if (m.encryptionPubkey.length !== 33) throw ErrInvalidParams.wrap(`miners[${i}].encryption_pubkey must be 33 bytes`);
    if (amountOf(m.bonded) < 0n) throw ErrInvalidParams.wrap(`miners[${i}].bonded must be non-negative`);
    const p = g.params;
    if (p && m.reputation !== 0n && (m.reputation < p.reputationMin || m.reputation > p.reputationMax)) {
      throw ErrInvalidParams.wrap(`miners[${i}].reputation ${m.reputation} must be in [reputation_min, reputation_max] (or 0 = reputation_initial)`);
    }
  }
}

/** Sum of bonded and unbonding stake in a genesis: what the module account must be funded with. */
export function genesisStakeTotal(g: GenesisState): bigint {
  return g.miners.reduce((sum, m) => sum + amountOf(m.bonded) + totalUnbonding(m), 0n);
}

export function initGenesis(k: StakingKeeper, ctx: Context, g: GenesisState): void {
  validateGenesis(g);
  k.setParams(ctx, g.params ?? defaultParams());
  const store = ctx.kvStore(MODULE_NAME);
  for (const m of g.miners) {
    k.setMiner(ctx, { ...m }, []);
    for (const e of m.unbonding) {
      const key = unbondingQueueKey(e.completionHeight);
      const queued = store.get(key);
      const list = queued ? decodeStringList(queued) : [];
      if (!list.includes(m.operator)) store.set(key, encodeStringList([...list, m.operator]));
    }
  }
}

export function exportGenesis(k: StakingKeeper, ctx: Context): GenesisState {
  return { params: k.params(ctx), miners: [...k.allMiners(ctx)] };
}
