/*
 * The playground's network diagram, as TensorFlow Playground draws it, with what it never
 * showed: every unit as a small heat map of its output over the plane, every weight as a
 * line whose width is its size and whose colour (and dash) is its sign, under each unit a
 * bar of the mean |dL/dw| into it, and the dead units crossed out.
 *
 * One canvas draws it all: at 8 layers of 16 units on two inputs there are 1,840 weights
 * and 131 heat maps, redrawn with the decision boundary (every other frame while training
 * plays), and a canvas draws the lines in at most sixteen strokes (two signs, eight
 * widths) where SVG would restyle 1,840 elements. What
 * the canvas cannot do, buttons over it do: one per unit (arrow keys move between them,
 * one tab stop for all), whose label reads the unit out, and a small form with the weights
 * into the chosen unit (playground/weights.js, which comes with the page's extras when the
 * reader first reaches for the playground). The canvas's description and the buttons' names say in words what
 * the drawing shows; the table of layers under the charts gives each layer's numbers.
 */

import { canvasContext, html, schemeColours } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { DATA } from "../lib/registry.js";

const MAX_UNIT_PX = 34; // a unit's heat map, at most; smaller when the layers are tall
const WIDTH_LEVELS = 8; // lines are drawn in this many widths per sign
const GRADIENT_DECADES = 6; // a gradient bar spans this many powers of ten below the largest

/**
 * @typedef {object} Snapshot
 * @property {string[]} features the names of the inputs, in order (x₁, x₂, sin x₁, ...)
 * @property {number[]} sizes the widths of the layers, inputs first, output (1) last
 * @property {Float64Array[]} weights per layer l, W_l row-major of shape (sizes[l], sizes[l+1])
 * @property {Float64Array[]} biases per layer l, b_l of length sizes[l+1]
 * @property {Float64Array[]} [unitGrids] every unit's output over a GRID x GRID grid of the
 *   plane, top row (largest x₂) first: per layer, the inputs first, GRID² rows of the
 *   layer's units (point-major, as the model's own buffers are)
 * @property {ArrayLike<number>[]} [unitGradients] per layer of weights, per unit: the mean
 *   |dL/dw| over the weights into it, at the last step
 * @property {ArrayLike<boolean | number>[]} [dead] per hidden layer (the output's may
 *   follow), per unit: whether its slope f' was 0 at every training point
 */

/**
 * Draw a network into `container` and keep it up to date.
 *
 * @param {HTMLElement} container the element the diagram is built in (emptied first)
 * @param {object} [options]
 * @param {(layer: number, from: number, to: number, value: number) => void} [options.onEditWeight]
 *   called when the reader sets a weight: W_layer[from][to] = value
 * @param {() => Promise<typeof import("./weights.js").weightEditor>} options.loadEditor
 *   the weights' form, fetched when the reader first chooses a unit
 * @param {() => object} [options.colours] the current scheme's colours, as lib/dom.js's
 *   schemeColours gives them (f and f' colour the positive and the negative side, as they
 *   colour the two classes on the decision boundary); by default the site's
 * @returns {{update: (snapshot: Snapshot) => void, describe: () => void}}
 */
export function createDiagram(container, { onEditWeight = () => {}, loadEditor, colours } = {}) {
  const root = html("div", { class: "playground__diagram" });
  container.replaceChildren(root);
  const stage = html("div", { class: "playground__diagram-stage" }, root);
  const canvas = html("canvas", { class: "playground__diagram-canvas", role: "img" }, stage);
  const units = html(
    "div",
    {
      class: "playground__units",
      role: "group",
      "aria-label": "Units: arrow keys move between them, Enter lists the weights into one",
    },
    stage,
  );
  const info = html("p", { class: "playground__unit-info" }, root);
  const form = html("form", { class: "playground__weights", hidden: "" }, root);
  const state = {
    snapshot: null,
    shape: "", // sizes and features: the buttons and the layout are rebuilt when it changes
    layout: null,
    buttons: [], // per layer of weights, per unit
    selected: null, // [layer, unit] whose weights the form shows
    editor: null, // the weights' form (playground/weights.js), once fetched
    active: [0, 0], // the unit that holds the tab stop
    hovered: null,
    box: null, // the canvas's size in CSS pixels, measured once per resize
    tiles: null, // one canvas holding every unit's heat map side by side
  };

  const readColours = colours || (() => schemeColours(DATA.themes));

  // ---------------------------------------------------------------------------
  // Layout: a column per layer, the units of each centred in it
  // ---------------------------------------------------------------------------

  function measureCanvas() {
    state.box = [Math.max(1, canvas.clientWidth), Math.max(1, canvas.clientHeight)];
  }

  function layout(sizes) {
    const [width, height] = state.box;
    const columns = sizes.length;
    const tallest = Math.max(...sizes);
    const pitchX = width / columns;
    const pitchY = (height - 4) / tallest;
    const size = Math.max(4, Math.min(MAX_UNIT_PX, pitchX * 0.42, pitchY * 0.78));
    const bar = Math.max(2, Math.min(4, pitchY - size - 2));
    const at = sizes.map((count, c) => {
      const x = pitchX * (c + 0.5) - size / 2;
      const top = (height - count * pitchY) / 2;
      return Array.from({ length: count }, (_, j) => [x, top + pitchY * (j + 0.5) - (size + bar) / 2]);
    });
    return { size, bar, at, width, height };
  }

  // ---------------------------------------------------------------------------
  // Buttons over the units, one tab stop for all
  // ---------------------------------------------------------------------------

  function unitName(sizes, l, j) {
    const last = l === sizes.length - 2;
    return last && sizes[l + 1] === 1 ? "the output unit" : `layer ${l + 1}, unit ${j + 1}`;
  }

  function rebuildButtons(snapshot) {
    const { sizes } = snapshot;
    units.replaceChildren();
    state.buttons = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const row = [];
      for (let j = 0; j < sizes[l + 1]; j++) {
        const button = html("button", { type: "button", class: "playground__unit", tabindex: "-1" }, units);
        button.dataset.layer = String(l);
        button.dataset.unit = String(j);
        row.push(button);
      }
      state.buttons.push(row);
    }
    const [l, j] = state.active;
    state.active = state.buttons[l] && state.buttons[l][j] ? [l, j] : [0, 0];
    state.buttons[state.active[0]][state.active[1]].tabIndex = 0;
    if (state.selected) {
      const [sl, sj] = state.selected;
      if (!(state.buttons[sl] && state.buttons[sl][sj])) closeForm(false);
    }
  }

  function placeButtons() {
    const { at, size, bar } = state.layout;
    state.buttons.forEach((row, l) =>
      row.forEach((button, j) => {
        const [x, y] = at[l + 1][j];
        button.style.left = `${x}px`;
        button.style.top = `${y}px`;
        button.style.width = `${size}px`;
        button.style.height = `${size + bar}px`;
      }),
    );
  }

  function focusUnit(l, j) {
    const [al, aj] = state.active;
    state.buttons[al][aj].tabIndex = -1;
    state.active = [l, j];
    const button = state.buttons[l][j];
    button.tabIndex = 0;
    button.focus();
  }

  units.addEventListener("keydown", (event) => {
    const button = event.target.closest(".playground__unit");
    if (!button) return;
    const l = Number(button.dataset.layer);
    const j = Number(button.dataset.unit);
    const layers = state.buttons.length;
    const count = (k) => state.buttons[k].length;
    const moves = {
      ArrowUp: () => [l, Math.max(0, j - 1)],
      ArrowDown: () => [l, Math.min(count(l) - 1, j + 1)],
      ArrowLeft: () => [Math.max(0, l - 1), Math.min(j, count(Math.max(0, l - 1)) - 1)],
      ArrowRight: () => [Math.min(layers - 1, l + 1), Math.min(j, count(Math.min(layers - 1, l + 1)) - 1)],
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    focusUnit(...moves[event.key]());
  });

  units.addEventListener("click", (event) => {
    const button = event.target.closest(".playground__unit");
    if (!button) return;
    const l = Number(button.dataset.layer);
    const j = Number(button.dataset.unit);
    focusUnit(l, j);
    openForm(l, j);
  });

  // The unit under the pointer (none once it leaves them all), else the one with the
  // focus, is read out under the drawing.
  const point = (event) => {
    const button = event.target.closest(".playground__unit");
    state.hovered = button && [Number(button.dataset.layer), Number(button.dataset.unit)];
    showInfo();
  };
  for (const type of ["pointerover", "pointerleave", "focusin"]) units.addEventListener(type, point);

  // ---------------------------------------------------------------------------
  // The weights into one unit, editable
  // ---------------------------------------------------------------------------

  function sourceName(snapshot, l, k) {
    return l === 0 ? snapshot.features[k] || `input ${k + 1}` : `layer ${l}, unit ${k + 1}`;
  }

  // The form itself comes with the page's extras (playground/weights.js), fetched once.
  async function openForm(l, j) {
    state.selected = [l, j];
    drawNetwork();
    try {
      state.editor ||= (await loadEditor())(form, uid, {
        unitName,
        sourceName,
        edit: onEditWeight,
        close: () => closeForm(),
      });
    } catch (err) {
      info.textContent = err.message;
      return;
    }
    if (!state.selected || state.selected.join() !== `${l},${j}`) return; // closed, or another chosen meanwhile
    state.editor.show(state.snapshot, l, j);
    form.hidden = false;
    const first = form.querySelector("input");
    if (first) first.focus();
  }

  function closeForm(refocus = true) {
    const was = state.selected;
    state.selected = null;
    form.hidden = true;
    form.replaceChildren();
    if (state.snapshot) drawNetwork();
    if (refocus && was && state.buttons[was[0]] && state.buttons[was[0]][was[1]]) focusUnit(...was);
  }

  // ---------------------------------------------------------------------------
  // Drawing
  // ---------------------------------------------------------------------------


  // Every unit's heat map into one strip of tiles (one putImageData), from which each is
  // drawn scaled into its place. A tile has no more points a side than the unit has device
  // pixels: sixteen units a layer are 10 px high, and a 40 x 40 map would be read for nothing.
  function paintTiles(snapshot, grids, pixels) {
    const { sizes } = snapshot;
    const cells = grids[0].length / sizes[0];
    const side = Math.round(Math.sqrt(cells));
    const stride = Math.max(1, Math.floor(side / Math.max(4, pixels)));
    const res = Math.ceil(side / stride);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (!state.tiles || state.tiles.canvas.width !== res * total || state.tiles.side !== res) {
      const tileCanvas = document.createElement("canvas");
      tileCanvas.width = res * total;
      tileCanvas.height = res;
      state.tiles = { canvas: tileCanvas, ctx: tileCanvas.getContext("2d"), side: res };
      state.tiles.image = state.tiles.ctx.createImageData(res * total, res);
    }
    const { image } = state.tiles;
    const data = image.data;
    const { f: positive, df: negative, bg: background } = readColours().rgb;
    const rowPixels = res * total;
    let tile = 0;
    const samples = new Float64Array(res * res);
    for (let c = 0; c < sizes.length; c++) {
      const grid = grids[c];
      const count = sizes[c];
      // Each map on its own scale, its largest |output| in full colour: a unit's shape
      // shows even where a neighbour's outputs are a hundred times larger. A unit whose
      // output is 0 everywhere stays blank.
      for (let j = 0; j < count; j++, tile++) {
        let top = 0;
        for (let r = 0, q = 0; r < res; r++)
          for (let col = 0; col < res; col++, q++) {
            const p = r * stride * side + col * stride;
            const v = grid[p * count + j];
            samples[q] = v;
            const magnitude = Math.abs(v);
            if (magnitude > top && magnitude !== Infinity) top = magnitude;
          }
        top = top || 1;
        for (let q = 0; q < res * res; q++) {
          const v = samples[q];
          const toward = v >= 0 ? positive : negative;
          const t = Number.isFinite(v) ? Math.min(1, Math.abs(v) / top) : 0;
          const at = 4 * (Math.floor(q / res) * rowPixels + tile * res + (q % res));
          data[at] = background[0] + (toward[0] - background[0]) * t;
          data[at + 1] = background[1] + (toward[1] - background[1]) * t;
          data[at + 2] = background[2] + (toward[2] - background[2]) * t;
          data[at + 3] = 255;
        }
      }
    }
    state.tiles.ctx.putImageData(image, 0, 0);
  }

  function drawNetwork() {
    const snapshot = state.snapshot;
    if (!snapshot) return;
    // The scheme's colours now: f's for positive, f''s for negative, as for the classes.
    const colour = readColours();
    const { width, height, at, size, bar } = state.layout;
    const ctx = canvasContext(canvas, width, height);
    const { sizes, weights } = snapshot;

    // Weights: the width of each line by |w| against the largest, in WIDTH_LEVELS steps.
    let largest = 0;
    for (const w of weights) for (let e = 0; e < w.length; e++) largest = Math.max(largest, Math.abs(w[e]) || 0);
    largest = largest || 1;
    const selected = state.selected;
    const paths = Array.from({ length: 2 * WIDTH_LEVELS }, () => new Path2D());
    const used = new Uint8Array(2 * WIDTH_LEVELS);
    const chosen = new Path2D();
    for (let l = 0; l < weights.length; l++) {
      const fanOut = sizes[l + 1];
      const w = weights[l];
      for (let k = 0; k < sizes[l]; k++) {
        const [x0, y0] = at[l][k];
        for (let j = 0; j < fanOut; j++) {
          const v = w[k * fanOut + j];
          if (!Number.isFinite(v)) continue;
          const [x1, y1] = at[l + 1][j];
          const level = Math.min(WIDTH_LEVELS - 1, Math.floor((Math.abs(v) / largest) * WIDTH_LEVELS));
          const bucket = (v < 0 ? WIDTH_LEVELS : 0) + level;
          const path = paths[bucket];
          used[bucket] = 1;
          path.moveTo(x0 + size, y0 + size / 2);
          path.lineTo(x1, y1 + size / 2);
          if (selected && selected[0] === l && selected[1] === j) {
            chosen.moveTo(x0 + size, y0 + size / 2);
            chosen.lineTo(x1, y1 + size / 2);
          }
        }
      }
    }
    // Faint enough, when there are many, that the units stay in view behind them.
    const count = weights.reduce((sum, w) => sum + w.length, 0);
    ctx.globalAlpha = selected ? 0.25 : Math.min(0.85, Math.max(0.35, 12 / Math.sqrt(count)));
    paths.forEach((path, index) => {
      if (!used[index]) return;
      const negative = index >= WIDTH_LEVELS;
      const level = index % WIDTH_LEVELS;
      ctx.strokeStyle = negative ? colour.df : colour.f;
      ctx.lineWidth = 0.3 + (2.7 * (level + 1)) / WIDTH_LEVELS;
      ctx.setLineDash(negative ? [4, 2] : []); // the sign without colour, too
      ctx.stroke(path);
    });
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    if (selected) {
      ctx.strokeStyle = colour.foreground;
      ctx.lineWidth = 1;
      ctx.stroke(chosen);
    }

    // Units: heat maps where the snapshot has them, else the background; inputs named.
    const grids = snapshot.unitGrids;
    if (grids) paintTiles(snapshot, grids, Math.ceil(size * (window.devicePixelRatio || 1)));
    ctx.imageSmoothingEnabled = true;
    let tile = 0;
    ctx.font = `${Math.max(9, Math.min(12, size * 0.45))}px system-ui, sans-serif`;
    for (let c = 0; c < sizes.length; c++) {
      for (let j = 0; j < sizes[c]; j++, tile++) {
        const [x, y] = at[c][j];
        if (grids) {
          const side = state.tiles.side;
          ctx.drawImage(state.tiles.canvas, tile * side, 0, side, side, x, y, size, size);
        } else {
          ctx.fillStyle = colour.background;
          ctx.fillRect(x, y, size, size);
        }
        ctx.strokeStyle = colour.muted;
        ctx.lineWidth = 1;
        ctx.strokeRect(x + 0.5, y + 0.5, size - 1, size - 1);
      }
    }
    // The inputs' names, left of their units when there is room, else inside.
    ctx.fillStyle = colour.foreground;
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    snapshot.features.forEach((name, k) => {
      if (!at[0][k]) return;
      const [x, y] = at[0][k];
      ctx.fillText(name, x - 3, y + size / 2);
    });

    // Below each unit with weights into it: a bar of its mean |dL/dw|, on a log scale
    // spanning GRADIENT_DECADES below the largest; dead units crossed out.
    const gradients = snapshot.unitGradients || [];
    let top = -Infinity;
    for (const g of gradients) for (let j = 0; j < g.length; j++) if (g[j] > 0) top = Math.max(top, Math.log10(g[j]));
    for (let l = 0; l + 1 < sizes.length; l++) {
      const g = gradients[l];
      const dead = snapshot.dead && snapshot.dead[l];
      for (let j = 0; j < sizes[l + 1]; j++) {
        const [x, y] = at[l + 1][j];
        if (g && Number.isFinite(top)) {
          const share = g[j] > 0 ? Math.max(0, 1 - (top - Math.log10(g[j])) / GRADIENT_DECADES) : 0;
          ctx.fillStyle = colour.foreground;
          ctx.fillRect(x, y + size + 1, Math.max(share ? 1 : 0, share * size), bar - 1);
        }
        if (dead && dead[j]) {
          ctx.strokeStyle = colour.foreground;
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.moveTo(x + 2, y + 2);
          ctx.lineTo(x + size - 2, y + size - 2);
          ctx.moveTo(x + size - 2, y + 2);
          ctx.lineTo(x + 2, y + size - 2);
          ctx.stroke();
        }
        if (selected && selected[0] === l && selected[1] === j) {
          ctx.strokeStyle = colour.foreground;
          ctx.lineWidth = 2;
          ctx.strokeRect(x - 2, y - 2, size + 4, size + 4);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------
  // Words: the buttons' labels, the canvas's description, the info line
  // ---------------------------------------------------------------------------

  function unitText(snapshot, l, j) {
    const parts = [unitName(snapshot.sizes, l, j)];
    const g = snapshot.unitGradients && snapshot.unitGradients[l];
    if (g) parts.push(`mean |\u2202L/\u2202w| ${formatNumber(g[j], 3)}`);
    const bias = snapshot.biases && snapshot.biases[l];
    if (bias) parts.push(`bias ${formatNumber(bias[j], 3)}`);
    const dead = snapshot.dead && snapshot.dead[l];
    if (dead && dead[j]) parts.push("dead: f\u2032 = 0 at every training point");
    return parts.join(", ");
  }

  function showInfo() {
    const snapshot = state.snapshot;
    const which = state.hovered || (units.contains(document.activeElement) ? state.active : null);
    info.textContent = snapshot && which ? `${capital(unitText(snapshot, ...which))}.` : "\u00a0";
  }

  function sayInWords() {
    const snapshot = state.snapshot;
    const { sizes, features } = snapshot;
    state.buttons.forEach((row, l) => row.forEach((button, j) => button.setAttribute("aria-label", unitText(snapshot, l, j))));
    let deadTotal = 0;
    for (const dead of snapshot.dead || []) for (let j = 0; j < dead.length; j++) deadTotal += dead[j] ? 1 : 0;
    const hidden = sizes.slice(1, -1);
    canvas.setAttribute(
      "aria-label",
      `The network: inputs ${features.join(", ")}; ` +
        (hidden.length ? `${hidden.length} hidden layer${hidden.length > 1 ? "s" : ""} of ${hidden.join(", ")} units; ` : "") +
        `one output; ${deadTotal} dead unit${deadTotal === 1 ? "" : "s"}, crossed out. Each unit is its ` +
        `output over the plane, each weight a line (solid positive, dashed negative, wider for larger).`,
    );
    showInfo();
  }

  // ---------------------------------------------------------------------------

  const uid = `diagram-${++diagrams}`;

  if ("ResizeObserver" in window) {
    let seen = "";
    new ResizeObserver(() => {
      const now = `${canvas.clientWidth}x${canvas.clientHeight}`;
      if (now === seen || !state.snapshot) return;
      seen = now;
      measureCanvas();
      state.layout = layout(state.snapshot.sizes);
      placeButtons();
      drawNetwork();
    }).observe(stage);
  }

  return {
    /** Draw this state of the network. */
    update(snapshot) {
      state.snapshot = snapshot;
      const shape = `${snapshot.sizes.join(",")}|${snapshot.features.join(",")}`;
      const named = state.box && shape === state.shape;
      if (!named) {
        measureCanvas();
        state.shape = shape;
        state.layout = layout(snapshot.sizes);
        rebuildButtons(snapshot);
        placeButtons();
        // A unit still there may have other inputs now (features chosen): list them anew.
        if (state.selected && state.editor) state.editor.show(snapshot, ...state.selected);
      }
      drawNetwork();
      if (state.selected && state.editor) state.editor.refresh(snapshot, ...state.selected);
      if (!named) sayInWords(); // a new network's buttons have their names at once
    },
    /** Say the network drawn last in words (as often as the page's other words). */
    describe() {
      if (state.snapshot) sayInWords();
    },
  };
}

let diagrams = 0;

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
