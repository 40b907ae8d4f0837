// `nesa gov …`: submit a proposal from a JSON file, deposit, vote, list proposals, show one with its tally so far.
import { readFile } from "node:fs/promises";
import { Command, Option } from "commander";
import { GasPrice, QueryClient, SigningStargateClient, type DeliverTxResponse } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { type Proposal, ProposalStatus, VoteOption } from "cosmjs-types/cosmos/gov/v1/gov";
import { walletFromMnemonic } from "../../adapters/node/wallet";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";
import { type ProposalFile, parseUnes, submitProposalMsg } from "../../modules/gov/messages";
import { setupGovV1Extension } from "../../modules/gov/queries";
import { createNesaRegistry } from "../../registry";
import { loadHome, pickAccount } from "../load-home";
import { printJson, table } from "../output";

type Opts = { home?: string; from?: string; json?: boolean };
const bad = (msg: string, hint: string) => new ClientError(ClientErrorCode.InvalidArgument, msg, hint);
const OPTIONS: Record<string, VoteOption> = { yes: VoteOption.VOTE_OPTION_YES, no: VoteOption.VOTE_OPTION_NO, abstain: VoteOption.VOTE_OPTION_ABSTAIN, no_with_veto: VoteOption.VOTE_OPTION_NO_WITH_VETO };
const statusName = (s: ProposalStatus) => (ProposalStatus[s] ?? String(s)).replace("PROPOSAL_STATUS_", "").toLowerCase();

function checkId(id: string): bigint {
  if (!/^\d+$/.test(id)) throw bad(`proposal id must be a number, got ${id}`, "see `nesa gov proposals`");
  return BigInt(id);
}

async function signAndSend(o: Opts, msg: { typeUrl: string; value: unknown }): Promise<DeliverTxResponse> {
  const info = await loadHome(o.home);
  const account = pickAccount(info, o.from);
  const wallet = await walletFromMnemonic(account.mnemonic);
  const client = await SigningStargateClient.connectWithSigner(info.rpc, wallet, { registry: createNesaRegistry(), gasPrice: GasPrice.fromString("0.025unes"), broadcastPollIntervalMs: 200 });
  try {
    const value = { ...(msg.value as object) } as Record<string, unknown>;
    for (const f of ["proposer", "depositor", "voter"]) if (f in value && !value[f]) value[f] = account.address;
    const res = await client.signAndBroadcast(account.address, [{ typeUrl: msg.typeUrl, value }], "auto");
    if (res.code !== 0) throw new ClientError(ClientErrorCode.InvalidArgument, `the chain refused the tx (code ${res.code}): ${res.rawLog}`, "check the proposal id, its status and your balance");
    return res;
  } finally {
    client.disconnect();
  }
}

async function withQueries<T>(o: Opts, run: (q: ReturnType<typeof setupGovV1Extension>["govV1"]) => Promise<T>): Promise<T> {
  const info = await loadHome(o.home);
  const comet = await Comet38Client.connect(info.rpc);
  try {
    return await run(QueryClient.withExtensions(comet, setupGovV1Extension).govV1);
  } finally {
    comet.disconnect();
  }
}

function proposalJson(p: Proposal) {
  return {
    id: p.id.toString(), title: p.title, status: statusName(p.status), proposer: p.proposer, totalDeposit: p.totalDeposit.map((c) => `${c.amount}${c.denom}`).join(","),
    messages: p.messages.map((m) => m.typeUrl), failedReason: p.failedReason || undefined,
  };
}

export async function govSubmit(file: string, o: Opts): Promise<void> {
  let parsed: ProposalFile;
  try {
    parsed = JSON.parse(await readFile(file, "utf8")) as ProposalFile;
  } catch (e) {
    throw bad(`cannot read proposal file ${file}: ${(e as Error).message}`, '{"title": "…", "summary": "…", "deposit": "10000000unes", "messages": [{"@type": "/nesa.payforquery.v1.MsgUpdateParams", "params": {…}}]}');
  }
  const msg = submitProposalMsg(parsed, "");
  const res = await signAndSend(o, msg);
  const id = res.events.find((e) => e.type === "submit_proposal")?.attributes.find((a) => a.key === "proposal_id")?.value ?? "?";
  if (o.json) return printJson({ proposalId: id, txHash: res.transactionHash, height: res.height });
  process.stdout.write(`proposal ${id} submitted (tx ${res.transactionHash} at height ${res.height})\n`);
}

export async function govDeposit(id: string, amount: string, o: Opts): Promise<void> {
  const coin = (() => {
    try {
      return parseUnes(amount, "AMOUNT");
    } catch (e) {
      throw bad((e as Error).message, "e.g. nesa gov deposit 1 5000000unes");
    }
  })();
  const res = await signAndSend(o, { typeUrl: "/cosmos.gov.v1.MsgDeposit", value: { proposalId: checkId(id), depositor: "", amount: [coin] } });
  if (o.json) return printJson({ proposalId: id, txHash: res.transactionHash });
  process.stdout.write(`deposited ${coin.amount}unes on proposal ${id}\n`);
}

export async function govVote(id: string, option: string, o: Opts): Promise<void> {
  const v = OPTIONS[option.toLowerCase()];
  if (v === undefined) throw bad(`vote option must be one of ${Object.keys(OPTIONS).join(", ")}, got ${option}`, "e.g. nesa gov vote 1 yes");
  const res = await signAndSend(o, { typeUrl: "/cosmos.gov.v1.MsgVote", value: { proposalId: checkId(id), voter: "", option: v, metadata: "" } });
  if (o.json) return printJson({ proposalId: id, option, txHash: res.transactionHash });
  process.stdout.write(`voted ${option} on proposal ${id}\n`);
}

export async function govProposals(o: Opts): Promise<void> {
  const rows = await withQueries(o, async (q) => (await q.proposals()).map(proposalJson));
  if (o.json) return printJson({ proposals: rows });
  if (rows.length === 0) return void process.stdout.write("no proposals\n");
  process.stdout.write(`${table([["ID", "STATUS", "TITLE", "DEPOSIT", "MESSAGES"], ...rows.map((r) => [r.id, r.status, r.title, r.totalDeposit, r.messages.join(" ")])])}\n`);
}

export async function govProposal(id: string, o: Opts): Promise<void> {
  const pid = checkId(id);
  const out = await withQueries(o, async (q) => ({ ...proposalJson(await q.proposal(pid)), tally: await q.tally(pid) }));
  if (o.json) return printJson(out);
  const t = out.tally;
  process.stdout.write(`proposal ${out.id}: ${out.title} [${out.status}]\n  deposit ${out.totalDeposit}\n  messages ${out.messages.join(", ") || "(text only)"}\n  tally    yes ${t.yesCount} · no ${t.noCount} · abstain ${t.abstainCount} · no_with_veto ${t.noWithVetoCount}\n${out.failedReason ? `  failed   ${out.failedReason}\n` : ""}`);
}

/** Adds `gov` and its subcommands to the nesa program. */
export function addGovCommand(program: Command, action: <A extends unknown[]>(run: (...args: A) => Promise<void>) => (...args: A) => Promise<void>): void {
  const home = () => new Option("--home <dir>", "localnet home holding localnet.json (default: $NESA_HOME or .nesa-localnet)");
  const json = () => new Option("--json", "print one JSON object on stdout");
  const from = () => new Option("--from <name>", "signing account from localnet.json (default: user1)");
  const gov = program.command("gov").description("governance: NES holders and miners vote on parameter changes and community-pool spends");
  gov.command("submit-proposal").argument("<file>", 'proposal JSON: {"title", "summary", "deposit": "10000000unes", "messages": [{"@type": …, …proto JSON}]} (authority defaults to the gov account)')
    .description("submit a proposal with its initial deposit").addOption(home()).addOption(from()).addOption(json()).action(action(async (file: string, o: Opts, _c: Command) => govSubmit(file, o)));
  gov.command("deposit").argument("<id>", "proposal id").argument("<amount>", "e.g. 5000000unes").description("add to a proposal's deposit").addOption(home()).addOption(from()).addOption(json()).action(action(async (id: string, amount: string, o: Opts, _c: Command) => govDeposit(id, amount, o)));
  gov.command("vote").argument("<id>", "proposal id").argument("<option>", "yes | no | abstain | no_with_veto").description("vote with your liquid NES plus your bonded miner stake (counted at the end of the vote)").addOption(home()).addOption(from()).addOption(json()).action(action(async (id: string, option: string, o: Opts, _c: Command) => govVote(id, option, o)));
  gov.command("proposals").description("list proposals").addOption(home()).addOption(json()).action(action(async (o: Opts, _c: Command) => govProposals(o)));
  gov.command("proposal").argument("<id>", "proposal id").description("one proposal with its tally (so far, while voting)").addOption(home()).addOption(json()).action(action(async (id: string, o: Opts, _c: Command) => govProposal(id, o)));
}
