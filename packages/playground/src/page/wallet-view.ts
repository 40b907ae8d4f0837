// The Wallet: in dev mode the localnet's genesis test accounts (their mnemonics are public, so the page says they
// are local only), and Keplr when the browser has it (the chain is suggested from chain-config/keplr-chain-info.json).
import { h, replace, short, unes } from "./dom";
import { explain } from "./errors";
import type { Session } from "./session";

export function walletBadge(el: HTMLElement, session: Session): void {
  const w = session.wallet;
  replace(el, w ? `${w.label}: ${short(w.address, 8)}` : "no account chosen (a test account pays)");
}

export async function walletView(root: HTMLElement, session: Session): Promise<void> {
  replace(root, h("h1", {}, "Wallet"), h("p", { class: "muted" }, "Reading balances…"));
  const reader = await session.read();
  const error = h("div", { class: "error", role: "alert" });
  const show = (err: unknown) => {
    const e = explain(err);
    replace(error, h("strong", {}, e.title), h("p", {}, e.todo));
  };
  const redraw = () => void walletView(root, session).catch(show);

  const keplr = window.keplr
    ? h("section", {}, h("h2", {}, "Keplr"), h("p", {}, "Keplr is installed: the page suggests this chain to it, then signs with your Keplr account."), h("button", { type: "button", onclick: () => void session.useKeplr().then(redraw, show) }, "Connect Keplr"))
    : h("section", {}, h("h2", {}, "Keplr"), h("p", { class: "muted" }, "Keplr is not installed in this browser; with it, this page can sign with your own account."));

  let local: HTMLElement;
  if (!session.config.devMode || session.config.accounts.length === 0) {
    local = h("p", { class: "muted" }, "This playground is not in dev mode: no test accounts.");
  } else {
    const balances = await Promise.all(session.config.accounts.map((a) => reader.queries.bank.balance(a.address, "unes").then((c) => c.amount, () => "?")));
    local = h(
      "section",
      {},
      h("h2", {}, "Local test accounts"),
      h("p", { class: "warn", "data-testid": "local-only" }, "Local only: these are the localnet's genesis accounts, their keys are public test keys. Never send real funds to them."),
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "name"), h("th", { scope: "col" }, "address"), h("th", { scope: "col" }, "balance"), h("th", { scope: "col" }, ""))),
        h(
          "tbody",
          {},
          ...session.config.accounts.map((a, i) => {
            const chosen = session.wallet?.address === a.address;
            const role = a.name === session.config.modelOwner ? " (model owner)" : "";
            return h(
              "tr",
              {},
              h("td", {}, a.name + role),
              h("td", {}, h("a", { href: `#/explorer/account/${a.address}` }, short(a.address))),
              h("td", {}, balances[i] === "?" ? "?" : unes(balances[i])),
              h("td", {}, chosen ? h("strong", {}, "in use") : h("button", { type: "button", onclick: () => void session.useLocalAccount(a.name).then(redraw, show) }, `Use ${a.name}`)),
            );
          }),
        ),
      ),
    );
  }
  const current = session.wallet ? `Paying with ${session.wallet.label}, ${session.wallet.address}.` : `No account chosen yet: the Playground pays with ${session.defaultAccount()}.`;
  const fresh = h(
    "section",
    {},
    h("h2", {}, "New account"),
    h("p", {}, "A new key made in this page, held only in its memory until you reload: it starts with no unes (send it some from a test account to use it)."),
    h("button", { type: "button", onclick: () => void session.useNewAccount().then(redraw, show) }, "New empty account"),
  );
  replace(root, h("h1", {}, "Wallet"), h("p", { "data-testid": "wallet-current" }, current), error, local, fresh, keplr);
}
