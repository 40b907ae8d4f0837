// The CLI's surface without a network: help texts and argument errors that say what to do next.
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildProgram } from "./nesa";

async function run(...args: string[]) {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c) => {
    out += String(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c) => {
    err += String(c);
    return true;
  });
  const program = buildProgram().exitOverride();
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(["node", "nesa", ...args]);
  } catch {
    // commander's exit on --help / usage errors
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { out, err };
}

describe("nesa CLI", () => {
  afterEach(() => {
    process.exitCode = 0;
  });

  it("lists every command in --help", async () => {
    const { out } = await run("--help");
    for (const c of ["infer", "generate", "chat", "models", "query", "miners", "balance"]) expect(out).toContain(c);
  });

  it("documents generate's and chat's options", async () => {
    for (const cmd of ["generate", "chat"]) {
      const { out } = await run(cmd, "--help");
      for (const o of ["--home", "--model", "--max-tokens", "--replicas", "--json", "--no-disclose-stop", "--from"]) expect(out).toContain(o);
    }
    expect((await run("generate", "--help")).out).toContain("--prompt");
    expect((await run("chat", "--help")).out).toContain("/quit");
  });

  it("refuses a bad --max-tokens before touching the network", async () => {
    const { out } = await run("generate", "--model", "tiny-lm", "--prompt", "a", "--max-tokens", "0", "--json", "--home", "/nonexistent-nesa-home");
    expect(JSON.parse(out).error).toMatchObject({ codespace: "nesa-client", code: 2, shortMessage: expect.stringContaining("--max-tokens") });
    expect(process.exitCode).toBe(1);
  });

  it("documents infer's options", async () => {
    const { out } = await run("infer", "--help");
    for (const o of ["--home", "--model", "--image", "--text", "--privacy", "--replicas", "--json", "--allow-exposure"]) expect(out).toContain(o);
  });

  it("refuses --text together with --image before touching the network, with an example", async () => {
    const { out } = await run("infer", "--model", "lande", "--text", "a", "--image", "b.png", "--json");
    expect(JSON.parse(out).error).toMatchObject({ codespace: "nesa-client", code: 2, details: expect.stringContaining("nesa infer --model lande") });
    expect(process.exitCode).toBe(1);
  });

  it("rejects an unknown privacy mode through commander's choices", async () => {
    const { err } = await run("infer", "--model", "lande", "--text", "a", "--privacy", "plain");
    expect(err).toMatch(/ee, hss-ee|"ee", "hss-ee"/);
  });

  it("tells how to get a localnet when --home has none", async () => {
    const { err } = await run("balance", "--home", "/nonexistent-nesa-home");
    expect(err).toContain("localnet/start");
    expect(process.exitCode).toBe(1);
  });
});
