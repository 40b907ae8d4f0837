// x/auth state layout (inside the "auth" module prefix).
//   0x01 | len(addr) addr        -> BaseAccount (proto)
//   0x02                          -> next account number (decimal string)
//   0x03                          -> Params (JSON)
export const AUTH_MODULE = "auth";
export const ACCOUNT_PREFIX = 0x01;
export const ACCOUNT_NUMBER_KEY = 0x02;
export const PARAMS_KEY = 0x03;
export const BECH32_PREFIX = "nesa";
export const FEE_COLLECTOR = "fee_collector";
export const PUBKEY_TYPE_URL = "/cosmos.crypto.secp256k1.PubKey";
export const BASE_ACCOUNT_TYPE_URL = "/cosmos.auth.v1beta1.BaseAccount";
