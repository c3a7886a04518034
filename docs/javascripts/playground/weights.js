/*
 * The diagram's form for the weights into one unit, editable (playground/diagram.js opens
 * it when the reader chooses a unit). It comes in playground-extras.js, as the other forms
 * a reader opens seldom do.
 */
import { html } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";

// A weight as typed into its box: enough digits to tell it apart, not all seventeen.
const roundForInput = (value) => Number(value.toPrecision(6));

/**
 * The weights' form in `form`: a number box per weight into the chosen unit, a message
 * for a value that is not a number (which changes nothing), and Close (or Escape).
 *
 * @param {HTMLFormElement} form
 * @param {string} uid a prefix for the boxes' ids
 * @param {object} hooks
 * @param {(sizes: number[], l: number, j: number) => string} hooks.unitName
 * @param {(snapshot: object, l: number, k: number) => string} hooks.sourceName
 * @param {(layer: number, from: number, to: number, value: number) => void} hooks.edit
 * @param {() => void} hooks.close
 * @returns {{show: (snapshot: object, l: number, j: number) => void,
 *   refresh: (snapshot: object, l: number, j: number) => void}}
 */
export function weightEditor(form, uid, { unitName, sourceName, edit, close }) {
  let shown = null; // [snapshot, l, j]
  let message = null;
  const weight = (snapshot, l, k, j) => snapshot.weights[l][k * snapshot.sizes[l + 1] + j];

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !shown) return;
    const [snapshot, l, j] = shown;
    const k = Number(input.dataset.from);
    const value = input.value.trim() === "" ? NaN : Number(input.value);
    const old = weight(snapshot, l, k, j);
    if (!Number.isFinite(value)) {
      message.textContent = `The weight from ${sourceName(snapshot, l, k)} must be a number; it stays ${formatNumber(old, 4)}.`;
      input.value = String(roundForInput(old));
      return;
    }
    message.textContent = "";
    edit(l, k, j, value);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  return {
    /** List the weights into unit j of layer l anew. */
    show(snapshot, l, j) {
      shown = [snapshot, l, j];
      form.replaceChildren();
      const fieldset = html("fieldset", {}, form);
      html("legend", {}, fieldset, `Weights into ${unitName(snapshot.sizes, l, j)}`);
      const list = html("div", { class: "playground__weight-list" }, fieldset);
      for (let k = 0; k < snapshot.sizes[l]; k++) {
        const id = `${uid}-w-${l}-${k}-${j}`;
        const row = html("div", { class: "playground__weight" }, list);
        html("label", { for: id }, row, `from ${sourceName(snapshot, l, k)}`);
        const input = html("input", { id, type: "number", step: "any", inputmode: "decimal" }, row);
        input.dataset.from = String(k);
        input.value = String(roundForInput(weight(snapshot, l, k, j)));
      }
      message = html("p", { class: "playground__weight-message", role: "alert" }, fieldset);
      html("button", { type: "button", class: "playground__button" }, fieldset, "Close").addEventListener("click", close);
    },
    /** The boxes follow the weights as they are now, but the one under the reader's cursor. */
    refresh(snapshot, l, j) {
      shown = [snapshot, l, j];
      for (const input of form.querySelectorAll("input")) {
        if (input !== document.activeElement) input.value = String(roundForInput(weight(snapshot, l, Number(input.dataset.from), j)));
      }
    },
  };
}
