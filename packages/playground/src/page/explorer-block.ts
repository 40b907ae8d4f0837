// Block detail: header facts, each tx with its messages and result, and the events of the block (EndBlock's
// assignments and verdicts among them).
import { toHex } from "@cosmjs/encoding";
import { decodeTxRaw } from "@cosmjs/proto-signing";
import { type NesaClient, txHash } from "@nesa/client";
import { h, replace, short, table } from "./dom";

type Ev = { readonly type: string; readonly attributes: readonly { readonly key: string; readonly value: string }[] };

const eventRows = (events: readonly Ev[]) =>
  events.map((e) => [e.type, e.attributes.map((a) => `${a.key}=${a.value.length > 80 ? short(a.value, 30) : a.value}`).join(" · ")]);

/** The short type names of a tx's messages (MsgPayForQuery, …). */
export const msgTypes = (tx: Uint8Array): string => {
  try {
    return decodeTxRaw(tx).body.messages.map((m) => m.typeUrl.split(".").pop()).join(", ");
  } catch {
    return "(undecodable)";
  }
};

export async function blockView(body: HTMLElement, reader: NesaClient, height: number): Promise<void> {
  const [block, results] = await Promise.all([reader.comet.block(height), reader.comet.blockResults(height)]);
  const hd = block.block.header;
  const txs = block.block.txs;
  // CometBFT 0.38 has finalize_block_events; the 0.34/0.37 response types (same client union) have end-block ones.
  const blockEvents: readonly Ev[] = "finalizeBlockEvents" in results ? results.finalizeBlockEvents : "endBlockEvents" in results ? results.endBlockEvents : [];
  const nav = h("p", {}, height > 1 ? h("a", { href: `#/explorer/block/${height - 1}` }, "← previous") : null, " ", h("a", { href: `#/explorer/block/${height + 1}` }, "next →"));
  replace(
    body,
    h("h2", {}, `Block ${height}`),
    nav,
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "time"), h("dd", {}, hd.time.toISOString()),
      h("dt", {}, "hash"), h("dd", { class: "mono" }, toHex(block.blockId.hash).toUpperCase()),
      h("dt", {}, "app hash"), h("dd", { class: "mono" }, toHex(hd.appHash).toUpperCase()),
      h("dt", {}, "proposer"), h("dd", { class: "mono" }, toHex(hd.proposerAddress).toUpperCase()),
      h("dt", {}, "txs"), h("dd", {}, txs.length),
    ),
    h("h3", {}, "Transactions"),
    txs.length === 0
      ? h("p", { class: "muted" }, "No transactions.")
      : table(
          "block-txs",
          ["hash", "messages", "result", "gas used"],
          txs.map((tx, i) => {
            const r = results.results[i];
            return [h("span", { class: "mono", title: txHash(tx) }, short(txHash(tx), 8)), msgTypes(tx), r?.code ? `error ${r.codespace}/${r.code}` : "ok", r ? String(r.gasUsed) : "—"];
          }),
        ),
    h("h3", {}, "Events"),
    txs.map((_, i) => (results.results[i]?.events.length ? [h("h4", {}, `tx ${i + 1}`), table(`tx-events-${i}`, ["type", "attributes"], eventRows(results.results[i].events))] : null)),
    blockEvents.length ? [h("h4", {}, "block (EndBlock)"), table("block-events", ["type", "attributes"], eventRows(blockEvents))] : null,
  );
}
