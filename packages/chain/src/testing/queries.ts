// Test helpers: typed reads through the node's abci_query paths (what cosmjs does).
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import type { ChainNode } from "../node/types";

export async function queryBalance(node: ChainNode, address: string, denom = "unes"): Promise<bigint> {
  const r = await node.query("/cosmos.bank.v1beta1.Query/Balance", QueryBalanceRequest.encode({ address, denom }).finish());
  if (r.code !== 0) throw new Error(`balance query failed: ${r.log}`);
  return BigInt(QueryBalanceResponse.decode(r.value).balance?.amount ?? "0");
}

export async function queryAccount(node: ChainNode, address: string): Promise<BaseAccount | undefined> {
  const r = await node.query("/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest.encode({ address }).finish());
  if (r.code === 22) return undefined;
  if (r.code !== 0) throw new Error(`account query failed: ${r.log}`);
  const any = QueryAccountResponse.decode(r.value).account;
  return any ? BaseAccount.decode(any.value) : undefined;
}
