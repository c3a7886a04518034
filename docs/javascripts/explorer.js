/*
 * The activation explorer: plot f and f', move a cursor, read the values.
 *
 * Architecture, top to bottom:
 *   1. Special functions (erf/erfc after W. J. Cody) and the stable helpers.
 *   2. FORMULAS: hand-written {f, df} pairs in numerically stable forms like actlib's
 *      (no overflow, no cancellation in the tails; where actlib uses a longer rational
 *      form, e.g. Mish, a shorter one of the same accuracy), with the textbook form in
 *      a comment. They are optional: an activation without one is drawn with the
 *      formulas its registry entry prints (3). Where both exist, the stable form wins.
 *      tests/browser/test_explorer.py pins every pair to actlib on a dense grid (relative
 *      difference <= 1e-9), so this is not a second copy of the math that could drift:
 *      a change on either side fails it.
 *   3. Everything else comes from window.actlibExplorerData, which
 *      scripts/generators/explorer_data.py writes from actlib at build time: the list of
 *      activations, display names, families, parameters (defaults, slider ranges,
 *      choices), SELU's constants, the site's colours of f and f', and f and f' as the
 *      registry prints them, compiled from their LaTeX to JavaScript (`printed`; the
 *      tests pin these to actlib too, over the default range). The gated linear units,
 *      f(a, b) = a g(b), come as the name of their element-wise gate g: they are drawn
 *      against the gate input b with the gate's formulas, the value a a parameter; one
 *      whose parameters reshape the gate (gpt-oss's clamps) is drawn by its own printed
 *      f, df/db and df/da (`own`).
 *   4. State <-> URL hash (the permalink), sampling (curves, jumps, vanishing regions),
 *      SVG drawing, and the controls.
 *   5. Mounting: Material's document$ emits once per page, including every instant
 *      navigation; each <div class="explorer"> is mounted exactly once, when it comes
 *      near the screen (until then it holds its room, explorer.css).
 *
 *      f'' and d f / d theta are drawn from the printed formulas only (`d2f`, `dp`), where
 *      the registry entry has them; an activation without them offers neither layer.
 *
 * Embed: <div class="explorer" data-explorer="full|compact" data-functions="relu,gelu">.
 * Tests and curious readers can call window.actlibExplorer.evaluate(name, params, xs,
 * {wrt}), which gives f, df, and d2f and dp (d f / d wrt) where the entry prints them;
 * window.actlibExplorer.bind(name, params) gives {f, df} for one x at a time (playground.js),
 * and for a gated unit da too: f = a g(b), df = a g'(b) by the gate input, da = g(b).
 */
(function () {
  "use strict";

  const DATA = window.actlibExplorerData;
  const SITE_ROOT = new URL(
    "..",
    document.currentScript ? document.currentScript.src : location.href,
  );
  const SVG_NS = "http://www.w3.org/2000/svg";
  const MINUS = "\u2212";
  const PRIME = "\u2032";
  const DOUBLE_PRIME = "\u2033";

  // -------------------------------------------------------------------------
  // 1. Special functions
  // -------------------------------------------------------------------------

  // W. J. Cody, "Rational Chebyshev approximations for the error function",
  // Math. Comp. 23 (1969), as in his CALERF routine (netlib specfun): relative error
  // below 1e-16 on each of the three intervals.
  const ERF_A = [
    3.1611237438705656, 113.86415415105016, 377.48523768530202, 3209.3775891384695,
    0.18577770618460315,
  ];
  const ERF_B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.2368334391706];
  const ERFC_C = [
    0.56418849698867009, 8.8831497943883759, 66.119190637141634, 298.63513819740013,
    881.95222124176909, 1712.0476126340707, 2051.0783778260716, 1230.3393547979972,
    2.1531153547440383e-8,
  ];
  const ERFC_D = [
    15.744926110709835, 117.6939508913125, 537.18110186200986, 1621.3895745666903,
    3290.7992357334597, 4362.6190901432471, 3439.3676741437216, 1230.3393548037495,
  ];
  const ERFC_P = [
    0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
    6.5874916152983678e-4, 0.016315387137302097,
  ];
  const ERFC_Q = [
    2.5685201922898682, 1.8729528499234604, 0.52790510295142837, 0.06051834131244132,
    0.0023352049762686918,
  ];
  const ONE_OVER_SQRT_PI = 0.56418958354775628695;

  // exp(-y*y) without the rounding error of y*y: split y into a part with 4 fraction
  // bits (whose square is exact) and the rest (Cody's trick).
  function expMinusSquare(y) {
    const head = Math.trunc(y * 16) / 16;
    return Math.exp(-head * head) * Math.exp(-(y - head) * (y + head));
  }

  // erfc(y) for y > 0.46875: relative accuracy in the whole tail.
  function erfcPositive(y) {
    if (y > 27.3) return 0; // below the smallest subnormal
    if (y <= 4) {
      let num = ERFC_C[8] * y;
      let den = y;
      for (let i = 0; i < 7; i++) {
        num = (num + ERFC_C[i]) * y;
        den = (den + ERFC_D[i]) * y;
      }
      return expMinusSquare(y) * ((num + ERFC_C[7]) / (den + ERFC_D[7]));
    }
    const z = 1 / (y * y);
    let num = ERFC_P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + ERFC_P[i]) * z;
      den = (den + ERFC_Q[i]) * z;
    }
    const r = (z * (num + ERFC_P[4])) / (den + ERFC_Q[4]);
    return (expMinusSquare(y) * (ONE_OVER_SQRT_PI - r)) / y;
  }

  // erf(x) for |x| <= 0.46875.
  function erfSmall(x) {
    const x2 = x * x;
    let num = ERF_A[4] * x2;
    let den = x2;
    for (let i = 0; i < 3; i++) {
      num = (num + ERF_A[i]) * x2;
      den = (den + ERF_B[i]) * x2;
    }
    return (x * (num + ERF_A[3])) / (den + ERF_B[3]);
  }

  function erf(x) {
    const y = Math.abs(x);
    if (y <= 0.46875) return erfSmall(x);
    const tail = erfcPositive(y);
    return x > 0 ? 1 - tail : tail - 1;
  }

  function erfc(x) {
    const y = Math.abs(x);
    if (y <= 0.46875) return 1 - erfSmall(x);
    const tail = erfcPositive(y);
    return x > 0 ? tail : 2 - tail;
  }

  // Standard normal CDF through erfc, so the lower tail keeps its relative precision.
  const normalCdf = (x) => 0.5 * erfc(-x * Math.SQRT1_2);
  const normalPdf = (x) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

  // sigma(x) = 1 / (1 + e^-x); exp(-|x|) never overflows.
  function sigmoid(x) {
    const e = Math.exp(-Math.abs(x));
    return x >= 0 ? 1 / (1 + e) : e / (1 + e);
  }

  // sigma(x) sigma(-x) = e / (1 + e)^2 with e = exp(-|x|): full precision in the tails.
  function sigmoidSlope(x) {
    const e = Math.exp(-Math.abs(x));
    return e / ((1 + e) * (1 + e));
  }

  // ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|): no overflow, no cancellation.
  const softplus = (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

  // sech^2(x) = 1 - tanh^2(x), computed without the cancellation near |tanh| = 1.
  const sech2 = (x) => 4 * sigmoidSlope(2 * x);

  // x - tanh(x) by its Taylor series near 0, where the subtraction cancels.
  const TANHSHRINK_SERIES = [
    1 / 3,
    -2 / 15,
    17 / 315,
    -62 / 2835,
    1382 / 155925,
    -21844 / 6081075,
    929569 / 638512875,
  ];
  function tanhshrinkSmall(x) {
    const x2 = x * x;
    let sum = 0;
    for (let i = TANHSHRINK_SERIES.length - 1; i >= 0; i--) sum = sum * x2 + TANHSHRINK_SERIES[i];
    return sum * x2 * x;
  }

  const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
  const GELU_CUBIC = 0.044715;

  // -------------------------------------------------------------------------
  // 2. The stable formulas, keyed by registry name: f(x, p, c) and df(x, p, c), where p
  //    holds the parameters and c the fixed constants by their LaTeX symbol.
  // -------------------------------------------------------------------------

  const FORMULAS = {
    // x
    identity: { f: (x) => x, df: () => 1 },
    // 1 for x >= 0, else 0; f' = 0 everywhere it is defined, and by convention at 0
    binary_step: { f: (x) => (x >= 0 ? 1 : 0), df: () => 0 },
    // 1 / (1 + e^-x);  f' = sigma(x) (1 - sigma(x))
    sigmoid: { f: sigmoid, df: sigmoidSlope },
    // (e^x - e^-x) / (e^x + e^-x);  f' = 1 - tanh^2(x)
    tanh: { f: Math.tanh, df: sech2 },
    // max(0, x);  f' = 1 for x > 0, else 0 (ReLU'(0) = 0)
    relu: { f: (x) => Math.max(x, 0), df: (x) => (x > 0 ? 1 : 0) },
    // x for x > 0, else a x;  f' = 1 or a (f'(0) = a)
    leaky_relu: {
      f: (x, p) => (x > 0 ? x : p.negative_slope * x),
      df: (x, p) => (x > 0 ? 1 : p.negative_slope),
    },
    // x for x > 0, else alpha (e^x - 1);  f' = 1 or alpha e^x
    elu: {
      f: (x, p) => (x > 0 ? x : p.alpha * Math.expm1(x)),
      df: (x, p) => (x > 0 ? 1 : p.alpha * Math.exp(x)),
    },
    // x for x > 0, else alpha (e^(x/alpha) - 1);  f' = 1 or e^(x/alpha)
    celu: {
      f: (x, p) => (x > 0 ? x : p.alpha * Math.expm1(x / p.alpha)),
      df: (x, p) => (x > 0 ? 1 : Math.exp(x / p.alpha)),
      check: (p) => p.alpha > 0 || "alpha must be > 0",
    },
    // lambda x for x > 0, else lambda alpha (e^x - 1);  f' = lambda or lambda alpha e^x
    selu: {
      f: (x, p, c) => c["\\lambda"] * (x > 0 ? x : c["\\alpha"] * Math.expm1(x)),
      df: (x, p, c) => c["\\lambda"] * (x > 0 ? 1 : c["\\alpha"] * Math.exp(x)),
    },
    // ln(1 + e^(beta x)) / beta;  f' = sigma(beta x)
    softplus: {
      f: (x, p) => softplus(p.beta * x) / p.beta,
      df: (x, p) => sigmoid(p.beta * x),
      check: (p) => p.beta > 0 || "beta must be > 0",
    },
    // ln sigma(x) = -softplus(-x);  f' = sigma(-x)
    log_sigmoid: {
      f: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
      df: (x) => sigmoid(-x),
    },
    // x sigma(x);  f' = sigma(x) (1 + x (1 - sigma(x))), with 1 - sigma(x) = sigma(-x)
    // Swish-beta, x sigma(beta x); SiLU at beta = 1
    silu: {
      f: (x, p) => x * sigmoid(p.beta * x),
      df: (x, p) => {
        const z = p.beta * x;
        return sigmoid(z) * (1 + z * sigmoid(-z));
      },
    },
    // exact: x Phi(x);  f' = Phi(x) + x phi(x)
    // tanh:  x/2 (1 + tanh u), u = sqrt(2/pi) (x + 0.044715 x^3); 1 + tanh u = 2 sigma(2u)
    gelu: {
      f: (x, p) => (p.approximate === "tanh" ? x * sigmoid(2 * geluU(x)) : x * normalCdf(x)),
      df: (x, p) => (p.approximate === "tanh" ? geluTanhSlope(x) : geluExactSlope(x)),
    },
    // x tanh(softplus(x));  f' = tanh(sp) + x sech^2(sp) sigma(x)
    mish: {
      f: (x) => x * Math.tanh(softplus(x)),
      df: (x) => {
        const sp = softplus(x);
        return Math.tanh(sp) + x * sech2(sp) * sigmoid(x);
      },
    },
    // min(max(0, x), 6);  f' = 1 on (0, 6), else 0
    relu6: { f: (x) => Math.min(Math.max(x, 0), 6), df: (x) => (x > 0 && x < 6 ? 1 : 0) },
    // min(max(m, x), M);  f' = 1 on (m, M), else 0
    hardtanh: {
      f: (x, p) => Math.min(Math.max(x, p.min_val), p.max_val),
      df: (x, p) => (x > p.min_val && x < p.max_val ? 1 : 0),
      check: (p) => p.min_val < p.max_val || "min_val must be less than max_val",
    },
    // 0, x/6 + 1/2, 1 (PyTorch's form);  f' = 1/6 on (-3, 3), else 0
    hardsigmoid: {
      f: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5),
      df: (x) => (x > -3 && x < 3 ? 1 / 6 : 0),
    },
    // x relu6(x + 3) / 6;  f' = 0, x/3 + 1/2, 1 (f'(-3) = 0, f'(3) = 1)
    hardswish: {
      f: (x) => (x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6),
      df: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 3 + 0.5),
    },
    // x / (1 + |x|);  f' = 1 / (1 + |x|)^2
    softsign: {
      f: (x) => x / (1 + Math.abs(x)),
      df: (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))),
    },
    // x - tanh(x);  f' = tanh^2(x)
    tanhshrink: {
      f: (x) => (Math.abs(x) < 0.1 ? tanhshrinkSmall(x) : x - Math.tanh(x)),
      df: (x) => Math.tanh(x) ** 2,
    },
  };

  function geluU(x) {
    return SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
  }

  // d/dx [x sigma(2u)] = sigma(2u) + 2 x u' sigma(2u) sigma(-2u)
  function geluTanhSlope(x) {
    const u = geluU(x);
    const slope = sigmoidSlope(2 * u);
    // Far out u' overflows while sigma(2u) sigma(-2u) is 0: the product's limit is 0.
    const dudx = SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * x * x);
    return sigmoid(2 * u) + (slope === 0 ? 0 : 2 * x * dudx * slope);
  }

  function geluExactSlope(x) {
    // x phi(x) -> 0 as |x| -> inf; x * 0 would be NaN only at x = +-inf.
    const pdf = normalPdf(x);
    return normalCdf(x) + (pdf === 0 ? 0 : x * pdf);
  }

  // -------------------------------------------------------------------------
  // 3. Registry data (from actlib at build time) and evaluation
  // -------------------------------------------------------------------------

  // The element-wise activations, then the gated units (each with a `gate`).
  const ALL = DATA ? [...DATA.functions, ...DATA.gated] : [];
  const BY_NAME = new Map(ALL.map((fn) => [fn.name, fn]));

  // f and f' as the registry prints them, compiled at build time: {f, df, at}, where `at`
  // holds the choices of a categorical parameter they are printed for (GELU's exact
  // form: approximate=none).
  const PRINTED = DATA ? DATA.printed({ erf, erfc }) : {};
  // f'' and d f / d theta (explorer-higher.js) come in a file of their own, fetched when an
  // explorer is first mounted (withHigher): the playground, which trains with f and f', never
  // downloads them.
  let HIGHER = null;
  const higherEntry = (name) => {
    if (!HIGHER && DATA && DATA.printedHigher) HIGHER = DATA.printedHigher({ erf, erfc });
    return (HIGHER && HIGHER[name]) || {};
  };
  let higherLoading = null;
  function withHigher(then) {
    if (DATA.printedHigher) return then();
    higherLoading ||= new Promise((resolve) => {
      const script = document.createElement("script");
      script.src = new URL("javascripts/explorer-higher.js", SITE_ROOT).href;
      script.onload = script.onerror = resolve; // without it the f'' and theta layers stay hidden
      document.body.append(script);
    });
    higherLoading.then(then);
  }

  function meta(name) {
    const fn = BY_NAME.get(name);
    if (!fn) throw new Error(`explorer: no activation named "${name}" in the registry data`);
    return fn;
  }

  // What draws `name` at these full parameters: the stable form, else the printed one
  // where it holds, else null. `printed` skips the stable form (for the tests).
  function formulaOf(name, params, printed = false) {
    if (!printed && FORMULAS[name]) return FORMULAS[name];
    const entry = PRINTED[name];
    const holds = entry && Object.entries(entry.at || {}).every(([k, v]) => params[k] === v);
    return holds ? entry : null;
  }

  function drawable(name) {
    return !(bindParams(name, defaults(name)) instanceof Error);
  }

  // A gated unit's value a, and the parameters it passes on to its gate: all the others.
  function splitValue({ a, ...own }) {
    return [a, own];
  }

  function defaults(name) {
    const out = {};
    for (const [key, param] of Object.entries(meta(name).params)) out[key] = param.default;
    return out;
  }

  // Full parameters (defaults filled in), or an Error saying what is wrong.
  function bindParams(name, params, printed = false) {
    const fn = meta(name);
    const bound = { ...defaults(name), ...params };
    for (const [key, value] of Object.entries(bound)) {
      const param = fn.params[key];
      if (!param) return new Error(`${fn.display} has no parameter "${key}"`);
      if (param.choices ? !param.choices.includes(value) : !Number.isFinite(value)) {
        const allowed = param.choices ? param.choices.join(", ") : "a finite number";
        return new Error(`${fn.display}: ${key} must be ${allowed}`);
      }
    }
    // A unit drawn by its own printed formulas (fn.own) takes its parameters itself.
    if (fn.gate && fn.own) return bound;
    if (fn.gate) {
      const gate = bindParams(fn.gate, splitValue(bound)[1], printed);
      return gate instanceof Error ? new Error(`${fn.display}: ${gate.message}`) : bound;
    }
    const formula = formulaOf(name, bound, printed);
    if (!formula) {
      const at = Object.entries((PRINTED[name] && PRINTED[name].at) || {});
      const printedFor = at.map(([key, value]) => `${key}=${value}`).join(", ");
      const only = at.length ? `; the printed one is for ${printedFor}` : "";
      return new Error(`${fn.display}: no formula for these parameters${only}`);
    }
    const verdict = formula.check ? formula.check(bound) : true;
    return verdict === true ? bound : new Error(`${fn.display}: ${verdict}`);
  }

  // The printed f'' and d f / d theta of `name` where they hold at these full parameters
  // (GELU's are printed for approximate=none only): {d2f, dp}, either may be missing.
  function higherOf(name, params) {
    if (!formulaOf(name, params, true)) return { dp: {} };
    const entry = higherEntry(name);
    return { d2f: entry.d2f, dp: entry.dp || {} };
  }

  // The parameters `name` has a printed d f / d theta for, in the registry's order.
  function partialParams(name) {
    if (isGated(name)) return [];
    const dp = higherEntry(name).dp || {};
    return Object.keys(meta(name).params).filter((key) => key in dp);
  }

  const hasSecond = (name) => !isGated(name) && Boolean(higherEntry(name).d2f);

  // One activation as plain functions of x, its parameters bound: f and df, and d2f and
  // dp (d f / d wrt, wrt the first parameter that has one unless named) where printed; a
  // gated unit's of its gate input b, by its gate's formulas, and da, its slope by a.
  function bind(name, params, printed = false, wrt = null) {
    const bound = bindParams(name, params, printed);
    if (bound instanceof Error) throw bound;
    const fn = meta(name);
    if (fn.own) {
      const { f, df, da } = PRINTED[name];
      const at = (g) => (b) => g(b, bound, {});
      return { f: at(f), df: at(df), da: at(da) };
    }
    if (fn.gate) {
      const [a, own] = splitValue(bound);
      const g = bind(fn.gate, own, printed);
      return { f: (b) => a * g.f(b), df: (b) => a * g.df(b), da: g.f };
    }
    const { f, df } = formulaOf(name, bound, printed);
    const out = { f: (x) => f(x, bound, fn.constants), df: (x) => df(x, bound, fn.constants) };
    const { d2f, dp } = higherOf(name, bound);
    if (d2f) out.d2f = (x) => d2f(x, bound, fn.constants);
    const key = wrt || partialParams(name)[0];
    if (key && dp[key]) out.dp = (x) => dp[key](x, bound, fn.constants);
    return out;
  }

  function evaluate(name, params, xs, { printed = false, wrt = null } = {}) {
    const fn = bind(name, params || {}, printed, wrt);
    return Object.fromEntries(Object.entries(fn).map(([kind, g]) => [kind, xs.map(g)]));
  }

  function isGated(name) {
    return Boolean(meta(name).gate);
  }

  // The curves a function can have: f and f', then f'' and d f / d theta where printed; a
  // gated unit's f, df = df/db and da = df/da.
  function kindsOf(name) {
    if (isGated(name)) return ["f", "df", "da"];
    const second = hasSecond(name) ? ["d2f"] : [];
    return ["f", "df", ...second, ...(partialParams(name).length ? ["dp"] : [])];
  }

  const partial = (v) => `\u2202f/\u2202${v}`;

  // The parameter a function's d f / d theta curve is taken by: the reader's choice, else
  // the first one printed.
  const wrtOf = (state, name) => (state.wrt && state.wrt[name]) || partialParams(name)[0];

  // The d f / d theta layer's name: by its parameter when every function drawn takes the
  // same one, else by theta.
  function dpWord(state) {
    const chosen = state.functions
      .filter((n) => partialParams(n).length)
      .map((n) => wrtOf(state, n));
    return partial(new Set(chosen).size === 1 ? chosen[0] : "\u03b8");
  }

  // The kinds drawn for a function at its parameters: f'' and d f / d theta only where
  // printed for them (GELU's f'' for its exact form, not the tanh one).
  function drawnKinds(state, name) {
    if (isGated(name)) return kindsOf(name);
    const higher = higherOf(name, { ...defaults(name), ...state.params[name] });
    const printed = { d2f: Boolean(higher.d2f), dp: Boolean(higher.dp[wrtOf(state, name)]) };
    return kindsOf(name).filter((kind) => printed[kind] !== false);
  }

  // What one curve is called in the legend and the caption.
  function symbol(name, kind, state) {
    if (kind === "f") return "f";
    if (kind === "d2f") return `f${DOUBLE_PRIME}`;
    if (kind === "dp") return partial(wrtOf(state, name));
    return isGated(name) ? partial(kind === "df" ? "b" : "a") : `f${PRIME}`;
  }

  // How the view names its input and layers: x, f(x), f'(x); with gated units only, the
  // gate input b, f(a, b) and df/db, which the f' layer draws for them.
  function terms(state) {
    if (state.functions.every(isGated)) {
      const df = partial("b");
      return { x: "b", f: "f(a, b)", df, slope: df, shade: `|${partial("a")}|, |${df}|` };
    }
    return { x: "x", f: "f(x)", df: `f${PRIME}(x)`, slope: `f${PRIME}`, shade: `|f${PRIME}|` };
  }

  // -------------------------------------------------------------------------
  // Number formatting (the tests format actlib's values the same way)
  // -------------------------------------------------------------------------

  // `digits` significant digits, trailing zeros dropped; fixed notation for
  // 1e-3 <= |v| < 1e5, else d.ddddde-n; U+2212 for minus.
  function formatNumber(v, digits = 6) {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "\u221e" : MINUS + "\u221e";
    if (v === 0) return "0";
    const a = Math.abs(v);
    let text;
    if (a >= 1e-3 && a < 1e5) {
      text = stripZeros(v.toPrecision(digits));
    } else {
      const [mantissa, exponent] = v.toExponential(digits - 1).split("e");
      text = `${stripZeros(mantissa)}e${Number(exponent)}`;
    }
    return text.replace(/-/g, MINUS);
  }

  function stripZeros(text) {
    return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
  }

  // -------------------------------------------------------------------------
  // 4a. State and the permalink
  // -------------------------------------------------------------------------

  // The default, [-8, 8], shows every kink of the hard functions (ReLU6's at 6 too).
  const PRESETS = [
    [-3, 3],
    [-8, 8],
    [-16, 16],
    [-40, 40],
  ];
  const LAYERS = ["f", "df", "d2f", "dp", "da", "shade"];
  // The layers only some functions have: their toggles show while one of those is drawn.
  const OPTIONAL_LAYERS = ["d2f", "dp"];
  const MAX_SPAN = 2000;
  const MIN_SPAN = 0.01;

  function initialState(names) {
    const params = {};
    for (const name of names) params[name] = defaults(name);
    return {
      functions: names,
      params,
      x: 1,
      lo: -8,
      hi: 8,
      // The y-range the reader set by hand; null while it fits what is drawn.
      ylo: null,
      yhi: null,
      show: { f: true, df: true, d2f: false, dp: false, da: true, shade: true },
      // The parameter each function's d f / d theta is drawn for, where the reader chose one.
      wrt: {},
    };
  }

  const manualY = (state) => state.ylo !== null && state.yhi !== null;

  // fn=relu,gelu&gelu.approximate=tanh&x=1.5&lo=-8&hi=8&show=f,df,da,shade, with
  // &ylo=-1&yhi=2 after hi once the reader has set y by hand (a link without them fits y),
  // and wrt.hardtanh=max_val where d f / d theta is not taken by the first parameter.
  function stateToHash(state) {
    const q = new URLSearchParams();
    q.set("fn", state.functions.join(","));
    for (const name of state.functions) {
      const base = defaults(name);
      for (const [key, value] of Object.entries(state.params[name])) {
        if (value !== base[key]) q.set(`${name}.${key}`, String(value));
      }
    }
    for (const name of state.functions) {
      const wrt = wrtOf(state, name);
      if (wrt && wrt !== partialParams(name)[0]) q.set(`wrt.${name}`, wrt);
    }
    q.set("x", String(state.x));
    q.set("lo", String(state.lo));
    q.set("hi", String(state.hi));
    if (manualY(state)) {
      q.set("ylo", String(state.ylo));
      q.set("yhi", String(state.yhi));
    }
    q.set("show", LAYERS.filter((k) => state.show[k]).join(","));
    return q.toString();
  }

  // Apply what a hash says on top of `state`; anything malformed is left out.
  function stateFromHash(hash, state, allowed) {
    const q = new URLSearchParams(hash.replace(/^#/, ""));
    if (!q.has("fn")) return state;
    const names = q
      .get("fn")
      .split(",")
      .filter((n) => allowed.includes(n));
    // the page's own x-range stays unless the link gives one
    if (names.length) state = { ...initialState(names), lo: state.lo, hi: state.hi, x: state.x };
    for (const name of state.functions) {
      for (const [key, param] of Object.entries(meta(name).params)) {
        const raw = q.get(`${name}.${key}`);
        if (raw === null) continue;
        const value = param.choices ? raw : Number(raw);
        if (param.slider && !(value >= param.slider[0] && value <= param.slider[1])) continue;
        const candidate = { ...state.params[name], [key]: value };
        if (!(bindParams(name, candidate) instanceof Error)) state.params[name] = candidate;
      }
      const wrt = q.get(`wrt.${name}`);
      if (wrt !== null && partialParams(name).includes(wrt)) state.wrt[name] = wrt;
    }
    const lo = Number(q.get("lo"));
    const hi = Number(q.get("hi"));
    if (q.has("lo") && q.has("hi") && hi - lo >= MIN_SPAN && hi - lo <= MAX_SPAN) {
      state.lo = lo;
      state.hi = hi;
    }
    const ylo = Number(q.get("ylo"));
    const yhi = Number(q.get("yhi"));
    if (q.has("ylo") && q.has("yhi") && validYRange(ylo, yhi)) {
      state.ylo = ylo;
      state.yhi = yhi;
    }
    const x = Number(q.get("x"));
    if (q.has("x") && Number.isFinite(x)) state.x = clamp(x, state.lo, state.hi);
    if (q.has("show")) {
      const shown = q.get("show").split(",");
      for (const layer of LAYERS) state.show[layer] = shown.includes(layer);
    }
    return state;
  }

  function validYRange(lo, hi) {
    const span = hi - lo;
    return Number.isFinite(span) && span > 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi));
  }

  function clamp(v, lo, hi) {
    return Math.min(Math.max(v, lo), hi);
  }

  // -------------------------------------------------------------------------
  // 4b. Sampling: curves, their jumps, the vanishing-gradient regions
  // -------------------------------------------------------------------------

  function linspace(lo, hi, n) {
    return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  }

  // The number with the fewest significant digits in [a, b] (0 if it is inside).
  function roundest(a, b) {
    if (a <= 0 && b >= 0) return 0;
    for (let digits = 1; digits <= 17; digits++) {
      const candidate = Number(((a + b) / 2).toPrecision(digits));
      if (candidate >= a && candidate <= b) return candidate;
    }
    return (a + b) / 2;
  }

  // Between two samples whose values differ by more than `tol`: bisect towards the
  // steepest half. A continuous curve's change drops below `tol`; a jump's does not.
  function findJump(g, a, b, ga, gb, tol) {
    for (let i = 0; i < 200 && b - a > 1e-12 * Math.max(1, Math.abs(a)); i++) {
      const m = a + (b - a) / 2;
      const gm = g(m);
      if (Math.abs(gm - ga) >= Math.abs(gb - gm)) {
        b = m;
        gb = gm;
      } else {
        a = m;
        ga = gm;
      }
      if (Math.abs(gb - ga) < tol) return null;
    }
    const x = roundest(a, b);
    return { x, left: ga, right: gb, at: g(x) };
  }

  function findJumps(g, xs, ys, tol) {
    const jumps = [];
    for (let i = 0; i + 1 < xs.length; i++) {
      if (Math.abs(ys[i + 1] - ys[i]) > tol) {
        const jump = findJump(g, xs[i], xs[i + 1], ys[i], ys[i + 1], tol);
        if (jump) jumps.push({ ...jump, after: i });
      }
    }
    return jumps;
  }

  // Where |f'| < threshold, as [lo, hi] intervals with edges found by bisection.
  function vanishingRegions(df, xs, threshold) {
    const inside = (x) => Math.abs(df(x)) < threshold;
    const edge = (a, b) => {
      const aInside = inside(a);
      for (let i = 0; i < 60; i++) {
        const m = a + (b - a) / 2;
        if (inside(m) === aInside) a = m;
        else b = m;
      }
      return roundest(Math.min(a, b), Math.max(a, b));
    };
    const regions = [];
    let start = null;
    for (let i = 0; i < xs.length; i++) {
      const now = inside(xs[i]);
      if (now && start === null) start = i === 0 ? xs[0] : edge(xs[i - 1], xs[i]);
      if (!now && start !== null) {
        regions.push([start, edge(xs[i - 1], xs[i])]);
        start = null;
      }
    }
    if (start !== null) regions.push([start, xs[xs.length - 1]]);
    return regions;
  }

  // Ticks at 1, 2 or 5 times a power of ten.
  function niceStep(raw) {
    const power = 10 ** Math.floor(Math.log10(raw));
    const m = raw / power;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
  }

  function ticks(lo, hi, count) {
    const step = niceStep((hi - lo) / count);
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Number(v.toPrecision(12)));
    }
    return { values: out, step };
  }

  function formatTick(v, step) {
    const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    return (Math.abs(v) < step / 2 ? 0 : v).toFixed(decimals).replace("-", MINUS);
  }

  // -------------------------------------------------------------------------
  // 4c. SVG drawing
  // -------------------------------------------------------------------------

  function svg(tag, attrs, parent) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function line(parent, x1, y1, x2, y2, className) {
    return svg("line", { x1, y1, x2, y2, class: className }, parent);
  }

  function svgText(parent, x, y, anchor, text) {
    const node = svg("text", { x, y, "text-anchor": anchor }, parent);
    node.textContent = text;
    return node;
  }

  function html(tag, attrs, parent, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  const MARGIN = { left: 46, right: 10, top: 10, bottom: 26 };

  // Curves, their jumps, the vanishing regions and the y-range of what is visible.
  function computeScene(state, width) {
    const xs = linspace(state.lo, state.hi, Math.max(200, Math.min(800, Math.round(width))));
    const series = [];
    const regions = [];
    for (const [index, name] of state.functions.entries()) {
      const fn = bind(name, state.params[name], false, wrtOf(state, name));
      for (const kind of kindsOf(name)) {
        // f'' may be printed for some parameters only (GELU's for its exact form)
        if (state.show[kind] && fn[kind])
          series.push({ name, index, kind, g: fn[kind], ys: xs.map(fn[kind]) });
      }
      // A gated unit passes almost no gradient back only where both its slopes are small.
      const slope = fn.da ? (x) => Math.max(Math.abs(fn.df(x)), Math.abs(fn.da(x))) : fn.df;
      if (state.show.shade) {
        regions.push({ name, index, spans: vanishingRegions(slope, xs, DATA.vanishingThreshold) });
      }
    }
    const [ymin, ymax] = manualY(state) ? [state.ylo, state.yhi] : fitY(series);
    const scene = { xs, series, regions, ymin, ymax };
    const tol = 0.002 * (scene.ymax - scene.ymin);
    for (const s of series) s.jumps = findJumps(s.g, xs, s.ys, tol);
    return scene;
  }

  // The y-range of the curves drawn, with a twentieth of their span to spare above and
  // below, so that sigmoid' is not squeezed under a range kept for values nothing reaches.
  // Infinities (e^x overflowing far out) are left out; a flat curve gets 1 either side.
  function fitY(series) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of series) {
      for (const y of s.ys) {
        if (!Number.isFinite(y)) continue;
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
    }
    if (!(lo <= hi)) return [-1, 1];
    const span = hi - lo;
    if (span <= 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi))) return [lo - 1, hi + 1];
    return [lo - 0.05 * span, hi + 0.05 * span];
  }

  function colourOf(state, index, kind) {
    if (state.functions.length === 1) return `var(--explorer-${kind})`;
    return `var(--explorer-c${index % DATA.themes.light.cycle.length})`;
  }

  function drawPlot(view, state) {
    const width = Math.max(260, view.width || 640);
    const height = Math.round(clamp(width * 0.6, 220, 400));
    view.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    view.svg.setAttribute("width", width);
    view.svg.setAttribute("height", height);
    view.svg.replaceChildren();
    view.scene = view.problem ? null : computeScene(state, width);
    if (!view.scene) return;
    const scene = view.scene;
    const px = (x) =>
      MARGIN.left + ((x - state.lo) / (state.hi - state.lo)) * (width - MARGIN.left - MARGIN.right);
    const py = (y) =>
      MARGIN.top +
      ((scene.ymax - y) / (scene.ymax - scene.ymin)) * (height - MARGIN.top - MARGIN.bottom);
    view.px = px;
    view.py = py;
    view.toX = (pixel) =>
      state.lo +
      ((pixel - MARGIN.left) / (width - MARGIN.left - MARGIN.right)) * (state.hi - state.lo);

    drawShading(view.svg, scene, state, px, height);
    drawAxes(view.svg, scene, state, px, py, width, height);
    const clipId = `${view.id}-clip`;
    const clip = svg("clipPath", { id: clipId }, view.svg);
    svg(
      "rect",
      {
        x: MARGIN.left,
        y: MARGIN.top,
        width: width - MARGIN.left - MARGIN.right,
        height: height - MARGIN.top - MARGIN.bottom,
      },
      clip,
    );
    const curves = svg("g", { "clip-path": `url(#${clipId})` }, view.svg);
    for (const s of scene.series) drawSeries(curves, s, scene.xs, state, px, py);
    view.cursor = svg("g", { class: "explorer__cursor" }, view.svg);
    drawCursor(view, state);
  }

  // One function: grey bands over the plot's full height. Several: a strip per
  // function along the bottom, in its colour, so the bands never hide each other.
  function drawShading(root, scene, state, px, height) {
    const single = state.functions.length === 1;
    const bottom = height - MARGIN.bottom;
    for (const region of scene.regions) {
      const top = single ? MARGIN.top : bottom - 7 * (region.index + 1);
      for (const [a, b] of region.spans) {
        const rect = svg(
          "rect",
          {
            x: px(a),
            y: top,
            width: Math.max(1, px(b) - px(a)),
            height: single ? bottom - top : 6,
            class: "explorer__vanishing",
          },
          root,
        );
        rect.style.fill = single ? "var(--explorer-vanishing)" : colourOf(state, region.index, "f");
        rect.style.fillOpacity = single ? "0.3" : "0.6";
      }
    }
  }

  function drawAxes(root, scene, state, px, py, width, height) {
    const axes = svg("g", { class: "explorer__axes" }, root);
    const [left, right, top, bottom] = [
      MARGIN.left,
      width - MARGIN.right,
      MARGIN.top,
      height - MARGIN.bottom,
    ];
    const xt = ticks(state.lo, state.hi, Math.max(3, Math.floor(width / 80)));
    const yt = ticks(scene.ymin, scene.ymax, Math.max(3, Math.floor(height / 50)));
    for (const v of xt.values) {
      line(axes, px(v), top, px(v), bottom, "explorer__grid");
      svgText(axes, px(v), bottom + 16, "middle", formatTick(v, xt.step));
    }
    for (const v of yt.values) {
      line(axes, left, py(v), right, py(v), "explorer__grid");
      svgText(axes, left - 6, py(v) + 4, "end", formatTick(v, yt.step));
    }
    if (state.lo <= 0 && state.hi >= 0) line(axes, px(0), top, px(0), bottom, "explorer__zero");
    line(axes, left, py(0), right, py(0), "explorer__zero");
  }

  // A curve as one path, lifted at each jump, with a filled dot at the value the
  // function takes at the jump and an open dot at the limit it does not take.
  function drawSeries(root, s, xs, state, px, py) {
    const colour = colourOf(state, s.index, s.kind);
    const jumpsAfter = new Map(s.jumps.map((j) => [j.after, j]));
    let d = "";
    let pen = "M";
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isFinite(s.ys[i])) {
        pen = "M";
        continue;
      }
      d += `${pen}${px(xs[i]).toFixed(1)},${py(s.ys[i]).toFixed(1)}`;
      pen = "L";
      const jump = jumpsAfter.get(i);
      if (jump) {
        d += `L${px(jump.x).toFixed(1)},${py(jump.left).toFixed(1)}M${px(jump.x).toFixed(1)},${py(jump.right).toFixed(1)}`;
      }
    }
    const path = svg("path", { d, class: `explorer__curve explorer__curve--${s.kind}` }, root);
    path.style.stroke = colour;
    for (const jump of s.jumps) {
      for (const limit of [jump.left, jump.right]) {
        if (limit !== jump.at) dot(root, px(jump.x), py(limit), colour, false);
      }
      dot(root, px(jump.x), py(jump.at), colour, true);
    }
  }

  function dot(root, cx, cy, colour, filled) {
    const c = svg(
      "circle",
      { cx, cy, r: 3.5, class: filled ? "explorer__dot" : "explorer__dot explorer__dot--open" },
      root,
    );
    c.style.stroke = colour;
    c.style.fill = filled ? colour : "var(--md-default-bg-color)";
  }

  function drawCursor(view, state) {
    if (!view.cursor || !view.scene) return;
    const { px, py, scene } = view;
    view.cursor.replaceChildren();
    line(
      view.cursor,
      px(state.x),
      MARGIN.top,
      px(state.x),
      py(scene.ymin),
      "explorer__cursor-line",
    );
    for (const s of scene.series) {
      const y = s.g(state.x);
      if (!Number.isFinite(y) || y < scene.ymin || y > scene.ymax) continue;
      dot(view.cursor, px(state.x), py(y), colourOf(state, s.index, s.kind), true);
    }
  }

  // -------------------------------------------------------------------------
  // 4d. Controls, readout, caption
  // -------------------------------------------------------------------------

  let counter = 0;

  // What the filter compares: lower case, letters and digits only, so that "leaky relu",
  // "LeakyReLU" and "leaky_relu" all find Leaky ReLU.
  const searchable = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "");

  // The picker: the functions on the plot as chips (each removes its own), a filter, and
  // every function the explorer can draw under its family's title, in the site's order.
  function buildFunctionPicker(view) {
    const fieldset = html("fieldset", { class: "explorer__functions" }, view.controls);
    const legend = html("legend", {}, fieldset, "Functions ");
    view.chosenCount = html("span", { class: "explorer__count" }, legend);
    view.chosen = html("ul", { class: "explorer__chosen", "aria-label": "On the plot" }, fieldset);
    const search = html("div", { class: "explorer__filter" }, fieldset);
    const filterId = `${view.id}-filter`;
    const countId = `${view.id}-matches`;
    html("label", { for: filterId }, search, "Filter");
    const filter = html(
      "input",
      {
        type: "search",
        id: filterId,
        autocomplete: "off",
        spellcheck: "false",
        placeholder: "name or alias",
        "aria-describedby": countId,
      },
      search,
    );
    const matches = html(
      "span",
      { id: countId, class: "explorer__matches", "aria-live": "polite" },
      search,
    );
    const list = html("div", { class: "explorer__families" }, fieldset);
    view.pickerBoxes = [];
    view.pickerFamilies = [];
    for (const group of DATA.families) {
      const fns = group.members.filter(drawable).map(meta);
      if (!fns.length) continue;
      const titleId = `${view.id}-family-${group.family}`;
      const family = html(
        "div",
        { class: "explorer__family", role: "group", "aria-labelledby": titleId },
        list,
      );
      html("span", { id: titleId, class: "explorer__family-name" }, family, group.title);
      view.pickerFamilies.push(family);
      for (const fn of fns) {
        const id = `${view.id}-fn-${fn.name}`;
        const label = html("label", { for: id, class: "explorer__chip" }, family);
        const box = html("input", { type: "checkbox", id, value: fn.name }, label);
        box.checked = view.state.functions.includes(fn.name);
        label.append(fn.display);
        box.dataset.search = [fn.name, fn.display, ...(fn.aliases || [])].map(searchable).join(" ");
        view.pickerBoxes.push(box);
        box.addEventListener("change", () => {
          if (!choose(view, view.pickerBoxes.filter((b) => b.checked).map((b) => b.value)))
            box.checked = true; // at least one function stays on the plot
        });
      }
    }
    const visible = () => view.pickerBoxes.filter((b) => !b.parentElement.hidden);
    filter.addEventListener("input", () => {
      const query = searchable(filter.value);
      for (const box of view.pickerBoxes)
        box.parentElement.hidden = Boolean(query) && !box.dataset.search.includes(query);
      for (const family of view.pickerFamilies)
        family.hidden = !family.querySelector("label:not([hidden])");
      const found = visible().length;
      matches.textContent = !query
        ? ""
        : found
          ? `${found} ${found === 1 ? "match" : "matches"}`
          : "no function matches";
    });
    // Enter puts the first match not yet drawn on the plot; the down arrow goes to the list.
    filter.addEventListener("keydown", (event) => {
      const shown = visible();
      if (event.key === "ArrowDown" && shown.length) {
        event.preventDefault();
        shown[0].focus();
      } else if (event.key === "Enter") {
        event.preventDefault();
        const next = shown.find((b) => !b.checked);
        if (!next) return;
        next.checked = true;
        choose(view, view.pickerBoxes.filter((b) => b.checked).map((b) => b.value));
        filter.select();
      }
    });
  }

  // Draw these functions, in the picker's order, each keeping its parameters; false if
  // none is left, since at least one stays on the plot.
  function choose(view, names) {
    if (!names.length) return false;
    const params = view.state.params;
    view.state.params = Object.fromEntries(names.map((n) => [n, params[n] || defaults(n)]));
    view.state.functions = names;
    update(view, { controls: true });
    return true;
  }

  // The chips of the functions on the plot; the picker's boxes follow the state.
  function updateChosen(view) {
    if (!view.chosen) return;
    const names = view.state.functions;
    for (const box of view.pickerBoxes) box.checked = names.includes(box.value);
    view.chosenCount.textContent = `(${names.length} on the plot)`;
    const focused = view.chosen.contains(document.activeElement)
      ? [...view.chosen.querySelectorAll("button")].indexOf(document.activeElement)
      : -1;
    view.chosen.replaceChildren();
    for (const [index, name] of names.entries()) {
      const item = html("li", {}, view.chosen);
      const display = meta(name).display;
      const chip = html(
        "button",
        {
          type: "button",
          class: "explorer__button explorer__remove",
          "aria-label": `Remove ${display}`,
        },
        item,
      );
      const swatch = html("span", { class: "explorer__swatch", "aria-hidden": "true" }, chip);
      swatch.style.background = colourOf(view.state, index, "f");
      chip.append(display);
      html("span", { class: "explorer__cross", "aria-hidden": "true" }, chip, "\u00d7");
      chip.disabled = names.length === 1;
      chip.addEventListener("click", () => choose(view, names.filter((n) => n !== name)));
    }
    // Removing a chip keeps the keyboard among the chips: on the one now in its place.
    if (focused >= 0) {
      const buttons = [...view.chosen.querySelectorAll("button:not(:disabled)")];
      const next = buttons[Math.min(focused, buttons.length - 1)];
      if (next) next.focus();
      else view.root.querySelector(".explorer__filter input").focus();
    }
  }

  function buildLayerToggles(view) {
    const group = html(
      "div",
      { class: "explorer__layers", role: "group", "aria-label": "What to draw" },
      view.controls,
    );
    view.layerLabels = {};
    view.layerToggles = {};
    for (const layer of LAYERS) {
      const id = `${view.id}-show-${layer}`;
      const label = html(
        "label",
        { for: id, class: `explorer__toggle explorer__toggle--${layer}` },
        group,
      );
      const box = html("input", { type: "checkbox", id }, label);
      box.checked = view.state.show[layer];
      html("span", { class: "explorer__swatch", "aria-hidden": "true" }, label);
      view.layerLabels[layer] = html("span", {}, label);
      view.layerToggles[layer] = label;
      box.addEventListener("change", () => {
        view.state.show[layer] = box.checked;
        update(view, {});
      });
    }
  }

  // The layers' names follow the functions drawn (f(x), or f(a, b) for gated units).
  function updateLayerLabels(view) {
    const words = terms(view.state);
    const labels = {
      f: words.f,
      df: words.df,
      d2f: `f${DOUBLE_PRIME}(${words.x})`,
      dp: dpWord(view.state),
      da: partial("a"),
      shade: `shade ${words.shade} < ${DATA.vanishingThreshold}`,
    };
    for (const layer of LAYERS) view.layerLabels[layer].textContent = labels[layer];
    // f'' and d f / d theta are offered while a function on the plot has them.
    for (const layer of OPTIONAL_LAYERS) {
      view.layerToggles[layer].hidden = !view.state.functions.some((n) =>
        kindsOf(n).includes(layer),
      );
    }
  }

  function buildRangeControls(view) {
    const group = html(
      "div",
      { class: "explorer__range", role: "group", "aria-label": "x range" },
      view.controls,
    );
    const id = `${view.id}-range`;
    html("label", { for: id }, group, "x range");
    const select = html("select", { id }, group);
    for (const [lo, hi] of PRESETS) {
      html(
        "option",
        { value: `${lo},${hi}` },
        select,
        `${formatNumber(lo)} to ${formatNumber(hi)}`,
      );
    }
    html("option", { value: "custom", disabled: "" }, select, "custom");
    select.addEventListener("change", () => {
      const [lo, hi] = select.value.split(",").map(Number);
      setRange(view, lo, hi);
    });
    const zoomIn = html(
      "button",
      { type: "button", class: "explorer__button explorer__zoom", "aria-label": "Zoom in" },
      group,
      "+",
    );
    const zoomOut = html(
      "button",
      { type: "button", class: "explorer__button explorer__zoom", "aria-label": "Zoom out" },
      group,
      MINUS,
    );
    zoomIn.addEventListener("click", () => zoom(view, 0.5));
    zoomOut.addEventListener("click", () => zoom(view, 2));
    view.rangeSelect = select;
  }

  // y fits the curves drawn until the reader types a bound; Fit y hands it back.
  function buildYRangeControls(view) {
    const group = html(
      "div",
      { class: "explorer__range explorer__yrange", role: "group", "aria-label": "y range" },
      view.controls,
    );
    const input = (bound, text) => {
      const id = `${view.id}-y${bound}`;
      html("label", { for: id }, group, text);
      const field = html(
        "input",
        { type: "number", id, step: "any", class: "explorer__ybound", inputmode: "decimal" },
        group,
      );
      field.addEventListener("change", () => {
        const lo = Number(view.yInputs.lo.value);
        const hi = Number(view.yInputs.hi.value);
        if (view.yInputs.lo.value !== "" && view.yInputs.hi.value !== "" && validYRange(lo, hi)) {
          view.state.ylo = lo;
          view.state.yhi = hi;
          update(view, {});
        } else {
          syncYInputs(view, { force: true }); // an empty or reversed range: back to what is drawn
        }
      });
      return field;
    };
    view.yInputs = { lo: input("lo", "y from"), hi: input("hi", "to") };
    view.fitButton = html(
      "button",
      { type: "button", class: "explorer__button explorer__fit" },
      group,
      "Fit y",
    );
    view.fitButton.setAttribute("aria-label", "Fit y to the curves drawn");
    view.fitButton.addEventListener("click", () => {
      view.state.ylo = null;
      view.state.yhi = null;
      update(view, {});
    });
  }

  // The y bounds as drawn: the reader's, or the fitted ones to 3 digits. A field being
  // typed in is left alone, unless `force`.
  function syncYInputs(view, { force } = {}) {
    if (!view.yInputs) return;
    const { state, scene } = view;
    const bounds = manualY(state)
      ? { lo: state.ylo, hi: state.yhi }
      : scene
        ? { lo: Number(scene.ymin.toPrecision(3)), hi: Number(scene.ymax.toPrecision(3)) }
        : null;
    for (const key of ["lo", "hi"]) {
      const field = view.yInputs[key];
      if (bounds && (force || document.activeElement !== field)) field.value = String(bounds[key]);
    }
  }

  function buildParamControls(view) {
    view.params.replaceChildren();
    for (const name of view.state.functions) {
      const fn = meta(name);
      const keys = Object.keys(fn.params);
      if (!keys.length) continue;
      const fieldset = html("fieldset", { class: "explorer__param-group" }, view.params);
      html("legend", {}, fieldset, `${fn.display} parameters`);
      for (const key of keys) buildParam(view, fieldset, fn, key);
      buildWrtChoice(view, fieldset, fn);
      const reset = html(
        "button",
        { type: "button", class: "explorer__button explorer__reset" },
        fieldset,
        "Defaults",
      );
      reset.setAttribute("aria-label", `Reset ${fn.display} parameters to their defaults`);
      reset.addEventListener("click", () => {
        view.state.params[name] = defaults(name);
        update(view, { controls: true });
      });
    }
  }

  function buildParam(view, fieldset, fn, key) {
    const param = fn.params[key];
    const id = `${view.id}-${fn.name}-${key}`;
    const row = html("div", { class: "explorer__param" }, fieldset);
    const shownDefault = param.choices ? param.default : formatNumber(param.default);
    html("label", { for: id }, row, `${key} (default ${shownDefault})`);
    const value = view.state.params[fn.name][key];
    if (param.choices) {
      const select = html("select", { id }, row);
      for (const choice of param.choices) html("option", { value: choice }, select, choice);
      select.value = value;
      select.addEventListener("change", () => setParam(view, fn.name, key, select.value));
      return;
    }
    const [lo, hi, step] = param.slider;
    // The slider and its value wrap together, so on a phone the value stays beside it.
    const pair = html("span", { class: "explorer__slide" }, row);
    const slider = html("input", { type: "range", id, min: lo, max: hi, step, value }, pair);
    const output = html("output", { for: id }, pair, formatNumber(value));
    slider.addEventListener("input", () => {
      output.textContent = formatNumber(Number(slider.value));
      setParam(view, fn.name, key, Number(slider.value));
    });
  }

  // Which parameter d f / d theta is drawn for, where the function has more than one.
  function buildWrtChoice(view, fieldset, fn) {
    const keys = partialParams(fn.name);
    if (keys.length < 2) return;
    const id = `${view.id}-${fn.name}-wrt`;
    const row = html("div", { class: "explorer__param explorer__wrt" }, fieldset);
    html("label", { for: id }, row, `${partial("\u03b8")} for \u03b8 =`);
    const select = html("select", { id }, row);
    for (const key of keys) html("option", { value: key }, select, key);
    select.value = wrtOf(view.state, fn.name);
    select.addEventListener("change", () => {
      view.state.wrt = { ...view.state.wrt, [fn.name]: select.value };
      update(view, {});
    });
  }

  function setParam(view, name, key, value) {
    view.state.params[name] = { ...view.state.params[name], [key]: value };
    update(view, {});
  }

  function setRange(view, lo, hi) {
    const state = view.state;
    state.lo = Number(lo.toPrecision(12));
    state.hi = Number(hi.toPrecision(12));
    state.x = clamp(state.x, state.lo, state.hi);
    update(view, {});
  }

  function zoom(view, factor) {
    const { lo, hi, x } = view.state;
    const span = clamp((hi - lo) * factor, MIN_SPAN, MAX_SPAN);
    const centre = clamp(x, lo, hi);
    const t = (centre - lo) / (hi - lo);
    setRange(view, centre - t * span, centre + (1 - t) * span);
  }

  // Keep the cursor on a grid of round numbers: 1/1000 of the visible span.
  function snap(x, state) {
    const q = 10 ** (Math.floor(Math.log10(state.hi - state.lo)) - 3);
    return clamp(Number((Math.round(x / q) * q).toPrecision(12)), state.lo, state.hi);
  }

  function moveCursor(view, x) {
    view.state.x = x;
    drawCursor(view, view.state);
    updateReadout(view);
    writeHash(view);
  }

  function onKey(view, event) {
    const state = view.state;
    const step = niceStep((state.hi - state.lo) / 100);
    const big = niceStep((state.hi - state.lo) / 10);
    const moves = {
      ArrowLeft: -step,
      ArrowDown: -step,
      ArrowRight: step,
      ArrowUp: step,
      PageDown: -big,
      PageUp: big,
    };
    let x = state.x;
    if (event.key in moves) x += event.shiftKey ? 10 * moves[event.key] : moves[event.key];
    else if (event.key === "Home") x = state.lo;
    else if (event.key === "End") x = state.hi;
    else if (event.key === "+" || event.key === "=")
      return void (event.preventDefault(), zoom(view, 0.5));
    else if (event.key === "-" || event.key === "_")
      return void (event.preventDefault(), zoom(view, 2));
    else return;
    event.preventDefault();
    moveCursor(view, clamp(Number(x.toPrecision(12)), state.lo, state.hi));
  }

  function onPointer(view, event) {
    if (!view.toX) return;
    const box = view.svg.getBoundingClientRect();
    const pixel = ((event.clientX - box.left) / box.width) * Number(view.svg.getAttribute("width"));
    moveCursor(view, snap(view.toX(pixel), view.state));
  }

  function buildPlot(view) {
    const figure = html("figure", { class: "explorer__figure" }, view.root);
    view.plot = html(
      "div",
      {
        class: "explorer__plot",
        tabindex: "0",
        role: "slider",
        "aria-label": "Cursor position x (arrow keys move it, + and \u2212 zoom)",
        "aria-describedby": `${view.id}-caption`,
      },
      figure,
    );
    view.svg = svg(
      "svg",
      { class: "explorer__svg", "aria-hidden": "true", focusable: "false" },
      view.plot,
    );
    view.message = html("p", { class: "explorer__message", role: "alert" }, figure);
    view.caption = html(
      "figcaption",
      { id: `${view.id}-caption`, class: "explorer__caption" },
      figure,
    );
    view.plot.addEventListener("keydown", (e) => onKey(view, e));
    for (const type of ["pointerdown", "pointermove"])
      view.plot.addEventListener(type, (e) => onPointer(view, e));
  }

  // Right under the plot, above its caption: the values at the cursor stay in the first
  // screen with the plot, however long the caption grows.
  function buildReadout(view) {
    view.readout = html("div", {
      class: "explorer__readout",
      "aria-live": "polite",
      "aria-atomic": "true",
    });
    view.plot.after(view.readout);
  }

  function buildFooter(view) {
    const footer = html("p", { class: "explorer__footer" }, view.root);
    view.link = html(
      "a",
      { class: "explorer__permalink" },
      footer,
      view.compact ? "Open in the full explorer" : "Permalink to this view",
    );
  }

  // A function's name, with the value a it is drawn at if it is a gated unit.
  function nameAt(state, name) {
    const at = isGated(name) ? ` at a = ${formatNumber(state.params[name].a)}` : "";
    return meta(name).display + at;
  }

  function updateReadout(view) {
    const state = view.state;
    const words = terms(state);
    const at = `${words.x} = ${formatNumber(state.x)}`;
    view.plot.setAttribute("aria-valuemin", state.lo);
    view.plot.setAttribute("aria-valuemax", state.hi);
    view.plot.setAttribute("aria-valuenow", state.x);
    view.plot.setAttribute("aria-valuetext", at);
    if (view.problem) {
      view.readout.textContent = "";
      return;
    }
    view.readout.replaceChildren();
    html("p", { class: "explorer__x" }, view.readout, at);
    const table = html("table", { class: "explorer__values" }, view.readout);
    const head = html("tr", {}, html("thead", {}, table));
    const gated = state.functions.some(isGated);
    // f'' and d f / d theta get a column while their layer is drawn for some function.
    const drawn = (layer) => state.functions.some((n) => drawnKinds(state, n).includes(layer));
    const extra = OPTIONAL_LAYERS.filter((layer) => state.show[layer] && drawn(layer));
    const titles = { d2f: `f${DOUBLE_PRIME}(${words.x})`, dp: dpWord(state) };
    const kinds = ["f", "df", ...extra, ...(gated ? ["da"] : [])];
    const headings = { f: words.f, df: words.df, da: partial("a"), ...titles };
    for (const title of ["Function", ...kinds.map((k) => headings[k])])
      html("th", { scope: "col" }, head, title);
    const body = html("tbody", {}, table);
    for (const [index, name] of state.functions.entries()) {
      const fn = bind(name, state.params[name], false, wrtOf(state, name));
      const row = html("tr", { "data-function": name }, body);
      const cell = html("th", { scope: "row" }, row);
      const swatch = html("span", { class: "explorer__swatch", "aria-hidden": "true" }, cell);
      swatch.style.background = colourOf(state, index, "f");
      cell.append(nameAt(state, name));
      for (const kind of kinds) {
        const value = fn[kind] ? formatNumber(fn[kind](state.x)) : "";
        const td = html("td", { class: `explorer__${kind}` }, row, value);
        if (kind === "dp" && fn.dp) td.dataset.wrt = wrtOf(state, name);
      }
    }
  }

  function describeRegions(spans, state, x) {
    const parts = spans.map(([a, b]) => {
      const atLo = a <= state.lo;
      const atHi = b >= state.hi;
      if (atLo && atHi) return "everywhere in view";
      if (atLo) return `${x} < ${formatNumber(b, 3)}`;
      if (atHi) return `${x} > ${formatNumber(a, 3)}`;
      return `${formatNumber(a, 3)} < ${x} < ${formatNumber(b, 3)}`;
    });
    return parts.length ? parts.join(" and ") : "nowhere in view";
  }

  function updateCaption(view) {
    const { state, scene } = view;
    if (!scene) {
      view.caption.textContent = "";
      return;
    }
    const words = terms(state);
    const gated = state.functions.some(isGated);
    const names = state.functions.map((n) => nameAt(state, n));
    const has = (layer) => state.functions.some((n) => drawnKinds(state, n).includes(layer));
    const dpName = dpWord(state);
    const shown = [
      state.show.f && "f",
      state.show.df && words.slope,
      state.show.d2f && has("d2f") && `f${DOUBLE_PRIME}`,
      state.show.dp && has("dp") && dpName,
      state.show.da && gated && partial("a"),
    ].filter(Boolean);
    const layers = shown.length ? new Intl.ListFormat("en").format(shown) : "nothing";
    let text = `Plot of ${layers} for ${names.join(", ")} on ${formatNumber(state.lo)} \u2264 ${words.x} \u2264 ${formatNumber(state.hi)}.`;
    if (gated && words.x === "x") text += " Gated units are drawn against their gate input b = x.";
    if (shown.length > 1 && state.functions.length === 1) {
      const styles = {
        f: "solid",
        [words.slope]: "dashed",
        [`f${DOUBLE_PRIME}`]: "dash-dotted",
        [dpName]: "finely dashed",
        [partial("a")]: "dotted",
      };
      const list = shown.map((layer) => `${styles[layer]}: ${layer}`).join("; ");
      text += ` ${list[0].toUpperCase()}${list.slice(1)}.`;
    }
    if (state.show.shade) {
      for (const region of scene.regions) {
        const display = meta(region.name).display;
        const where = isGated(region.name)
          ? `both |${partial("a")}| and |${partial("b")}| of ${display}`
          : `|${display}${PRIME}(x)|`;
        text += ` Shaded where ${where} < ${DATA.vanishingThreshold}: ${describeRegions(region.spans, state, words.x)}.`;
      }
    }
    for (const s of scene.series) {
      for (const jump of s.jumps) {
        const kind =
          s.kind === "f"
            ? ""
            : isGated(s.name) || s.kind === "dp"
              ? ` ${symbol(s.name, s.kind, state)}`
              : { df: PRIME, d2f: DOUBLE_PRIME }[s.kind];
        const label = meta(s.name).display + kind;
        text += ` ${label} jumps at ${words.x} = ${formatNumber(jump.x, 3)}, where it takes ${formatNumber(jump.at, 3)}.`;
      }
    }
    view.caption.textContent = text;
  }

  function buildLegend(view) {
    view.legend = html("div", { class: "explorer__legend", "aria-hidden": "true" }, view.root);
  }

  function updateLegend(view) {
    const { state } = view;
    view.legend.replaceChildren();
    for (const [index, name] of state.functions.entries()) {
      for (const kind of drawnKinds(state, name)) {
        if (!state.show[kind]) continue;
        const item = html("span", { class: `explorer__key explorer__key--${kind}` }, view.legend);
        const line = html("span", { class: "explorer__key-line" }, item);
        line.style.borderColor = colourOf(state, index, kind);
        line.style.color = colourOf(state, index, kind); // the dash-dotted keys' gradient
        item.append(
          (state.functions.length > 1 ? meta(name).display + " " : "") +
            symbol(name, kind, state),
        );
      }
    }
  }

  // The permalink's href follows every change; the address bar follows once the reader
  // has changed something, at most every 200 ms (browsers throttle history updates).
  function writeHash(view, { initial } = {}) {
    const hash = stateToHash(view.state);
    if (view.compact) {
      view.link.href = new URL(`explorer/#${hash}`, SITE_ROOT).href;
      return;
    }
    view.link.href = `#${hash}`;
    if (!view.ownsHash || initial) return;
    clearTimeout(view.hashTimer);
    view.hashTimer = setTimeout(() => {
      if (view.root.isConnected) history.replaceState(history.state, "", `#${hash}`);
    }, 200);
  }

  function syncRangeSelect(view) {
    const key = `${view.state.lo},${view.state.hi}`;
    const preset = PRESETS.some(([lo, hi]) => `${lo},${hi}` === key);
    view.rangeSelect.value = preset ? key : "custom";
  }

  // Redraw everything that depends on the state; `controls` rebuilds the sliders too.
  function update(view, { controls, initial }) {
    if (controls) {
      buildParamControls(view);
      updateChosen(view);
    }
    view.root.classList.toggle("explorer--multi", view.state.functions.length > 1);
    view.root.classList.toggle("explorer--gated", view.state.functions.some(isGated));
    updateLayerLabels(view);
    syncRangeSelect(view);
    view.problem = paramProblem(view.state);
    view.message.textContent = view.problem || "";
    redraw(view);
    updateReadout(view);
    updateLegend(view);
    writeHash(view, { initial });
  }

  // The plot and its text alternative, once the explorer has come near the screen.
  function redraw(view) {
    if (!view.visible) {
      // The caption is written now, not once the plot is drawn: above the controls and
      // the readout, in view on load, its text arriving later would push them down.
      const width = Math.max(260, view.width || 640);
      view.scene = view.problem ? null : computeScene(view.state, width);
      updateCaption(view);
      syncYInputs(view);
      return;
    }
    drawPlot(view, view.state);
    updateCaption(view);
    syncYInputs(view);
  }

  // What is wrong with the parameters (hardtanh's min_val >= max_val, say), or null.
  function paramProblem(state) {
    for (const name of state.functions) {
      const bound = bindParams(name, state.params[name]);
      if (bound instanceof Error) return bound.message;
    }
    return null;
  }

  // -------------------------------------------------------------------------
  // 5. Mounting
  // -------------------------------------------------------------------------

  const STATES = new WeakMap();
  const mounted = new Set();

  // The figures' colours, per Material colour scheme, as CSS variables (once per page
  // load: the <head> survives instant navigation).
  function installThemeColours() {
    if (document.getElementById("explorer-theme-colours")) return;
    const rule = (selector, theme) => {
      // A gated unit's df/da takes the first colour of the cycle, as in its figure.
      // f'' and d f / d theta take the next two.
      const vars = {
        f: theme.f,
        df: theme.df,
        da: theme.cycle[0],
        d2f: theme.cycle[1],
        dp: theme.cycle[2],
        vanishing: theme.vanishing,
      };
      theme.cycle.forEach((colour, i) => (vars[`c${i}`] = colour));
      const body = Object.entries(vars)
        .map(([k, v]) => `--explorer-${k}: ${v};`)
        .join(" ");
      return `${selector} { ${body} }`;
    };
    const style = html("style", { id: "explorer-theme-colours" }, document.head);
    style.textContent = [
      rule(".explorer", DATA.themes.light),
      rule('[data-md-color-scheme="slate"] .explorer', DATA.themes.dark),
    ].join("\n");
  }

  function mount(root) {
    const compact = root.dataset.explorer === "compact";
    const available = ALL.map((fn) => fn.name).filter(drawable);
    const requested = (root.dataset.functions || "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const missing = requested.filter((n) => !available.includes(n));
    if (missing.length) throw new Error(`explorer: unknown function(s) ${missing.join(", ")}`);
    let state = initialState(
      requested.length ? (compact ? requested.slice(0, 1) : requested) : [available[0]],
    );
    // A page may open on a narrower x-range than [-8, 8] (data-range="-3,3"), so that a
    // fitted y-range does not squeeze the sigmoid and the derivatives under ReLU's 8.
    if (root.dataset.range) {
      const [lo, hi] = root.dataset.range.split(",").map(Number);
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
        throw new Error(`explorer: data-range="${root.dataset.range}" is not "lo,hi" with lo < hi`);
      }
      Object.assign(state, { lo, hi, x: Math.min(Math.max(state.x, lo), hi) });
    }
    const ownsHash = !compact && !document.querySelector(".explorer[data-explorer-owns-hash]");
    if (ownsHash) {
      root.dataset.explorerOwnsHash = "";
      state = stateFromHash(location.hash, state, available);
    }
    root.replaceChildren();
    root.classList.add(compact ? "explorer--compact" : "explorer--full");
    const view = { root, state, compact, ownsHash, id: `explorer-${++counter}` };
    // The plot and its readout come first: they are what a reader came for, and below
    // the list of functions they started under the fold of a laptop and far down a phone.
    buildPlot(view);
    buildLegend(view);
    buildReadout(view);
    view.controls = html("div", { class: "explorer__controls" }, root);
    if (!compact) buildFunctionPicker(view);
    buildLayerToggles(view);
    buildRangeControls(view);
    if (!compact) buildYRangeControls(view);
    view.params = html("div", { class: "explorer__params" }, root);
    buildFooter(view);
    STATES.set(root, view);
    mounted.add(view);
    return view;
  }

  // Controls and readout first, then the plot in a task of its own once it is within
  // 300 px of the screen (mounting and drawing are two short tasks, not one long one),
  // and again whenever its width changes (a rotated phone).
  function start(view) {
    update(view, { controls: true, initial: true });
    const show = () => {
      view.visible = true;
      redraw(view);
    };
    if (!("IntersectionObserver" in window && "ResizeObserver" in window)) return show();
    const near = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        near.disconnect();
        setTimeout(show);
      },
      { rootMargin: "300px" },
    );
    const resize = new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width);
      if (width === view.width) return;
      view.width = width;
      redraw(view);
    });
    near.observe(view.plot);
    resize.observe(view.plot);
    view.observers = [near, resize];
  }

  // Each explorer mounts as it comes within 300 px of the screen, in a task of its own:
  // a function page has one per card, and one far down need not cost the first screen
  // anything, nor make the browser lay out the section it sits in (deferred_layout.py).
  let approaching = null;

  function mountNow(root) {
    if (!root.isConnected || "explorerMounted" in root.dataset) return;
    root.dataset.explorerMounted = "";
    let view;
    try {
      view = mount(root);
    } catch (err) {
      root.textContent = `The explorer could not start: ${err.message}`;
      throw err;
    }
    view.width = Math.round(view.plot.clientWidth);
    start(view);
  }

  function mountAll() {
    // Instant navigation swaps the page content: let go of explorers that left it.
    for (const view of mounted) {
      if (!view.root.isConnected) {
        for (const observer of view.observers || []) observer.disconnect();
        mounted.delete(view);
      }
    }
    if (!DATA) return;
    installThemeColours();
    const roots = document.querySelectorAll("div.explorer:not([data-explorer-mounted])");
    if (!roots.length) return;
    withHigher(() => observeRoots(roots));
  }

  function observeRoots(roots) {
    if (!("IntersectionObserver" in window)) return roots.forEach(mountNow);
    if (approaching) approaching.disconnect();
    approaching = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          approaching.unobserve(entry.target);
          setTimeout(() => mountNow(entry.target));
        }
      },
      { rootMargin: "300px 0px" },
    );
    roots.forEach((root) => approaching.observe(root));
  }

  window.actlibExplorer = {
    formulas: FORMULAS,
    printed: PRINTED,
    evaluate,
    // {f, df} as functions of x, the parameters bound: what the playground trains with.
    bind: (name, params) => bind(name, params || {}),
    erf,
    erfc,
    formatNumber,
    names: () => DATA.functions.map((fn) => fn.name),
    stateOf: (root) => (STATES.has(root) ? structuredClone(STATES.get(root).state) : null),
    // [ymin, ymax] of the plot as drawn, or null before it is drawn.
    yRangeOf: (root) => {
      const scene = STATES.has(root) && STATES.get(root).scene;
      return scene ? [scene.ymin, scene.ymax] : null;
    },
    mountAll,
  };

  if (typeof document$ !== "undefined") {
    document$.subscribe(mountAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
