import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createFileRegistry, type FileRegistry, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";

// Tests read the schema from the .proto sources themselves (compiled by buf, the same
// compiler gen.sh uses), not from the generated code, so they can catch the two drifting apart.

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const buf = join(repoRoot, "packages/proto-types/node_modules/.bin/buf");

export const nesaModules = ["inference", "stakingext", "payforquery"] as const;

/** Compiles proto/ (with its cosmos imports) and returns a registry of every file, message and extension. */
export function loadProtoRegistry(): FileRegistry {
  const dir = mkdtempSync(join(tmpdir(), "nesa-proto-"));
  try {
    const out = join(dir, "set.binpb");
    execFileSync(buf, ["build", "--as-file-descriptor-set", "-o", out], { cwd: repoRoot, stdio: "pipe" });
    return createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(out)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
