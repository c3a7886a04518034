/*
 * The classroom layout: the playground takes the whole window, controls on the left,
 * the diagram, the decision boundary and the charts on the right, so that a projector at
 * 1366 x 768 shows all of it at once (docs/stylesheets/playground-wide.css, a stylesheet
 * of its own, fetched with this script rather than with the page).
 *
 * While it is on, the page behind it is inert: the keyboard cannot wander into what the
 * playground covers. Escape, or the same button, brings the page back, and so does the
 * browser's Back button: Material's instant navigation (9.8.1: its bundle turns window's
 * popstate into a new location and swaps the page's content in place) would otherwise
 * leave the next page under this layout's class on <html>, unable to scroll.
 */

const WIDE = "playground--wide";
// Beside this script (javascripts/), captured while it runs.
const STYLES = new URL(
  "../stylesheets/playground-wide.css",
  document.currentScript ? document.currentScript.src : location.href,
);
let stylesheet = null;
let styled = null;

/**
 * The classroom layout's stylesheet, added to the page once (again if instant navigation
 * dropped it): resolves once its rules apply.
 * @returns {Promise<void>}
 */
export function layoutStyles() {
  if (stylesheet && stylesheet.isConnected) return styled;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = STYLES.href;
  styled = new Promise((resolve, reject) => {
    link.onload = () => resolve();
    link.onerror = () => {
      stylesheet = null; // the next switch tries again
      reject(new Error(`the classroom layout's stylesheet (${STYLES.pathname}) did not load`));
    };
  });
  stylesheet = link;
  document.head.append(link);
  return styled;
}
const quietedBy = new WeakMap(); // per playground in the layout, what it made inert
const leaving = new WeakMap(); // per playground, its popstate listener

/**
 * Switch `root` in or out of the classroom layout, `button` (the layout's toggle, whose
 * aria-pressed says whether it is on) with it; in, once the layout's stylesheet applies.
 * The page's toggle (playground.js's addLayoutToggle) fetches this with the extras.
 *
 * @param {HTMLElement} root the playground's element
 * @param {HTMLElement} button
 * @param {boolean} on
 * @returns {Promise<void>}
 */
export async function setWide(root, button, on) {
  if (on) await layoutStyles();
  if (on === root.classList.contains(WIDE)) return;
  root.classList.toggle(WIDE, on);
  document.documentElement.classList.toggle("playground-wide-open", on);
  button.setAttribute("aria-pressed", String(on));
  if (on) {
    const leave = () => setWide(root, button, false);
    leaving.set(root, leave);
    addEventListener("popstate", leave);
    // Everything outside the playground, from its siblings up to the body's children.
    const quieted = [];
    for (let node = root; node && node !== document.body; node = node.parentElement) {
      for (const sibling of node.parentElement.children) {
        if (sibling !== node && !sibling.inert) {
          sibling.inert = true;
          quieted.push(sibling);
        }
      }
    }
    quietedBy.set(root, quieted);
  } else {
    removeEventListener("popstate", leaving.get(root));
    for (const node of quietedBy.get(root) || []) node.inert = false;
    quietedBy.delete(root);
    if (root.isConnected) root.scrollIntoView({ block: "start" });
  }
}
