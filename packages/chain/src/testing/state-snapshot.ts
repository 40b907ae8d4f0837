// Test helper: the committed key/value pairs of some modules, to assert "no state change".
import { modulePrefix } from "../app/context";
import type { NesaNode } from "../node/chain-node";
import { prefixEnd } from "../store/key-string";

export function stateSnapshot(node: NesaNode, modules: string[] = ["auth", "bank"]): string[] {
  const out: string[] = [];
  for (const m of modules) {
    const p = modulePrefix(m);
    for (const [k, v] of node.app.state.iterator(p, prefixEnd(p))) out.push(`${Buffer.from(k).toString("hex")}=${Buffer.from(v).toString("hex")}`);
  }
  return out;
}
