"""Softmax with an attention sink: accuracy against mpmath for extreme logits and sinks,
softmax-1 (the sink at 0) and the limit of a sink at -inf (softmax), the Jacobian, the vjp
and the sink's gradient against central differences and each other, dtypes, masked rows
and bad input.

The reference is gpt-oss's sdpa (openai/gpt-oss at 7b58334, gpt_oss/torch/model.py): the
sink S appended to the logits as one more column, softmax over the row, that column
dropped; here at 50 digits, with each logit's distance from the row's largest (the sink's
included) exact.
"""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest

import actlib
from tests.registry_cases import central_jacobian

EPS = np.finfo(np.float64).eps
ACT = actlib.softmax_sink


def reference(row: np.ndarray, sink: float) -> list[mpmath.mpf]:
    """exp(z_i) / (exp(sink) + sum_j exp(z_j)) to 50 digits."""
    with mpmath.workdps(50):
        every = [mpmath.mpf(float(sink))] + [mpmath.mpf(float(v)) for v in row]
        top = max(every)
        shifted = [mpmath.fsub(v, top, exact=True) for v in every]
        total = mpmath.fsum(mpmath.exp(v) for v in shifted)
        return [mpmath.exp(v) / total for v in shifted[1:]]


HARD_LOGITS = [
    [1000.0, 0.0],
    [-1000.0, -1000.0],
    [0.0, 1000.0, -1000.0],
    [710.0, 709.9, -710.0],
    [0.0, -40.0],
    [745.0, 0.0, -745.0],
    [1.7e308, -1.7e308, 0.0],
    [3.0, 3.0, 3.0, 3.0],
    [5.0],
]
SINKS = [0.0, -3.0, 2.5, 700.0, -700.0, 1e300, -1e300]


@pytest.mark.parametrize("sink", SINKS)
@pytest.mark.parametrize("logits", HARD_LOGITS, ids=str)
def test_each_output_within_8_eps_relative(sink: float, logits: list) -> None:
    got = ACT(np.array(logits), sink=sink)
    exact = reference(np.array(logits), sink)
    for i, (g, e) in enumerate(zip(got, exact, strict=True)):
        if e < mpmath.mpf(np.finfo(np.float64).tiny):  # subnormal or 0: absolute
            assert abs(mpmath.mpf(float(g)) - e) <= 2 * np.finfo(np.float64).smallest_subnormal
            continue
        assert abs(mpmath.mpf(float(g)) - e) <= 8 * EPS * e, (
            f"sink {sink}, logits {logits}: entry {i} is {g!r}, exact {mpmath.nstr(e, 20)}"
        )


def test_softmax_one_is_the_default_and_the_outputs_leave_the_sink_its_share() -> None:
    assert ACT.defaults == {"sink": 0.0}
    z = np.random.default_rng(0).normal(0.0, 2.0, (10, 5))
    s = ACT(z)
    sink_share = 1.0 / (1.0 + np.exp(z).sum(axis=-1))  # softmax-1: e^0 / (e^0 + sum e^z)
    np.testing.assert_allclose(s.sum(axis=-1), 1.0 - sink_share, rtol=8 * EPS)


def test_a_sink_far_below_the_logits_gives_softmax() -> None:
    z = np.random.default_rng(1).normal(0.0, 2.0, (10, 5))
    np.testing.assert_allclose(ACT(z, sink=-1e4), actlib.softmax(z), rtol=4 * EPS, atol=0)


def test_a_fully_masked_row_gives_all_its_mass_to_the_sink() -> None:
    """Unlike softmax (NaN), a row of -inf logits is a head that attends to nothing."""
    np.testing.assert_array_equal(ACT(np.array([-np.inf, -np.inf])), [0.0, 0.0])
    assert np.isnan(actlib.softmax(np.array([-np.inf, -np.inf]))).all()
    assert np.isnan(ACT(np.array([np.nan, 1.0]))).all()
    assert np.isnan(ACT(np.array([np.inf, 1.0]))).all()


# ---------------------------------------------------------------------------
# Derivatives
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("sink", [0.0, -2.0, 3.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_jacobian_matches_central_differences(sink: float, seed: int) -> None:
    z = np.random.default_rng(seed).normal(0.0, 1.5, 6)
    numeric = central_jacobian(lambda t: ACT(t, sink=sink), z)
    np.testing.assert_allclose(ACT.jacobian(z, sink=sink), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_vjp_is_g_times_the_jacobian(axis: int) -> None:
    rng = np.random.default_rng(2)
    z, g = rng.normal(0.0, 2.0, (4, 5, 6)), rng.normal(size=(4, 5, 6))
    vjp = ACT.vjp(z, g, axis=axis, sink=1.5)
    jac = ACT.jacobian(z, axis=axis, sink=1.5)
    product = np.einsum("...i,...ij->...j", np.moveaxis(g, axis, -1), jac)
    np.testing.assert_allclose(np.moveaxis(vjp, axis, -1), product, rtol=1e-13, atol=1e-16)


def test_vjp_matches_central_differences_of_g_dot_f() -> None:
    rng = np.random.default_rng(3)
    z, g = rng.normal(0.0, 1.5, 7), rng.normal(size=7)
    numeric = central_jacobian(lambda t: np.atleast_1d(g @ ACT(t, sink=0.5)), z)[0]
    np.testing.assert_allclose(ACT.vjp(z, g, sink=0.5), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("sink", [0.0, -2.0, 3.0])
@pytest.mark.parametrize("axis", [0, -1])
def test_sink_gradient_is_g_dot_central_differences_in_the_sink(sink: float, axis: int) -> None:
    rng = np.random.default_rng(4)
    z, g = rng.normal(0.0, 1.5, (5, 6)), rng.normal(size=(5, 6))
    h = 1e-6
    d_s = (ACT(z, axis=axis, sink=sink + h) - ACT(z, axis=axis, sink=sink - h)) / (2 * h)
    got = ACT.param_vjp(z, g, "sink", axis=axis, sink=sink)
    np.testing.assert_allclose(got, np.sum(g * d_s, axis=axis), rtol=1e-6, atol=1e-9)


def test_sink_gradient_is_minus_the_sinks_share_times_g_dot_s() -> None:
    """d s_i / d z_0 = -s_i s_0: the sink is one more logit, so softmax's Jacobian column
    for it, and its share s_0 is 1 - sum_i s_i."""
    z, g = np.array([0.3, -1.0, 2.0]), np.array([1.0, -2.0, 0.5])
    s = ACT(z, sink=0.7)
    s0 = 1.0 - s.sum()
    want = -s0 * float(g @ s)
    assert float(ACT.param_vjp(z, g, "sink", sink=0.7)) == pytest.approx(want, rel=1e-14)


def test_a_shared_sink_gets_the_sum_over_its_rows() -> None:
    """One sink per head, shared by every query row: its gradient is the sum over rows."""
    rng = np.random.default_rng(5)
    z, g = rng.normal(size=(8, 6)), rng.normal(size=(8, 6))
    whole = float(np.sum(ACT.param_vjp(z, g, "sink")))
    rows = sum(float(ACT.param_vjp(z[k], g[k], "sink")) for k in range(8))
    assert whole == pytest.approx(rows, rel=1e-14)


# ---------------------------------------------------------------------------
# Dtypes, extremes, bad input
# ---------------------------------------------------------------------------


def test_float32_in_float32_out() -> None:
    z = np.random.default_rng(6).normal(size=(3, 5)).astype(np.float32)
    g = np.ones_like(z)
    outs = (ACT(z), ACT.jacobian(z), ACT.vjp(z, g), ACT.param_vjp(z, g, "sink"))
    assert all(out.dtype == np.float32 for out in outs)


@pytest.mark.parametrize("sink", [0.0, 1e308, -1e308])
def test_extreme_logits_and_sinks_raise_nothing(sink: float) -> None:
    z = np.array([[1.7e308, -1.7e308, 0.0], [-np.inf, 1.0, 1.0], [-np.inf, -np.inf, -np.inf]])
    g = np.ones_like(z)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        outs = (ACT(z, sink=sink), ACT.jacobian(z, sink=sink), ACT.vjp(z, g, sink=sink))
        d_sink = ACT.param_vjp(z, g, "sink", sink=sink)
    assert not any(np.isnan(out).any() for out in outs) and not np.isnan(d_sink).any()


@pytest.mark.parametrize("sink", [math.nan, math.inf, -math.inf, "0"])
def test_a_sink_that_is_not_a_finite_number_is_refused_by_name(sink: object) -> None:
    with pytest.raises(ValueError, match="sink must be a finite real number"):
        ACT(np.zeros(3), sink=sink)


def test_param_vjp_names_a_wrong_parameter() -> None:
    with pytest.raises(ValueError, match=r"softmax_sink has no parameter 's'; .*: sink"):
        ACT.param_vjp(np.zeros(3), np.zeros(3), "s")
    with pytest.raises(ValueError, match=r"softmax has no parameter 'sink'; .*: none"):
        actlib.softmax.param_vjp(np.zeros(3), np.zeros(3), "sink")
