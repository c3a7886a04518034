/*
 * The explorer's controls: the function picker, the layer toggles, the x- and y-range,
 * each function's parameters, the cursor by keyboard and pointer; and update(), which
 * redraws whatever depends on the state after any of them changes it.
 */
import { clamp, niceStep } from "../lib/chart.js";
import { html, svg } from "../lib/dom.js";
import { DOUBLE_PRIME, MINUS, formatNumber } from "../lib/format.js";
import { writeHash } from "../lib/hash.js";
import { DATA } from "../lib/registry.js";
import { computeScene } from "./sampling.js";
import {
  LAYERS,
  MAX_SPAN,
  MIN_SPAN,
  OPTIONAL_LAYERS,
  PRESETS,
  SITE_ROOT,
  dpWord,
  manualY,
  partial,
  stateToHash,
  terms,
  validYRange,
  wrtOf,
} from "./state.js";
import { colourOf, drawCursor, drawPlot } from "./svg.js";
import { updateCaption, updateLegend, updateReadout } from "./text.js";
import { EXPLORER } from "./registry.js";

const { meta, defaults, drawable, bindParams, isGated, kindsOf, partialParams } = EXPLORER;

// What the filter compares: lower case, letters and digits only, so that "leaky relu",
// "LeakyReLU" and "leaky_relu" all find Leaky ReLU.
const searchable = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "");

/**
 * The picker: the functions on the plot as chips (each removes its own), a filter, and
 * every function the explorer can draw under its family's title, in the site's order.
 */
export function buildFunctionPicker(view) {
  const fieldset = html("fieldset", { class: "explorer__functions" }, view.controls);
  const legend = html("legend", {}, fieldset, "Functions ");
  view.chosenCount = html("span", { class: "explorer__count" }, legend);
  view.chosen = html("ul", { class: "explorer__chosen", "aria-label": "On the plot" }, fieldset);
  const search = html("div", { class: "explorer__filter" }, fieldset);
  const filterId = `${view.id}-filter`;
  const countId = `${view.id}-matches`;
  html("label", { for: filterId }, search, "Filter");
  const filter = html(
    "input",
    {
      type: "search",
      id: filterId,
      autocomplete: "off",
      spellcheck: "false",
      placeholder: "name or alias",
      "aria-describedby": countId,
    },
    search,
  );
  const matches = html(
    "span",
    { id: countId, class: "explorer__matches", "aria-live": "polite" },
    search,
  );
  const list = html("div", { class: "explorer__families" }, fieldset);
  view.pickerBoxes = [];
  view.pickerFamilies = [];
  for (const group of DATA.families) {
    const fns = group.members.filter(drawable).map(meta);
    if (!fns.length) continue;
    const titleId = `${view.id}-family-${group.family}`;
    const family = html(
      "div",
      { class: "explorer__family", role: "group", "aria-labelledby": titleId },
      list,
    );
    html("span", { id: titleId, class: "explorer__family-name" }, family, group.title);
    view.pickerFamilies.push(family);
    for (const fn of fns) {
      const id = `${view.id}-fn-${fn.name}`;
      const label = html("label", { for: id, class: "explorer__chip" }, family);
      const box = html("input", { type: "checkbox", id, value: fn.name }, label);
      box.checked = view.state.functions.includes(fn.name);
      label.append(fn.display);
      box.dataset.search = [fn.name, fn.display, ...(fn.aliases || [])].map(searchable).join(" ");
      view.pickerBoxes.push(box);
      box.addEventListener("change", () => {
        if (!choose(view, view.pickerBoxes.filter((b) => b.checked).map((b) => b.value)))
          box.checked = true; // at least one function stays on the plot
      });
    }
  }
  const visible = () => view.pickerBoxes.filter((b) => !b.parentElement.hidden);
  filter.addEventListener("input", () => {
    const query = searchable(filter.value);
    for (const box of view.pickerBoxes)
      box.parentElement.hidden = Boolean(query) && !box.dataset.search.includes(query);
    for (const family of view.pickerFamilies)
      family.hidden = !family.querySelector("label:not([hidden])");
    const found = visible().length;
    matches.textContent = !query
      ? ""
      : found
        ? `${found} ${found === 1 ? "match" : "matches"}`
        : "no function matches";
  });
  // Enter puts the first match not yet drawn on the plot; the down arrow goes to the list.
  filter.addEventListener("keydown", (event) => {
    const shown = visible();
    if (event.key === "ArrowDown" && shown.length) {
      event.preventDefault();
      shown[0].focus();
    } else if (event.key === "Enter") {
      event.preventDefault();
      const next = shown.find((b) => !b.checked);
      if (!next) return;
      next.checked = true;
      choose(view, view.pickerBoxes.filter((b) => b.checked).map((b) => b.value));
      filter.select();
    }
  });
}

// Draw these functions, in the picker's order, each keeping its parameters; false if
// none is left, since at least one stays on the plot.
function choose(view, names) {
  if (!names.length) return false;
  const params = view.state.params;
  view.state.params = Object.fromEntries(names.map((n) => [n, params[n] || defaults(n)]));
  view.state.functions = names;
  update(view, { controls: true });
  return true;
}

// The chips of the functions on the plot; the picker's boxes follow the state.
function updateChosen(view) {
  if (!view.chosen) return;
  const names = view.state.functions;
  for (const box of view.pickerBoxes) box.checked = names.includes(box.value);
  view.chosenCount.textContent = `(${names.length} on the plot)`;
  const focused = view.chosen.contains(document.activeElement)
    ? [...view.chosen.querySelectorAll("button")].indexOf(document.activeElement)
    : -1;
  view.chosen.replaceChildren();
  for (const [index, name] of names.entries()) {
    const item = html("li", {}, view.chosen);
    const display = meta(name).display;
    const chip = html(
      "button",
      {
        type: "button",
        class: "explorer__button explorer__remove",
        "aria-label": `Remove ${display}`,
      },
      item,
    );
    const swatch = html("span", { class: "explorer__swatch", "aria-hidden": "true" }, chip);
    swatch.style.background = colourOf(view.state, index, "f");
    chip.append(display);
    html("span", { class: "explorer__cross", "aria-hidden": "true" }, chip, "\u00d7");
    chip.disabled = names.length === 1;
    chip.addEventListener("click", () => choose(view, names.filter((n) => n !== name)));
  }
  // Removing a chip keeps the keyboard among the chips: on the one now in its place.
  if (focused >= 0) {
    const buttons = [...view.chosen.querySelectorAll("button:not(:disabled)")];
    const next = buttons[Math.min(focused, buttons.length - 1)];
    if (next) next.focus();
    else view.root.querySelector(".explorer__filter input").focus();
  }
}

/**
 * A checkbox per layer (f, f', f'', d f / d theta, df/da, shading), labelled by what it draws.
 * @param {object} view
 */
export function buildLayerToggles(view) {
  const group = html(
    "div",
    { class: "explorer__layers", role: "group", "aria-label": "What to draw" },
    view.controls,
  );
  view.layerLabels = {};
  view.layerToggles = {};
  for (const layer of LAYERS) {
    const id = `${view.id}-show-${layer}`;
    const label = html(
      "label",
      { for: id, class: `explorer__toggle explorer__toggle--${layer}` },
      group,
    );
    const box = html("input", { type: "checkbox", id }, label);
    box.checked = view.state.show[layer];
    html("span", { class: "explorer__swatch", "aria-hidden": "true" }, label);
    view.layerLabels[layer] = html("span", {}, label);
    view.layerToggles[layer] = label;
    box.addEventListener("change", () => {
      view.state.show[layer] = box.checked;
      update(view, {});
    });
  }
}

// The layers' names follow the functions drawn (f(x), or f(a, b) for gated units).
function updateLayerLabels(view) {
  const words = terms(view.state);
  const labels = {
    f: words.f,
    df: words.df,
    d2f: `f${DOUBLE_PRIME}(${words.x})`,
    dp: dpWord(view.state),
    da: partial("a"),
    shade: `shade ${words.shade} < ${DATA.vanishingThreshold}`,
  };
  for (const layer of LAYERS) view.layerLabels[layer].textContent = labels[layer];
  // f'' and d f / d theta are offered while a function on the plot has them.
  for (const layer of OPTIONAL_LAYERS) {
    view.layerToggles[layer].hidden = !view.state.functions.some((n) =>
      kindsOf(n).includes(layer),
    );
  }
}

/**
 * The x-range: presets, and zoom in and out.
 * @param {object} view
 */
export function buildRangeControls(view) {
  const group = html(
    "div",
    { class: "explorer__range", role: "group", "aria-label": "x range" },
    view.controls,
  );
  const id = `${view.id}-range`;
  html("label", { for: id }, group, "x range");
  const select = html("select", { id }, group);
  for (const [lo, hi] of PRESETS) {
    html(
      "option",
      { value: `${lo},${hi}` },
      select,
      `${formatNumber(lo)} to ${formatNumber(hi)}`,
    );
  }
  html("option", { value: "custom", disabled: "" }, select, "custom");
  select.addEventListener("change", () => {
    const [lo, hi] = select.value.split(",").map(Number);
    setRange(view, lo, hi);
  });
  const zoomIn = html(
    "button",
    { type: "button", class: "explorer__button explorer__zoom", "aria-label": "Zoom in" },
    group,
    "+",
  );
  const zoomOut = html(
    "button",
    { type: "button", class: "explorer__button explorer__zoom", "aria-label": "Zoom out" },
    group,
    MINUS,
  );
  zoomIn.addEventListener("click", () => zoom(view, 0.5));
  zoomOut.addEventListener("click", () => zoom(view, 2));
  view.rangeSelect = select;
}

/**
 * y fits the curves drawn until the reader types a bound; Fit y hands it back.
 */
export function buildYRangeControls(view) {
  const group = html(
    "div",
    { class: "explorer__range explorer__yrange", role: "group", "aria-label": "y range" },
    view.controls,
  );
  const input = (bound, text) => {
    const id = `${view.id}-y${bound}`;
    html("label", { for: id }, group, text);
    const field = html(
      "input",
      { type: "number", id, step: "any", class: "explorer__ybound", inputmode: "decimal" },
      group,
    );
    field.addEventListener("change", () => {
      const lo = Number(view.yInputs.lo.value);
      const hi = Number(view.yInputs.hi.value);
      if (view.yInputs.lo.value !== "" && view.yInputs.hi.value !== "" && validYRange(lo, hi)) {
        view.state.ylo = lo;
        view.state.yhi = hi;
        update(view, {});
      } else {
        syncYInputs(view, { force: true }); // an empty or reversed range: back to what is drawn
      }
    });
    return field;
  };
  view.yInputs = { lo: input("lo", "y from"), hi: input("hi", "to") };
  view.fitButton = html(
    "button",
    { type: "button", class: "explorer__button explorer__fit" },
    group,
    "Fit y",
  );
  view.fitButton.setAttribute("aria-label", "Fit y to the curves drawn");
  view.fitButton.addEventListener("click", () => {
    view.state.ylo = null;
    view.state.yhi = null;
    update(view, {});
  });
}

// The y bounds as drawn: the reader's, or the fitted ones to 3 digits. A field being
// typed in is left alone, unless `force`.
function syncYInputs(view, { force } = {}) {
  if (!view.yInputs) return;
  const { state, scene } = view;
  const bounds = manualY(state)
    ? { lo: state.ylo, hi: state.yhi }
    : scene
      ? { lo: Number(scene.ymin.toPrecision(3)), hi: Number(scene.ymax.toPrecision(3)) }
      : null;
  for (const key of ["lo", "hi"]) {
    const field = view.yInputs[key];
    if (bounds && (force || document.activeElement !== field)) field.value = String(bounds[key]);
  }
}

function buildParamControls(view) {
  view.params.replaceChildren();
  for (const name of view.state.functions) {
    const fn = meta(name);
    const keys = Object.keys(fn.params);
    if (!keys.length) continue;
    const fieldset = html("fieldset", { class: "explorer__param-group" }, view.params);
    html("legend", {}, fieldset, `${fn.display} parameters`);
    for (const key of keys) buildParam(view, fieldset, fn, key);
    buildWrtChoice(view, fieldset, fn);
    const reset = html(
      "button",
      { type: "button", class: "explorer__button explorer__reset" },
      fieldset,
      "Defaults",
    );
    reset.setAttribute("aria-label", `Reset ${fn.display} parameters to their defaults`);
    reset.addEventListener("click", () => {
      view.state.params[name] = defaults(name);
      update(view, { controls: true });
    });
  }
}

function buildParam(view, fieldset, fn, key) {
  const param = fn.params[key];
  const id = `${view.id}-${fn.name}-${key}`;
  const row = html("div", { class: "explorer__param" }, fieldset);
  const shownDefault = param.choices ? param.default : formatNumber(param.default);
  html("label", { for: id }, row, `${key} (default ${shownDefault})`);
  const value = view.state.params[fn.name][key];
  if (param.choices) {
    const select = html("select", { id }, row);
    for (const choice of param.choices) html("option", { value: choice }, select, choice);
    select.value = value;
    select.addEventListener("change", () => setParam(view, fn.name, key, select.value));
    return;
  }
  const [lo, hi, step] = param.slider;
  // The slider and its value wrap together, so on a phone the value stays beside it.
  const pair = html("span", { class: "explorer__slide" }, row);
  const slider = html("input", { type: "range", id, min: lo, max: hi, step, value }, pair);
  const output = html("output", { for: id }, pair, formatNumber(value));
  slider.addEventListener("input", () => {
    output.textContent = formatNumber(Number(slider.value));
    setParam(view, fn.name, key, Number(slider.value));
  });
}

// Which parameter d f / d theta is drawn for, where the function has more than one.
function buildWrtChoice(view, fieldset, fn) {
  const keys = partialParams(fn.name);
  if (keys.length < 2) return;
  const id = `${view.id}-${fn.name}-wrt`;
  const row = html("div", { class: "explorer__param explorer__wrt" }, fieldset);
  html("label", { for: id }, row, `${partial("\u03b8")} for \u03b8 =`);
  const select = html("select", { id }, row);
  for (const key of keys) html("option", { value: key }, select, key);
  select.value = wrtOf(view.state, fn.name);
  select.addEventListener("change", () => {
    view.state.wrt = { ...view.state.wrt, [fn.name]: select.value };
    update(view, {});
  });
}

function setParam(view, name, key, value) {
  view.state.params[name] = { ...view.state.params[name], [key]: value };
  update(view, {});
}

function setRange(view, lo, hi) {
  const state = view.state;
  state.lo = Number(lo.toPrecision(12));
  state.hi = Number(hi.toPrecision(12));
  state.x = clamp(state.x, state.lo, state.hi);
  update(view, {});
}

function zoom(view, factor) {
  const { lo, hi, x } = view.state;
  const span = clamp((hi - lo) * factor, MIN_SPAN, MAX_SPAN);
  const centre = clamp(x, lo, hi);
  const t = (centre - lo) / (hi - lo);
  setRange(view, centre - t * span, centre + (1 - t) * span);
}

// Keep the cursor on a grid of round numbers: 1/1000 of the visible span.
function snap(x, state) {
  const q = 10 ** (Math.floor(Math.log10(state.hi - state.lo)) - 3);
  return clamp(Number((Math.round(x / q) * q).toPrecision(12)), state.lo, state.hi);
}

function moveCursor(view, x) {
  view.state.x = x;
  drawCursor(view, view.state);
  updateReadout(view);
  writePermalink(view);
}

function onKey(view, event) {
  const state = view.state;
  const step = niceStep((state.hi - state.lo) / 100);
  const big = niceStep((state.hi - state.lo) / 10);
  const moves = {
    ArrowLeft: -step,
    ArrowDown: -step,
    ArrowRight: step,
    ArrowUp: step,
    PageDown: -big,
    PageUp: big,
  };
  let x = state.x;
  if (event.key in moves) x += event.shiftKey ? 10 * moves[event.key] : moves[event.key];
  else if (event.key === "Home") x = state.lo;
  else if (event.key === "End") x = state.hi;
  else if (event.key === "+" || event.key === "=")
    return void (event.preventDefault(), zoom(view, 0.5));
  else if (event.key === "-" || event.key === "_")
    return void (event.preventDefault(), zoom(view, 2));
  else return;
  event.preventDefault();
  moveCursor(view, clamp(Number(x.toPrecision(12)), state.lo, state.hi));
}

function onPointer(view, event) {
  if (!view.toX) return;
  const box = view.svg.getBoundingClientRect();
  const pixel = ((event.clientX - box.left) / box.width) * Number(view.svg.getAttribute("width"));
  moveCursor(view, snap(view.toX(pixel), view.state));
}

/**
 * The plot: a focusable slider whose arrow keys move the cursor, its message and caption.
 * @param {object} view
 */
export function buildPlot(view) {
  const figure = html("figure", { class: "explorer__figure" }, view.root);
  view.plot = html(
    "div",
    {
      class: "explorer__plot",
      tabindex: "0",
      role: "slider",
      "aria-label": "Cursor position x (arrow keys move it, + and \u2212 zoom)",
      "aria-describedby": `${view.id}-caption`,
    },
    figure,
  );
  view.svg = svg(
    "svg",
    { class: "explorer__svg", "aria-hidden": "true", focusable: "false" },
    view.plot,
  );
  view.message = html("p", { class: "explorer__message", role: "alert" }, figure);
  view.caption = html(
    "figcaption",
    { id: `${view.id}-caption`, class: "explorer__caption" },
    figure,
  );
  view.plot.addEventListener("keydown", (e) => onKey(view, e));
  for (const type of ["pointerdown", "pointermove"])
    view.plot.addEventListener(type, (e) => onPointer(view, e));
}

// The permalink's href follows every change; the address bar follows once the reader
// has changed something, if this explorer owns it. A compact explorer links to the full one.
function writePermalink(view, { initial } = {}) {
  const hash = stateToHash(view.state);
  const href = view.compact ? new URL(`explorer/#${hash}`, SITE_ROOT).href : undefined;
  writeHash(view, hash, { initial, owns: view.ownsHash, href });
}

function syncRangeSelect(view) {
  const key = `${view.state.lo},${view.state.hi}`;
  const preset = PRESETS.some(([lo, hi]) => `${lo},${hi}` === key);
  view.rangeSelect.value = preset ? key : "custom";
}

/**
 * Redraw everything that depends on the state; `controls` rebuilds the sliders too.
 */
export function update(view, { controls, initial }) {
  if (controls) {
    buildParamControls(view);
    updateChosen(view);
  }
  view.root.classList.toggle("explorer--multi", view.state.functions.length > 1);
  view.root.classList.toggle("explorer--gated", view.state.functions.some(isGated));
  updateLayerLabels(view);
  syncRangeSelect(view);
  view.problem = paramProblem(view.state);
  view.message.textContent = view.problem || "";
  redraw(view);
  updateReadout(view);
  updateLegend(view);
  writePermalink(view, { initial });
}

/**
 * The plot and its text alternative, once the explorer has come near the screen.
 */
export function redraw(view) {
  if (!view.visible) {
    // The caption is written now, not once the plot is drawn: above the controls and
    // the readout, in view on load, its text arriving later would push them down.
    const width = Math.max(260, view.width || 640);
    view.scene = view.problem ? null : computeScene(view.state, width);
    updateCaption(view);
    syncYInputs(view);
    return;
  }
  drawPlot(view, view.state);
  updateCaption(view);
  syncYInputs(view);
}

// What is wrong with the parameters (hardtanh's min_val >= max_val, say), or null.
function paramProblem(state) {
  for (const name of state.functions) {
    const bound = bindParams(name, state.params[name]);
    if (bound instanceof Error) return bound.message;
  }
  return null;
}
