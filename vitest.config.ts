import { defineConfig } from "vitest/config";

// One runner for the whole workspace: unit tests beside the code (packages/*/src/**/*.test.ts)
// and cross-package tests that start real processes (test/**/*.test.ts).
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "localnet/src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2-core machine: integration tests start processes and bind ports; keep files in few workers.
    maxWorkers: 2,
    pool: "forks",
  },
});
