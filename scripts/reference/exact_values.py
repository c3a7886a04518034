"""What ``reference.npz`` holds: the points of every setting and the exact values of f and f'
there, for every element-wise activation.

The values come from the SymPy/mpmath oracles in ``scripts/reference/oracles.py`` (textbook
formulas, 30 correct digits), never from actlib. actlib supplies only the list of
functions, their default parameters and, at a kink, the convention its metadata
documents (the oracle's f' does not exist there). The points are the same on every run
(fixed seed); they cover the whole float64 range (subnormals, tiny, around 0, the bulk,
the tails, the thresholds where results underflow or overflow, +-max), float32's range,
every kink and its neighbours, and every zero of f and f' with its neighbours.

``make_reference.py`` stores them; ``ulp.load`` computes here the defaults of an
activation the file does not hold yet (:func:`missing_defaults`). The file's layout and
the ``hi + lo`` encoding are ``reference_file.py``'s.
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import sympy as sp
from scipy.special import ndtr

import actlib
from scripts.reference.oracles import X, kinks, oracle, second_derivative
from scripts.reference.reference_file import CONDITIONED, condition, split

SEED = 20261123
# Non-default parameters measured too. Powers of two keep beta x and x / alpha exact:
# for other values that product is rounded once before the exponential (see accuracy.md).
EXTRA_SETTINGS: dict[str, list[dict[str, Any]]] = {
    "leaky_relu": [{"negative_slope": 0.1}],
    "elu": [{"alpha": 0.5}],
    "celu": [{"alpha": 2.0}, {"alpha": 0.5}],
    "softplus": [{"beta": 2.0}, {"beta": 0.5}],
    "gelu": [{"approximate": "tanh"}],
    "hardtanh": [{"min_val": -2.0, "max_val": 3.0}],
    "softshrink": [{"lambd": 2.0}],
}

# Where stable forms switch branches, and where results under- or overflow in float64 or
# float32 (exp, sigma, Phi, tanh, x^2 and x^3 limits).
THRESHOLDS = [
    0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0, 8.0, 9.01, 10.0, 15.0, 15.94, 17.0, 18.5, 19.06,
    20.0, 26.6, 27.0, 36.0, 36.74, 37.0, 37.5, 38.0, 38.5, 39.0, 40.0, 87.34, 88.72, 89.0,
    103.28, 103.97, 104.0, 354.0, 355.0, 372.0, 373.0, 700.0, 708.4, 709.78, 710.0, 744.44,
    745.13, 746.0, 800.0, 1e3, 1e4, 1e8, 2.0**52, 2.0**53, 1e16, 1e100, 1.34e154, 1e200,
    2.0**1000, 1e300, 3.4028234663852886e38, 1.1754943508222875e-38, 1.401298464324817e-45,
]  # fmt: skip


def _around(values: list[float] | np.ndarray) -> list[float]:
    """Each value, both signs, and its float64 neighbours."""
    out = []
    for v in np.asarray(values, dtype=np.float64):
        for s in (v, -v):
            with np.errstate(over="ignore"):  # the neighbour of +-max is +-inf: dropped
                out += [s, np.nextafter(s, np.inf), np.nextafter(s, -np.inf)]
    return [v for v in out if np.isfinite(v)]


def common_points() -> np.ndarray:
    rng = np.random.default_rng(SEED)
    big = np.finfo(np.float64).max
    points = [0.0, 5e-324, 1e-320, 1e-310, np.finfo(np.float64).tiny, big]
    points += list(10.0 ** np.arange(-323, 309, 6.0))
    points += list(2.0 ** -np.arange(1, 61.0))
    points += THRESHOLDS
    # random magnitudes over all of float64, subnormals included, and over float32
    points += list(2.0 ** rng.uniform(-1074, 1023.9, 300))
    points += list((2.0 ** rng.uniform(-149, 127.9, 150)).astype(np.float32))
    signs = rng.choice([-1.0, 1.0], len(points))
    points = list(np.asarray(points) * signs)
    points += _around(points[:6])
    points += _around(THRESHOLDS)
    # the bulk, in float64 and float32
    points += list(rng.uniform(-8, 8, 200)) + list(rng.uniform(-40, 40, 100))
    points += list(rng.uniform(-750, 750, 60))
    points += list(rng.uniform(-10, 10, 100).astype(np.float32))
    return np.asarray(points, dtype=np.float64)


def neighbourhood(center: float) -> list[float]:
    """A point, its float64 neighbours, and points ever closer to it."""
    out = [center]
    up = down = center
    for _ in range(4):
        up, down = np.nextafter(up, np.inf), np.nextafter(down, -np.inf)
        out += [up, down]
    scale = max(abs(center), 1.0)
    out += [center + sign * scale * 2.0**-j for j in range(1, 53, 3) for sign in (1, -1)]
    return out


def sign_changes(expr: sp.Expr) -> list[tuple[float, float]]:
    """Brackets [a, b] in [-10, 10] where ``expr`` changes sign (float evaluation)."""
    grid = np.linspace(-10.0, 10.0, 4001)
    named = {
        "Phi": ndtr,
        "Softplus": lambda z: np.logaddexp(0.0, z),
        "TanhExp": lambda z: np.tanh(np.exp(z)),
        "Sech2Exp": lambda z: 1.0 / np.cosh(np.exp(z)) ** 2,
    }
    fn = sp.lambdify(X, expr, modules=[named, "scipy", "numpy"])
    with np.errstate(all="ignore"):
        values = np.broadcast_to(np.asarray(fn(grid), dtype=float), grid.shape)
    at = np.nonzero(values[:-1] * values[1:] < 0)[0]
    return [(grid[i], grid[i + 1]) for i in at]


def special_points(name: str, params: dict[str, Any], is_default: bool) -> list[float]:
    """The kinks and the zeros of f and f' of one setting, with their neighbourhoods."""
    f, df = oracle(name, **params)
    centres = set(kinks(name, **params))
    if is_default:
        centres |= set(actlib.get(name).kinks)
    for ev in (f, df):
        for a, b in sign_changes(ev.expr):
            root = mpmath.findroot(
                ev, (mpmath.mpf(a), mpmath.mpf(b)), solver="anderson", verify=False
            )
            centres.add(float(root))
    return [p for c in sorted(centres) for p in neighbourhood(c)]


def make_setting(name: str, params: dict[str, Any], base: np.ndarray) -> dict[str, np.ndarray]:
    is_default = not params
    act = actlib.get(name)
    x = np.unique(np.concatenate([base, special_points(name, params, is_default)]))
    x = x[np.isfinite(x)]
    f, df = oracle(name, **params)
    at_kink = set(kinks(name, **params)) | (set(act.kinks) if is_default else set())
    arrays = {k: np.empty_like(x) for k in ("f_hi", "f_lo", "df_hi", "df_lo")}
    conditioned = name in CONDITIONED
    if conditioned:
        d2 = second_derivative(name, **params)
        arrays |= {"cond_f": np.empty_like(x), "cond_df": np.empty_like(x)}
    for i, xi in enumerate(x):
        fv = f(xi)
        arrays["f_hi"][i], arrays["f_lo"][i] = split(fv)
        if xi in at_kink:
            # f' does not exist here: the reference is actlib's documented convention at
            # the defaults, and nothing (NaN, skipped) at other parameters.
            convention = act.kinks.get(float(xi), np.nan) if is_default else np.nan
            arrays["df_hi"][i], arrays["df_lo"][i] = convention, 0.0
            continue
        dfv = df(xi)
        arrays["df_hi"][i], arrays["df_lo"][i] = split(dfv)
        if conditioned:
            arrays["cond_f"][i] = condition(xi, fv, dfv)
            arrays["cond_df"][i] = condition(xi, dfv, d2(xi))
    if is_default:
        missing = set(kinks(name)) - set(act.kinks)
        if missing:
            raise ValueError(f"{name}: metadata kinks lack the convention at {sorted(missing)}")
    return {"x": x, **arrays}


def parameter_sets(name: str) -> list[dict[str, Any]]:
    """The parameter choices worth testing: the defaults, every allowed value of a
    categorical parameter, the plotting parameters (chosen where the shape shows), and
    the two ends of the explorer's sliders (a reader can pick them, so they must work)."""
    act = actlib.get(name)
    params = getattr(act, "params", {})
    sets: list[dict[str, Any]] = [{}]
    for pname, param in params.items():
        sets += [{pname: choice} for choice in param.choices or () if choice != param.default]
    sets.append(dict(getattr(act, "plot_params", {})))
    for end in (0, 1):
        sets.append({k: p.slider[end] for k, p in params.items() if p.slider is not None})
    unique: list[dict[str, Any]] = []
    for candidate in sets:  # drop repeats, and sets that only restate the defaults
        if candidate and {**act.defaults, **candidate} == act.defaults:
            continue
        if candidate not in unique:
            unique.append(candidate)
    return unique


def settings() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name in actlib.names(kind="elementwise"):
        out.append((name, {}))
        out += [(name, params) for params in EXTRA_SETTINGS.get(name, [])]
    return out


def missing_defaults(present: frozenset[str]) -> dict[str, dict[str, np.ndarray]]:
    """The default setting of each element-wise activation whose key is not in ``present``."""
    missing = [name for name, params in settings() if not params and name not in present]
    if not missing:
        return {}
    base = common_points()
    with mpmath.workdps(30):  # for findroot; every oracle call sets its own precision
        return {name: make_setting(name, {}, base) for name in missing}
