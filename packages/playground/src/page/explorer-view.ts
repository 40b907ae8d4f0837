// The Explorer: latest blocks (live over the RPC WebSocket) and queries, then one view per thing a person looks
// up — a block, a query, the miners, the models, an account. Everything is read from the chain's RPC in this page.
import type { NesaClient } from "@nesa/client";
import { inferenceState } from "@nesa/proto-types";
import type { BlockSeen, ChainWatch } from "./chain-watch";
import { enumName, h, replace, short, table } from "./dom";
import { blockView } from "./explorer-block";
import { accountView, minersView, modelsView } from "./explorer-lists";
import { queryView } from "./explorer-query";
import type { Session } from "./session";

const sub = (where: string, label: string) => h("a", { href: `#/explorer${where}` }, label);

/** Renders the explorer page named by `path`; returns what stops its live updates. */
export async function explorerView(root: HTMLElement, session: Session, watch: ChainWatch, path: string[]): Promise<() => void> {
  const reader = await session.read();
  const nav = h("nav", { class: "sub", "aria-label": "Explorer" }, sub("", "Blocks & queries"), " · ", sub("/miners", "Miners"), " · ", sub("/models", "Models"), " · ", accountForm());
  const body = h("div", {});
  replace(root, h("h1", {}, "Explorer"), nav, body);
  const [what, arg] = path;
  if (what === "block" && arg) await blockView(body, reader, Number(arg));
  else if (what === "query" && arg) return liveQuery(body, reader, watch, BigInt(arg));
  else if (what === "miners") await minersView(body, reader);
  else if (what === "models") await modelsView(body, reader);
  else if (what === "account" && arg) await accountView(body, reader, arg);
  else return homeView(body, reader, watch);
  return () => {};
}

/** A query still in flight is drawn again at each new block until it is settled. */
async function liveQuery(body: HTMLElement, reader: NesaClient, watch: ChainWatch, id: bigint): Promise<() => void> {
  let settled = await queryView(body, reader, id);
  let busy = false;
  return watch.on(() => {
    if (settled || busy) return;
    busy = true;
    queryView(body, reader, id).then(
      (s) => {
        settled = s;
        busy = false;
      },
      () => {
        busy = false;
      },
    );
  });
}

function accountForm(): HTMLFormElement {
  const input = h("input", { id: "explorer-account", name: "address", placeholder: "nesa1…", size: 20 });
  const form = h("form", { class: "inline", role: "search" }, h("label", { for: "explorer-account" }, "Account "), input, h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (input.value.trim()) window.location.hash = `#/explorer/account/${encodeURIComponent(input.value.trim())}`;
  });
  return form;
}

async function homeView(body: HTMLElement, reader: NesaClient, watch: ChainWatch): Promise<() => void> {
  const status = await reader.comet.status();
  const top = status.syncInfo.latestBlockHeight;
  const metas = (await reader.comet.blockchain(Math.max(1, top - 14), top)).blockMetas;
  const rows = h("tbody", {});
  const row = (b: BlockSeen) =>
    h("tr", {}, h("td", {}, h("a", { href: `#/explorer/block/${b.height}` }, b.height)), h("td", {}, b.time.toISOString().replace("T", " ").slice(0, 23)), h("td", {}, b.txs));
  for (const m of metas) rows.appendChild(row({ height: m.header.height, time: new Date(m.header.time.getTime()), txs: m.numTxs }));
  const live = h("p", { class: "muted", "aria-live": "off" }, `${status.nodeInfo.network} · latest height ${top}`);
  const off = watch.on((b) => {
    if (b.height <= top) return;
    rows.insertBefore(row(b), rows.firstChild);
    while (rows.children.length > 15) rows.lastElementChild?.remove();
    live.textContent = `${status.nodeInfo.network} · latest height ${b.height} · live (${watch.mode})`;
  });

  const queries = (await reader.queries.inference.queries({})).queries.slice(-20).reverse();
  replace(
    body,
    h("h2", {}, "Latest blocks"),
    live,
    h("table", { "data-testid": "blocks" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "height"), h("th", { scope: "col" }, "time (UTC)"), h("th", { scope: "col" }, "txs"))), rows),
    h("h2", {}, "Latest queries"),
    queries.length === 0
      ? h("p", { class: "muted" }, "No queries yet: run one in the Playground.")
      : table(
          "queries",
          ["query", "model", "status", "owner", "created at"],
          queries.map((q) => [
            h("a", { href: `#/explorer/query/${q.id}` }, `#${q.id}`),
            q.modelId,
            enumName(inferenceState.QueryStatus, q.status, "QUERY_STATUS_"),
            h("a", { href: `#/explorer/account/${q.owner}` }, short(q.owner)),
            h("a", { href: `#/explorer/block/${q.createdHeight}` }, String(q.createdHeight)),
          ]),
        ),
  );
  return off;
}
