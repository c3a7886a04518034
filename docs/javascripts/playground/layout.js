/*
 * The classroom layout: the playground takes the whole window, controls on the left,
 * the diagram, the decision boundary and the charts on the right, so that a projector at
 * 1366 x 768 shows all of it at once (docs/stylesheets/playground.css, .playground--wide).
 *
 * While it is on, the page behind it is inert: the keyboard cannot wander into what the
 * playground covers. Escape, or the same button, brings the page back, and so does the
 * browser's Back button: Material's instant navigation (9.8.1: its bundle turns window's
 * popstate into a new location and swaps the page's content in place) would otherwise
 * leave the next page under this layout's class on <html>, unable to scroll.
 */

const WIDE = "playground--wide";
const quietedBy = new WeakMap(); // per playground in the layout, what it made inert
const leaving = new WeakMap(); // per playground, its popstate listener

/**
 * Switch `root` in or out of the classroom layout, `button` (the layout's toggle, whose
 * aria-pressed says whether it is on) with it. The page's toggle
 * (playground.js's addLayoutToggle) fetches this with the extras.
 *
 * @param {HTMLElement} root the playground's element
 * @param {HTMLElement} button
 * @param {boolean} on
 */
export function setWide(root, button, on) {
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
