// Builds the page with Vite when dist/ is missing or older than any source it bundles, printing progress and the
// bundle's size (raw and gzip) per file; the sizes are kept in dist/build.json (docs/playground.md quotes them).
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { modelsInBrowser } from "./models-in-browser";
import { DIST_DIR, PLAYGROUND_DIR, REPO_ROOT } from "./paths";

/** Everything that can end up in the bundle: a change to any of it makes the build stale. */
const SOURCES = [
  "packages/playground/index.html",
  "packages/playground/src/page",
  "packages/playground/src/shims",
  "packages/playground/src/server/models-in-browser.ts",
  "packages/client/src",
  "packages/crypto/src",
  "packages/data-plane/src",
  "packages/errors/src",
  "packages/models/src",
  "packages/proto-types/src",
  "chain-config/keplr-chain-info.json",
].map((p) => join(REPO_ROOT, p));

const STAMP = join(DIST_DIR, "build.json");

export type BundleFile = { file: string; bytes: number; gzipBytes: number };
export type BuildReport = { builtAt: string; files: BundleFile[]; totalBytes: number; totalGzipBytes: number };

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why the page must be (re)built, or undefined when dist/ is up to date. */
export function staleReason(): string | undefined {
  if (!existsSync(STAMP) || !existsSync(join(DIST_DIR, "index.html"))) return "no build yet";
  const built = statSync(STAMP).mtimeMs;
  const changed = SOURCES.find((s) => newestMtime(s) > built);
  return changed ? `${relative(REPO_ROOT, changed)} changed since the last build` : undefined;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

export function bundleReport(): BuildReport {
  const files = listFiles(DIST_DIR)
    .filter((f) => f !== STAMP)
    .map((f) => {
      const bytes = readFileSync(f);
      return { file: relative(DIST_DIR, f), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.bytes - a.bytes);
  const builtAt = existsSync(STAMP) ? (JSON.parse(readFileSync(STAMP, "utf8")) as BuildReport).builtAt : new Date().toISOString();
  return { builtAt, files, totalBytes: files.reduce((n, f) => n + f.bytes, 0), totalGzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0) };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export function formatReport(r: BuildReport): string {
  return [
    ...r.files.map((f) => `  ${f.file.padEnd(40)} ${kb(f.bytes).padStart(11)}  gzip ${kb(f.gzipBytes).padStart(10)}`),
    `  ${"total".padEnd(40)} ${kb(r.totalBytes).padStart(11)}  gzip ${kb(r.totalGzipBytes).padStart(10)}`,
  ].join("\n");
}

/** The Vite build of the page into `outDir` (with source maps for the bundle benchmark's module census). */
export async function viteBuild(outDir: string, sourcemap = false): Promise<void> {
  await build({
    root: PLAYGROUND_DIR,
    configFile: false,
    logLevel: "warn",
    plugins: [modelsInBrowser()],
    build: { outDir, emptyOutDir: true, target: "es2022", sourcemap, reportCompressedSize: false, chunkSizeWarningLimit: 2048 },
  });
}

/** Builds dist/ (always); `say` gets progress lines. */
export async function buildPage(say: (line: string) => void): Promise<BuildReport> {
  say("building the page with Vite (a few seconds)…");
  const t0 = performance.now();
  // Built beside dist/ and swapped in, so a server reading dist/ meanwhile never sees half a build.
  const tmp = `${DIST_DIR}.build-${process.pid}`;
  await viteBuild(tmp);
  rmSync(DIST_DIR, { recursive: true, force: true });
  renameSync(tmp, DIST_DIR);
  writeFileSync(STAMP, `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
  const report = bundleReport();
  writeFileSync(STAMP, `${JSON.stringify(report, null, 2)}\n`);
  say(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${relative(REPO_ROOT, DIST_DIR)}:\n${formatReport(report)}`);
  return report;
}

const LOCK = `${DIST_DIR}.lock`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function lockHolderAlive(): boolean {
  try {
    process.kill(Number(readFileSync(join(LOCK, "pid"), "utf8")), 0);
    return true;
  } catch {
    return false;
  }
}

/** Builds only when stale; several servers starting at once (localnets of a test run) build once. */
export async function ensureBuilt(say: (line: string) => void): Promise<BuildReport> {
  for (;;) {
    const why = staleReason();
    if (!why) return bundleReport();
    try {
      mkdirSync(LOCK);
    } catch {
      // Another process builds: wait for it, unless it died holding the lock.
      const abandoned = existsSync(join(LOCK, "pid")) ? !lockHolderAlive() : existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 60_000;
      if (abandoned) rmSync(LOCK, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      writeFileSync(join(LOCK, "pid"), String(process.pid));
      if (!staleReason()) return bundleReport();
      say(`page: ${why}`);
      return await buildPage(say);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
