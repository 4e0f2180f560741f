// The workbench page: an editor for the pack's files with the engine's diagnostics, a flow
// form built from the compiled policy with its JSON beside it, the decision with its
// explanation and remedies, the pack's tests with coverage, English and French. Every
// sentence comes from the engine (src/words), so the page and `mandate` say the same.
import { EditorState, StateEffect } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { linter, lintGutter, setDiagnostics } from "@codemirror/lint";
import { policyLanguage } from "./policy-language.js";
import { loadEngine } from "./engine.js";
import { tarFile } from "./tar.js";

const $ = (id) => document.getElementById(id);
const state = {
  engine: null,
  lang: "en",
  words: {},
  files: {},          // path -> text: the pack being edited
  saved: {},          // the pack as opened or last saved: what "Changes" compares with
  current: null,      // the path in the editor
  policy: null,       // the summary of the compiled policy, or null when it has errors
  diagnostics: [],
  flow: {},           // the flow being written
  explanation: null,
  timings: { validate: [], decide: [] },
};
window.workbench = state; // for the browser test's measurements

function t(id) {
  return state.words[`workbench-${id}`] ?? id;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "onclick") node.addEventListener("click", value);
    else if (key === "onchange") node.addEventListener("change", value);
    else if (key === "oninput") node.addEventListener("input", value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

// ---------------------------------------------------------------- words and language

function applyWords() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const node of document.querySelectorAll("[data-t-label]")) node.setAttribute("aria-label", t(node.dataset.tLabel));
  document.title = t("title");
}

function setLanguage(lang) {
  state.lang = lang;
  state.words = state.engine.call({ op: "messages", lang }).messages;
  applyWords();
  renderForm();
  renderDiagnostics();
  if (state.explanation) decide();
}

// ---------------------------------------------------------------- the pack and the editor

let view = null;

function validate() {
  const started = performance.now();
  const result = state.engine.call({ op: "validate", lang: state.lang, files: state.files });
  state.timings.validate.push(performance.now() - started);
  state.diagnostics = result.diagnostics;
  const hadPolicy = state.policy !== null;
  state.policy = result.policy;
  renderDiagnostics();
  // The form is rebuilt after the problems are shown, not before.
  if (state.policy && !hadPolicy) setTimeout(renderForm, 0);
  return result;
}

function editorDiagnostics() {
  const length = view.state.doc.length;
  return state.diagnostics
    .filter((d) => d.at && d.at.file === state.current)
    .map((d) => ({
      from: Math.min(d.at.from, length),
      to: Math.min(Math.max(d.at.to, d.at.from), length),
      severity: d.severity === "error" ? "error" : "warning",
      source: d.code,
      message: d.message + (d.help ? `\nhelp: ${d.help}` : ""),
      actions: d.suggestion ? [{ name: t("apply-fix"), apply: () => applyFix(d) }] : [],
    }));
}

function openFile(path) {
  state.current = path;
  const doc = state.files[path] ?? "";
  view.setState(EditorState.create({ doc, extensions: editorExtensions() }));
  for (const button of document.querySelectorAll("#files button")) {
    button.setAttribute("aria-current", button.dataset.path === path ? "true" : "false");
  }
  view.dispatch(setDiagnostics(view.state, editorDiagnostics()));
}

function editorExtensions() {
  return [
    lineNumbers(), history(), drawSelection(), highlightActiveLine(),
    keymap.of([...defaultKeymap, ...historyKeymap]),
    policyLanguage, syntaxHighlighting(defaultHighlightStyle),
    // Long lines wrap: the page must fit a phone's width, and the editor's box scrolls.
    EditorView.lineWrapping,
    lintGutter(),
    EditorView.contentAttributes.of({ "aria-label": t("editor") }),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      state.files[state.current] = update.state.doc.toString();
      validate();
      view.dispatch(setDiagnostics(view.state, editorDiagnostics()));
    }),
  ];
}

function renderFiles() {
  const list = $("files");
  list.replaceChildren(
    ...Object.keys(state.files)
      .filter((p) => p.endsWith(".policy"))
      .map((path) => el("li", {}, el("button", { type: "button", "data-path": path, onclick: () => openFile(path) }, path))),
  );
}

function renderDiagnostics() {
  const list = $("diagnostics");
  if (!state.diagnostics.length) {
    list.replaceChildren(el("li", { class: "ok" }, t("no-problems")));
    return;
  }
  list.replaceChildren(...state.diagnostics.map((d) => {
    const where = d.at ? `${d.at.file}:${d.at.line}:${d.at.column}` : "";
    return el("li", { class: d.severity },
      el("span", { class: "code" }, `${d.severity}[${d.code}]`), " ",
      d.at ? el("button", { type: "button", class: "link", onclick: () => goTo(d) }, where) : null, " ",
      el("span", { class: "message" }, d.message),
      d.help ? el("div", { class: "help" }, `help: ${d.help}`) : null,
      ...d.notes.map((n) => el("div", { class: "note" }, `note: ${n}`)),
      d.suggestion ? el("button", { type: "button", class: "fix", onclick: () => applyFix(d) }, `${t("apply-fix")}: ${d.suggestion}`) : null,
    );
  }));
}

function goTo(d) {
  if (d.at.file !== state.current && state.files[d.at.file] !== undefined) openFile(d.at.file);
  view.dispatch({ selection: { anchor: d.at.from, head: d.at.to }, scrollIntoView: true });
  view.focus();
}

function applyFix(d) {
  if (d.at.file !== state.current) openFile(d.at.file);
  view.dispatch({ changes: { from: d.at.from, to: d.at.to, insert: d.suggestion } });
}

function format() {
  try {
    const { text } = state.engine.call({ op: "format", lang: state.lang, text: state.files[state.current] });
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    status("");
  } catch (e) {
    status(e.message);
  }
}

function status(message) {
  $("status").textContent = message;
}

function loadPack(files) {
  state.files = files;
  state.saved = { ...files };
  state.policy = null;
  state.explanation = null;
  renderFiles();
  validate();
  openFile(Object.keys(files).find((p) => p.endsWith(".policy") && !p.includes("/")) ?? Object.keys(files)[0]);
  renderFlows();
  const first = Object.keys(files).find((p) => p.startsWith("flows/") && p.endsWith(".json") && p !== "flows/expected.json");
  if (first) pickFlow(first);
  $("tests").replaceChildren();
  $("diff").replaceChildren();
}

async function openFolder(event) {
  const chosen = [...event.target.files];
  const files = {};
  for (const file of chosen) {
    // webkitRelativePath is "folder/inner/path": the pack is the chosen folder itself.
    const parts = file.webkitRelativePath.split("/").slice(1);
    const path = parts.join("/");
    if (/\.(policy|json)$/.test(path) && parts.every((p) => p !== "..")) files[path] = await file.text();
  }
  // A pack names its vocabularies; those it does not carry come from the bundled example.
  const carried = new Set(Object.keys(files).filter((p) => p.includes("/")).map((p) => p.split("/")[0]));
  for (const [path, text] of Object.entries(bundled)) {
    const folder = path.split("/")[0];
    if (path.includes("/") && folder !== "flows" && folder !== "tests" && !carried.has(folder)) files[path] = text;
  }
  loadPack(files);
}

function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---------------------------------------------------------------- the flow form

function renderFlows() {
  const select = $("flow-example");
  const flows = Object.keys(state.files).filter((p) => p.startsWith("flows/") && p.endsWith(".json") && p !== "flows/expected.json");
  select.replaceChildren(...flows.map((p) => el("option", { value: p }, p.slice("flows/".length))));
}

function pickFlow(path) {
  $("flow-example").value = path;
  try {
    state.flow = JSON.parse(state.files[path]);
  } catch {
    state.flow = {};
  }
  writeJson();
  renderForm();
  decide();
}

function writeJson() {
  $("flow-json").value = JSON.stringify(state.flow, null, 2);
  $("json-status").textContent = "";
}

function readJson() {
  try {
    state.flow = JSON.parse($("flow-json").value);
    $("json-status").textContent = "";
    renderForm();
    decide();
  } catch {
    $("json-status").textContent = t("flow-json-invalid");
  }
}

function setField(key, value) {
  if (value === "" || value === undefined || (Array.isArray(value) && !value.length && key !== "data")) delete state.flow[key];
  else state.flow[key] = value;
  writeJson();
  decide();
}

const list = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);

function field(label, control) {
  const id = control.id;
  return el("div", { class: "field" }, el("label", { for: id }, label), control);
}

function select(id, options, value, onchange, withNone = true) {
  const node = el("select", { id, onchange: (e) => onchange(e.target.value) },
    withNone ? el("option", { value: "" }, t("none")) : null,
    ...options.map((o) => el("option", { value: o, selected: o === value }, o)));
  node.value = value ?? "";
  return node;
}

function checkTree(id, names, chosen, onchange) {
  // The taxonomy as a tree: a name's parents are its dotted prefixes.
  const set = new Set(chosen ?? []);
  const groups = new Map();
  for (const name of names) {
    const top = name.split(".")[0];
    if (!groups.has(top)) groups.set(top, []);
    groups.get(top).push(name);
  }
  const box = (name) => {
    const input = el("input", { type: "checkbox", id: `${id}-${name}`, value: name, checked: set.has(name) });
    input.addEventListener("change", () => {
      if (input.checked) set.add(name); else set.delete(name);
      onchange([...set]);
    });
    const depth = name.split(".").length - 1;
    return el("div", { class: "check", style: `padding-left:${depth * 0.8}rem` }, input, el("label", { for: `${id}-${name}` }, name));
  };
  return el("fieldset", { id, class: "tree" }, el("legend", {}, t(`field-${id.replace("form-", "")}`)),
    ...[...groups.entries()].map(([top, members]) => {
      const open = members.some((m) => set.has(m));
      return el("details", { open }, el("summary", {}, top), ...members.map(box));
    }));
}

function renderForm() {
  const form = $("flow-form");
  const p = state.policy;
  if (!p) {
    form.replaceChildren(el("p", {}, t("pack-has-errors")));
    return;
  }
  const f = state.flow;
  const parties = p.parties.map((x) => x.name);
  const consent = f.consent ?? null;
  const setConsent = (key, value) => {
    const c = { ...(state.flow.consent ?? { status: "given" }) };
    if (value === "" || (Array.isArray(value) && !value.length)) delete c[key]; else c[key] = value;
    setField("consent", c);
  };
  const text = (id, value, onchange) => el("input", { id, type: "text", value: value ?? "", onchange: (e) => onchange(e.target.value) });
  const approvals = (f.approvals ?? []).map((a, i) => el("div", { class: "approval" },
    field(t("field-approval-role"), select(`form-approval-role-${i}`, p.roles, a.role, (v) => { state.flow.approvals[i].role = v; setField("approvals", state.flow.approvals); })),
    field(t("field-approval-at"), text(`form-approval-at-${i}`, a.at, (v) => { state.flow.approvals[i].at = v || undefined; setField("approvals", state.flow.approvals); })),
    el("button", { type: "button", onclick: () => { state.flow.approvals.splice(i, 1); setField("approvals", state.flow.approvals); renderForm(); } }, t("remove")),
  ));
  form.replaceChildren(
    field(t("field-id"), text("form-id", f.id, (v) => setField("id", v))),
    field(t("field-at"), text("form-at", f.at, (v) => setField("at", v))),
    field(t("field-from"), select("form-from", parties, f.from, (v) => setField("from", v))),
    field(t("field-to"), select("form-to", parties, f.to, (v) => setField("to", v))),
    checkTree("form-data", p.categories, f.data, (v) => setField("data", v)),
    checkTree("form-subjects", p.subjects, f.subjects, (v) => setField("subjects", v)),
    field(t("field-purpose"), select("form-purpose", p.purposes, f.purpose, (v) => setField("purpose", v))),
    field(t("field-collected-for"), select("form-collected-for", p.purposes, f.collected_for, (v) => setField("collected_for", v))),
    field(t("field-basis"), select("form-basis", p.bases, f.basis, (v) => setField("basis", v))),
    el("fieldset", {}, el("legend", {}, t("field-consent")),
      field(t("field-consent-status"), select("form-consent-status", ["given", "withdrawn", "expired", "refused"], consent?.status, (v) => (v ? setConsent("status", v) : setField("consent", undefined)))),
      field(t("field-consent-purposes"), text("form-consent-purposes", consent?.purposes?.join(", "), (v) => setConsent("purposes", list(v)))),
      field(t("field-consent-recipients"), text("form-consent-recipients", consent?.recipients?.join(", "), (v) => setConsent("recipients", list(v)))),
      field(t("field-consent-countries"), text("form-consent-countries", consent?.countries?.join(", "), (v) => setConsent("countries", list(v)))),
      field(t("field-consent-given"), text("form-consent-given", consent?.given_at, (v) => setConsent("given_at", v))),
    ),
    el("fieldset", {}, el("legend", {}, t("field-approvals")), ...approvals,
      el("button", { type: "button", onclick: () => { state.flow.approvals = [...(state.flow.approvals ?? []), { role: p.roles[0] ?? "" }]; setField("approvals", state.flow.approvals); renderForm(); } }, t("add-approval"))),
  );
}

// ---------------------------------------------------------------- decision, remedies

function decide() {
  const out = $("decision");
  if (!state.policy) {
    out.replaceChildren(el("p", {}, t("pack-has-errors")));
    return;
  }
  const started = performance.now();
  let result;
  try {
    result = state.engine.call({ op: "decide", lang: state.lang, files: state.files, flow: JSON.stringify(state.flow) });
  } catch (e) {
    out.replaceChildren(el("p", { class: "error" }, e.message));
    return;
  }
  state.timings.decide.push(performance.now() - started);
  state.explanation = result.explanation;
  renderDecision(result);
}

function renderDecision(result, note) {
  const e = result.explanation;
  const d = e.decision;
  const deciding = e.hops.flatMap((h) => h.deciding);
  const remedies = e.remedies.options ?? [];
  $("decision").replaceChildren(...[
    note ? el("p", { class: "note" }, note) : null,
    el("p", { id: "outcome", class: `outcome ${d.decision}` }, d.decision.toUpperCase(), d.kind ? ` (${d.kind})` : ""),
    el("p", { id: "reason" }, d.reason ?? ""),
    el("h3", {}, t("deciding-rules")),
    el("ul", { id: "deciding" }, ...deciding.map((r) => el("li", {},
      el("strong", {}, `${r.effect} "${r.rule}"`), r.at ? ` — ${r.at}` : "",
      r.cite ? el("div", { class: "cite" }, r.cite) : null))),
    el("h3", {}, t("remedies")),
    remedies.length
      ? el("ol", { id: "remedies" }, ...remedies.map((r, i) => el("li", {},
          el("ul", {}, ...result.remedies[i].map((words) => el("li", {}, words))),
          el("button", { type: "button", class: "remedy", onclick: () => applyRemedy(i) }, t("apply-remedy")))))
      : el("p", { id: "remedies" }, e.remedies.note || t("no-remedies")),
    el("details", {}, el("summary", {}, t("explanation")), el("pre", { id: "explanation" }, result.text)),
  ].filter(Boolean));
}

function applyRemedy(option) {
  const result = state.engine.call({ op: "remedy", lang: state.lang, files: state.files, flow: JSON.stringify(state.flow), option });
  state.flow = JSON.parse(result.flow);
  writeJson();
  renderForm();
  state.explanation = result.decided.explanation;
  renderDecision(result.decided, result.policy_changed ? t("remedy-changes-policy") : null);
}

// ---------------------------------------------------------------- tests

function runTests() {
  const out = $("tests");
  try {
    const r = state.engine.call({ op: "test", lang: state.lang, files: state.files });
    out.replaceChildren(
      el("p", { id: "tests-summary" }, `${r.passed} / ${r.failed} ${t("tests-summary")} — ${t("coverage")}: ${r.coverage.percent.toFixed(1)} % (${r.coverage.covered}/${r.coverage.total})`),
      el("ul", {}, ...r.results.filter((x) => !x.ok).map((x) => el("li", { class: "error" }, `${x.name}: ${x.problems.join("; ")}`))),
      el("details", {}, el("summary", {}, t("explanation")), el("pre", {}, r.text)),
    );
  } catch (e) {
    out.replaceChildren(el("p", { class: "error" }, e.message));
  }
}

// ---------------------------------------------------------------- changes

function runDiff() {
  const out = $("diff");
  try {
    const r = state.engine.call({ op: "diff", lang: state.lang, saved: state.saved, files: state.files, at: new Date().toISOString() });
    out.replaceChildren(
      el("p", { id: "diff-summary" }, `${r.classes} ${t("diff-classes")}`),
      el("pre", {}, r.text),
    );
  } catch (e) {
    out.replaceChildren(el("p", { class: "error" }, e.message));
  }
}

// ---------------------------------------------------------------- start

let bundled = {};

async function start() {
  try {
    state.engine = await loadEngine("mandate_workbench.wasm");
    bundled = await (await fetch("example-pack.json")).json();
  } catch (e) {
    $("status").textContent = `${t("engine-failed")} (${e.message})`;
    return;
  }
  state.words = state.engine.call({ op: "messages", lang: state.lang }).messages;
  applyWords();
  view = new EditorView({ parent: $("editor") });
  state.view = view;
  $("lang").addEventListener("change", (e) => setLanguage(e.target.value));
  $("open-folder").addEventListener("change", openFolder);
  $("example").addEventListener("click", () => loadPack({ ...bundled }));
  $("format").addEventListener("click", format);
  $("flow-example").addEventListener("change", (e) => pickFlow(e.target.value));
  $("flow-json").addEventListener("change", readJson);
  $("decide").addEventListener("click", decide);
  $("run-tests").addEventListener("click", runTests);
  $("run-diff").addEventListener("click", runDiff);
  $("save-pack").addEventListener("click", () => {
    download("pack.tar", tarFile(state.files));
    state.saved = { ...state.files };
  });
  $("save-flow").addEventListener("click", () => download(`${state.flow.id || "flow"}.json`, new Blob([JSON.stringify(state.flow, null, 2) + "\n"], { type: "application/json" })));
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => showTab(tab.id));
    // The tabs pattern: arrow keys move between tabs.
    tab.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
      const tabs = [...document.querySelectorAll("[role=tab]")];
      const next = tabs[(tabs.indexOf(tab) + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      showTab(next.id);
      next.focus();
    });
  }
  loadPack({ ...bundled });
  document.body.dataset.ready = "true";
}

function showTab(id) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const selected = tab.id === id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
  }
}

start();
