// x/auth params: the SDK's ante constants plus the node-wide fee floor and tx size limit, kept in
// genesis (and state) so every node, restart and replay applies the same rules.
export interface AuthParams {
  max_memo_characters: string;
  tx_sig_limit: string;
  tx_size_cost_per_byte: string;
  sig_verify_cost_ed25519: string;
  sig_verify_cost_secp256k1: string;
  /** e.g. "0.025unes": fee >= ceil(gas_limit × price). */
  min_gas_price: string;
  /** Larger txs are rejected with sdk/21 before anything is decoded. */
  max_tx_bytes: string;
}

export function defaultAuthParams(): AuthParams {
  return {
    max_memo_characters: "256",
    tx_sig_limit: "7",
    tx_size_cost_per_byte: "10",
    sig_verify_cost_ed25519: "590",
    sig_verify_cost_secp256k1: "1000",
    min_gas_price: "0.025unes",
    max_tx_bytes: "1048576",
  };
}

export interface GasPrice {
  denom: string;
  /** price = numerator / denominator, exact. */
  numerator: bigint;
  denominator: bigint;
}

export function parseGasPrice(text: string): GasPrice {
  const m = /^(\d+)(?:\.(\d+))?([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$/.exec(text.trim());
  if (!m) throw new Error(`min_gas_price "${text}" is not a decimal amount followed by a denom, e.g. "0.025unes"`);
  const frac = m[2] ?? "";
  return { denom: m[3], numerator: BigInt(m[1] + frac), denominator: 10n ** BigInt(frac.length) };
}

/** ceil(gasLimit × price). */
export function requiredFee(gasLimit: bigint, price: GasPrice): bigint {
  return (gasLimit * price.numerator + price.denominator - 1n) / price.denominator;
}

export function validateAuthParams(p: AuthParams): void {
  for (const k of Object.keys(defaultAuthParams()) as (keyof AuthParams)[]) {
    if (typeof p[k] !== "string") throw new Error(`auth.params.${k} is missing; it must be a string (see the template)`);
    if (k !== "min_gas_price" && !/^\d+$/.test(p[k])) throw new Error(`auth.params.${k} must be an unsigned integer string`);
  }
  parseGasPrice(p.min_gas_price);
}
