// A tiny typed hyperscript: the page builds its DOM with h() instead of a framework (no runtime to ship).
export type Child = Node | string | number | bigint | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, "").toLowerCase(), v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
/** A unique id for label/for pairs. */
export const uid = (prefix: string) => `${prefix}-${++ids}`;

export const short = (s: string, n = 10) => (s.length > 2 * n + 1 ? `${s.slice(0, n)}…${s.slice(-6)}` : s);
export const unes = (v: bigint | string | number) => `${BigInt(v).toLocaleString("en-US")} unes`;

/** A table with a header row; cells are anything h() takes. */
export function table(testid: string, headers: string[], rows: Child[][]): HTMLTableElement {
  return h(
    "table",
    { "data-testid": testid },
    h("thead", {}, h("tr", {}, ...headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c) => h("td", {}, c))))),
  );
}

/** An enum value's name without its prefix: enumName(SeatOutcome, 1, "SEAT_OUTCOME_") → "agreed". */
export function enumName(e: Record<number, string>, v: number, prefix: string): string {
  return (e[v] ?? String(v)).replace(prefix, "").toLowerCase().replaceAll("_", " ");
}

export const coin = (c: { amount: string; denom: string } | undefined) => (c ? `${BigInt(c.amount).toLocaleString("en-US")} ${c.denom}` : "—");
