import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InputSpool } from "./input-spool";

const dirs: string[] = [];
const spool = () => {
  const dir = join(mkdtempSync(join(tmpdir(), "spool-test-")), "inputs");
  dirs.push(dir);
  return new InputSpool(dir);
};
const d = (c: string) => c.repeat(64);

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(join(dir, ".."), { recursive: true, force: true });
});

describe("InputSpool", () => {
  it("stores blobs under their digest in a private directory and reads them back", async () => {
    const s = spool();
    await s.put(d("a"), new Uint8Array([1, 2, 3]));
    expect(await s.get(d("a"))).toEqual(Buffer.from([1, 2, 3]));
    expect(await s.get(d("b"))).toBeUndefined();
    expect(readdirSync(s.dir)).toEqual([`${d("a")}.bin`]); // no temp files left behind
    expect(statSync(s.dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(s.dir, `${d("a")}.bin`)).mode & 0o777).toBe(0o600);
  });

  it("refuses anything but a hex sha256 as a name (no path traversal)", async () => {
    const s = spool();
    await expect(s.put("../../etc/passwd", new Uint8Array(1))).rejects.toThrow(/digest: expected 64 lower-case hex/);
    await expect(s.get(`${d("a")}/..`)).rejects.toThrow(/digest/);
  });

  it("prunes old blobs except the kept ones", async () => {
    const s = spool();
    for (const c of ["a", "b", "c"]) await s.put(d(c), new Uint8Array([1]));
    const old = new Date(Date.now() - 3600_000);
    for (const c of ["a", "b"]) utimesSync(join(s.dir, `${d(c)}.bin`), old, old);
    expect(await s.prune(new Set([d("a")]), 60_000)).toBe(1);
    expect(readdirSync(s.dir).sort()).toEqual([`${d("a")}.bin`, `${d("c")}.bin`]);
  });
});
