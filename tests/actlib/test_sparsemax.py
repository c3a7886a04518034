"""sparsemax: accuracy for any finite logits, the simplex, exact zeros, shift invariance,
the two-class case, the Jacobian and its product, extreme logits, dtypes and axes.

The reference is mpmath at 50 digits, with the sort-based threshold of Martins and
Astudillo (2016) on the logits shifted exactly by their maximum: sort descending, k the
largest index with 1 + k z_(k) > z_(1) + ... + z_(k), tau = (z_(1) + ... + z_(k) - 1) / k,
p_i = max(z_i - tau, 0). test_softmax.py holds a second, bisection-based reference.
"""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest

import actlib

EPS = np.finfo(np.float64).eps

# Logits that are huge, tiny, far apart, tied, or just at a change of the support.
HARD_LOGITS = [
    [1e16, 1.0, 1.0],
    [1.0, 1e-20],  # the support is both: p = (1 - 5e-21, 5e-21)
    [0.0, -1.0 + 1e-10],  # p_2 = 5e-11, just inside the support
    [0.0, -1.0],  # p_2 = 0: exactly at the change of the support
    [3.0, 3.0, 3.0, 3.0],
    [1.7e308, -1.7e308, 0.0],  # z - max overflows a naive subtraction
    [1e308, 1e308, -1e308],
    [-1.7e308, -1.7e308],
    [5.0],
    [0.5, 0.5 - 1e-17, 0.0],
    [1e-300, 0.0, -1e-300],
    [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    [700.0, 699.5, 699.25, -700.0],
]


def reference(row: np.ndarray) -> list[mpmath.mpf]:
    """Sparsemax of one row of logits (-inf entries masked), to 50 digits."""
    with mpmath.workdps(50):
        top = max(float(v) for v in row)
        shifted = [None if v == -np.inf else mpmath.fsub(float(v), top, exact=True) for v in row]
        ranked = sorted((v for v in shifted if v is not None), reverse=True)
        size = max(k for k in range(1, len(ranked) + 1) if 1 + k * ranked[k - 1] > sum(ranked[:k]))
        tau = (mpmath.fsum(ranked[:size]) - 1) / size
        return [mpmath.mpf(0) if v is None else max(v - tau, mpmath.mpf(0)) for v in shifted]


def check_row(z: np.ndarray, got: np.ndarray, tol: float = 4 * EPS) -> None:
    """Each output within ``tol`` of the exact one (outputs are probabilities: absolute
    error), and exactly 0 wherever the exact one is 0."""
    exact = reference(z)
    with mpmath.workdps(50):
        error = [abs(mpmath.mpf(float(g)) - e) for g, e in zip(got, exact, strict=True)]
    worst = int(np.argmax([float(e) for e in error]))
    assert float(error[worst]) <= tol, (
        f"sparsemax({z.tolist()})[{worst}] = {got[worst]!r}, exact "
        f"{mpmath.nstr(exact[worst], 20)}: off by {float(error[worst]) / EPS:.3g} eps"
    )
    zeros = [i for i, e in enumerate(exact) if e == 0]
    assert all(got[i] == 0.0 for i in zeros), f"sparsemax({z.tolist()}) = {got}: not 0 at {zeros}"


def random_logits(seed: int, shape: tuple[int, ...], scale: float) -> np.ndarray:
    return scale * np.random.default_rng(seed).standard_normal(shape)


# ---------------------------------------------------------------------------
# Accuracy, the simplex, exact zeros
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("logits", HARD_LOGITS, ids=str)
def test_each_output_within_4_eps_for_any_finite_logits(logits: list) -> None:
    z = np.array(logits)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        got = actlib.sparsemax(z)
    check_row(z, got)


@pytest.mark.parametrize("scale", [0.05, 1.0, 30.0, 1e6])
def test_random_logits_within_4_eps(scale: float) -> None:
    z = random_logits(int(scale * 100), (6, 40), scale)
    for row, got in zip(z, actlib.sparsemax(z), strict=True):
        check_row(row, got)


@pytest.mark.parametrize(
    "z",
    [np.array(row) for row in HARD_LOGITS] + [random_logits(7, (8, 40), s) for s in (0.05, 1)],
    ids=lambda z: str(z.tolist())[:40],
)
def test_outputs_are_on_the_simplex(z: np.ndarray) -> None:
    p = np.atleast_2d(actlib.sparsemax(z))
    assert np.all((p >= 0.0) & (p <= 1.0)), f"outside [0, 1]: {p}"
    sums = np.array([math.fsum(row) for row in p])  # exact sums: the error is sparsemax's
    assert np.all(np.abs(sums - 1.0) <= 4 * EPS), f"rows sum to {sums} for logits {z}"


def test_exact_zeros_outside_the_support() -> None:
    z = np.array([2.0, 1.5, 0.0, -3.0, 1.0])  # k = 2: 1 + 3 * 1 > 4.5 fails; tau = 1.25
    np.testing.assert_array_equal(actlib.sparsemax(z), [0.75, 0.25, 0.0, 0.0, 0.0])


def test_ties_enter_the_support_together() -> None:
    p = actlib.sparsemax(np.array([1.0, 0.25, 0.25, 0.25, -5.0]))
    # tau = (1 + 0.75 - 1) / 4 = 0.1875: all three tied logits are in, with the same mass
    np.testing.assert_array_equal(p, [0.8125, 0.0625, 0.0625, 0.0625, 0.0])


@pytest.mark.parametrize("shift", [-1e6, -3.25, 0.5, 1e3, 2.0**40])
def test_shift_invariance(shift: float) -> None:
    # multiples of 2^-10 below 2^6: z + shift is exact, even for shift = 2^40
    z = np.round(random_logits(31, (5, 7), 1.0) * 1024) / 1024
    np.testing.assert_allclose(actlib.sparsemax(z + shift), actlib.sparsemax(z), atol=4 * EPS)


def test_two_classes_give_the_sparse_sigmoid() -> None:
    """sparsemax((t, 0))_1 = clip((t + 1) / 2, 0, 1), JAX's and Keras' sparse_sigmoid(t),
    as the sigmoid is softmax's two-class case."""
    t = np.concatenate([np.linspace(-3.0, 3.0, 601), [-1.0, 1.0, 1e-300, -1e300, 1e300]])
    p = actlib.sparsemax(np.stack([t, np.zeros_like(t)], axis=-1))
    with mpmath.workdps(50):
        expected = [float(min(max((mpmath.mpf(float(v)) + 1) / 2, 0), 1)) for v in t]
    np.testing.assert_allclose(p[:, 0], expected, rtol=0, atol=2 * EPS)
    np.testing.assert_allclose(p[:, 1], 1.0 - np.array(expected), rtol=0, atol=2 * EPS)


# ---------------------------------------------------------------------------
# Non-finite logits, dtypes, axes, shapes
# ---------------------------------------------------------------------------


def test_minus_infinity_masks_a_logit() -> None:
    z = np.array([-np.inf, 0.0, 0.5, -np.inf])
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        p = actlib.sparsemax(z)
        jacobian, vjp = actlib.sparsemax.jacobian(z), actlib.sparsemax.vjp(z, np.ones(4))
    np.testing.assert_array_equal(p, [0.0, 0.25, 0.75, 0.0])
    assert np.all(jacobian[[0, 3]] == 0) and np.all(jacobian[:, [0, 3]] == 0)
    np.testing.assert_array_equal(vjp, [0.0, 0.0, 0.0, 0.0])


@pytest.mark.parametrize(
    "z",
    [[np.inf, 0.0], [np.inf, np.inf], [-np.inf, -np.inf], [np.nan, 1.0], [np.inf, -np.inf]],
    ids=str,
)
def test_infinite_or_nan_logits_give_nan_without_warnings(z: list) -> None:
    act = actlib.sparsemax
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        p, jacobian, vjp = act(z), act.jacobian(z), act.vjp(z, [1.0, -1.0])
    assert np.isnan(p).all() and np.isnan(jacobian).all() and np.isnan(vjp).all()


def test_a_bad_row_leaves_the_others_alone() -> None:
    z = np.array([[np.nan, 0.0, 1.0], [0.0, 0.5, 3.0], [np.inf, 0.0, 0.0]])
    p = actlib.sparsemax(z)
    assert np.isnan(p[[0, 2]]).all()
    np.testing.assert_array_equal(p[1], [0.0, 0.0, 1.0])


def test_float32_in_gives_float32_out() -> None:
    z = np.array([[1000.0, 999.5, -3.5], [0.25, -0.5, 0.125]], dtype=np.float32)
    got = actlib.sparsemax(z)
    assert got.dtype == np.float32
    eps32 = float(np.finfo(np.float32).eps)
    for row, p in zip(z, got, strict=True):
        check_row(row.astype(np.float64), p.astype(np.float64), tol=eps32)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_axis_selects_the_rows(axis: int) -> None:
    z = random_logits(3, (3, 4, 5), 1.0)
    got = actlib.sparsemax(z, axis=axis)
    assert got.shape == z.shape
    rows_in, rows_out = (np.moveaxis(a, axis, -1).reshape(-1, z.shape[axis]) for a in (z, got))
    for row, p in zip(rows_in, rows_out, strict=True):
        check_row(row, p)


@pytest.mark.parametrize("shape", [(1,), (7,), (0, 3), (3, 0), (2, 0, 4), (1, 1, 1)])
def test_shapes_are_preserved(shape: tuple[int, ...]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = actlib.sparsemax(np.zeros(shape))
    assert got.shape == shape and got.dtype == np.float64
    if got.size:  # equal logits: every probability is 1/K
        np.testing.assert_allclose(got, 1.0 / shape[-1], rtol=2 * EPS, atol=0)


# ---------------------------------------------------------------------------
# The Jacobian and the backpropagation product
# ---------------------------------------------------------------------------


def exact_jacobian(row: np.ndarray) -> np.ndarray:
    """diag(s) - s s^T / |S|, from the support of the mpmath reference."""
    s = np.array([float(v > 0) for v in reference(row)])
    return np.diag(s) - np.outer(s, s) / s.sum()


def away_from_support_changes(seed: int, shape: tuple[int, ...]) -> np.ndarray:
    """Random logits whose every output is 0 or at least 1e-3 and every zero has
    z_i < tau - 1e-3: the support does not change within a central difference's step."""
    rng = np.random.default_rng(seed)
    while True:
        z = rng.standard_normal(shape)
        rows = z.reshape(-1, shape[-1])
        ok = True
        for row in rows:
            exact = [float(v) for v in reference(row)]
            tau = max(row[i] - p for i, p in enumerate(exact) if p > 0)
            ok &= all((p == 0 and row[i] < tau - 1e-3) or p >= 1e-3 for i, p in enumerate(exact))
        if ok:
            return z


def test_jacobian_matches_its_closed_form() -> None:
    z = random_logits(11, (6, 7), 1.0)
    got = actlib.sparsemax.jacobian(z)
    assert got.shape == (6, 7, 7)
    for row, jacobian in zip(z, got, strict=True):
        np.testing.assert_allclose(jacobian, exact_jacobian(row), rtol=0, atol=EPS)


@pytest.mark.parametrize("seed", range(4))
def test_jacobian_matches_central_differences(seed: int) -> None:
    z = away_from_support_changes(seed, (6,))
    got = actlib.sparsemax.jacobian(z)
    h = 1e-6  # sparsemax is linear between support changes: no truncation error
    estimate = np.empty_like(got)
    for j in range(z.size):
        step = np.zeros_like(z)
        step[j] = h
        estimate[:, j] = (actlib.sparsemax(z + step) - actlib.sparsemax(z - step)) / (2 * h)
    np.testing.assert_allclose(got, estimate, rtol=0, atol=1e-9)


@pytest.mark.parametrize(("shape", "axis"), [((5,), -1), ((2, 3, 4), 1), ((4, 2), 0)])
def test_vjp_is_g_times_the_jacobian(shape: tuple, axis: int) -> None:
    act = actlib.sparsemax
    z, g = random_logits(17, shape, 1.0), random_logits(19, shape, 1.0)
    got = act.vjp(z, g, axis=axis)
    jacobian = act.jacobian(z, axis=axis)
    expected = np.einsum("...i,...ij->...j", np.moveaxis(g, axis, -1), jacobian)
    np.testing.assert_allclose(got, np.moveaxis(expected, -1, axis), rtol=0, atol=16 * EPS)


def test_jacobian_rows_sum_to_zero_and_it_is_symmetric() -> None:
    jacobian = actlib.sparsemax.jacobian(random_logits(37, (5, 8), 1.0))
    np.testing.assert_allclose(jacobian.sum(axis=-1), 0.0, atol=4 * EPS)
    np.testing.assert_array_equal(jacobian, np.swapaxes(jacobian, -1, -2))


def test_extreme_logits_give_finite_jacobian_and_vjp_without_warnings() -> None:
    z = np.array([[1e308, -1e308, 0.0], [-1.7e308, -1.7e308, 1.7e308], [1e-300, 0.0, 5.0]])
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        jacobian = actlib.sparsemax.jacobian(z)
        vjp = actlib.sparsemax.vjp(z, np.ones_like(z))
    assert np.isfinite(jacobian).all() and np.isfinite(vjp).all()
