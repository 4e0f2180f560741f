// The workbench in a real browser (Debian's Chromium, driven by playwright-core): a typo and
// its diagnostic, the fix in one click, a bundled flow allowed with its citation, a remedy
// that makes a denied flow allowed, the pack's tests, French, an accessibility check
// (axe-core), keyboard-only use and a phone-width layout. Saves a screenshot of each state
// and prints the measured figures as JSON.
//
//   node test.mjs URL SCREENSHOT_DIR
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const [url, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const profile = mkdtempSync(join(tmpdir(), "mandate-workbench-chromium-"));
// A fresh profile each run; axe's script is added to the page, whose own policy allows only
// its own scripts, hence bypassCSP.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
  ],
  viewport: { width: 1280, height: 800 },
  bypassCSP: true,
});
const figures = {};
let failures = 0;
function check(what, ok, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? ` — ${detail}` : ""}`);
  if (!ok) failures += 1;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const page = context.pages()[0] ?? await context.newPage();
  const external = [];
  page.on("request", (r) => { if (!r.url().startsWith(new URL(url).origin)) external.push(r.url()); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });

  // First load: every file the page fetches, compressed as a server would send it.
  const loaded = [];
  page.on("response", async (r) => {
    try { loaded.push(gzipSync(await r.body(), { level: 9 }).length); } catch { /* redirects */ }
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForTimeout(200);
  figures.first_load_gzip_bytes = loaded.reduce((a, b) => a + b, 0);
  check("the first load is under 2 MB compressed", figures.first_load_gzip_bytes < 2_000_000, `${figures.first_load_gzip_bytes} bytes`);
  check("the bundled pack compiles", (await page.textContent("#diagnostics")).length > 0 && await page.$("#diagnostics li.ok") !== null);
  await shot("01-loaded");

  // A typo: delete the last letter of a purpose in a rule, one keystroke.
  await page.click('#files button[data-path="rules-permissions.policy"]');
  const offset = await page.evaluate(() => {
    const text = window.workbench.files["rules-permissions.policy"];
    return text.indexOf("protection.referral") + "protection.referral".length;
  });
  await page.evaluate((at) => {
    const { view } = window.workbench;
    view.focus();
    view.dispatch({ selection: { anchor: at } });
  }, offset);
  // Latency: from the key's event to the diagnostics list changing, measured in the page.
  const latencies = [];
  for (let i = 0; i < 5; i += 1) {
    await page.evaluate(() => {
      window.__key = 0; window.__shown = 0;
      addEventListener("keydown", () => { window.__key = performance.now(); }, { capture: true, once: true });
      new MutationObserver((_, o) => { window.__shown = performance.now(); o.disconnect(); })
        .observe(document.getElementById("diagnostics"), { childList: true, subtree: true });
    });
    await page.keyboard.press(i % 2 === 0 ? "Backspace" : "l");
    await page.waitForFunction(() => window.__shown > 0);
    latencies.push(await page.evaluate(() => window.__shown - window.__key));
  }
  figures.diagnostics_after_keystroke_ms = median(latencies);
  figures.validate_in_engine_ms = median(await page.evaluate(() => window.workbench.timings.validate.slice(-5)));
  check("diagnostics within 100 ms of a keystroke", figures.diagnostics_after_keystroke_ms < 100, `median ${figures.diagnostics_after_keystroke_ms.toFixed(1)} ms of ${latencies.map((x) => x.toFixed(1)).join(", ")}`);
  const diagnostic = await page.textContent("#diagnostics");
  check("the typo's diagnostic shows its code and did-you-mean", diagnostic.includes("E0010") && diagnostic.includes("did you mean `protection.referral`"), diagnostic.slice(0, 160));
  check("the typo is underlined in the editor", await page.$("#editor .cm-lintRange-error") !== null);
  await shot("02-typo");

  await page.click("#diagnostics button.fix");
  await page.waitForSelector("#diagnostics li.ok");
  check("the fix applies with one click", !(await page.evaluate(() => window.workbench.files["rules-permissions.policy"].includes("protection.referra\n"))));
  await shot("03-fixed");

  // A bundled flow, allowed, with its citation.
  await page.selectOption("#flow-example", "flows/01-gbv-referral-with-consent-allowed.json");
  await page.waitForSelector("#outcome.allow");
  const cite = await page.textContent("#deciding");
  check("a bundled flow is allowed with its citation", cite.includes("UNHCR DPP 2015"), cite.slice(0, 120));
  check("the decision shows no placeholder", !(await page.textContent("#decision")).includes("null"));
  await page.evaluate(() => { window.workbench.timings.decide.length = 0; });
  for (let i = 0; i < 10; i += 1) await page.click("#decide");
  figures.decision_with_explanation_ms = median(await page.evaluate(() => window.workbench.timings.decide));
  check("a decision with its explanation within 50 ms", figures.decision_with_explanation_ms < 50, `median ${figures.decision_with_explanation_ms.toFixed(1)} ms`);
  await shot("04-allowed");

  // A denied flow and a remedy that allows it.
  await page.selectOption("#flow-example", process.env.REMEDY_FLOW ?? "flows/05-gbv-referral-consent-for-assistance-only-denied.json");
  await page.waitForSelector("#outcome.deny");
  await shot("05-denied");
  await page.click("#remedies button.remedy");
  await page.waitForSelector("#outcome.allow");
  check("applying a remedy makes the denied flow allowed", true);
  await shot("06-remedied");

  // The pack's tests with coverage.
  await page.click("#tab-tests");
  await page.click("#run-tests");
  await page.waitForSelector("#tests-summary");
  const summary = await page.textContent("#tests-summary");
  check("the pack's tests run with coverage", /\d+ \/ 0 /.test(summary) && summary.includes("%"), summary);
  await shot("07-tests");

  // Changes against the saved pack: none after the fix, one class or more after a rule's
  // retention is shortened.
  await page.click("#tab-diff");
  await page.click("#run-diff");
  await page.waitForSelector("#diff-summary");
  check("the fixed pack decides as the saved one", (await page.textContent("#diff-summary")).startsWith("0 "), await page.textContent("#diff-summary"));
  await page.evaluate(() => {
    const { view } = window.workbench;
    const at = view.state.doc.toString().indexOf("retain at most 90 days") + "retain at most ".length;
    view.dispatch({ changes: { from: at, to: at + 2, insert: "30" } });
  });
  await page.click("#run-diff");
  await page.waitForFunction(() => !document.querySelector("#diff-summary").textContent.startsWith("0 "));
  const classes = await page.textContent("#diff-summary");
  check("a shorter retention is a class of flows decided otherwise, with a witness", /^[1-9]/.test(classes) && (await page.textContent("#diff pre")).length > 0, classes);
  await shot("08-diff");

  // French: the interface and the explanation.
  await page.selectOption("#lang", "fr");
  await page.waitForFunction(() => document.querySelector("h1").textContent === "atelier mandate");
  await page.click("#tab-flow");
  await page.click("#decide");
  const reason = await page.textContent("#decision");
  check("the interface and explanation switch to French", (await page.textContent("#decide")) === "Décider" && reason.includes("autoris"), reason.slice(0, 120));
  await shot("09-french");

  // Format: spaces added to a line are taken out again.
  await page.click('#files button[data-path="agreements.policy"]');
  const tidy = await page.evaluate(() => window.workbench.files["agreements.policy"]);
  await page.evaluate(() => {
    const { view } = window.workbench;
    const at = view.state.doc.toString().indexOf("use vocabulary") + "use".length;
    view.dispatch({ changes: { from: at, insert: "    " } });
  });
  await page.click("#format");
  check("formatting restores a formatted file", (await page.evaluate(() => window.workbench.files["agreements.policy"])) === tidy);

  // Saving: the pack as one tar file and the flow as JSON, both downloads made in the page.
  const [tar] = await Promise.all([page.waitForEvent("download"), page.click("#save-pack")]);
  const tarBytes = readFileSync(await tar.path());
  check("the pack is saved as a tar file holding its files", tarBytes.length % 512 === 0
    && tarBytes.subarray(257, 262).toString() === "ustar" && tarBytes.includes("rules-permissions.policy"), `${tarBytes.length} bytes`);
  await page.click("#tab-flow");
  const [saved] = await Promise.all([page.waitForEvent("download"), page.click("#save-flow")]);
  const savedFlow = JSON.parse(readFileSync(await saved.path(), "utf8"));
  const shownId = await page.evaluate(() => window.workbench.flow.id);
  check("the flow is saved as JSON", savedFlow.id === shownId && saved.suggestedFilename() === `${shownId}.json`, saved.suggestedFilename());

  // Accessibility: no serious or critical violation.
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })));
  const axeFull = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(" ")) })));
  const serious = axeFull;
  figures.axe_violations = axe;
  check("axe-core finds no serious violation", serious.length === 0, JSON.stringify(serious));

  // Keyboard only: reach the Tests tab and run the tests without a mouse.
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  let reached = false;
  for (let i = 0; i < 60 && !reached; i += 1) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.id === "tab-flow");
  }
  check("the tabs are reached with the Tab key", reached);
  // The tabs pattern: one tab stop, arrow keys move between the tabs.
  await page.keyboard.press("ArrowRight");
  check("the arrow key moves to the Tests tab", await page.evaluate(() => document.activeElement?.id === "tab-tests"));
  await page.keyboard.press("Tab");
  const onRun = await page.evaluate(() => document.activeElement?.id);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#tests-summary", { timeout: 5000 }).catch(() => null);
  check("the tests run from the keyboard", onRun === "run-tests" && await page.$("#tests-summary") !== null, `focus on ${onRun}`);
  await shot("10-keyboard");

  // Opening a pack folder from the disk: its files replace the example's, and the vocabulary
  // it uses but does not carry comes from the bundled example.
  await page.setInputFiles("#open-folder", new URL("../../policies/suspension-example", import.meta.url).pathname);
  await page.waitForFunction(() => !window.workbench.files["rules-permissions.policy"] && Object.keys(window.workbench.files).length > 0);
  const opened = await page.evaluate(() => Object.keys(window.workbench.files));
  check("a pack folder opens, with the vocabulary it uses", opened.some((p) => p.startsWith("humanitarian/")) && await page.$("#diagnostics li.ok") !== null, opened.filter((p) => !p.includes("/")).join(" "));
  await shot("11-opened-folder");

  // A phone's width: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click("#tab-flow");
  await page.waitForTimeout(100);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  const wide = await page.evaluate(() => [...document.querySelectorAll("body *")]
    .filter((n) => n.getBoundingClientRect().right > 391 && n.getClientRects().length)
    .slice(0, 5).map((n) => `${n.tagName.toLowerCase()}#${n.id}.${n.className}`));
  check("the layout fits a 390-pixel screen", overflow <= 390, `page width ${overflow} ${wide.join(" ")}`);
  await page.screenshot({ path: join(shots, "12-phone.png"), fullPage: true });

  check("no script error in the page", errors.length === 0, errors.join("; "));
  check("nothing is sent anywhere", external.length === 0, external.join(", "));
} catch (e) {
  console.log(`FAIL ${e.stack ?? e}`);
  failures += 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify({ figures }, null, 2));
process.exit(failures ? 1 : 0);
