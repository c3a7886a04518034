/*
 * The permalink: what the explorer and the playground share of writing their state into
 * the URL's hash and reading it back.
 */

/**
 * Point `link` at the state's hash; once the reader has changed something (not
 * `initial`) and the view `owns` the address bar, make the address bar follow, at most
 * every 200 ms (browsers throttle history updates).
 * @param {{root: Element, link: HTMLAnchorElement, hashTimer?: number}} view
 * @param {string} hash the query string, without "#"
 * @param {{initial?: boolean, owns?: boolean, href?: string}} [options] `href`: where the
 *   link points instead of "#hash" (a compact explorer's link to the full one)
 */
export function writeHash(view, hash, { initial = false, owns = true, href } = {}) {
  view.link.href = href || `#${hash}`;
  if (href || !owns || initial) return;
  clearTimeout(view.hashTimer);
  view.hashTimer = setTimeout(() => {
    if (view.root.isConnected) history.replaceState(history.state, "", `#${hash}`);
  }, 200);
}

/**
 * Write an activation's parameters that differ from their defaults as `name.key=value`.
 * @param {URLSearchParams} query
 * @param {string} name the activation's registry name
 * @param {Record<string, number | string>} params
 * @param {Record<string, number | string>} defaults
 */
export function writeParams(query, name, params, defaults) {
  for (const [key, value] of Object.entries(params)) {
    if (value !== defaults[key]) query.set(`${name}.${key}`, String(value));
  }
}

/**
 * Read an activation's parameters from `name.key=value` on top of `params`: a value off
 * its slider's range, not among its choices, or that `accept` refuses is left out.
 * @param {URLSearchParams} query
 * @param {string} name
 * @param {Record<string, {choices?: string[], slider?: number[]}>} specs the registry's
 * @param {Record<string, number | string>} params
 * @param {(candidate: Record<string, number | string>) => boolean} accept
 * @returns {Record<string, number | string>}
 */
export function readParams(query, name, specs, params, accept) {
  for (const [key, param] of Object.entries(specs)) {
    const raw = query.get(`${name}.${key}`);
    if (raw === null) continue;
    const value = param.choices ? raw : Number(raw);
    if (param.slider && !(value >= param.slider[0] && value <= param.slider[1])) continue;
    if (param.choices && !param.choices.includes(value)) continue;
    const candidate = { ...params, [key]: value };
    if (accept(candidate)) params = candidate;
  }
  return params;
}
