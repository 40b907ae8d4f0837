// The page's entry: loads the localnet's public facts, then routes #/playground, #/explorer/…, #/wallet to
// their views. One Session (clients, wallet, EE keys) and one ChainWatch (new blocks) serve every view.
import { ChainWatch } from "./chain-watch";
import { h, replace } from "./dom";
import { explain } from "./errors";
import { explorerView } from "./explorer-view";
import { playgroundView } from "./playground-view";
import { Session } from "./session";
import { walletBadge, walletView } from "./wallet-view";

const root = document.getElementById("main") as HTMLElement;

async function boot(): Promise<void> {
  let session: Session;
  try {
    session = await Session.load();
  } catch (err) {
    const e = explain(err);
    replace(root, h("h1", {}, "Nesa Playground"), h("div", { class: "error", role: "alert" }, h("strong", {}, e.title), h("p", {}, e.todo)));
    return;
  }
  const watch = new ChainWatch(session.config.blockTimeMs);
  const badge = document.getElementById("account-badge") as HTMLElement;
  walletBadge(badge, session);
  session.onWalletChange(() => walletBadge(badge, session));

  let stopView: (() => void) | undefined;
  const route = async () => {
    stopView?.();
    stopView = undefined;
    const [page, ...rest] = (window.location.hash.replace(/^#\/?/, "") || "playground").split("/");
    for (const a of document.querySelectorAll<HTMLAnchorElement>("nav a")) {
      if (a.getAttribute("href") === `#/${page}`) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    try {
      if (page === "explorer") stopView = await explorerView(root, session, watch, rest.map(decodeURIComponent));
      else if (page === "wallet") await walletView(root, session);
      else await playgroundView(root, session, watch);
    } catch (err) {
      const e = explain(err);
      replace(root, h("div", { class: "error", role: "alert" }, h("strong", {}, e.title), h("p", {}, e.todo)));
    }
  };
  window.addEventListener("hashchange", () => void route());
  await route();
}

void boot();
