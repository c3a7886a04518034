/*
 * The activation formulas, with no DOM: Node runs this module as the browser does
 * (tests/modules/formulas.test.mjs).
 *
 *   1. Special functions (erf/erfc after W. J. Cody) and the stable helpers.
 *   2. FORMULAS: hand-written {f, df} pairs in numerically stable forms like actlib's
 *      (no overflow, no cancellation in the tails; where actlib uses a longer rational
 *      form, e.g. Mish, a shorter one of the same accuracy), with the textbook form in
 *      a comment. They are optional: an activation without one is drawn with the
 *      formulas its registry entry prints (3). Where both exist, the stable form wins.
 *      tests/modules/formulas.test.mjs pins every pair to actlib on a dense grid (relative
 *      difference <= 1e-9), so this is not a second copy of the math that could drift:
 *      a change on either side fails it.
 *   3. createFormulas(data): everything else comes from the registry data that
 *      scripts/generators/explorer_data.py writes from actlib at build time (in the
 *      browser, window.actlibExplorerData): the list of activations, display names,
 *      families, parameters (defaults, slider ranges, choices), SELU's constants, and f
 *      and f' as the registry prints them, compiled from their LaTeX to JavaScript
 *      (`printed`; the tests pin these to actlib too). The gated linear units,
 *      f(a, b) = a g(b), come as the name of their element-wise gate g: they are drawn
 *      against the gate input b with the gate's formulas, the value a a parameter; one
 *      whose parameters reshape the gate (gpt-oss's clamps) is drawn by its own printed
 *      f, df/db and df/da (`own`). f'' and d f / d theta are taken from the printed
 *      formulas only (`printedHigher`, which data gains when explorer-higher.js loads).
 */


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

/** The error function, relative error below 1e-16 (Cody's CALERF). @param {number} x */
export function erf(x) {
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x);
  const tail = erfcPositive(y);
  return x > 0 ? 1 - tail : tail - 1;
}

/** The complementary error function, 1 - erf(x), with relative precision in the tail. @param {number} x */
export function erfc(x) {
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

export const FORMULAS = {
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

/**
 * The registry's activations and their formulas, from the data explorer_data.py writes
 * (window.actlibExplorerData in the browser; the same object, read from the generated
 * script, in Node).
 * @param {object | undefined} data the registry data; without it, no activations
 * @returns {object} meta, defaults, bindParams, bind (f and f'), the printed formulas and
 *   the helpers below; withDerivatives adds f'' and d f / d theta
 */
export function createFormulas(data) {
  const DATA = data;
  // The element-wise activations, then the gated units (each with a `gate`).
  const ALL = DATA ? [...DATA.functions, ...DATA.gated] : [];
  const BY_NAME = new Map(ALL.map((fn) => [fn.name, fn]));

  // f and f' as the registry prints them, compiled at build time: {f, df, at}, where `at`
  // holds the choices of a categorical parameter they are printed for (GELU's exact
  // form: approximate=none).
  const PRINTED = DATA ? DATA.printed({ erf, erfc }) : {};
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

  // One activation as plain functions of x, its parameters bound: f and df; a gated
  // unit's of its gate input b, by its gate's formulas, and da, its slope by a.
  function bind(name, params, printed = false) {
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
    return { f: (x) => f(x, bound, fn.constants), df: (x) => df(x, bound, fn.constants) };
  }

  function isGated(name) {
    return Boolean(meta(name).gate);
  }

  return {
    all: ALL,
    printed: PRINTED,
    meta,
    defaults,
    drawable,
    formulaOf,
    bindParams,
    bind,
    isGated,
  };
}

/**
 * The formulas with f'' and d f / d theta, which only the explorer draws: they come from
 * `data.printedHigher` (explorer-higher.js, fetched when an explorer first mounts, so that
 * the playground, which trains with f and f', never downloads them), read when first needed.
 * bind(name, params, printed, wrt) adds d2f and dp (d f / d wrt, wrt the first parameter
 * that has one unless named) where the registry prints them.
 * @param {ReturnType<typeof createFormulas>} core what createFormulas(data) gives
 * @param {object | undefined} data the same registry data
 * @returns {object} core's, with bind and evaluate, kindsOf, partialParams and higherOf
 */
export function withDerivatives(core, data) {
  const { meta, isGated, formulaOf, bindParams } = core;
  let HIGHER = null;
  const higherEntry = (name) => {
    if (!HIGHER && data && data.printedHigher) HIGHER = data.printedHigher({ erf, erfc });
    return (HIGHER && HIGHER[name]) || {};
  };

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

  function bind(name, params, printed = false, wrt = null) {
    const out = core.bind(name, params, printed);
    const fn = meta(name);
    if (fn.gate) return out;
    const bound = bindParams(name, params, printed);
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

  // The curves a function can have: f and f', then f'' and d f / d theta where printed; a
  // gated unit's f, df = df/db and da = df/da.
  function kindsOf(name) {
    if (isGated(name)) return ["f", "df", "da"];
    const second = hasSecond(name) ? ["d2f"] : [];
    return ["f", "df", ...second, ...(partialParams(name).length ? ["dp"] : [])];
  }

  return { ...core, bind, evaluate, kindsOf, partialParams, higherOf };
}
