/*
 * The explorer's text: the readout of the values at the cursor, the caption that says in
 * words what the plot shows (its text alternative), the legend, and the footer's link.
 */
import { html } from "../lib/dom.js";
import { DOUBLE_PRIME, PRIME, formatNumber } from "../lib/format.js";
import { DATA } from "../lib/registry.js";
import { OPTIONAL_LAYERS, dpWord, drawnKinds, partial, symbol, terms, wrtOf } from "./state.js";
import { colourOf } from "./svg.js";
import { EXPLORER } from "./registry.js";

const { meta, bind, isGated } = EXPLORER;

/**
 * Right under the plot, above its caption: the values at the cursor stay in the first
 * screen with the plot, however long the caption grows.
 */
export function buildReadout(view) {
  view.readout = html("div", {
    class: "explorer__readout",
    "aria-live": "polite",
    "aria-atomic": "true",
  });
  view.plot.after(view.readout);
}

/**
 * The footer's link: the permalink, or a compact explorer's way into the full one.
 * @param {object} view
 */
export function buildFooter(view) {
  const footer = html("p", { class: "explorer__footer" }, view.root);
  view.link = html(
    "a",
    { class: "explorer__permalink" },
    footer,
    view.compact ? "Open in the full explorer" : "Permalink to this view",
  );
}

// A function's name, with the value a it is drawn at if it is a gated unit.
function nameAt(state, name) {
  const at = isGated(name) ? ` at a = ${formatNumber(state.params[name].a)}` : "";
  return meta(name).display + at;
}

/**
 * The values at the cursor, a row per function, and the plot's ARIA slider values.
 * @param {object} view
 */
export function updateReadout(view) {
  const state = view.state;
  const words = terms(state);
  const at = `${words.x} = ${formatNumber(state.x)}`;
  view.plot.setAttribute("aria-valuemin", state.lo);
  view.plot.setAttribute("aria-valuemax", state.hi);
  view.plot.setAttribute("aria-valuenow", state.x);
  view.plot.setAttribute("aria-valuetext", at);
  if (view.problem) {
    view.readout.textContent = "";
    return;
  }
  view.readout.replaceChildren();
  html("p", { class: "explorer__x" }, view.readout, at);
  const table = html("table", { class: "explorer__values" }, view.readout);
  const head = html("tr", {}, html("thead", {}, table));
  const gated = state.functions.some(isGated);
  // f'' and d f / d theta get a column while their layer is drawn for some function.
  const drawn = (layer) => state.functions.some((n) => drawnKinds(state, n).includes(layer));
  const extra = OPTIONAL_LAYERS.filter((layer) => state.show[layer] && drawn(layer));
  const titles = { d2f: `f${DOUBLE_PRIME}(${words.x})`, dp: dpWord(state) };
  const kinds = ["f", "df", ...extra, ...(gated ? ["da"] : [])];
  const headings = { f: words.f, df: words.df, da: partial("a"), ...titles };
  for (const title of ["Function", ...kinds.map((k) => headings[k])])
    html("th", { scope: "col" }, head, title);
  const body = html("tbody", {}, table);
  for (const [index, name] of state.functions.entries()) {
    const fn = bind(name, state.params[name], false, wrtOf(state, name));
    const row = html("tr", { "data-function": name }, body);
    const cell = html("th", { scope: "row" }, row);
    const swatch = html("span", { class: "explorer__swatch", "aria-hidden": "true" }, cell);
    swatch.style.background = colourOf(state, index, "f");
    cell.append(nameAt(state, name));
    for (const kind of kinds) {
      const value = fn[kind] ? formatNumber(fn[kind](state.x)) : "";
      const td = html("td", { class: `explorer__${kind}` }, row, value);
      if (kind === "dp" && fn.dp) td.dataset.wrt = wrtOf(state, name);
    }
  }
}

function describeRegions(spans, state, x) {
  const parts = spans.map(([a, b]) => {
    const atLo = a <= state.lo;
    const atHi = b >= state.hi;
    if (atLo && atHi) return "everywhere in view";
    if (atLo) return `${x} < ${formatNumber(b, 3)}`;
    if (atHi) return `${x} > ${formatNumber(a, 3)}`;
    return `${formatNumber(a, 3)} < ${x} < ${formatNumber(b, 3)}`;
  });
  return parts.length ? parts.join(" and ") : "nowhere in view";
}

/**
 * The caption: what the plot draws, its shading and jumps, in words.
 * @param {object} view
 */
export function updateCaption(view) {
  const { state, scene } = view;
  if (!scene) {
    view.caption.textContent = "";
    return;
  }
  const words = terms(state);
  const gated = state.functions.some(isGated);
  const names = state.functions.map((n) => nameAt(state, n));
  const has = (layer) => state.functions.some((n) => drawnKinds(state, n).includes(layer));
  const dpName = dpWord(state);
  const shown = [
    state.show.f && "f",
    state.show.df && words.slope,
    state.show.d2f && has("d2f") && `f${DOUBLE_PRIME}`,
    state.show.dp && has("dp") && dpName,
    state.show.da && gated && partial("a"),
  ].filter(Boolean);
  const layers = shown.length ? new Intl.ListFormat("en").format(shown) : "nothing";
  let text = `Plot of ${layers} for ${names.join(", ")} on ${formatNumber(state.lo)} \u2264 ${words.x} \u2264 ${formatNumber(state.hi)}.`;
  if (gated && words.x === "x") text += " Gated units are drawn against their gate input b = x.";
  if (shown.length > 1 && state.functions.length === 1) {
    const styles = {
      f: "solid",
      [words.slope]: "dashed",
      [`f${DOUBLE_PRIME}`]: "dash-dotted",
      [dpName]: "finely dashed",
      [partial("a")]: "dotted",
    };
    const list = shown.map((layer) => `${styles[layer]}: ${layer}`).join("; ");
    text += ` ${list[0].toUpperCase()}${list.slice(1)}.`;
  }
  if (state.show.shade) {
    for (const region of scene.regions) {
      const display = meta(region.name).display;
      const where = isGated(region.name)
        ? `both |${partial("a")}| and |${partial("b")}| of ${display}`
        : `|${display}${PRIME}(x)|`;
      text += ` Shaded where ${where} < ${DATA.vanishingThreshold}: ${describeRegions(region.spans, state, words.x)}.`;
    }
  }
  for (const s of scene.series) {
    for (const jump of s.jumps) {
      const kind =
        s.kind === "f"
          ? ""
          : isGated(s.name) || s.kind === "dp"
            ? ` ${symbol(s.name, s.kind, state)}`
            : { df: PRIME, d2f: DOUBLE_PRIME }[s.kind];
      const label = meta(s.name).display + kind;
      text += ` ${label} jumps at ${words.x} = ${formatNumber(jump.x, 3)}, where it takes ${formatNumber(jump.at, 3)}.`;
    }
  }
  view.caption.textContent = text;
}

/**
 * The legend's box (hidden from screen readers: the caption says the same).
 * @param {object} view
 */
export function buildLegend(view) {
  view.legend = html("div", { class: "explorer__legend", "aria-hidden": "true" }, view.root);
}

/**
 * A key per curve drawn, in its colour and dash.
 * @param {object} view
 */
export function updateLegend(view) {
  const { state } = view;
  view.legend.replaceChildren();
  for (const [index, name] of state.functions.entries()) {
    for (const kind of drawnKinds(state, name)) {
      if (!state.show[kind]) continue;
      const item = html("span", { class: `explorer__key explorer__key--${kind}` }, view.legend);
      const line = html("span", { class: "explorer__key-line" }, item);
      line.style.borderColor = colourOf(state, index, kind);
      line.style.color = colourOf(state, index, kind); // the dash-dotted keys' gradient
      item.append(
        (state.functions.length > 1 ? meta(name).display + " " : "") +
          symbol(name, kind, state),
      );
    }
  }
}
