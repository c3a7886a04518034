/*
 * Rows of the playground's controls, shared by the controls (playground/controls.js) and
 * the forms loaded on demand (playground/extras.js): a labelled row, and an activation's
 * parameters.
 */
import { html } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";

/**
 * A row holding a label for the control with id `id`, which the caller adds to it.
 * @param {HTMLElement} parent
 * @param {string} label
 * @param {string} id
 * @param {string} [hint] a longer description, kept in data-hint
 * @returns {HTMLElement}
 */
export function field(parent, label, id, hint) {
  const row = html("div", { class: "playground__field" }, parent);
  html("label", { for: id }, row, label);
  if (hint) row.dataset.hint = hint;
  return row;
}

/**
 * The parameters of activation `fn` (its registry entry) in `box`, each a slider with its
 * value or a menu of its choices, set to `params`; `set(key, value)` when one moves.
 * @param {HTMLElement} box
 * @param {string} idPrefix
 * @param {{display: string, params: Record<string, object>}} fn
 * @param {Record<string, number | string>} params
 * @param {(key: string, value: number | string) => void} set
 */
export function paramControls(box, idPrefix, fn, params, set) {
  for (const [key, param] of Object.entries(fn.params)) {
    const id = `${idPrefix}-${key}`;
    const shownDefault = param.choices ? param.default : formatNumber(param.default, 6);
    const row = field(box, `${fn.display} ${key} (default ${shownDefault})`, id);
    if (param.choices) {
      const node = html("select", { id }, row);
      for (const choice of param.choices) html("option", { value: choice }, node, choice);
      node.value = params[key];
      node.addEventListener("change", () => set(key, node.value));
      continue;
    }
    const [lo, hi, stepSize] = param.slider;
    const value = params[key];
    const node = html("input", { type: "range", id, min: lo, max: hi, step: stepSize, value }, row);
    const output = html("output", { for: id }, row, formatNumber(value, 6));
    node.setAttribute("aria-valuetext", formatNumber(value, 6));
    node.addEventListener("input", () => {
      const v = Number(node.value);
      output.textContent = formatNumber(v, 6);
      node.setAttribute("aria-valuetext", formatNumber(v, 6));
      set(key, v);
    });
  }
}
