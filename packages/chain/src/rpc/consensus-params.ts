// CometBFT 0.38's consensus params with its defaults for whatever a genesis leaves out
// (types/params.go DefaultConsensusParams; secp256k1 validator keys, as nesad's proposer).

type Json = Record<string, unknown>;

export const DEFAULT_CONSENSUS_PARAMS = {
  block: { max_bytes: "22020096", max_gas: "-1" },
  evidence: { max_age_num_blocks: "100000", max_age_duration: "172800000000000", max_bytes: "1048576" },
  validator: { pub_key_types: ["secp256k1"] },
  version: { app: "0" },
  abci: { vote_extensions_enable_height: "0" },
} as const;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every section present; values given in `given` win (ints kept as the decimal strings CometBFT writes). */
export function completeConsensusParams(given: unknown): Json {
  const out: Json = {};
  const src = isObject(given) ? given : {};
  for (const [section, defaults] of Object.entries(DEFAULT_CONSENSUS_PARAMS)) {
    const g = isObject(src[section]) ? (src[section] as Json) : {};
    const merged: Json = { ...defaults };
    for (const [k, v] of Object.entries(g)) merged[k] = typeof v === "number" || typeof v === "bigint" ? String(v) : v;
    out[section] = merged;
  }
  return out;
}
