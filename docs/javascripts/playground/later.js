/*
 * What the playground fetches later: playground-extras.js, the forms a reader opens
 * seldom (an activation per layer, their own data, the export, the weights into a unit of
 * the diagram). It is asked for when the reader first reaches for the playground (a
 * pointer over it, a focus or a touch in it), so that it is there by the time a click
 * opens one of the forms, and a page nobody touches never downloads it
 * (tests/browser/page_weight.py).
 */

// Its address is beside this script's, captured while it runs.
const EXTRAS = new URL("playground-extras.js", document.currentScript ? document.currentScript.src : location.href);
let loading = null;

/**
 * The forms of playground-extras.js (window.actlibPlaygroundExtras), fetched once.
 * @returns {Promise<Record<string, Function>>}
 */
export function extras() {
  loading ||= new Promise((resolve, reject) => {
    if (window.actlibPlaygroundExtras) return resolve(window.actlibPlaygroundExtras);
    const script = document.createElement("script");
    script.src = EXTRAS.href;
    script.onload = () => resolve(window.actlibPlaygroundExtras);
    script.onerror = () => {
      loading = null; // a later click tries again
      reject(new Error("the playground's extras (javascripts/playground-extras.js) did not load"));
    };
    document.body.append(script);
  });
  return loading;
}

/**
 * Fetch the extras the first time the reader reaches for `root`.
 * @param {HTMLElement} root
 */
export function fetchExtrasWhenReached(root) {
  const reached = () => {
    for (const type of REACHING) root.removeEventListener(type, reached);
    extras().catch(() => {}); // a form opened later says so, and tries again
  };
  for (const type of REACHING) root.addEventListener(type, reached, { passive: true });
}

const REACHING = ["pointerover", "focusin", "touchstart"];
