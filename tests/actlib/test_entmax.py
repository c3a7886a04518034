"""alpha-entmax: accuracy against a bisection in mpmath for any finite logits, its place
between softmax (alpha -> 1) and sparsemax (alpha = 2), the Jacobian, the vjp and the
gradient in alpha against central differences and each other, dtypes, extreme logits and
bad input.

The reference is Peters, Niculae & Martins (2019)'s definition, solved by bisection at 50
digits: p_i = max((alpha - 1) z_i - tau, 0)^(1 / (alpha - 1)) with sum_i p_i = 1. It shares
nothing with actlib's sort (alpha = 1.5) or its float64 bisection (other alphas).
"""

from __future__ import annotations

import warnings

import mpmath
import numpy as np
import pytest

import actlib
from tests.registry_cases import central_jacobian

EPS = np.finfo(np.float64).eps
ACT = actlib.entmax
ALPHAS = [1.5, 1.2, 1.7, 2.0]


def reference(row: np.ndarray, alpha: float) -> list[mpmath.mpf]:
    """alpha-entmax of one row of logits, to 50 digits, by bisection on tau."""
    with mpmath.workdps(50):
        a = mpmath.mpf(alpha)
        top = mpmath.mpf(float(max(row)))
        # exact differences from the largest logit: entmax is unchanged by a shift
        x = [(a - 1) * mpmath.fsub(mpmath.mpf(float(v)), top, exact=True) for v in row]
        lo, hi = max(x) - 1, max(x)
        for _ in range(200):
            tau = (lo + hi) / 2
            total = mpmath.fsum(max(v - tau, 0) ** (1 / (a - 1)) for v in x)
            lo, hi = (tau, hi) if total > 1 else (lo, tau)
        tau = (lo + hi) / 2
        return [max(v - tau, 0) ** (1 / (a - 1)) for v in x]


def random_logits(seed: int, shape: tuple[int, ...], scale: float) -> np.ndarray:
    return scale * np.random.default_rng(seed).standard_normal(shape)


HARD_LOGITS = [
    [1000.0, 0.0],
    [0.0, 1000.0, -1000.0],
    [1e16, 1.0, 1.0],
    [1.7e308, -1.7e308, 0.0],
    [0.0, 1e-20, -1e-20],
    [3.0, 3.0, 3.0, 3.0],
    [5.0],
    [2.0, 1.5, 0.0, -3.0, 1.0],
]


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", ALPHAS)
@pytest.mark.parametrize("logits", HARD_LOGITS, ids=str)
def test_each_output_within_8_eps_for_any_finite_logits(alpha: float, logits: list) -> None:
    """An absolute error, like sparsemax's: tau is a difference of the logits' scale."""
    got = ACT(np.array(logits), alpha=alpha)
    exact = reference(np.array(logits), alpha)
    errors = [abs(mpmath.mpf(float(g)) - e) for g, e in zip(got, exact, strict=True)]
    worst = int(np.argmax([float(e) for e in errors]))
    assert errors[worst] <= 8 * EPS, (
        f"entmax(alpha={alpha}) of {logits}: entry {worst} is {got[worst]!r}, exact "
        f"{mpmath.nstr(exact[worst], 20)}"
    )


@pytest.mark.parametrize("alpha", ALPHAS)
@pytest.mark.parametrize("scale", [1.0, 3.0, 30.0])
def test_random_logits_within_8_eps(alpha: float, scale: float) -> None:
    z = random_logits(int(scale), (6, 7), scale)
    got = ACT(z, alpha=alpha)
    for row, out in zip(z, got, strict=True):
        exact = reference(row, alpha)
        worst = max(abs(mpmath.mpf(float(g)) - e) for g, e in zip(out, exact, strict=True))
        assert worst <= 8 * EPS, f"alpha={alpha}, row {row.tolist()}: off by {worst}"


@pytest.mark.parametrize("alpha", ALPHAS)
def test_outputs_sum_to_one_and_the_far_logits_get_exactly_zero(alpha: float) -> None:
    z = random_logits(4, (50, 9), 3.0)
    p = ACT(z, alpha=alpha)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=8 * EPS)
    assert np.all(p >= 0.0)
    far = z < z.max(axis=-1, keepdims=True) - 2.0 / (alpha - 1.0)  # tau >= max - 1 / (a - 1)
    assert np.all(p[far] == 0.0) and far.any()


def test_alpha_two_is_sparsemax_and_alpha_near_one_nears_softmax() -> None:
    z = random_logits(5, (20, 6), 2.0)
    np.testing.assert_array_equal(ACT(z, alpha=2.0), actlib.sparsemax(z))
    gaps = [np.max(np.abs(ACT(z, alpha=1 + d) - actlib.softmax(z))) for d in (1e-1, 1e-2, 1e-3)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-3, gaps


def test_the_default_is_one_point_five_entmax() -> None:
    assert ACT.defaults == {"alpha": 1.5}
    # the page's example: 1.5-entmax of (2, 1.5, 0, -3, 1), by hand from the sort
    z = np.array([2.0, 1.5, 0.0, -3.0, 1.0])
    exact = reference(z, 1.5)
    np.testing.assert_allclose(ACT(z), [float(v) for v in exact], rtol=0, atol=4 * EPS)


# ---------------------------------------------------------------------------
# Derivatives: the Jacobian, the vjp and d / d alpha agree with each other and with
# central differences
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", ALPHAS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_jacobian_matches_central_differences(alpha: float, seed: int) -> None:
    z = random_logits(seed, (6,), 1.5)
    jac = ACT.jacobian(z, alpha=alpha)
    numeric = central_jacobian(lambda t: ACT(t, alpha=alpha), z)
    np.testing.assert_allclose(jac, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("alpha", ALPHAS)
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_vjp_is_g_times_the_jacobian(alpha: float, axis: int) -> None:
    z = random_logits(6, (4, 5, 6), 2.0)
    g = random_logits(7, z.shape, 1.0)
    vjp = ACT.vjp(z, g, axis=axis, alpha=alpha)
    jac = ACT.jacobian(z, axis=axis, alpha=alpha)
    product = np.einsum("...i,...ij->...j", np.moveaxis(g, axis, -1), jac)
    np.testing.assert_allclose(np.moveaxis(vjp, axis, -1), product, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("alpha", ALPHAS)
def test_vjp_matches_central_differences_of_g_dot_f(alpha: float) -> None:
    z = random_logits(8, (7,), 1.5)
    g = random_logits(9, (7,), 1.0)
    numeric = central_jacobian(lambda t: np.atleast_1d(g @ ACT(t, alpha=alpha)), z)[0]
    np.testing.assert_allclose(ACT.vjp(z, g, alpha=alpha), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("alpha", [1.5, 1.2, 1.7, 1.95])
@pytest.mark.parametrize("axis", [0, -1])
def test_alpha_gradient_is_g_dot_central_differences_in_alpha(alpha: float, axis: int) -> None:
    z = random_logits(10, (5, 6), 1.5)
    g = random_logits(11, z.shape, 1.0)
    h = 1e-6
    d_p = (ACT(z, axis=axis, alpha=alpha + h) - ACT(z, axis=axis, alpha=alpha - h)) / (2 * h)
    got = ACT.param_vjp(z, g, "alpha", axis=axis, alpha=alpha)
    assert got.shape == (6,) if axis == 0 else (5,)
    np.testing.assert_allclose(got, np.sum(g * d_p, axis=axis), rtol=1e-6, atol=1e-8)
    assert np.any(got != 0.0)  # a row whose support is one entry has p = (1, 0, ...) for any alpha


def test_alpha_gradient_of_a_constant_upstream_gradient_is_zero() -> None:
    """The outputs sum to 1 for every alpha, so g = 1 gives d/d alpha of 1: zero."""
    z = random_logits(12, (8, 6), 2.0)
    np.testing.assert_allclose(ACT.param_vjp(z, np.ones_like(z), "alpha"), 0.0, atol=1e-14)


def test_shared_alpha_gradient_is_the_sum_over_rows() -> None:
    """One alpha per attention head: its gradient is the sum over the head's rows."""
    z = random_logits(13, (5, 6), 2.0)
    g = random_logits(14, z.shape, 1.0)
    whole = float(np.sum(ACT.param_vjp(z, g, "alpha")))
    rows = sum(float(ACT.param_vjp(z[k], g[k], "alpha")) for k in range(5))
    assert whole == pytest.approx(rows, rel=1e-14)


def test_outside_the_support_there_is_no_gradient() -> None:
    z = np.array([2.0, 1.9, -5.0, 1.0])
    p = ACT(z)
    assert p[2] == 0.0
    jac = ACT.jacobian(z)
    assert np.all(jac[2, :] == 0.0) and np.all(jac[:, 2] == 0.0)


# ---------------------------------------------------------------------------
# Dtypes, extreme logits, bad input
# ---------------------------------------------------------------------------


def test_float32_in_float32_out() -> None:
    z = random_logits(15, (3, 5), 2.0).astype(np.float32)
    g = np.ones_like(z)
    outs = (ACT(z), ACT.jacobian(z), ACT.vjp(z, g), ACT.param_vjp(z, g, "alpha"))
    assert all(out.dtype == np.float32 for out in outs)
    np.testing.assert_array_equal(ACT(z), ACT(z.astype(np.float64)).astype(np.float32))


@pytest.mark.parametrize("alpha", [*ALPHAS, 1.0001])
def test_extreme_logits_raise_nothing_and_give_nan_only_for_a_row_with_no_entmax(
    alpha: float,
) -> None:
    z = np.array(
        [
            [1e308, -1e308, 0.0],
            [-np.inf, 1.0, 1.0],  # -inf masks its entry
            [5e-324, 0.0, -0.0],
            [-np.inf, -np.inf, -np.inf],  # all masked: no entmax
            [np.nan, 1.0, 1.0],
            [np.inf, 1.0, 1.0],
        ]
    )
    g = np.ones_like(z)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        p = ACT(z, alpha=alpha)
        jac = ACT.jacobian(z, alpha=alpha)
        vjp = ACT.vjp(z, g, alpha=alpha)
        d_alpha = ACT.param_vjp(z, g, "alpha", alpha=alpha)
    np.testing.assert_allclose(p[:3], [[1, 0, 0], [0, 0.5, 0.5], [1 / 3] * 3], atol=4 * EPS)
    assert np.isnan(p[3:]).all() and np.isnan(jac[3:]).all() and np.isnan(d_alpha[3:]).all()
    assert not np.isnan(jac[:3]).any() and not np.isnan(vjp[:3]).any()


@pytest.mark.parametrize("alpha", [1.0, 0.5, 2.5, np.nan, np.inf])
def test_alpha_outside_one_to_two_is_refused_by_name(alpha: float) -> None:
    with pytest.raises(ValueError, match=r"alpha must be"):
        ACT(np.zeros(3), alpha=alpha)


def test_param_vjp_names_a_wrong_parameter_and_shape() -> None:
    with pytest.raises(ValueError, match=r"entmax has no parameter 'beta'; .*: alpha"):
        ACT.param_vjp(np.zeros(3), np.zeros(3), "beta")
    with pytest.raises(ValueError, match=r"g must have the shape of z, \(3,\); got \(2,\)"):
        ACT.param_vjp(np.zeros(3), np.zeros(2), "alpha")


# The derivative of p in alpha as docs/functions/sparse.md prints it (Correia et al., 2019).
PRINTED_D_ALPHA = (
    r"\frac{p_i - \hat w_i}{(\alpha - 1)^2} - \frac{p_i \ln p_i - \hat w_i \sum_j p_j \ln p_j}"
    r"{\alpha - 1}"
)


@pytest.mark.parametrize("alpha", [1.3, 1.5, 1.8])
def test_the_printed_derivative_in_alpha_is_central_differences(alpha: float) -> None:
    """The page's formula for d p_i / d alpha, evaluated as printed (with w_i = p_i^(2 - alpha)
    on the support, w-hat its share of their sum, and p ln p = 0 off it), is the derivative
    of actlib's entmax in alpha."""
    from scripts import ROOT

    page = (ROOT / "docs" / "functions" / "sparse.md").read_text(encoding="utf-8")
    assert f"${PRINTED_D_ALPHA}$" in page.replace("\n", " "), "the page's formula changed"
    z = np.array([2.0, 1.5, 0.0, -3.0, 1.0])
    p = ACT(z, alpha=alpha)
    on = p > 0
    w = np.where(on, p ** (2.0 - alpha), 0.0)
    w_hat = w / w.sum()
    p_ln_p = np.where(on, p * np.log(np.where(on, p, 1.0)), 0.0)
    printed = (p - w_hat) / (alpha - 1) ** 2 - (p_ln_p - w_hat * p_ln_p.sum()) / (alpha - 1)
    h = 1e-6
    numeric = (ACT(z, alpha=alpha + h) - ACT(z, alpha=alpha - h)) / (2 * h)
    np.testing.assert_allclose(printed, numeric, rtol=1e-6, atol=1e-8)
    assert np.count_nonzero(on) >= 2 and np.any(np.abs(printed) > 1e-3)
