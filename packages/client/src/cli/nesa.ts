#!/usr/bin/env -S npx tsx
// `pnpm nesa …`: the dApp CLI on a localnet home (DIR/localnet.json). Every command has --help and --json.
import { Command, Option } from "commander";
import { runChat } from "./commands/chat-command";
import { runGenerate } from "./commands/generate-command";
import { addGovCommand } from "./commands/gov-command";
import { runInfer } from "./commands/infer-command";
import { balance, minersList, modelsList, modelsShow, queryShow } from "./commands/read-commands";
import { reportError } from "./output";

const home = () => new Option("--home <dir>", "localnet home holding localnet.json (default: $NESA_HOME or .nesa-localnet)");
const json = () => new Option("--json", "print one JSON object on stdout");

/** Wraps an action so errors print as one line plus what to do next (or {"error": …} with --json), exit code 1. */
function action<A extends unknown[]>(run: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    const cmd = args[args.length - 1] as Command;
    try {
      await run(...args);
    } catch (err) {
      reportError(err, Boolean(cmd.opts().json));
    }
  };
}

export function buildProgram(): Command {
  const program = new Command("nesa").description("Private, verifiable inference on a Nesa network (dApp client)").showHelpAfterError();

  program
    .command("infer")
    .description("run one EE-encrypted query: pay, verify the committee, deliver, wait for the verdict, check and decrypt the result")
    .addOption(home())
    .requiredOption("--model <id>", "model id (see `nesa models list`), e.g. lande, ocr-rec, ocr-det, or ocr (ocr-det then ocr-rec: two queries)")
    .option("--image <png>", "input image: one text line (ocr-rec), or a page (ocr-det prints the text boxes; ocr reads every line)")
    .option("--text <text>", "input text (lande)")
    .option("--tensor <file>", "input tensor for any model: .npy (NumPy) or JSON {dims, type, data}")
    .option("--out <file>", "with --tensor: write the decrypted output tensor here (.npy, else JSON)")
    .option("--key <file>", "EE key file (default: localnet.json's for the model; for a published model, the one prepare wrote)")
    .addOption(new Option("--privacy <mode>", "input protection").choices(["ee", "hss-ee"]).default("ee"))
    .option("--replicas <r>", "replica pipelines (default: the model's minimum)")
    .option("--from <name>", "paying account from localnet.json (default: user1)")
    .option("--max-fee <unes>", "most the chain may charge (default: the current estimate)")
    .option("--allow-exposure", "go on even if a miner would receive the raw input")
    .option("--timeout <seconds>", "give up waiting after this long", "120")
    .addOption(json())
    .action(action(async (o, _cmd) => runInfer(o)));

  const generation = (c: Command) =>
    c
      .addOption(home())
      .requiredOption("--model <id>", "generator model id (see `nesa models list`), e.g. tiny-lm")
      .option("--max-tokens <n>", "tokens to generate at most (escrowed; the unused rest is refunded)", "32")
      .option("--replicas <r>", "replica pipelines (default: the model's minimum)")
      .option("--from <name>", "paying account from localnet.json (default: user1)")
      .option("--max-fee <unes>", "most the chain may charge per query (default: the current estimate)")
      .option("--no-disclose-stop", "keep the encrypted end-of-text id from the miners: they generate --max-tokens every time")
      .option("--timeout <seconds>", "give up waiting after this long", "120")
      .addOption(json());

  generation(
    program
      .command("generate")
      .description("generate text privately: EE-encrypted prompt, tokens streamed as the miners decode them, then the verified text, committee, verdict and fees")
      .requiredOption("--prompt <text>", "the text to continue"),
  ).action(action(async (o, _cmd) => runGenerate(o)));

  generation(
    program
      .command("chat")
      .description("interactive chat, one private generation per turn (prompt = the conversation so far, trimmed to the context); /quit exits; reads piped stdin too"),
  ).action(action(async (o, _cmd) => runChat(o)));

  const models = program.command("models").description("registered models");
  models.command("list").description("list models with price, shards and whether you hold an EE key").addOption(home()).addOption(json()).action(action(async (o, _cmd) => modelsList(o)));
  models.command("show").argument("<id>", "model id").description("one model's record and what it has earned its owner").addOption(home()).addOption(json()).action(action(async (id: string, o, _cmd) => modelsShow(id, o)));

  const query = program.command("query").description("inference queries");
  query.command("show").argument("<id>", "query id").description("status, seats, commits, reveals and verdict of one query").addOption(home()).addOption(json()).action(action(async (id: string, o, _cmd) => queryShow(id, o)));

  const miners = program.command("miners").description("registered miners");
  miners.command("list").description("miners with stake, status and record").addOption(home()).option("--model <id>", "only miners serving this model").addOption(json()).action(action(async (o, _cmd) => minersList(o)));

  program.command("balance").description("balances of the localnet accounts (or one address)").addOption(home()).option("--address <addr>", "one address").addOption(json()).action(action(async (o, _cmd) => balance(o)));
  addGovCommand(program, action);
  return program;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("nesa.ts")) {
  await buildProgram().parseAsync(process.argv);
}
