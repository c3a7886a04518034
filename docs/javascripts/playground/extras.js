/*
 * The playground's forms for what a reader seldom opens: an activation per layer, their
 * own data (CSV, pasted or opened, checked line by line before it is used) and the export
 * of the trained network (JSON, or Python that reproduces its outputs). They come in playground-extras.js,
 * which the page fetches when the reader first opens one of them, so that the page's
 * first load does not carry them (tests/browser/page_weight.py).
 */
import { html } from "../lib/dom.js";
import { MAX_CSV_ROWS, parseCsv } from "./datasets.js";
import { networkJson, pythonSnippet } from "./export.js";
import { REGISTRY } from "../lib/registry.js";
import { field, paramControls } from "./fields.js";
import { FUNCTIONS } from "./state.js";

/**
 * The own-data form in `box`: a task, the CSV text or a file, and "Use this data", which
 * calls `use(rows, task)` with the parsed points, or lists each bad line with its problem
 * and calls nothing.
 * @param {HTMLElement} box
 * @param {string} id a prefix for the form's ids
 * @param {(rows: number[][], task: "classification" | "regression") => void} use
 */
export function ownDataForm(box, id, use) {
  html(
    "p",
    { class: "playground__note" },
    box,
    `One point a line: x\u2081, x\u2082, then the class (0 or 1) or the target; a header line ` +
      `is optional; at most ${MAX_CSV_ROWS} points. Your data stays in this browser: nothing is sent anywhere, ` +
      `and a permalink keeps the rest of the setup but not the data.`,
  );
  const taskRow = field(box, "Task", `${id}-task`);
  const task = html("select", { id: `${id}-task` }, taskRow);
  html("option", { value: "classification" }, task, "Classification (class 0 or 1)");
  html("option", { value: "regression" }, task, "Regression (any number)");
  const textRow = field(box, "CSV text", `${id}-text`);
  const text = html("textarea", { id: `${id}-text`, rows: 4, spellcheck: "false", class: "playground__csv" }, textRow);
  const fileRow = field(box, "Or open a file", `${id}-file`);
  const file = html("input", { type: "file", id: `${id}-file`, accept: ".csv,text/csv,text/plain" }, fileRow);
  const button = html("button", { type: "button", class: "playground__button" }, box, "Use this data");
  const problems = html("div", { class: "playground__csv-problems", role: "alert" }, box);
  file.addEventListener("change", async () => {
    if (file.files.length) text.value = await file.files[0].text();
  });
  button.addEventListener("click", () => {
    const parsed = parseCsv(text.value, task.value);
    problems.replaceChildren();
    if (parsed.errors.length) {
      html("p", {}, problems, "The data was not used; the playground is as it was:");
      const list = html("ul", {}, problems);
      for (const { line, message } of parsed.errors) html("li", {}, list, line ? `Line ${line}: ${message}` : message);
      return;
    }
    use(parsed.rows, task.value);
  });
}

/**
 * The export form in `box`: "As JSON" and "As Python" write the network `network()` gives
 * (export.js's Network) into a text box and offer it as a download from a blob: URL, made
 * in this browser.
 * @param {HTMLElement} box
 * @param {string} id
 * @param {() => object} network
 */
export function exportForm(box, id, network) {
  const bar = html("div", { class: "playground__export-buttons" }, box);
  const row = field(box, "Exported", `${id}-out`);
  const out = html("textarea", { id: `${id}-out`, rows: 6, readonly: "", class: "playground__csv" }, row);
  const link = html("a", { class: "playground__download", hidden: "" }, box, "Download");
  const offer = (content, name, type) => {
    out.value = content;
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([content], { type }));
    link.download = name;
    link.textContent = `Download ${name}`;
    link.hidden = false;
  };
  const json = html("button", { type: "button", class: "playground__button" }, bar, "As JSON");
  json.addEventListener("click", () =>
    offer(`${JSON.stringify(networkJson(network()), null, 1)}\n`, "network.json", "application/json"),
  );
  const python = html("button", { type: "button", class: "playground__button" }, bar, "As Python");
  python.addEventListener("click", () => offer(pythonSnippet(network()), "network.py", "text/x-python"));
}

/**
 * A menu per hidden layer of `setup`: the network's activation ("as above"), or one of its
 * own, whose parameters follow it. `setLayer(k, own, rebuild)` with {fn, params} or null;
 * `rebuild` is false while a parameter's slider moves (the form stays as it is).
 * @param {HTMLElement} box
 * @param {string} id
 * @param {{fn: string, depth: number, layers: Record<number, {fn: string, params: object}>}} setup
 * @param {(k: number, own: {fn: string, params: object} | null, rebuild?: boolean) => void} setLayer
 */
export function layerForm(box, id, setup, setLayer) {
  box.replaceChildren();
  const all = FUNCTIONS.find((f) => f.name === setup.fn);
  for (let k = 1; k <= setup.depth; k++) {
    const selectId = `${id}${k}`;
    const row = field(box, `Layer ${k}`, selectId);
    const node = html("select", { id: selectId }, row);
    html("option", { value: "" }, node, `as above (${all.display})`);
    for (const fn of FUNCTIONS) html("option", { value: fn.name }, node, fn.display);
    const own = setup.layers[k];
    node.value = own ? own.fn : "";
    node.addEventListener("change", () => {
      setLayer(k, node.value ? { fn: node.value, params: REGISTRY.defaults(node.value) } : null);
      box.querySelector(`#${selectId}`).focus();
    });
    if (!own) continue;
    const fn = FUNCTIONS.find((f) => f.name === own.fn);
    paramControls(box, `${selectId}-param`, fn, own.params, (key, value) =>
      setLayer(k, { fn: own.fn, params: { ...setup.layers[k].params, [key]: value } }, false),
    );
  }
}
