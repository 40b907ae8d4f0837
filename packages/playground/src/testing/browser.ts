// Test helper: Debian's Chromium driven by playwright-core, headless, with the launch flags of the CI and a fresh
// profile per launch. A missing Chromium is an error (the browser tests fail, never skip).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = process.env.NESA_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export type TestBrowser = { context: BrowserContext; close(): Promise<void> };

export async function launchChromium(viewport = { width: 1280, height: 800 }): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it (apt-get install chromium, as .ci/run does) or set NESA_CHROMIUM`);
  }
  const profile = mkdtempSync(join(tmpdir(), "nesa-chromium-"));
  // launchPersistentContext is how playwright takes --user-data-dir: a fresh, throw-away profile.
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
