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

import { html } from "../lib/dom.js";

const WIDE = "playground--wide";

/**
 * Add the classroom layout's toggle button after `before` (the last of Play, Step, Reset),
 * switching `root` in and out of it.
 *
 * @param {HTMLElement} root the playground's element
 * @param {HTMLElement} before the element the button follows
 * @returns {HTMLButtonElement} the button (aria-pressed says whether the layout is on)
 */
export function addLayoutToggle(root, before) {
  const button = html(
    "button",
    { type: "button", class: "playground__button playground__wide-toggle", "aria-pressed": "false" },
    null,
    "Classroom layout",
  );
  before.after(button);
  let quieted = [];

  function set(on) {
    if (on === root.classList.contains(WIDE)) return;
    root.classList.toggle(WIDE, on);
    document.documentElement.classList.toggle("playground-wide-open", on);
    button.setAttribute("aria-pressed", String(on));
    if (on) {
      addEventListener("popstate", leave);
      // Everything outside the playground, from its siblings up to the body's children.
      quieted = [];
      for (let node = root; node && node !== document.body; node = node.parentElement) {
        for (const sibling of node.parentElement.children) {
          if (sibling !== node && !sibling.inert) {
            sibling.inert = true;
            quieted.push(sibling);
          }
        }
      }
    } else {
      removeEventListener("popstate", leave);
      for (const node of quieted) node.inert = false;
      quieted = [];
      if (root.isConnected) root.scrollIntoView({ block: "start" });
    }
  }
  const leave = () => set(false);

  button.addEventListener("click", () => set(!root.classList.contains(WIDE)));
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.defaultPrevented && root.classList.contains(WIDE)) {
      set(false);
      button.focus();
    }
  });
  return button;
}
