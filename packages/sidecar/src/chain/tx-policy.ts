// What to do when a transaction fails, decided only from the registered error {codespace, code} (the chain's
// stable contract), never from log text. One table for every miner tx kind.

import { NesaError } from "@nesa/errors";

export type TxKind = "commit" | "reveal" | "register";

/**
 * - refresh-sequence: our local account sequence is stale; re-read it from the chain and re-sign.
 * - retry: a passing condition (mempool full, phase not open yet); try again later with the same intent.
 * - done: the chain already holds what we wanted (a repeat delivery); treat as success.
 * - give-up: retrying cannot help; the job fails with BullMQ's UnrecoverableError.
 */
export type TxAction = "refresh-sequence" | "retry" | "done" | "give-up";

type Rule = { action: TxAction; kinds?: TxKind[]; why: string };

const TABLE: Record<string, Rule> = {
  "sdk/32": { action: "refresh-sequence", why: "incorrect account sequence" },
  "sdk/3": { action: "refresh-sequence", why: "invalid sequence" },
  "sdk/19": { action: "retry", why: "tx already in mempool: wait for it, then the repeat reports done" },
  "sdk/20": { action: "retry", why: "mempool is full" },
  "sdk/11": { action: "give-up", why: "out of gas: raise the gas adjustment" },
  "sdk/13": { action: "give-up", why: "insufficient fee: raise gasPrice in the config" },
  "sdk/5": { action: "give-up", why: "insufficient funds for the fee: fund the miner account" },
  "sdk/4": { action: "give-up", why: "unauthorized: the key does not sign for this account" },
  "sdk/28": { action: "give-up", why: "wrong chain id in the config" },
  "inference/9": { action: "retry", why: "query has no committee yet" },
  "inference/15": { action: "retry", kinds: ["reveal"], why: "reveal phase not open yet" },
  "inference/13": { action: "done", kinds: ["commit"], why: "seat already committed" },
  "inference/18": { action: "done", kinds: ["reveal"], why: "seat already revealed" },
  "inference/10": { action: "give-up", why: "commit phase closed" },
  "inference/16": { action: "give-up", why: "reveal phase closed" },
  "inference/11": { action: "give-up", why: "no such seat" },
  "inference/12": { action: "give-up", why: "this miner does not hold the seat" },
  "inference/17": { action: "give-up", why: "no commit to reveal" },
  "inference/19": { action: "give-up", why: "reveal does not open the commitment" },
  "stakingext/6": { action: "done", kinds: ["register"], why: "miner already registered" },
};

export type TxDecision = { action: TxAction; why: string };

export function decideTxFailure(kind: TxKind, codespace: string, code: number): TxDecision {
  const rule = TABLE[`${codespace}/${code}`];
  if (rule && (!rule.kinds || rule.kinds.includes(kind))) return { action: rule.action, why: rule.why };
  // Unknown failures are not retried blindly: a wrong retry can double-spend fees or repeat a slashable act.
  return { action: "give-up", why: `unregistered failure ${codespace}/${code} for a ${kind} tx` };
}

/** A failed tx, carrying the chain's registered error. */
export class TxFailedError extends NesaError {
  override name = "TxFailedError";
  readonly action: TxAction;

  constructor(kind: TxKind, codespace: string, code: number, log: string | undefined, decision: TxDecision) {
    super({ codespace, code, shortMessage: `${kind} tx failed with ${codespace}/${code} (${decision.why})`, details: log, separator: ": " });
    this.action = decision.action;
  }
}
