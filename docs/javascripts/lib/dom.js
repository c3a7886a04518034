/*
 * DOM helpers shared by the explorer and the playground: elements by tag and attributes,
 * and the site's figure colours in the current Material scheme.
 */

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * An HTML element with these attributes, appended to `parent`, holding `text`.
 * @param {string} tag
 * @param {Record<string, string | number> | null} [attrs]
 * @param {Element | null} [parent]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
export function html(tag, attrs, parent, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

/**
 * The canvas's 2-D context for drawing `width` x `height` CSS pixels, sharp at the screen's
 * pixel ratio (the canvas's own size is set only when it changes, as setting it clears and
 * reallocates), scaled to CSS pixels and cleared.
 * @param {HTMLCanvasElement} canvas
 * @param {number} width
 * @param {number} height
 * @returns {CanvasRenderingContext2D}
 */
export function canvasContext(canvas, width, height) {
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/**
 * An SVG element with these attributes, appended to `parent`.
 * @param {string} tag
 * @param {Record<string, string | number> | null} [attrs]
 * @param {Element | null} [parent]
 * @returns {SVGElement}
 */
export function svg(tag, attrs, parent) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

/** Material's colour scheme on the page now: "default" or "slate". */
export const colourScheme = () => document.body.getAttribute("data-md-color-scheme") || "default";

const themes = new Map();

/**
 * The figures' colours in the current scheme (from the registry data's `themes`), with
 * Material's background and each of f, f' and the background as [r, g, b]; read once per
 * scheme (reading a computed style each frame would force a style recalculation).
 * @param {{light: object, dark: object}} siteThemes
 * @returns {object}
 */
export function schemeColours(siteThemes) {
  const scheme = colourScheme();
  if (!themes.has(scheme)) {
    const dark = scheme === "slate";
    const colours = dark ? siteThemes.dark : siteThemes.light;
    const background = getComputedStyle(document.body).getPropertyValue("--md-default-bg-color");
    const bg = background.trim() || (dark ? "#1e2129" : "#ffffff");
    const rgbs = { f: rgb(colours.f), df: rgb(colours.df), bg: rgb(bg) };
    themes.set(scheme, { ...colours, background: bg, rgb: rgbs });
  }
  return themes.get(scheme);
}

let probe = null;
function rgb(colour) {
  probe ||= document.createElement("canvas").getContext("2d");
  probe.fillStyle = colour;
  const hex = probe.fillStyle; // #rrggbb, or rgba(...) for colours with alpha
  if (hex.startsWith("#")) return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return hex
    .match(/[\d.]+/g)
    .slice(0, 3)
    .map(Number);
}
