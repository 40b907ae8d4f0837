// The demo's fallback when the `nesa` CLI (packages/client) is not there: one EE OCR query on a PNG through
// the localnet, printing the text and what was verified. `node --import tsx localnet/src/ocr-demo-query.ts
// --home DIR --image PNG`.
import { parseArgs } from "node:util";
import { ctcDecode, ocrPreprocess, readPng } from "../../packages/models/src/index";
import { runQuery } from "../../test/e2e/helpers/nesa-query";
import { connectQueries, signerFromMnemonic } from "./chain-client";
import { Redis } from "./deps";
import { readLocalnetInfo } from "./localnet-info";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { home: { type: "string" }, image: { type: "string" }, help: { type: "boolean" } } });
  if (values.help || !values.home || !values.image) {
    process.stdout.write("usage: node --import tsx localnet/src/ocr-demo-query.ts --home DIR --image PNG   (EE privacy)\n");
    return;
  }
  const info = readLocalnetInfo(values.home);
  const chain = await connectQueries(info.rpc);
  const user = await signerFromMnemonic(info.rpc, info.accounts[2].mnemonic);
  const redis = new Redis(info.redisUrl);
  try {
    const r = await runQuery(info, user, chain.q, redis, "ocr-rec", ocrPreprocess(readPng(values.image)));
    if (!r.output) throw new Error(`query ${r.paid.queryId} ended ${r.status}: no result (the fee was refunded)`);
    const verdict = await chain.q.inference.verdict(r.paid.queryId);
    process.stdout.write(`text: ${ctcDecode(r.output)}\n`);
    process.stdout.write(
      `verified: query ${r.paid.queryId} FINALIZED at height ${verdict.height}; ${verdict.seats.length} seat(s) agreed; ` +
        `result sha256 ${Buffer.from(verdict.resultDigest).toString("hex")} matches the chain's verdict; decrypted locally with the EE key\n`,
    );
  } finally {
    user.disconnect();
    chain.disconnect();
    redis.disconnect();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(1);
});
