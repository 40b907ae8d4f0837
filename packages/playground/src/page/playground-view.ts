// The Playground: pick a model, give it an input, see the privacy it gets and the fee before paying, follow the
// query through the chain, and read the verified answer with its committee and fee. `client.infer` (the SDK)
// does the work in this page; this file only collects the input and shows what the SDK reports.
import { type InferProgress, type InferReturnType, type NesaClient, type PrivacyMode, settledFee } from "@nesa/client";
import { IMAGE_TYPES, checkImageFile, decodeImageFile } from "@nesa/client/browser";
import { encodeTensor } from "@nesa/crypto";
import { type inferenceState, payforqueryState, stakingextState } from "@nesa/proto-types";
import type { ChainWatch } from "./chain-watch";
import { h, replace, short, uid, unes } from "./dom";
import { UNFUNDED, explain } from "./errors";
import { QueryTimeline } from "./query-timeline";
import type { Session } from "./session";

type ModelChoice = { id: string; model: inferenceState.Model; input: "image" | "text" | "chat" | "none"; served: number };

export async function playgroundView(root: HTMLElement, session: Session, watch: ChainWatch): Promise<void> {
  const status = h("p", { class: "muted" }, "Reading the models from the chain…");
  replace(root, h("h1", {}, "Playground"), status);
  const reader = await session.read();
  // The EE keys first: the exposure report and the fee estimate encrypt the input in this page.
  const [models, miners] = await Promise.all([reader.queries.inference.models(), reader.queries.stakingext.miners(), session.loadKeys()]);
  const active = miners.miners.filter((m) => m.status === stakingextState.MinerStatus.MINER_STATUS_ACTIVE && !m.jailed);
  const choices: ModelChoice[] = models.models.map((model) => ({
    id: model.id,
    model,
    input: model.id === "ocr-rec" ? "image" : model.id === "lande" ? "text" : model.kind === 2 ? "chat" : "none",
    served: active.filter((m) => m.models.includes(model.id)).length,
  }));
  status.remove();

  const modelId = uid("model");
  const privacyId = uid("privacy");
  const picker = h("select", { id: modelId, name: "model" }, ...choices.map((c) => h("option", { value: c.id }, `${c.model.name || c.id} (${c.id})`)));
  const privacy = h("select", { id: privacyId, name: "privacy" }, h("option", { value: "hss-ee" }, "HSS-EE (secret shares + EE)"), h("option", { value: "ee" }, "EE (equivariant encryption)"));
  const inputBox = h("div", { class: "input-box" });
  const exposure = h("div", { class: "exposure", "aria-live": "polite" });
  const fee = h("p", { class: "fee", "data-testid": "fee-estimate", "aria-live": "polite" });
  const run = h("button", { type: "submit", class: "primary" }, "Run");
  const error = h("div", { class: "error", role: "alert" });
  const timelineList = h("ol", { class: "timeline", "aria-label": "Query timeline", "data-testid": "timeline" });
  const timeline = new QueryTimeline(timelineList, watch);
  const answer = h("section", { class: "answer", "aria-live": "polite" });
  const details = h("section", { class: "details" });
  const allowId = uid("allow");
  const allow = h("input", { type: "checkbox", id: allowId });
  const allowRow = h("p", { class: "allow", hidden: true }, allow, h("label", { for: allowId }, " I accept that a miner sees this input as it is"));

  let current: { image?: Awaited<ReturnType<typeof decodeImageFile>>; text?: string } = {};
  const choice = () => choices.find((c) => c.id === picker.value)!;

  const showError = (err: unknown) => {
    const e = explain(err);
    replace(error, h("strong", {}, e.title), h("p", {}, e.todo));
  };

  function renderInput(): void {
    current = {};
    const c = choice();
    if (c.input === "image") {
      const id = uid("image");
      const preview = h("img", { class: "preview", alt: "Preview of the chosen image", hidden: true });
      const file = h("input", { type: "file", id, name: "image", accept: IMAGE_TYPES.join(",") });
      file.addEventListener("change", async () => {
        replace(error);
        preview.hidden = true;
        current = {};
        const f = file.files?.[0];
        if (!f) return;
        try {
          await checkImageFile(f);
          current = { image: await decodeImageFile(f) };
          preview.src = URL.createObjectURL(f);
          preview.hidden = false;
          void updateEstimate();
        } catch (err) {
          showError(err);
        }
      });
      replace(inputBox, h("label", { for: id }, "Image"), h("span", { class: "hint" }, " PNG or JPEG of one line of text"), file, preview);
    } else if (c.input === "text") {
      const id = uid("text");
      const text = h("textarea", { id, name: "text", rows: 3, placeholder: "Bonjour tout le monde" });
      text.addEventListener("input", () => {
        current = { text: text.value };
        void updateEstimate();
      });
      replace(inputBox, h("label", { for: id }, "Text"), text);
    } else if (c.input === "chat") {
      replace(inputBox, h("p", { class: "notice" }, `${c.id} is a text generator. Its chat view needs the miners' token stream, which is read from Redis today (no HTTP route for a browser yet): use \`pnpm nesa chat --model ${c.id}\` meanwhile.`));
    } else {
      replace(inputBox, h("p", { class: "notice" }, `This page has no input form for ${c.id} (it knows lande and ocr-rec); use \`pnpm nesa infer --model ${c.id} --tensor x.npy\`.`));
    }
    run.disabled = c.input === "chat" || c.input === "none";
    renderExposure();
    void updateEstimate();
  }

  function renderExposure(): void {
    const c = choice();
    const mode = privacy.value as PrivacyMode;
    allowRow.hidden = true;
    if (c.input !== "image" && c.input !== "text") {
      replace(exposure);
      return;
    }
    try {
      const report = session.codecFor(c.id).exposure(mode);
      allowRow.hidden = !report.rawInputToMiner;
      const hss = mode === "hss-ee" && !c.model.hss ? h("p", { class: "warn" }, `${c.id} declares no HSS-EE stages: choose EE.`) : null;
      replace(exposure, h("p", { class: `level level-${report.level}`, "data-testid": "exposure-level" }, `Exposure: ${report.level}`), h("p", {}, report.message), hss);
    } catch (err) {
      showError(err);
    }
  }

  let estimateSeq = 0;
  /** The last fee estimate shown: a balance below it is refused before anything is signed. */
  let estimatedFee: bigint | undefined;
  async function updateEstimate(): Promise<void> {
    const seq = ++estimateSeq;
    const c = choice();
    const input = c.input === "image" ? current.image : current.text;
    if (input === undefined || (typeof input === "string" && input.trim() === "")) return replace(fee, "Fee: give an input to see the estimate.");
    try {
      const codec = session.codecFor(c.id);
      const bytes = encodeTensor(codec.encrypt(codec.prepare(input))).length;
      const replicas = Math.max(1, c.model.minReplicas);
      const p = privacy.value === "hss-ee" ? payforqueryState.Privacy.PRIVACY_HSS_EE : payforqueryState.Privacy.PRIVACY_EE;
      const est = await reader.queries.payforquery.estimateFee(c.id, bytes, replicas, p);
      if (seq !== estimateSeq) return;
      estimatedFee = BigInt(est.total?.amount ?? "0");
      replace(fee, `Estimated fee: ${unes(est.total?.amount ?? "0")} for ${replicas} replica(s), ${bytes} encrypted bytes. Unused fee is refunded after the verdict.`);
    } catch (err) {
      if (seq === estimateSeq) replace(fee, `Fee estimate unavailable: ${explain(err).title}`);
    }
  }

  const form = h(
    "form",
    { class: "run-form", "aria-label": "Private query" },
    h("div", { class: "row" }, h("label", { for: modelId }, "Model"), picker),
    inputBox,
    h("div", { class: "row" }, h("label", { for: privacyId }, "Privacy"), privacy),
    exposure,
    allowRow,
    fee,
    run,
  );
  picker.addEventListener("change", renderInput);
  privacy.addEventListener("change", () => {
    renderExposure();
    void updateEstimate();
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void runQuery();
  });

  async function runQuery(): Promise<void> {
    const c = choice();
    replace(error);
    replace(answer);
    replace(details);
    timeline.clear();
    const input = c.input === "image" ? current.image : current.text;
    if (input === undefined || (typeof input === "string" && input.trim() === "")) {
      const what = c.input === "image" ? "Choose an image first." : "Type a text first.";
      const todo = c.input === "image" ? "Pick a PNG or JPEG picture of one line of text in the Image field. Nothing was paid." : "Write a sentence in the Text box. Nothing was paid.";
      return replace(error, h("strong", {}, what), h("p", {}, todo));
    }
    if (c.served === 0) {
      return replace(error, h("strong", {}, `No active miner serves ${c.id}.`), h("p", {}, "Pick another model, or start a miner for it (nesa-miner serve --models …). Nothing was paid."));
    }
    run.disabled = true;
    timeline.reset();
    const note = h("p", { class: "muted", "aria-live": "polite" }, "Encrypting in this page…");
    answer.appendChild(note);
    try {
      const client: NesaClient = await session.signer();
      const before = await client.getBalance();
      if (estimatedFee !== undefined && BigInt(before.amount) < estimatedFee) {
        note.remove();
        timeline.clear();
        replace(error, h("strong", {}, UNFUNDED.title), h("p", {}, `It holds ${unes(before.amount)}; the query needs about ${unes(estimatedFee)} plus gas. ${UNFUNDED.todo}`));
        return;
      }
      const onProgress = (p: InferProgress) => {
        timeline.progress(p);
        note.textContent = `${p.step}${p.queryId !== undefined ? ` · query ${p.queryId}` : ""}${p.detail ? ` · ${p.detail}` : ""}`;
      };
      const r: InferReturnType<string> = await client.infer<unknown, string>({
        model: c.id,
        input,
        privacy: privacy.value as PrivacyMode,
        allowExposure: allow.checked,
        onProgress,
        timeoutMs: 90_000,
      });
      // Heights from the chain's own record of the query (the live marks above used the latest block seen).
      await timeline.settle(client, await client.queries.inference.query(r.queryId), BigInt(r.verdict.height));
      const escrow = await client.queries.payforquery.escrow(r.queryId);
      const settled = settledFee(r.fee.estimated, r.fee.paid, escrow);
      const after = await client.getBalance();
      renderAnswer(r, settled, BigInt(before.amount) - BigInt(after.amount));
    } catch (err) {
      note.remove();
      showError(err);
    } finally {
      run.disabled = false;
    }
  }

  function renderAnswer(r: InferReturnType<string>, fee: ReturnType<typeof settledFee>, spent: bigint): void {
    const verified = r.committee.verified && r.result.verified;
    replace(
      answer,
      h("h2", {}, "Answer"),
      h("p", { class: "result" }, h("span", { "data-testid": "result-text" }, r.output), " ", verified ? h("span", { class: "verified", "data-testid": "verified", title: "committee re-derived from the VRF beacon and result digest matched the verdict" }, "✔ verified") : null),
      h("p", { class: "muted" }, h("a", { href: `#/explorer/query/${r.queryId}`, "data-testid": "query-link" }, `query ${r.queryId}`), ` · ${r.privacy.mode} · ${(r.timings.total / 1000).toFixed(2)} s in this page`),
    );
    const agreed = r.verdict.seats.filter((s) => s.outcome === "agreed").length;
    replace(
      details,
      h("h2", {}, "Committee"),
      h("p", {}, `${r.committee.seats.length} seat(s) re-derived in this page from the VRF beacon of height ${r.committee.beaconHeight}: proof checked${r.committee.proposerChecked ? ", proposer is the validator" : ""}. Verdict at height ${r.verdict.height}: ${agreed}/${r.verdict.seats.length} agreed; result sha256 ${short(r.result.digest, 8)} matches it.`),
      h(
        "table",
        { "data-testid": "committee" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "shard"), h("th", { scope: "col" }, "replica"), h("th", { scope: "col" }, "miner"), h("th", { scope: "col" }, "outcome"))),
        h("tbody", {}, ...r.verdict.seats.map((s) => h("tr", {}, h("td", {}, s.shard), h("td", {}, s.replica), h("td", { title: s.miner }, short(s.miner)), h("td", {}, s.outcome)))),
      ),
      h("h2", {}, "Fee"),
      h(
        "dl",
        { class: "facts fee-split", "data-testid": "fee-paid" },
        h("dt", {}, "estimated"), h("dd", {}, unes(fee.estimated)),
        h("dt", {}, "escrowed"), h("dd", {}, unes(fee.escrowed)),
        h("dt", {}, "paid"), h("dd", {}, `${unes(fee.paid)} (miners ${fee.payouts.miners}, owner ${fee.payouts.owner}, community pool ${fee.payouts.communityPool})`),
        h("dt", {}, "refunded"), h("dd", {}, unes(fee.refunded)),
        h("dt", {}, "balance change"), h("dd", {}, `−${unes(spent)} (fee + gas)`),
      ),
    );
  }

  replace(root, h("h1", {}, "Playground"), h("div", { class: "columns" }, h("div", {}, form, error), h("div", {}, timelineList, answer, details)));
  renderInput();
}
