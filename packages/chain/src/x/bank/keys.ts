// x/bank state layout (inside the "bank" module prefix).
//   0x00 | denom                       -> total supply (decimal string)
//   0x02 | len(addr) addr | denom      -> balance (decimal string), absent when zero
export const BANK_MODULE = "bank";
export const SUPPLY_PREFIX = 0x00;
export const BALANCES_PREFIX = 0x02;
export const DENOM_REGEX = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
