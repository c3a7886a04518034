"""The clamped SwiGLU of gpt-oss: its interleaved split, accuracy against mpmath, where
its clamps cut the gradient (and which side a bound takes), the Jacobian, the vjp and the
parameter gradients against central differences and each other, its range, dtypes,
extreme inputs and bad input.

The reference is mpmath at 50 digits from gpt-oss's own expression (openai/gpt-oss at
7b58334, gpt_oss/torch/model.py, ``swiglu``): x_glu = x[..., ::2] clamped above at the
limit, x_linear = x[..., 1::2] clamped to [-limit, limit], x_glu sigma(alpha x_glu)
(x_linear + 1). It shares nothing with actlib's stable form.
"""

from __future__ import annotations

import itertools
import math
import warnings

import mpmath
import numpy as np
import pytest

import actlib
from tests.registry_cases import central_jacobian

EPS = np.finfo(np.float64).eps
TINY = np.finfo(np.float64).smallest_subnormal
ACT = actlib.clamped_swiglu
ALPHA, LIMIT = 1.702, 7.0  # gpt-oss's defaults, swiglu(x, alpha=1.702, limit=7.0)


def reference(z: np.ndarray, alpha: float = ALPHA, limit: float = LIMIT) -> np.ndarray:
    """gpt-oss's swiglu along the last axis, to 50 digits, as an object array of mpf."""
    with mpmath.workdps(50):
        lim, al = mpmath.mpf(limit), mpmath.mpf(alpha)

        def one(glu: float, linear: float) -> mpmath.mpf:
            g = min(mpmath.mpf(glu), lim)
            v = min(max(mpmath.mpf(linear), -lim), lim)
            return g / (1 + mpmath.exp(-al * g)) * (v + 1)

        flat = [one(g, v) for g, v in zip(z[..., ::2].ravel(), z[..., 1::2].ravel(), strict=True)]
    return np.array(flat, dtype=object).reshape(z[..., ::2].shape)


def random_z(seed: int, shape: tuple[int, ...], scale: float = 3.0) -> np.ndarray:
    return scale * np.random.default_rng(seed).standard_normal(shape)


def off_the_bounds(z: np.ndarray, limit: float = LIMIT) -> np.ndarray:
    """z moved away from the clamps' bounds (b = limit, a = +-limit), where f has corners."""
    z = z.copy()
    for bound in (-limit, limit):
        near = np.abs(z - bound) < 1e-3
        z[near] += 0.5
    return z


# ---------------------------------------------------------------------------
# The split and the values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1.0, 3.0, 10.0, 1e3])
def test_forward_within_8_eps_of_mpmath(scale: float) -> None:
    z = random_z(int(scale), (5, 12), scale)
    got = ACT(z)
    exact = reference(z)
    # alpha b rounds once, by eps / 2 relative, and sigma(t) moves by |t| (1 - sigma(t))
    # times that: the gate's condition number, at most 1 + |alpha b|, is allowed on top
    condition = 1.0 + np.abs(ALPHA * np.minimum(z[..., ::2], LIMIT))
    with mpmath.workdps(50):
        ok = np.array(
            [
                abs(mpmath.mpf(float(g)) - e) <= 8 * EPS * c * abs(e) + 16 * TINY
                for g, e, c in zip(got.ravel(), exact.ravel(), condition.ravel(), strict=True)
            ]
        ).reshape(got.shape)
    i = tuple(np.argwhere(~ok)[0]) if not ok.all() else ()
    assert ok.all(), f"at {i}, z row {z[i[:1]]}: got {got[i]!r}, exact {exact[i]}"


def test_pairs_are_gate_then_value_as_gpt_oss_splits_them() -> None:
    # x[..., ::2] is the gate (x_glu), x[..., 1::2] the value (x_linear)
    z = np.array([0.5, 2.0, 1.5, -3.0])
    gate = np.array([0.5, 1.5])
    expected = gate / (1 + np.exp(-ALPHA * gate)) * (np.array([2.0, -3.0]) + 1)
    np.testing.assert_allclose(ACT(z), expected, rtol=4 * EPS)
    np.testing.assert_array_equal(ACT.join(np.array([2.0, -3.0]), gate), z)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_join_builds_z_along_any_axis(axis: int) -> None:
    a, b = random_z(1, (3, 2, 4)), random_z(2, (3, 2, 4))
    z = ACT.join(a, b, axis=axis)
    at = axis % 3
    assert z.shape == tuple(2 * n if k == at else n for k, n in enumerate(a.shape))
    np.testing.assert_array_equal(np.take(z, np.arange(0, z.shape[at], 2), axis=at), b)
    np.testing.assert_array_equal(np.take(z, np.arange(1, z.shape[at], 2), axis=at), a)
    np.testing.assert_array_equal(actlib.swiglu.join(a, b, axis=axis), np.concatenate([a, b], at))


def test_the_clamps_bound_each_input() -> None:
    # the gate above the limit is the limit; the value beyond +-limit is +-limit
    np.testing.assert_array_equal(ACT(np.array([50.0, 3.0])), ACT(np.array([LIMIT, 3.0])))
    np.testing.assert_array_equal(ACT(np.array([2.0, 50.0])), ACT(np.array([2.0, LIMIT])))
    np.testing.assert_array_equal(ACT(np.array([2.0, -50.0])), ACT(np.array([2.0, -LIMIT])))
    # no clamp below for the gate: it keeps falling towards 0
    assert abs(ACT(np.array([-20.0, 1.0]))[0]) < abs(ACT(np.array([-10.0, 1.0]))[0])


def test_output_range_is_attained_and_never_left() -> None:
    r = ACT.output_range
    assert r.lo_closed and r.hi_closed
    # the corners: the top of the gate, l sigma(alpha l), times 1 + l; its bottom, SiLU's
    # minimum / alpha (at b = -1.2785 / alpha), times 1 + l
    top = float(reference(np.array([LIMIT, LIMIT]))[0])
    silu_min_at = float(mpmath.findroot(lambda t: 1 + t * (1 - 1 / (1 + mpmath.exp(-t))), -1.3))
    low = min(
        float(reference(np.array([silu_min_at / ALPHA, LIMIT]))[0]),
        float(reference(np.array([LIMIT, -LIMIT]))[0]),
    )
    assert math.isclose(r.hi, top, rel_tol=8 * EPS), (r.hi, top)
    assert math.isclose(r.lo, low, rel_tol=1e-12), (r.lo, low)
    z = random_z(3, (4000, 2), 10.0)
    out = ACT(z)
    assert out.min() >= r.lo and out.max() <= r.hi


# ---------------------------------------------------------------------------
# Where the clamps cut the gradient
# ---------------------------------------------------------------------------


def partials(b: float, a: float) -> tuple[float, float]:
    """(d f / d b, d f / d a) of one pair, from the Jacobian's two columns."""
    row = ACT.jacobian(ACT.join(np.array([a]), np.array([b])))[0]
    return float(row[0]), float(row[1])


def test_a_clamp_that_holds_cuts_its_input_gradient() -> None:
    d_b, d_a = partials(9.0, 2.0)  # gate above the limit: d f / d b = 0, d f / d a = gate(7)
    assert d_b == 0.0
    assert d_a == pytest.approx(LIMIT / (1 + math.exp(-ALPHA * LIMIT)), rel=4 * EPS)
    for a in (-9.0, 9.0):  # value beyond the limit: d f / d a = 0, d f / d b keeps 1 +- l
        d_b, d_a = partials(1.0, a)
        assert d_a == 0.0
        s = 1 / (1 + math.exp(-ALPHA))
        slope = s * (1 + ALPHA * (1 - s))
        assert d_b == pytest.approx(slope * (1 + math.copysign(LIMIT, a)), rel=8 * EPS)


def test_at_a_bound_the_input_keeps_its_gradient_as_torch_clamp_gives() -> None:
    """torch.clamp's backward passes the gradient where min <= x <= max (PyTorch's
    derivatives.yaml, clamp_backward: "we return the subgradient 1" at the bounds), so at
    b = l and at a = +-l actlib returns the side inside the clamp, the limit from inside."""
    h = 2.0**-30
    for b, a in [(LIMIT, 2.0), (1.0, LIMIT), (1.0, -LIMIT)]:
        got = np.array(partials(b, a))
        inside_b = b - h if b == LIMIT else b
        inside_a = a - math.copysign(h, a) if abs(a) == LIMIT else a
        inside = np.array(partials(inside_b, inside_a))
        np.testing.assert_allclose(got, inside, rtol=1e-7)
        assert np.all(got != 0.0)


# ---------------------------------------------------------------------------
# The Jacobian, the vjp and the parameter gradients agree with each other and with
# central differences
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("params", [{}, {"alpha": 1.0, "limit": 2.5}])
def test_jacobian_matches_central_differences(seed: int, params: dict) -> None:
    z = off_the_bounds(random_z(seed, (12,), 6.0), params.get("limit", LIMIT))
    numeric = central_jacobian(lambda t: ACT(t, **params), z)
    np.testing.assert_allclose(ACT.jacobian(z, **params), numeric, rtol=1e-6, atol=1e-8)


def test_jacobian_is_zero_off_each_outputs_own_pair() -> None:
    z = random_z(4, (2, 10), 6.0)
    jac = ACT.jacobian(z)
    assert jac.shape == (2, 5, 10)
    for i, j in itertools.product(range(5), range(10)):
        if j // 2 != i:
            assert np.all(jac[:, i, j] == 0.0)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_vjp_is_g_times_the_jacobian(axis: int) -> None:
    z = random_z(5, (4, 6, 8), 6.0)
    out = ACT(z, axis=axis)
    g = random_z(6, out.shape)
    vjp = ACT.vjp(z, g, axis=axis)
    assert vjp.shape == z.shape
    product = np.einsum("...i,...ij->...j", np.moveaxis(g, axis, -1), ACT.jacobian(z, axis=axis))
    np.testing.assert_allclose(np.moveaxis(vjp, axis, -1), product, rtol=4 * EPS, atol=0)


def test_vjp_matches_central_differences_of_g_dot_f() -> None:
    z = off_the_bounds(random_z(7, (10,), 6.0))
    g = random_z(8, (5,))
    numeric = central_jacobian(lambda t: np.atleast_1d(g @ ACT(t)), z)[0]
    np.testing.assert_allclose(ACT.vjp(z, g), numeric, rtol=1e-6, atol=1e-8)


def central_in(param: str, z: np.ndarray, axis: int = -1) -> np.ndarray:
    """d f / d param for every output, by central differences at the defaults."""
    theta = ACT.defaults[param]
    h = 1e-6 * theta
    up = ACT(z, axis=axis, **{param: theta + h})
    down = ACT(z, axis=axis, **{param: theta - h})
    return (up - down) / ((theta + h) - (theta - h))


@pytest.mark.parametrize("param", ["alpha", "limit"])
@pytest.mark.parametrize("axis", [0, -1])
def test_parameter_gradient_is_g_dot_central_differences(param: str, axis: int) -> None:
    # scale 6: many gates above the limit and values beyond it, where d / d limit lives
    z = off_the_bounds(random_z(9, (6, 8), 6.0))
    g = random_z(10, ACT(z, axis=axis).shape)
    got = ACT.param_vjp(z, g, param, axis=axis)
    assert got.shape == tuple(n for k, n in enumerate(z.shape) if k != axis % 2)
    expected = np.sum(g * central_in(param, z, axis), axis=axis)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)
    assert np.any(got != 0.0)


def test_limit_gradient_comes_only_from_clamps_that_hold() -> None:
    g = np.ones(2)
    inside = np.array([1.0, 2.0, -3.0, 0.5])  # no clamp holds: the limit does not matter
    assert ACT.param_vjp(inside, g, "limit") == 0.0
    at_bounds = np.array([LIMIT, LIMIT, 1.0, -LIMIT])  # at a bound the input has it
    assert ACT.param_vjp(at_bounds, g, "limit") == 0.0
    beyond = np.array([9.0, 2.0, 1.0, -9.0])
    # d/dl [l sigma(alpha l)] (2 + 1) and d/dl of (-l + 1), times gate(1)
    s7, s1 = 1 / (1 + math.exp(-ALPHA * LIMIT)), 1 / (1 + math.exp(-ALPHA))
    want = 3.0 * s7 * (1 + ALPHA * LIMIT * (1 - s7)) - s1
    assert float(ACT.param_vjp(beyond, g, "limit")) == pytest.approx(want, rel=8 * EPS)


def test_shared_parameter_gradient_is_the_sum_over_rows() -> None:
    """One alpha for every token: its gradient over a batch is the sum of each row's."""
    z = random_z(11, (5, 8), 6.0)
    g = random_z(12, (5, 4))
    whole = float(np.sum(ACT.param_vjp(z, g, "alpha")))
    rows = sum(float(ACT.param_vjp(z[k], g[k], "alpha")) for k in range(5))
    assert whole == pytest.approx(rows, rel=4 * EPS)


# ---------------------------------------------------------------------------
# Dtypes, axes, extreme inputs
# ---------------------------------------------------------------------------


def test_float32_in_float32_out() -> None:
    z = random_z(13, (3, 4)).astype(np.float32)
    g = np.ones((3, 2), dtype=np.float32)
    outs = (ACT(z), ACT.jacobian(z), ACT.vjp(z, g), ACT.param_vjp(z, g, "alpha"))
    for out in outs:
        assert out.dtype == np.float32
    np.testing.assert_array_equal(ACT(z), ACT(z.astype(np.float64)).astype(np.float32))


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_any_axis_is_the_last_axis_moved(axis: int) -> None:
    z = random_z(14, (4, 2, 6), 6.0)
    out = ACT(z, axis=axis)
    last = np.moveaxis(ACT(np.moveaxis(z, axis, -1)), -1, axis)
    np.testing.assert_array_equal(out, last)
    g = np.ones_like(out)
    vjp_last = ACT.vjp(np.moveaxis(z, axis, -1), np.moveaxis(g, axis, -1))
    np.testing.assert_array_equal(ACT.vjp(z, g, axis=axis), np.moveaxis(vjp_last, -1, axis))


EXTREMES = [0.0, -0.0, 1.0, -1.0, 7.0, -7.0, 1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan]
PAIRS = np.array(list(itertools.product(EXTREMES, EXTREMES)))  # rows (b, a): gate first


def test_extreme_inputs_raise_nothing_and_give_nan_only_from_nan() -> None:
    g = np.ones((len(PAIRS), 1))
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        out = ACT(PAIRS)[:, 0]
        jac = ACT.jacobian(PAIRS)[:, 0, :]
        vjp = ACT.vjp(PAIRS, g)
        for param in ("alpha", "limit"):
            ACT.param_vjp(PAIRS, g, param)
    nan_in = np.isnan(PAIRS).any(axis=1)
    assert np.array_equal(np.isnan(out), nan_in), PAIRS[np.isnan(out) != nan_in]
    assert not np.isnan(jac[~nan_in]).any()
    np.testing.assert_array_equal(vjp, jac)  # g = 1: the vjp is the Jacobian's column sums


def test_limits_in_the_tails() -> None:
    # a closed gate (b = -inf) gives 0 whatever the value; an open one is clamped at l
    assert ACT(np.array([-math.inf, 1e308]))[0] == 0.0
    top = LIMIT / (1 + math.exp(-ALPHA * LIMIT))
    assert float(ACT(np.array([math.inf, math.inf]))[0]) == pytest.approx(top * 8, rel=4 * EPS)
    assert float(ACT(np.array([1e308, -math.inf]))[0]) == pytest.approx(-top * 6, rel=4 * EPS)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"alpha": 0.0}, "alpha must be a finite real number > 0"),
        ({"limit": -1.0}, "limit must be a finite real number > 0"),
        ({"limit": math.nan}, "limit must be"),
        ({"beta": 1.0}, r"unexpected parameter\(s\) \['beta'\]"),
    ],
)
def test_bad_parameters_are_named(params: dict, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        ACT(np.zeros(2), **params)


def test_param_vjp_names_a_wrong_parameter_and_shape() -> None:
    with pytest.raises(ValueError, match=r"clamped_swiglu has no parameter 'beta'.*alpha, limit"):
        ACT.param_vjp(np.zeros(4), np.zeros(2), "beta")
    with pytest.raises(ValueError, match=r"output's shape, \(2,\); got \(4,\)"):
        ACT.param_vjp(np.zeros(4), np.zeros(4), "alpha")
