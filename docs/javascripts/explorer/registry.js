/*
 * The explorer's formulas: the page's (lib/registry.js), with f'' and d f / d theta, which
 * only the explorer draws (lib/formulas.js withDerivatives), so that the playground's
 * bundle carries none of them.
 */
import { withDerivatives } from "../lib/formulas.js";
import { DATA, REGISTRY } from "../lib/registry.js";

/** The registry's formulas with f'' and d f / d theta: bind, evaluate, kindsOf, ... */
export const EXPLORER = withDerivatives(REGISTRY, DATA);
