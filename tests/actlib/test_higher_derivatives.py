r"""f'' and $\partial f / \partial \theta$ of every element-wise activation, against oracles.

The same guarantees as f' (``test_derivatives.py``, ``test_accuracy.py``), for
``act.second_derivative`` and ``act.param_derivative``:

1. Every element-wise activation has f'' and its printed formula; every real parameter
   has its derivative and formula; a wrong parameter name gets a clear error.
2. Central differences of actlib's own f' (for f'') and of f in the parameter (for
   $\partial f / \partial \theta$), in the bulk: the new function belongs to the old ones.
3. SymPy's derivative of the textbook f (``scripts/reference/oracles.py``), evaluated with
   mpmath (stored in ``scripts/reference/higher.npz`` by ``scripts/reference/higher.py``),
   over the whole float64 range (a quarter of the reference points, subnormals and +-max
   included, and around every zero): float64 within 4 ULP plus the condition number,
   float32 within 1 ULP of the correctly rounded value. NaN gives NaN, +-inf the limit,
   and nothing warns.
4. At a kink of f', f'' is one of the oracle's one-sided values of f''; the smoothness
   class ``act.continuity`` (computed from f and f') is the one f'' shows: a C^1 function's
   f'' jumps at a kink, a C^2 one's does not.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import actlib
from scripts.reference import higher, oracles, ulp
from tests.registry_cases import ELEMENTWISE, cases, first_failure, label

EPS = np.finfo(np.float64).eps
F64_TARGET, F32_TARGET = 4.0, 1.0


def real_params(name: str) -> list[str]:
    act = actlib.get(name)
    return [p for p, spec in act.params.items() if spec.choices is None]


PARAM_CASES = [
    pytest.param(name, param, id=f"{name}:{param}")
    for name in ELEMENTWISE
    for param in real_params(name)
]


# ---------------------------------------------------------------------------
# 1. Every function has them, and says so clearly when asked for what it has not
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_every_elementwise_activation_has_a_second_derivative_and_its_formula(name: str) -> None:
    act = actlib.get(name)
    assert act.second is not None, f"{name} has no second derivative"
    assert act.second_derivative_formula, f"{name} has no printed formula for f''"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_every_real_parameter_has_a_derivative_and_its_formula(name: str) -> None:
    act = actlib.get(name)
    assert set(act.param_derivatives) == set(real_params(name)), name
    assert set(act.param_derivative_formulas) == set(real_params(name)), name


def test_a_wrong_parameter_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="elu has no parameter 'beta'; its parameters are: alpha"):
        actlib.elu.param_derivative(1.0, "beta")
    with pytest.raises(ValueError, match=r"relu has no parameter 'alpha'; .*: none"):
        actlib.relu.param_derivative(1.0, "alpha")
    with pytest.raises(ValueError, match=r"'approximate' takes one of .*not a real value"):
        actlib.gelu.param_derivative(1.0, "approximate")
    with pytest.raises(ValueError, match="alpha must be"):
        actlib.elu.param_derivative(1.0, "alpha", alpha=float("nan"))


# ---------------------------------------------------------------------------
# 2. Central differences in the bulk
# ---------------------------------------------------------------------------

BULK = np.linspace(-8.0, 8.0, 161) + 0.0123  # off the round numbers where kinks sit


def away_from(x: np.ndarray, points: list[float], margin: float) -> np.ndarray:
    keep = np.ones(x.shape, dtype=bool)
    for k in points:
        keep &= np.abs(x - k) > margin * max(1.0, abs(k))
    return x[keep]


def kinks_of(name: str, params: dict[str, Any]) -> list[float]:
    found = list(oracles.kinks(name, **params))
    if not params:
        found += [float(k) for k in actlib.get(name).kinks]
    return found


def central(fn: Any, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the estimate of fn' at x, the scale of fn there), with h = cbrt(eps) max(1, |x|)."""
    h = np.cbrt(EPS) * np.maximum(1.0, np.abs(x))
    xp, xm = x + h, x - h
    h = (xp - xm) / 2
    plus, minus = fn(xp), fn(xm)
    scale = np.maximum.reduce([np.ones_like(x), np.abs(plus), np.abs(minus)])
    return (plus - minus) / (2 * h), scale


@pytest.mark.parametrize(("name", "params"), cases())
def test_second_derivative_matches_central_differences_of_the_first(name: str, params) -> None:
    act = actlib.get(name)
    x = away_from(BULK, kinks_of(name, params), margin=1e-3)
    estimate, scale = central(lambda t: act.derivative(t, **params), x)
    got = act.second_derivative(x, **params)
    bad = ~(np.abs(got - estimate) <= 1e-7 * scale)  # as for f' (test_derivatives.py)
    assert not bad.any(), f"{label(name, params)}: f'' vs central differences of f': " + (
        first_failure(x, got, estimate, bad)
    )


@pytest.mark.parametrize(("name", "param"), PARAM_CASES)
def test_parameter_derivative_matches_central_differences_in_the_parameter(
    name: str, param: str
) -> None:
    act = actlib.get(name)
    theta = float(act.params[param].default)
    # the kinks move with some parameters (hardtanh's bounds): stay away from where they go
    x = away_from(BULK, [*kinks_of(name, {}), theta], margin=1e-3)
    h = np.cbrt(EPS) * max(1.0, abs(theta))
    others = act.defaults
    plus = act(x, **{**others, param: theta + h})
    minus = act(x, **{**others, param: theta - h})
    estimate = (plus - minus) / ((theta + h) - (theta - h))
    scale = np.maximum.reduce([np.ones_like(x), np.abs(plus), np.abs(minus)])
    got = act.param_derivative(x, param)
    bad = ~(np.abs(got - estimate) <= 1e-7 * scale)
    assert not bad.any(), f"{name}: d f / d {param} vs central differences: " + (
        first_failure(x, got, estimate, bad)
    )


# ---------------------------------------------------------------------------
# 3. The oracles over the whole range
# ---------------------------------------------------------------------------


def assert_accurate(what: str, fn: Any, exact: higher.Exact) -> None:
    x, hi, lo, cond = exact.x, exact.hi, exact.lo, exact.cond
    is32 = ulp.float32_points(x)
    x32 = x[is32].astype(np.float32)
    with np.errstate(all="raise"):  # no warning for any input, however extreme
        y64, y32 = fn(x), fn(x32)
    assert y64.dtype == np.float64 and y32.dtype == np.float32, what
    cond = np.nan_to_num(cond, posinf=np.inf)
    err64 = ulp.ulp_error64(y64, hi, lo) - cond
    # the float64 error a condition number allows is 2^-29 of a float32 ULP per unit
    err32 = (
        ulp.ulp_distance32(y32, ulp.round_to_float32(hi[is32], lo[is32])) - cond[is32] * 2.0**-29
    )
    failures = []
    for label_, err, xs, target in (
        ("float64", err64, x, F64_TARGET),
        ("float32", err32, x[is32], F32_TARGET),
    ):
        if err.size and np.max(err) > target:
            worst = int(np.argmax(err))
            failures.append(
                f"{what} {label_}: {err[worst]:.2f} ULP beyond the condition number at "
                f"x = {xs[worst]!r} (target {target})"
            )
    assert not failures, "\n".join(failures)


def assert_nan_and_limits(what: str, fn: Any, limits: tuple[float, float]) -> None:
    for dtype in (np.float64, np.float32):
        got = fn(np.array([np.nan, -np.inf, np.inf], dtype=dtype))
        want = np.array([np.nan, *limits], dtype=dtype)
        assert got.dtype == dtype
        assert np.array_equal(got, want, equal_nan=True), (
            f"{what}: {got} for NaN, -inf, inf; want {want}"
        )


@pytest.mark.parametrize(("name", "params"), cases())
def test_second_derivative_is_accurate_over_the_whole_range(name: str, params) -> None:
    act = actlib.get(name)
    fn = lambda t: act.second_derivative(t, **params)  # noqa: E731
    assert_accurate(f"{label(name, params)} f''", fn, higher.exact(name, params, higher.SECOND))
    g = oracles.second_derivative(name, **params)
    assert_nan_and_limits(f"{label(name, params)} f''", fn, oracles.limits_of(g))


@pytest.mark.parametrize(("name", "param"), PARAM_CASES)
def test_parameter_derivative_is_accurate_over_the_whole_range(name: str, param: str) -> None:
    act = actlib.get(name)
    fn = lambda t: act.param_derivative(t, param)  # noqa: E731
    assert_accurate(f"{name} d/d{param}", fn, higher.exact(name, {}, higher.PARAM + param))
    g, _ = oracles.parameter_derivative(name, param)
    assert_nan_and_limits(f"{name} d/d{param}", fn, oracles.limits_of(g))


# ---------------------------------------------------------------------------
# 4. Kinks and smoothness
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_second_derivative_at_a_kink_is_a_one_sided_value(name: str) -> None:
    act = actlib.get(name)
    g = oracles.second_derivative(name)
    for k in act.kinks:
        got = float(act.second_derivative(k))
        sides = [
            float(g(k - 2.0**-40 * max(1.0, abs(k)))),
            float(g(k + 2.0**-40 * max(1.0, abs(k)))),
        ]
        assert any(math.isclose(got, s, rel_tol=1e-9, abs_tol=1e-9) for s in sides), (
            f"{name}: f''({k}) = {got}; the one-sided values are {sides}"
        )


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_the_smoothness_class_is_the_one_the_second_derivative_shows(name: str) -> None:
    """C^1 exactly: f'' jumps at some kink. C^2 or smoother: f'' has no jump anywhere
    (a step of h in x moves it by at most h max|f'''|, far below the tolerance)."""
    act = actlib.get(name)
    jump_sizes = {}
    for k in act.kinks:
        h = 2.0**-30 * max(1.0, abs(k))
        jump_sizes[k] = abs(float(act.second_derivative(k + h) - act.second_derivative(k - h)))
    if act.continuity == 1:
        assert any(j > 1e-3 for j in jump_sizes.values()), (
            f"{name} is C^1 but not C^2 (computed), yet f'' jumps nowhere: {jump_sizes}"
        )
    elif act.continuity >= 2:
        x = np.linspace(-8.0, 8.0, 2**16 + 1)
        values = act.second_derivative(x)
        # a step of 2.4e-4 in x moves a smooth f'' by far less than 1% of its size (e^x: 2.4e-4)
        scale = np.maximum(1.0, np.maximum(np.abs(values[1:]), np.abs(values[:-1])))
        steps = np.abs(np.diff(values)) / scale
        assert steps.max() < 1e-2, (
            f"{name} is C^{act.continuity} (computed), yet f'' jumps by {steps.max()} of its "
            f"size near x = {x[np.argmax(steps)]}"
        )
