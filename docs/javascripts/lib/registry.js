/*
 * The registry data the page loaded (javascripts/explorer-data.js, which
 * scripts/generators/explorer_data.py writes from actlib), and its formulas: one instance
 * per page, shared by every module of the explorer and the playground.
 */
import { createFormulas } from "./formulas.js";

/** window.actlibExplorerData, or undefined on a page that did not load it. */
export const DATA = window.actlibExplorerData;

/** The formulas built from DATA (lib/formulas.js createFormulas). */
export const REGISTRY = createFormulas(DATA);
