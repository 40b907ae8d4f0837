// Explorer lists: miners (stake, status, what they served, missed and got wrong), models (shards, price, EE
// scheme, who serves them) and one account (balances, its txs and its queries).
import { type NesaClient, txHash } from "@nesa/client";
import { inferenceState, stakingextState } from "@nesa/proto-types";
import { coin, enumName, h, replace, short, table } from "./dom";
import { msgTypes } from "./explorer-block";

const accountLink = (a: string) => h("a", { href: `#/explorer/account/${a}`, title: a }, short(a));

export async function minersView(body: HTMLElement, reader: NesaClient): Promise<void> {
  const { miners } = await reader.queries.stakingext.miners();
  replace(
    body,
    h("h2", {}, `Miners (${miners.length})`),
    table(
      "miners",
      ["operator", "stake", "status", "models", "served", "missed", "wrong", "reputation"],
      miners.map((m) => [
        accountLink(m.operator),
        coin(m.bonded),
        enumName(stakingextState.MinerStatus, m.status, "MINER_STATUS_") + (m.jailed ? ` (jailed until ${m.jailedUntil})` : ""),
        m.models.join(", "),
        String(m.seatsServed),
        String(m.totalMissed),
        String(m.totalWrong),
        String(m.reputation),
      ]),
    ),
  );
}

export async function modelsView(body: HTMLElement, reader: NesaClient): Promise<void> {
  const [{ models }, { miners }] = await Promise.all([reader.queries.inference.models({ includeDeprecated: true }), reader.queries.stakingext.miners()]);
  const active = miners.filter((m) => m.status === stakingextState.MinerStatus.MINER_STATUS_ACTIVE && !m.jailed);
  replace(
    body,
    h("h2", {}, `Models (${models.length})`),
    table(
      "models",
      ["id", "name", "kind", "shards", "price", "EE scheme", "HSS-EE", "min replicas", "served by", "owner"],
      models.map((m) => [
        m.id + (m.deprecated ? " (deprecated)" : ""),
        m.name,
        enumName(inferenceState.ModelKind, m.kind, "MODEL_KIND_"),
        `${m.shards.length} (${m.shards.reduce((n, s) => n + s.sizeBytes, 0n).toLocaleString("en-US")} bytes)`,
        m.tokenPrice?.outputPrice ? `${coin(m.price)} per shard; ${coin(m.tokenPrice.outputPrice)} per output token` : `${coin(m.price)} per shard`,
        m.ee?.scheme || "none",
        m.hss ? "yes" : "no",
        m.minReplicas,
        `${active.filter((x) => x.models.includes(m.id)).length} active miner(s)`,
        accountLink(m.owner),
      ]),
    ),
  );
}

export async function accountView(body: HTMLElement, reader: NesaClient, address: string): Promise<void> {
  const [balances, txs, queries] = await Promise.all([
    reader.queries.bank.allBalances(address),
    reader.comet.txSearch({ query: `message.sender='${address.replace(/'/g, "")}'`, per_page: 30, order_by: "desc" }),
    reader.queries.inference.queries({ owner: address }),
  ]);
  replace(
    body,
    h("h2", {}, "Account"),
    h("p", { class: "mono", "data-testid": "account-address" }, address),
    h("h3", {}, "Balances"),
    balances.length === 0 ? h("p", { class: "muted" }, "No balance.") : h("ul", { "data-testid": "account-balances" }, ...balances.map((c) => h("li", {}, coin(c)))),
    h("h3", {}, `Transactions (${txs.totalCount})`),
    txs.txs.length === 0
      ? h("p", { class: "muted" }, "No transactions signed by this account.")
      : table(
          "account-txs",
          ["height", "hash", "messages", "result"],
          txs.txs.map((t) => [
            h("a", { href: `#/explorer/block/${t.height}` }, t.height),
            h("span", { class: "mono", title: txHash(t.tx) }, short(txHash(t.tx), 8)),
            msgTypes(t.tx),
            t.result.code ? `error ${t.result.codespace}/${t.result.code}` : "ok",
          ]),
        ),
    h("h3", {}, `Queries (${queries.queries.length})`),
    queries.queries.length === 0
      ? h("p", { class: "muted" }, "No queries paid by this account.")
      : table(
          "account-queries",
          ["query", "model", "status"],
          queries.queries.slice().reverse().map((q) => [h("a", { href: `#/explorer/query/${q.id}` }, `#${q.id}`), q.modelId, enumName(inferenceState.QueryStatus, q.status, "QUERY_STATUS_")]),
        ),
  );
}
