// The Playground in a real browser (Debian's Chromium, headless) against a real localnet (localnet/start, 4
// miners): an HSS-EE OCR query from an uploaded PNG and an EE lande query, both answered and verified in the
// page; the explorer shows the OCR query's committee and verdict as the chain has them; a file that is not an
// image gets an error in words and pays nothing. Screenshots go to packages/playground/test-artifacts/.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { StargateClient } from "@cosmjs/stargate";
import { inferenceState } from "@nesa/proto-types";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderTextLine, writePng } from "../../models/src/index";
import { type Localnet, startLocalnet } from "../../../test/e2e/helpers/localnet-fixture";
import { type TestBrowser, launchChromium } from "./testing/browser";

const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const LINE = "Nesa runs private inference";
const FRENCH = "Ceci est une phrase en français, assez longue pour que le modèle soit sûr de lui.";

describe("the Playground in Chromium on a localnet", () => {
  let net: Localnet;
  let browser: TestBrowser;
  let page: Page;
  let url: string;
  let ocrQueryId: string;
  const tmp = mkdtempSync(join(tmpdir(), "nesa-playground-e2e-"));
  const pageErrors: string[] = [];

  let noBrowser: Error | undefined;

  beforeAll(async () => {
    // The browser first: without Chromium every test fails at once (none is skipped), and no localnet starts.
    try {
      browser = await launchChromium();
    } catch (err) {
      noBrowser = err as Error;
      return;
    }
    net = await startLocalnet({ miners: 4, tag: "playground" });
    url = (net.info as { playground?: string }).playground ?? "";
    expect(url, "localnet.json names the playground's URL").toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    page = await browser.context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await net?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  const open = async (hash: string) => {
    if (noBrowser) throw noBrowser;
    await page.goto(`${url}/${hash}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
  };

  it("HSS-EE OCR of an uploaded PNG: the exact text with the verified mark, a live timeline and the fee", async () => {
    const png = join(tmp, "line.png");
    writePng(png, renderTextLine(LINE, { height: 48 }));
    await open("#/playground");
    await page.getByLabel("Model").selectOption("ocr-rec");
    await page.getByLabel("Image").setInputFiles(png);
    await page.getByLabel("Privacy").selectOption("hss-ee");
    await expect.poll(() => page.getByTestId("fee-estimate").textContent()).toMatch(/^Estimated fee: [\d,]+ unes/);
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByTestId("verified").waitFor({ timeout: 80_000 });
    expect(await page.getByTestId("result-text").textContent()).toBe(LINE);
    // Every step of the timeline is done and carries a height.
    const steps = await page.getByTestId("timeline").locator("li").evaluateAll((lis) => lis.map((li) => `${li.className} ${li.textContent}`));
    expect(steps).toHaveLength(5);
    for (const s of steps) expect(s).toMatch(/^done .*height \d+/);
    ocrQueryId = ((await page.getByTestId("query-link").textContent()) ?? "").replace("query ", "");
    // The chain has the query the page reports: ocr-rec, HSS-EE (2 share seats), finalized.
    const q = await net.q.inference.query(BigInt(ocrQueryId));
    expect(q.modelId).toBe("ocr-rec");
    expect(q.hssShares).toBe(2);
    expect(q.status).toBe(inferenceState.QueryStatus.QUERY_STATUS_FINALIZED);
    await page.screenshot({ path: join(ARTIFACTS, "playground-ocr.png"), fullPage: true });
  }, 90_000);

  it("EE lande: the language of a French text, verified", async () => {
    await open("#/playground");
    await page.getByLabel("Model").selectOption("lande");
    await page.getByLabel("Privacy").selectOption("ee");
    await page.getByLabel("Text").fill(FRENCH);
    await expect.poll(() => page.getByTestId("exposure-level").textContent()).toBe("Exposure: warn");
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByTestId("verified").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("result-text").textContent()).toBe("fra");
    await page.screenshot({ path: join(ARTIFACTS, "playground-lande.png"), fullPage: true });
  }, 70_000);

  it("the explorer shows the OCR query's committee and verdict as the chain has them", async () => {
    if (noBrowser) throw noBrowser;
    expect(ocrQueryId, "the OCR test ran first").toMatch(/^\d+$/);
    await open(`#/explorer/query/${ocrQueryId}`);
    await page.getByTestId("query-committee").waitFor();
    const q = await net.q.inference.query(BigInt(ocrQueryId));
    const rows = await page.getByTestId("query-committee").locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    expect(rows.map((r) => `${r[0]}/${r[1]} ${r[2]}`)).toEqual(q.seats.map((s) => `${s.shard}/${s.replica} ${s.role === inferenceState.SeatRole.SEAT_ROLE_HSS_SHARE ? "hss share" : "pipeline"}`));
    const titles = await page.getByTestId("query-committee").locator("tbody tr td:nth-child(4) a").evaluateAll((as) => as.map((a) => a.getAttribute("title")));
    expect(titles).toEqual(q.seats.map((s) => s.miner));
    expect(rows.map((r) => r[6])).toEqual(Array(q.seats.length).fill("agreed"));
    expect(await page.getByTestId("verdict-status").textContent()).toBe("finalized");
    expect(await page.getByTestId("committee-check").textContent()).toMatch(/^✔ Committee re-derived in this page/);
    await page.screenshot({ path: join(ARTIFACTS, "playground-explorer.png"), fullPage: true });
    // The block list follows the chain live over the RPC WebSocket (through the playground's proxy).
    await open("#/explorer");
    const first = Number(await page.getByTestId("blocks").locator("tbody tr td a").first().textContent());
    await expect.poll(() => page.getByText(/latest height \d+ · live \(websocket\)/).count(), { timeout: 10_000 }).toBe(1);
    expect(Number(await page.getByTestId("blocks").locator("tbody tr td a").first().textContent())).toBeGreaterThan(first);
  }, 30_000);

  it("a file that is not an image: an error in words, and nothing is paid", async () => {
    if (noBrowser) throw noBrowser;
    const payer = net.info.accounts[2].address;
    const chain = await StargateClient.connect(net.info.rpc);
    try {
      const before = await chain.getBalance(payer, "unes");
      const queriesBefore = (await net.q.inference.queries({})).queries.length;
      await open("#/playground");
      await page.getByLabel("Model").selectOption("ocr-rec");
      await page.getByLabel("Image").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("these are my notes, not a picture\n") });
      const alert = page.getByRole("alert");
      await expect.poll(() => alert.textContent()).toMatch(/"notes\.png" is not a PNG or JPEG image.*choose a PNG or JPEG picture.*nothing was paid/);
      expect(await page.locator("img.preview").isVisible()).toBe(false);
      await page.screenshot({ path: join(ARTIFACTS, "playground-not-an-image.png") });
      await page.getByRole("button", { name: "Run" }).click();
      await expect.poll(() => alert.textContent()).toMatch(/Choose an image first.*Nothing was paid/);
      expect(await alert.textContent()).not.toMatch(/\bat .+:\d+:\d+|Error:/); // words, not a stack trace
      // Two blocks later: no query, no fee.
      const h = await chain.getHeight();
      await expect.poll(() => chain.getHeight(), { timeout: 10_000 }).toBeGreaterThan(h + 1);
      expect((await net.q.inference.queries({})).queries.length).toBe(queriesBefore);
      expect((await chain.getBalance(payer, "unes")).amount).toBe(before.amount);
    } finally {
      chain.disconnect();
    }
  }, 40_000);

  it("an account with no unes: told so in words before anything is signed, and no query is paid", async () => {
    if (noBrowser) throw noBrowser;
    const queriesBefore = (await net.q.inference.queries({})).queries.length;
    await open("#/wallet");
    await page.getByRole("button", { name: "New empty account" }).click();
    await expect.poll(() => page.getByTestId("wallet-current").textContent()).toMatch(/^Paying with new empty account/);
    await page.getByRole("link", { name: "Playground" }).click();
    await page.getByLabel("Model").selectOption("lande");
    await page.getByLabel("Text").fill(FRENCH);
    await expect.poll(() => page.getByTestId("fee-estimate").textContent()).toMatch(/^Estimated fee/);
    await page.getByRole("button", { name: "Run" }).click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toMatch(/cannot pay for the query.*It holds 0 unes.*Nothing was paid/);
    expect((await net.q.inference.queries({})).queries.length).toBe(queriesBefore);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
