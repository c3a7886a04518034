"""glu, reglu, geglu and swiglu: the split, accuracy against mpmath, the Jacobian and the
vjp against central differences and each other, axes, dtypes, extreme inputs; bad input
for every gated unit.

The reference is mpmath at 50 digits, from the textbook gates (Shazeer, 2020): it shares
nothing with actlib's stable forms.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest

import actlib
from tests.registry_cases import GATED, central_jacobian

EPS = np.finfo(np.float64).eps
TINY = np.finfo(np.float64).smallest_subnormal

# The units a (.) g(b) of the halves [a, b]; gpt-oss's clamped SwiGLU, with its clamps,
# bias and interleaved pairs, has its own file, test_clamped_swiglu.py.
HALVES = [name for name in GATED if actlib.get(name).split == "halves"]
# Every setting worth testing: each unit at its defaults, and GEGLU's tanh form.
SETTINGS = [(name, {}) for name in HALVES] + [("geglu", {"approximate": "tanh"})]
IDS = [f"{n}({', '.join(f'{k}={v!r}' for k, v in p.items())})" for n, p in SETTINGS]


def _gate(name: str, params: dict[str, Any]) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """The textbook gate of each unit, in mpmath."""
    sigmoid = lambda b: 1 / (1 + mpmath.exp(-b))  # noqa: E731
    if name == "glu":
        return sigmoid
    if name == "reglu":
        return lambda b: max(mpmath.mpf(0), b)
    if name == "swiglu":
        return lambda b: b * sigmoid(b)
    if params.get("approximate") == "tanh":
        c = mpmath.sqrt(2 / mpmath.pi)
        # (1 + tanh u) / 2 = sigma(2u): the same number, without cancelling at 50 digits
        return lambda b: b * sigmoid(2 * c * (b + mpmath.mpf("0.044715") * b**3))
    return lambda b: b * mpmath.ncdf(b)


def reference(name: str, params: dict[str, Any], z: np.ndarray) -> np.ndarray:
    """a * gate(b) along the last axis, to 50 digits, as an object array of mpf."""
    gate = _gate(name, params)
    a, b = np.split(z, 2, axis=-1)
    with mpmath.workdps(50):
        flat = [
            mpmath.mpf(float(x)) * gate(mpmath.mpf(float(y)))
            for x, y in zip(a.ravel(), b.ravel(), strict=True)
        ]
    return np.array(flat, dtype=object).reshape(a.shape)


def within(got: np.ndarray, exact: np.ndarray, rel: Any, floor: np.ndarray) -> np.ndarray:
    """|got - exact| <= rel |exact| + floor, element by element, in 50-digit arithmetic."""
    with mpmath.workdps(50):
        rels = np.broadcast_to(rel, np.shape(got))
        ok = [
            abs(mpmath.mpf(float(g)) - e) <= float(r) * abs(e) + mpmath.mpf(float(f))
            for g, e, r, f in zip(
                np.ravel(got), np.ravel(exact), np.ravel(rels), np.ravel(floor), strict=True
            )
        ]
    return np.array(ok).reshape(np.shape(got))


def random_z(seed: int, shape: tuple[int, ...], scale: float = 3.0) -> np.ndarray:
    return scale * np.random.default_rng(seed).standard_normal(shape)


# ---------------------------------------------------------------------------
# The split and the forward values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=IDS)
@pytest.mark.parametrize("scale", [1.0, 3.0, 30.0])
def test_forward_within_8_eps_of_mpmath(name: str, params: dict, scale: float) -> None:
    z = random_z(int(scale), (5, 12), scale)
    got = actlib.get(name)(z, **params)
    exact = reference(name, params, z)
    # A gate below the normal range is rounded to the subnormal spacing, and the value a
    # scales that rounding: allow |a| + 1 of the smallest subnormals there.
    floor = (np.abs(np.split(z, 2, axis=-1)[0]) + 1.0) * TINY
    rel = 8 * EPS
    if params.get("approximate") == "tanh":
        # sigma(2u) turns an error of 2u = b (A + B b^2) into one |2u| times larger, relative
        # (its condition number): the float64 constants A and B are already that far off.
        b = np.split(z, 2, axis=-1)[1]
        rel = 8 * EPS * (1.0 + np.abs(b) * (1.6 + 0.072 * b * b))
    ok = within(got, exact, rel, floor)
    i = tuple(np.argwhere(~ok)[0]) if not ok.all() else ()
    assert ok.all(), f"{name}{params}: at {i}, z row {z[i[:1]]}: got {got[i]!r}, exact {exact[i]}"


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=IDS)
def test_first_half_is_the_value_second_half_the_gate(name: str, params: dict) -> None:
    act = actlib.get(name)
    gate = actlib.get(act.gate)
    z = np.array([2.0, -3.0, 0.5, 1.5])  # a = (2, -3), b = (0.5, 1.5)
    expected = np.array([2.0, -3.0]) * gate(np.array([0.5, 1.5]), **params)
    np.testing.assert_allclose(act(z, **params), expected, rtol=2 * EPS)


def test_glu_matches_pytorch_jax_and_keras_worked_example() -> None:
    # keras.ops.glu's documented example: glu([-1, 0, 1, 1]) = [-sigmoid(1), 0]
    np.testing.assert_allclose(
        actlib.glu(np.array([-1.0, 0.0, 1.0, 1.0])), [-1 / (1 + math.exp(-1)), 0.0], rtol=EPS
    )


# ---------------------------------------------------------------------------
# The Jacobian and the vjp
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=IDS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_jacobian_matches_central_differences(name: str, params: dict, seed: int) -> None:
    act = actlib.get(name)
    z = random_z(seed, (8,))
    z[4:] = np.where(np.abs(z[4:]) < 1e-3, 0.5, z[4:])  # keep off ReLU's kink at b = 0
    numeric = central_jacobian(lambda t: act(t, **params), z)
    np.testing.assert_allclose(act.jacobian(z, **params), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=IDS)
def test_jacobian_shape_and_sparsity(name: str, params: dict) -> None:
    act = actlib.get(name)
    z = random_z(3, (2, 3, 10))
    jac = act.jacobian(z, **params)
    assert jac.shape == (2, 3, 5, 10)
    a, b = np.split(z, 2, axis=-1)
    gate = actlib.get(act.gate)
    value = np.zeros((2, 3, 5, 5))
    slope = np.zeros((2, 3, 5, 5))
    i = np.arange(5)
    value[..., i, i] = gate(b, **params)
    slope[..., i, i] = a * gate.derivative(b, **params)
    np.testing.assert_array_equal(jac, np.concatenate([value, slope], axis=-1))


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=IDS)
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_vjp_is_g_times_the_jacobian(name: str, params: dict, axis: int) -> None:
    act = actlib.get(name)
    z = random_z(4, (4, 6, 8))
    out = act(z, axis=axis, **params)
    g = random_z(5, out.shape)
    vjp = act.vjp(z, g, axis=axis, **params)
    assert vjp.shape == z.shape
    jac = act.jacobian(z, axis=axis, **params)  # the axis moved last
    product = np.einsum("...i,...ij->...j", np.moveaxis(g, axis, -1), jac)
    np.testing.assert_allclose(np.moveaxis(vjp, axis, -1), product, rtol=4 * EPS, atol=0)


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=IDS)
def test_vjp_matches_central_differences_of_g_dot_f(name: str, params: dict) -> None:
    act = actlib.get(name)
    z = random_z(6, (10,))
    z[5:] = np.where(np.abs(z[5:]) < 1e-3, 0.5, z[5:])
    g = random_z(7, (5,))
    numeric = central_jacobian(lambda t: np.atleast_1d(g @ act(t, **params)), z)[0]
    np.testing.assert_allclose(act.vjp(z, g, **params), numeric, rtol=1e-6, atol=1e-8)


def test_reglu_derivative_at_the_kink_is_relus() -> None:
    # b = 0: ReLU'(0) = 0, so d f / d b = a * 0 = 0; d f / d a = ReLU(0) = 0
    np.testing.assert_array_equal(actlib.reglu.jacobian(np.array([3.0, 0.0])), [[0.0, 0.0]])


# ---------------------------------------------------------------------------
# Axes, shapes and dtypes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=IDS)
@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_any_axis_is_the_last_axis_moved(name: str, params: dict, axis: int) -> None:
    act = actlib.get(name)
    z = random_z(8, (4, 2, 6))
    out = act(z, axis=axis, **params)
    expected_shape = list(z.shape)
    expected_shape[axis] //= 2
    assert out.shape == tuple(expected_shape)
    last = np.moveaxis(act(np.moveaxis(z, axis, -1), **params), -1, axis)
    np.testing.assert_array_equal(out, last)
    a, b = np.split(z, 2, axis=axis)
    gate = actlib.get(act.gate)
    np.testing.assert_array_equal(out, a * gate(b, **params))


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=IDS)
def test_float32_in_float32_out(name: str, params: dict) -> None:
    act = actlib.get(name)
    z = random_z(9, (3, 4)).astype(np.float32)
    g = np.ones((3, 2), dtype=np.float32)
    for out in (act(z, **params), act.jacobian(z, **params), act.vjp(z, g, **params)):
        assert out.dtype == np.float32
    z16 = z.astype(np.float16)
    assert act(z16, **params).dtype == np.float16
    assert act([1, 2], **params).dtype == np.float64  # ints promote, as NumPy's ufuncs


@pytest.mark.parametrize("name", GATED)
def test_the_input_is_not_modified(name: str) -> None:
    z = random_z(10, (2, 4))
    before = z.copy()
    act = actlib.get(name)
    act(z), act.jacobian(z), act.vjp(z, np.ones((2, 2)))
    np.testing.assert_array_equal(z, before)


# ---------------------------------------------------------------------------
# Extreme inputs: no warning, no NaN that the inputs do not hold, the right limits
# ---------------------------------------------------------------------------

EXTREMES = [0.0, -0.0, 1.0, -1.0, 1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan]
PAIRS = np.array(list(itertools.product(EXTREMES, EXTREMES)))  # rows (a, b)


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=IDS)
def test_extreme_inputs_raise_nothing_and_give_nan_only_from_nan(name: str, params: dict) -> None:
    act = actlib.get(name)
    g = np.ones((len(PAIRS), 1))
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        out = act(PAIRS, **params)[:, 0]
        jac = act.jacobian(PAIRS, **params)[:, 0, :]
        vjp = act.vjp(PAIRS, g, **params)
    a_nan, b_nan = np.isnan(PAIRS[:, 0]), np.isnan(PAIRS[:, 1])
    bad = np.isnan(out) != (a_nan | b_nan)
    assert not bad.any(), f"{name}: NaN mismatch at (a, b) = {PAIRS[bad][0]}: {out[bad][0]}"
    assert not (np.isnan(jac[:, 0]) & ~b_nan).any(), f"{name}: d/da is NaN for a non-NaN b"
    assert not (np.isnan(jac[:, 1]) & ~(a_nan | b_nan)).any(), f"{name}: d/db is NaN"
    np.testing.assert_array_equal(vjp, jac)  # g = 1: the vjp is the Jacobian's column sums


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=IDS)
def test_a_closed_gate_gives_zero_even_for_a_huge_value(name: str, params: dict) -> None:
    act = actlib.get(name)
    for a, b in [(1e308, -1e308), (-1e308, -1e308), (math.inf, -math.inf), (math.inf, -1e308)]:
        assert act(np.array([a, b]), **params)[0] == 0.0, f"{name}(a={a}, b={b})"


@pytest.mark.parametrize(
    ("name", "a", "b", "expected"),
    [
        ("glu", 1e308, 1e308, 1e308),  # sigma(1e308) = 1
        ("glu", -math.inf, math.inf, -math.inf),
        ("reglu", 1e308, 1e308, math.inf),  # 1e616 rounds to inf, as IEEE says
        ("reglu", 0.0, math.inf, 0.0),  # a = 0: 0 whatever the gate
        ("swiglu", 2.0, 1e300, 2e300),
        ("swiglu", -1e308, 10.0, -1e308 * 10.0 / (1 + math.exp(-10.0))),
        ("geglu", 1.0, math.inf, math.inf),
    ],
)
def test_limits_in_the_tails(name: str, a: float, b: float, expected: float) -> None:
    with np.errstate(all="raise"):
        got = float(actlib.get(name)(np.array([a, b]))[0])
    assert got == pytest.approx(expected, rel=4 * EPS), f"{name}(a={a}, b={b}) = {got}"


@pytest.mark.parametrize("name", HALVES)
def test_every_real_number_is_an_output(name: str) -> None:
    """The derived range (-inf, inf): with b = 1, where every gate is non-zero, a = y / g(1)
    gives the output y, whatever its sign and size."""
    act = actlib.get(name)
    assert act.output_range == actlib.Interval(-math.inf, math.inf)
    g1 = float(actlib.get(act.gate)(1.0))
    for y in (-1e300, -3.5, 0.0, 2.0**-1000, 7.25, 1e300):
        out = float(act(np.array([y / g1, 1.0]))[0])
        assert out == pytest.approx(y, rel=4 * EPS), f"{name}: wanted {y}, got {out}"


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", GATED)
@pytest.mark.parametrize(
    ("shape", "axis", "length"), [((3,), -1, 3), ((2, 5), 1, 5), ((7, 2), 0, 7)]
)
def test_odd_length_raises_naming_the_axis_and_length(
    name: str, shape: tuple, axis: int, length: int
) -> None:
    act = actlib.get(name)
    z = np.zeros(shape)
    where = axis % len(shape)
    for fn in (lambda: act(z, axis=axis), lambda: act.jacobian(z, axis=axis)):
        with pytest.raises(ValueError, match=rf"axis {where}\b.*length {length}\b"):
            fn()


@pytest.mark.parametrize("name", GATED)
@pytest.mark.parametrize("axis", [2, -3, 1.0, "0", None])
def test_bad_axis_raises(name: str, axis: Any) -> None:
    with pytest.raises(ValueError, match="axis"):
        actlib.get(name)(np.zeros((2, 4)), axis=axis)


@pytest.mark.parametrize("name", GATED)
def test_scalar_and_wrong_g_shape_raise(name: str) -> None:
    act = actlib.get(name)
    with pytest.raises(ValueError, match="scalar"):
        act(1.0)
    with pytest.raises(ValueError, match=r"\(2,\)"):
        act.vjp(np.zeros(4), np.zeros(4))
    with pytest.raises(TypeError):
        act("1, 2")


def test_geglu_rejects_an_unknown_approximation() -> None:
    for fn in (actlib.geglu, actlib.geglu.jacobian):
        with pytest.raises(ValueError, match=r"approximate.*'none'.*'tanh'"):
            fn(np.zeros(2), approximate="fast")
    with pytest.raises(TypeError, match="approximate"):
        actlib.swiglu(np.zeros(2), approximate="tanh")


def test_geglu_approximations_differ_but_agree_closely() -> None:
    z = random_z(11, (2, 40))
    exact, tanh_form = actlib.geglu(z), actlib.geglu(z, approximate="tanh")
    assert np.any(exact != tanh_form)
    a = np.split(z, 2, axis=-1)[0]
    assert np.max(np.abs(exact - tanh_form) / np.maximum(np.abs(a), 1.0)) < 5e-4
