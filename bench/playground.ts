// `pnpm bench playground`: the size of the Playground page's bundle (raw and gzip, what a browser downloads),
// and a census of its modules by source map: no Node polyfill packages (buffer, crypto-browserify, stream, …)
// may be in it, since the SDK core is browser-safe and node:crypto's two calls are shimmed on Web Crypto.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { viteBuild } from "../packages/playground/src/server/build";
import { type BenchContext, type BenchResult, goal } from "./lib/report";

const POLYFILLS = new Set(["buffer", "crypto-browserify", "stream-browserify", "readable-stream", "process", "util", "events", "assert", "path-browserify", "browserify-zlib", "vm-browserify", "os-browserify", "https-browserify", "stream-http", "url", "querystring-es3", "node-stdlib-browser", "vite-plugin-node-polyfills"]);
const pkgOf = (source: string) => /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const out = mkdtempSync(join(tmpdir(), "nesa-playground-bundle-"));
  try {
    const t0 = performance.now();
    await viteBuild(out, true);
    const buildS = (performance.now() - t0) / 1000;
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.endsWith(".map"));
    let js = 0;
    let jsGzip = 0;
    let total = 0;
    let totalGzip = 0;
    for (const f of files) {
      const bytes = readFileSync(join(f.parentPath, f.name));
      const gz = gzipSync(bytes, { level: 9 }).length;
      total += bytes.length;
      totalGzip += gz;
      if (f.name.endsWith(".js")) {
        js += bytes.length;
        jsGzip += gz;
      }
    }
    const bySource = new Map<string, number>();
    let polyfills = 0;
    for (const m of files.filter((f) => f.name.endsWith(".js"))) {
      const map = JSON.parse(readFileSync(join(m.parentPath, `${m.name}.map`), "utf8")) as { sources: string[]; sourcesContent?: string[] };
      map.sources.forEach((s, i) => {
        const pkg = pkgOf(s) ?? s.replace(/^.*?packages\//, "packages/").split("/").slice(0, 2).join("/");
        if (POLYFILLS.has(pkg)) polyfills++;
        bySource.set(pkg, (bySource.get(pkg) ?? 0) + (map.sourcesContent?.[i]?.length ?? 0));
      });
    }
    const top = [...bySource].sort((a, b) => b[1] - a[1]).slice(0, 8);
    ctx.log(`largest sources (before minifying): ${top.map(([k, n]) => `${k} ${(n / 1024).toFixed(0)} KiB`).join(", ")}`);
    const figures = {
      js_kib: Math.round(js / 1024),
      js_gzip_kib: Math.round(jsGzip / 1024),
      total_kib: Math.round(total / 1024),
      total_gzip_kib: Math.round(totalGzip / 1024),
      node_polyfill_modules: polyfills,
      build_s: Number(buildS.toFixed(1)),
    };
    return { name: "playground", figures, goals: [goal(figures, "total_gzip_kib", "<=", 400), goal(figures, "node_polyfill_modules", "<=", 0)] };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
