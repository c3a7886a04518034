"""f' against two independent oracles, and the convention at every kink.

1. Central differences of actlib's own f, in the well-conditioned bulk: catches an f'
   that does not belong to the f next to it.
2. SymPy's derivative of the textbook f (``scripts/reference/oracles.py``), evaluated with mpmath,
   on a grid reaching into both tails and out to +-1e300: catches an f' that is right in
   the middle but loses its digits, or underflows, where it is tiny.
3. At each kink (``act.kinks``, computed), the value actlib's f' takes (the framework's
   convention) is one of the two one-sided limits of the oracle's f' there, and it is
   PyTorch's.
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
import pytest

import actlib
from scripts.reference import oracles
from tests.registry_cases import ELEMENTWISE, cases, first_failure, label

EPS = np.finfo(np.float64).eps
TINY = np.finfo(np.float64).smallest_subnormal


def away_from_kinks(x: np.ndarray, kinks: list[float], margin: float) -> np.ndarray:
    keep = np.ones(x.shape, dtype=bool)
    for k in kinks:
        keep &= np.abs(x - k) > margin * max(1.0, abs(k))
    return x[keep]


def all_kinks(name: str, params: dict[str, Any]) -> list[float]:
    """Kinks by the oracle (for these parameters) and by actlib.analysis (for the defaults)."""
    found = oracles.kinks(name, **params)
    if not params:
        found += [float(k) for k in actlib.get(name).kinks]
    return found


# ---------------------------------------------------------------------------
# 1. Central differences in the bulk
# ---------------------------------------------------------------------------

# An offset keeps grid points off the round numbers where kinks sit (0, +-1, +-3, 6).
BULK = np.linspace(-8.0, 8.0, 161) + 0.0123


@pytest.mark.parametrize(("name", "params"), cases())
def test_derivative_matches_central_differences(name: str, params: dict) -> None:
    act = actlib.get(name)
    # h = cbrt(eps) |x| balances truncation, h^2 |f'''| / 6, against rounding,
    # eps |f| / h: both are then ~ eps^(2/3) ~ 4e-11 times the local scale.
    x = away_from_kinks(BULK, all_kinks(name, params), margin=1e-3)
    h = np.cbrt(EPS) * np.maximum(1.0, np.abs(x))
    xp, xm = x + h, x - h
    h = (xp - xm) / 2  # the step actually taken, after rounding x + h
    f_plus, f_minus = act(xp, **params), act(xm, **params)
    estimate = (f_plus - f_minus) / (2 * h)
    got = act.derivative(x, **params)
    # 1e-7 leaves a factor >1000 over the error above for the |f'''| and |f| met here
    # (all below 30 on [-8, 8]), yet catches a wrong factor, sign or term.
    scale = np.maximum.reduce([np.ones_like(x), np.abs(f_plus), np.abs(f_minus)])
    bad = ~(np.abs(got - estimate) <= 1e-7 * scale)
    assert not bad.any(), f"{label(name, params)}: f' vs central differences: " + (
        first_failure(x, got, estimate, bad)
    )


# ---------------------------------------------------------------------------
# 2. SymPy's derivative, evaluated with mpmath, out into the tails
# ---------------------------------------------------------------------------

_MAGNITUDES = [
    1e-300,
    1e-30,
    1e-8,
    1e-3,
    0.1,
    0.5,
    0.9,
    1.5,
    2.2,
    2.9,
    3.1,
    4.5,
    5.9,
    6.1,
    10.0,
    17.0,
    25.0,
    37.0,
    40.0,
    60.0,
    300.0,
    700.0,
    746.0,
    1e4,
    1e8,
    1e20,
    1e150,
    1e300,
]
TAILS = np.array(sorted(s * m for m in _MAGNITUDES for s in (1.0, -1.0)))


def ulp_error(got: np.ndarray, exact: list[Any]) -> np.ndarray:
    """|got - exact| in units of the spacing of float64 at the exact value.

    Below the normal range the spacing is the smallest subnormal, so an answer that is
    off by a rounding in the subnormal range counts a few ULP, not a huge relative error.
    """
    errors = []
    for g, e in zip(got, exact, strict=True):
        rounded = float(e)
        spacing = np.spacing(abs(rounded)) if math.isfinite(rounded) else math.inf
        if math.isinf(rounded) or math.isinf(g):
            errors.append(0.0 if g == rounded else math.inf)
        else:
            with mpmath.workdps(40):
                errors.append(float(abs(mpmath.mpf(float(g)) - e) / max(spacing, TINY)))
    return np.array(errors)


@pytest.mark.parametrize(("name", "params"), cases())
def test_derivative_matches_sympy_derivative_into_the_tails(name: str, params: dict) -> None:
    _, df = oracles.oracle(name, **params)
    x = away_from_kinks(TAILS, all_kinks(name, params), margin=1e-12)
    got = np.asarray(actlib.get(name).derivative(x, **params))
    exact = [df(v) for v in x]
    # This test is about the formula and its tails, not the last digits (the accuracy
    # table checks those against 4 ULP): 2^12 ULP allows any sane float64 evaluation,
    # while p(1 - p) at x = 40 (0 for 4.25e-18) or a sign slip is off by ~2^52 or more.
    # A zero of f' (GELU, SiLU, Mish have one) makes the ULP of the exact value tiny; the
    # grid keeps clear of them.
    errors = ulp_error(got, exact)
    bad = ~(errors <= 2.0**12)
    assert not bad.any(), f"{label(name, params)}: f' vs SymPy's d/dx f: " + first_failure(
        x, got, [mpmath.nstr(e, 17) for e in exact], bad
    )


# ---------------------------------------------------------------------------
# 3. Kinks: the convention, checked against the one-sided limits
# ---------------------------------------------------------------------------

KINKED = [n for n in ELEMENTWISE if actlib.get(n).kinks]


def one_sided_limits(name: str, x0: float) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The oracle's f' just left and just right of x0 (1e-25 away, at 50 digits)."""
    _, df = oracles.oracle(name)
    step = mpmath.mpf("1e-25") * max(1, abs(x0))
    with mpmath.workdps(50):
        return df(mpmath.mpf(x0) - step), df(mpmath.mpf(x0) + step)


@pytest.mark.parametrize("name", KINKED)
def test_kink_convention_is_a_one_sided_limit(name: str) -> None:
    for x0, recorded in actlib.get(name).kinks.items():
        left, right = one_sided_limits(name, x0)
        # The recorded value is a float64, held to the accuracy contract (4 ULP) against
        # the exact limit; 1e-25 away from x0 the oracle differs from the limit by only
        # f'' * 1e-25. A wrong convention or a typo is off by far more.
        sides = [v for v in (left, right) if ulp_error(np.array([recorded]), [v])[0] <= 4]
        assert sides, (
            f"{name}: the convention f'({x0}) = {recorded!r} is neither one-sided limit of "
            f"f' there (left {mpmath.nstr(left, 17)}, right {mpmath.nstr(right, 17)})"
        )


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_every_kink_of_the_textbook_function_is_recorded(name: str) -> None:
    recorded = sorted(float(k) for k in actlib.get(name).kinks)
    missing = [k for k in oracles.kinks(name) if k not in recorded]
    assert not missing, f"{name}: f' jumps at {missing}, but actlib.analysis finds no kink there"
    for x0 in recorded:  # and nothing smooth is called a kink
        assert _piecewise_at(name, x0), (
            f"{name}: actlib.analysis finds a kink at {x0}, but f, f' and f'' are continuous there"
        )


def _piecewise_at(name: str, x0: float) -> bool:
    """Whether f, f' or f'' of the oracle jumps at x0.

    ELU at alpha = 1 and softsign are C^1 at 0, yet their f'' jumps there: the analysis
    calls such a point a kink. f'' comes from one-sided differences of the oracle's
    f' with h = 1e-12: accurate to ~1e-12 on each side, against jumps of order 1.
    """
    f, df = oracles.oracle(name)
    h = mpmath.mpf("1e-12")
    with mpmath.workdps(50):
        x = mpmath.mpf(x0)
        f_jump = f(x - h * 1e-10) - f(x + h * 1e-10)
        df_jump = df(x - h * 1e-10) - df(x + h * 1e-10)
        d2_left = (df(x - h) - df(x - 2 * h)) / h
        d2_right = (df(x + 2 * h) - df(x + h)) / h
    return max(abs(f_jump), abs(df_jump), abs(d2_left - d2_right)) > 1e-6


# PyTorch's conventions at kinks, as issue 2 lists them: (name, params, x, f'(x)).
PYTORCH_KINK_CONVENTIONS = [
    ("relu", {}, 0.0, 0.0),
    ("leaky_relu", {}, 0.0, 0.01),
    ("leaky_relu", {"negative_slope": 0.2}, 0.0, 0.2),
    ("relu6", {}, 0.0, 0.0),
    ("relu6", {}, 6.0, 0.0),
    ("hardtanh", {}, -1.0, 0.0),
    ("hardtanh", {}, 1.0, 0.0),
    ("hardtanh", {"min_val": -2.0, "max_val": 0.5}, -2.0, 0.0),
    ("hardtanh", {"min_val": -2.0, "max_val": 0.5}, 0.5, 0.0),
    ("hardsigmoid", {}, -3.0, 0.0),
    ("hardsigmoid", {}, 3.0, 0.0),
    ("hardswish", {}, -3.0, 0.0),
    ("hardswish", {}, 3.0, 1.0),
    ("elu", {}, 0.0, 1.0),
    ("celu", {}, 0.0, 1.0),
    ("binary_step", {}, 0.0, 0.0),
    ("binary_step", {}, -2.0, 0.0),
    ("binary_step", {}, 2.0, 0.0),
]


@pytest.mark.parametrize(("name", "params", "x0", "expected"), PYTORCH_KINK_CONVENTIONS)
def test_kinks_follow_pytorch(name: str, params: dict, x0: float, expected: float) -> None:
    got = actlib.get(name).derivative(x0, **params)
    assert got == expected, f"{label(name, params)}: f'({x0}) = {got!r}; PyTorch gives {expected}"
