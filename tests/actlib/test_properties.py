"""The computed properties, proven: against an independent oracle, and on closed forms.

An entry states none of its properties: ``Activation`` reads them from
``actlib.analysis``, which computes them from actlib's numbers. The first tests run the
same algorithm (``analysis.properties_of``) on the numbers of the SymPy/mpmath oracle
of ``scripts/reference/oracles.py`` (the textbook f and SymPy's f', which share nothing
with actlib's stable code) and require the same properties; a wrong implementation
gives different ones. The others check ``analysis`` itself on cases whose answers are
derived by hand below, so that the algorithm both runs rest on is proven too.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from scipy.special import lambertw, ndtr

import actlib
from actlib import analysis
from actlib._types import PROPERTIES, SMOOTH, Interval
from scripts.reference import oracles
from tests.registry_cases import ELEMENTWISE

Fn = Callable[[np.ndarray], np.ndarray]

# ---------------------------------------------------------------------------
# The properties of actlib's numbers against those of the oracle's
# ---------------------------------------------------------------------------


class OracleNumbers:
    """An oracle evaluator as analysis calls a function: on float64 arrays, rounded once.

    mpmath evaluates one point at a time, so each distinct x is evaluated once and
    remembered: the analysis asks for about 12,000 points per function (its grids), the
    same ones for f and -f. At +-inf it returns SymPy's limits; at ``fixed`` points
    (the kinks, for f') a given value.
    """

    def __init__(self, evaluator: Callable[[Any], Any], limits: tuple[float, float]) -> None:
        self._evaluator = evaluator
        self._memo: dict[float, float] = {-math.inf: limits[0], math.inf: limits[1]}

    def fix(self, x: float, value: float) -> None:
        self._memo[x] = value

    def _one(self, x: float) -> float:
        value = self._memo.get(x)
        if value is None:
            value = self._memo[x] = float(self._evaluator(x))
        return value

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        flat = [self._one(v) for v in x.ravel().tolist()]
        return np.array(flat, dtype=np.float64).reshape(x.shape)


@functools.cache
def oracle_properties(name: str) -> analysis.Properties:
    """analysis' algorithm run on the oracle's f and f' of ``name`` at its defaults.

    The value of f' at a kink is a convention (a framework's choice), which the textbook
    f' does not make: there, and only there, the oracle's f' takes actlib's value. The
    kinks are the oracle's own (``oracles.kinks``), and the conventions are pinned to
    PyTorch's in test_derivatives.py.
    """
    f, df = oracles.oracle(name)
    limits = oracles.limits(name)
    f_numbers = OracleNumbers(f, limits["f"])
    # f' = f (the exponential): one memory for both halves the points mpmath evaluates
    df_numbers = f_numbers if df.expr == f.expr else OracleNumbers(df, limits["df"])
    act = actlib.get(name)
    for k in oracles.kinks(name):
        assert df_numbers is not f_numbers, f"{name}: f' = f, so f' cannot jump at {k}"
        df_numbers.fix(k, float(act.derivative(k)))
    return analysis.properties_of(f_numbers, df_numbers, act.period_at(), act.slope_period_at())


# How close two computations of a property must be. Values are float64 results within
# a few ULP of each other (actlib is accurate to 4 ULP); positions found by golden-section
# search are placed to about 1e-7, and edges found by bisection to about 1e-13.
REL = {
    "argmin": 1e-6,
    "argmax": 1e-6,
    "argmax_abs_derivative": 1e-6,
    "kinks": 1e-9,
    "kink_orders": 1e-9,
    "vanishing": 1e-9,
}
VALUE_REL = 1e-12


def differences(a: Any, b: Any, rel: float, where: str) -> list[str]:
    """Where two computed properties (or parts of them) differ beyond ``rel``."""
    if isinstance(a, bool) or isinstance(b, bool) or (isinstance(a, int) and isinstance(b, int)):
        return [] if a == b else [f"{where}: {a!r} != {b!r}"]
    if isinstance(a, float) and isinstance(b, float):
        if math.isinf(a) or math.isinf(b):
            same = a == b
        else:
            same = abs(a - b) <= rel * max(1.0, abs(a), abs(b))
        return [] if same else [f"{where}: {a!r} != {b!r}"]
    if dataclasses.is_dataclass(a) and type(a) is type(b):
        return [
            d
            for fld in dataclasses.fields(a)
            for d in differences(getattr(a, fld.name), getattr(b, fld.name), rel, where)
        ]
    if isinstance(a, dict) and isinstance(b, dict):
        if len(a) != len(b):
            return [f"{where}: {a!r} != {b!r}"]
        return differences(sorted(a.items()), sorted(b.items()), rel, where)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        if len(a) != len(b):
            return [f"{where}: {a!r} != {b!r}"]
        return [d for x, y in zip(a, b, strict=True) for d in differences(x, y, rel, where)]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def compare(mine: analysis.Properties, oracle: analysis.Properties) -> dict[str, list[str]]:
    """The fields of two Properties that differ, each with what differs."""
    found = {}
    for fld in dataclasses.fields(mine):
        a, b = getattr(mine, fld.name), getattr(oracle, fld.name)
        if fld.name == "mean_standard_normal":  # 0 for an odd f: absolute, on the RMS scale
            scale = max(1.0, mine.rms_standard_normal)
            diffs = [] if abs(a - b) <= VALUE_REL * scale else [f"{a!r} != {b!r}"]
        else:
            diffs = differences(a, b, REL.get(fld.name, VALUE_REL), fld.name)
        if diffs:
            found[fld.name] = diffs
    return found


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_properties_match_the_oracles(name: str) -> None:
    """Every property actlib's numbers give, the textbook f and f' give too."""
    act = actlib.get(name)
    found = compare(analysis.properties(act), oracle_properties(name))
    assert not found, f"{name}: actlib's numbers and the oracle's give different " + "; ".join(
        d for diffs in found.values() for d in diffs
    )


def test_a_wrong_implementation_is_caught() -> None:
    """The comparison bites: a copy of sigmoid whose f' is off by one part in a million,
    and one of ReLU whose f leaks below 0, differ from the oracle where they should."""
    oracle = oracle_properties("sigmoid")
    sloped = dataclasses.replace(
        actlib.sigmoid, backward=lambda x: actlib.sigmoid.backward(x) * (1 + 1e-6)
    )
    found = compare(analysis.properties(sloped), oracle)
    assert {"derivative_at_zero", "max_abs_derivative"} <= set(found), found

    def leaky(x: np.ndarray) -> np.ndarray:
        return np.maximum(x, 0.0) + 1e-3 * np.minimum(x, 0.0)

    leaking = dataclasses.replace(actlib.relu, forward=leaky)
    found = compare(analysis.properties(leaking), oracle_properties("relu"))
    assert {"output_range", "min_value", "argmin"} <= set(found), found
    # and the copy's own attributes report what its numbers give, not the entry's
    assert leaking.output_range.lo == -math.inf and actlib.relu.output_range.lo == 0.0


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_an_activation_reads_its_properties_from_the_analysis(name: str) -> None:
    """What a page reads as ``act.output_range`` (and every other name of PROPERTIES) is
    what ``analysis.properties`` computes from the numbers, held by the activation."""
    act = actlib.get(name)
    props = analysis.properties(act)
    assert act.computed is props
    for key in PROPERTIES:
        assert getattr(act, key) == getattr(props, key), f"{name}.{key}"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_a_stated_period_is_confirmed_by_the_numbers(name: str) -> None:
    """``Activation.period`` is stated by hand. The analysis confirms it (f and f' repeat
    after p, and after no p/k) or drops it, so a wrong or missing one differs here."""
    act = actlib.get(name)
    stated, confirmed = act.period_at(), act.computed.period
    assert stated == confirmed, (
        f"{name}: the entry states the period {stated}; the numbers confirm {confirmed}"
    )


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_a_stated_slope_period_is_confirmed_by_the_numbers(name: str) -> None:
    """``Activation.slope_period`` (f' repeats, f need not: Snake) is confirmed or dropped."""
    act = actlib.get(name)
    stated, confirmed = act.slope_period_at(), act.computed.slope_period
    assert stated == confirmed, (
        f"{name}: the entry states f' repeats every {stated}; the numbers confirm {confirmed}"
    )


def test_a_wrong_slope_period_is_refused_and_snakes_bands_are_one_periods() -> None:
    """Snake's f' = 1 + sin(2 alpha x) repeats every pi / alpha, not 2 pi / alpha (a period,
    not the smallest) nor pi / (2 alpha); with it, |f'| < 0.01 is one band per period, around
    the zero 3 pi / 4 of f', and |f'| = 2 is at pi / 4."""
    snake = actlib.get("snake")
    for wrong in (2 * math.pi, math.pi / 2):
        entry = dataclasses.replace(snake, slope_period=lambda alpha, p=wrong: p / alpha)
        assert entry.computed.slope_period is None, f"the period {wrong} was confirmed"
    props = snake.computed
    assert props.period is None and props.monotonic  # f climbs, though f' repeats
    (band,) = props.vanishing
    assert band.lo < 3 * math.pi / 4 < band.hi and band.hi - band.lo < 0.2
    assert snake.argmax_abs_derivative.interval.lo == pytest.approx(math.pi / 4, abs=1e-6)


def test_a_maximum_on_two_half_lines_is_not_a_limit_at_infinity() -> None:
    """|softshrink'| = 1 for |x| > lambda: attained on two half-lines, not only as x -> inf.

    The claim the site once printed, (-inf, inf) read as "approached at both
    infinities", is not what the analysis finds; each half-line ends, open, at a kink.
    """
    lam = actlib.softshrink.defaults["lambd"]
    where = _props("softshrink").argmax_abs_derivative
    assert where.attained and where.side == 0
    assert where.pieces == (Interval(-math.inf, -lam), Interval(lam, math.inf))
    assert actlib.softshrink.argmax_abs_derivative == where


def _props(name: str, **params: object) -> analysis.Properties:
    return analysis.properties(actlib.get(name), **params)


def test_sigmoid_slope_peaks_at_a_quarter_at_zero() -> None:
    # sigma'(x) = e^-x / (1 + e^-x)^2; sigma''(x) = 0 where e^-x = 1, i.e. x = 0,
    # where sigma'(0) = 1 / (1 + 1)^2 = 1/4.
    props = _props("sigmoid")
    assert props.max_abs_derivative == pytest.approx(1 / (1 + 1) ** 2, rel=1e-15)
    assert props.argmax_abs_derivative.bounds == (0.0, 0.0)
    assert props.argmax_abs_derivative.attained
    # The range (0, 1) is open at both ends: e^-x > 0 for every real x.
    assert props.output_range == Interval(0.0, 1.0, False, False)


def test_sigmoid_vanishing_region() -> None:
    # sigma (1 - sigma) = 0.01 at sigma = (1 + sqrt(1 - 0.04)) / 2, i.e. at
    # x = ln(s / (1 - s)); by symmetry the region is |x| >= that.
    s = (1 + math.sqrt(1 - 4 * analysis.VANISHING)) / 2
    edge = math.log(s / (1 - s))
    left, right = _props("sigmoid").vanishing
    assert (left.lo, right.hi) == (-math.inf, math.inf)
    assert left.hi == pytest.approx(-edge, abs=1e-9)
    assert right.lo == pytest.approx(edge, abs=1e-9)


def test_silu_minimum_from_lambert_w() -> None:
    # f'(x) = sigma(x) (1 + x (1 - sigma(x))) = 0  <=>  e^x + 1 + x = 0. With
    # u = -(x + 1): u e^u = 1/e, so u = W(1/e), x* = -1 - W(1/e), and
    # f(x*) = x* e^x* / (1 + e^x*) = -(1 + u) u / (1 + u) = -u.
    u = float(lambertw(1 / math.e).real)
    props = _props("silu")
    assert props.min_value == pytest.approx(-u, rel=1e-13)
    assert props.argmin.bounds[0] == pytest.approx(-1 - u, rel=1e-10)
    assert props.output_range.lo_closed and not props.monotonic


def test_gelu_slope_peaks_at_sqrt_two() -> None:
    # f' = Phi(x) + x phi(x), f'' = 2 phi(x) + x phi'(x) = phi(x) (2 - x^2): zero at sqrt 2.
    root2 = math.sqrt(2)
    peak = float(ndtr(root2)) + root2 * math.exp(-1) / math.sqrt(2 * math.pi)
    props = _props("gelu")
    assert props.max_abs_derivative == pytest.approx(peak, rel=1e-14)
    assert props.argmax_abs_derivative.bounds[0] == pytest.approx(root2, abs=1e-6)


def test_hardswish_minimum_and_unattained_slope() -> None:
    # On [-3, 3], f = x (x + 3) / 6 has its vertex at -3/2, where f = -3/8. Its slope
    # (2x + 3) / 6 tends to 3/2 as x -> 3 from below, but f'(3) = 1 (PyTorch's choice).
    props = _props("hardswish")
    assert (props.min_value, props.argmin.bounds) == (-3 / 8, (-1.5, -1.5))
    assert props.max_abs_derivative == pytest.approx(3 / 2, rel=1e-15)
    assert props.argmax_abs_derivative.bounds == (3.0, 3.0)
    assert not props.argmax_abs_derivative.attained
    assert props.argmax_abs_derivative.side == -1  # approached from the left
    assert props.kink_orders == {-3.0: 0, 3.0: 0}


def test_relu_kink_dead_zone_and_moments() -> None:
    # E[max(0, Z)] = 1/sqrt(2 pi) and E[max(0, Z)^2] = 1/2 for Z ~ N(0, 1).
    props = _props("relu")
    assert props.kinks == {0.0: 0.0} and props.continuity == 0
    assert props.dead_zone and not props.saturating
    assert props.output_range == Interval(0.0, math.inf, True, False)
    assert props.mean_standard_normal == pytest.approx(1 / math.sqrt(2 * math.pi), rel=1e-9)
    assert props.rms_standard_normal == pytest.approx(math.sqrt(0.5), rel=1e-9)
    assert not props.zero_centred


def test_continuity_orders() -> None:
    # binary_step jumps at 0 (order -1). ReLU's slope jumps (C^0). Softsign's slope
    # 1/(1 + |x|)^2 is continuous but its second derivative goes from 2 to -2 (C^1).
    # ELU at alpha = 1 has slope e^x -> 1 = the right slope, curvature 1 vs 0 (C^1),
    # but at alpha = 2 its slope jumps from 2 to 1 (C^0). Tanh is smooth.
    assert _props("binary_step").continuity == -1
    assert _props("softsign").kink_orders == {0.0: 1}
    assert _props("elu").kink_orders == {0.0: 1}
    assert _props("elu", alpha=2.0).kink_orders == {0.0: 0}
    assert _props("tanh").continuity == SMOOTH


def test_saturation_versus_dead_zone() -> None:
    # tanh' = 1 - tanh^2 > 0 everywhere but -> 0 in both tails: soft saturation.
    # relu6' is exactly 0 on both half-lines x < 0 and x > 6: dead zones, no saturation.
    # softplus' = sigma(x) -> 0 only as x -> -inf; leaky_relu' never goes below a.
    assert (_props("tanh").saturating, _props("tanh").dead_zone) == (True, False)
    assert (_props("relu6").saturating, _props("relu6").dead_zone) == (False, True)
    assert _props("softplus").saturating
    assert not (_props("leaky_relu").saturating or _props("leaky_relu").dead_zone)


def test_unattained_suprema_at_infinity() -> None:
    # softplus' = sigma < 1 everywhere, -> 1 as x -> inf. tanhshrink' = tanh^2 < 1,
    # -> 1 at both ends.
    softplus = _props("softplus").argmax_abs_derivative
    tanhshrink = _props("tanhshrink").argmax_abs_derivative
    assert (softplus.bounds, softplus.attained) == ((math.inf, math.inf), False)
    assert (tanhshrink.bounds, tanhshrink.attained) == ((-math.inf, math.inf), False)


def test_zero_centred_selu() -> None:
    # SELU's constants are chosen so that a standard normal input keeps mean 0 and
    # variance 1 (Klambauer et al. 2017): E[selu(Z)] = 0 and E[selu(Z)^2] = 1.
    props = _props("selu")
    assert props.mean_standard_normal == pytest.approx(0.0, abs=1e-9)
    assert props.rms_standard_normal == pytest.approx(1.0, abs=1e-9)
    assert props.zero_centred


def test_identity_near_zero_needs_value_and_slope() -> None:
    # tanh(0) = 0 and tanh'(0) = 1; softplus(0) = ln 2; gelu'(0) = Phi(0) = 1/2.
    assert _props("tanh").identity_near_zero
    assert not _props("softplus").identity_near_zero
    assert not _props("gelu").identity_near_zero
    assert np.isclose(_props("gelu").derivative_at_zero, 0.5)


def test_properties_rejects_a_vector_function() -> None:
    with pytest.raises(TypeError, match="element-wise"):
        analysis.properties(actlib.get("softmax"))


# ---------------------------------------------------------------------------
# A periodic function: the sinusoid, |f'| = 1 at x = k pi
# ---------------------------------------------------------------------------


def test_sinusoid_slope_peaks_at_every_multiple_of_pi() -> None:
    # f' = cos(x): |cos| = 1 exactly where x = k pi. In one period [0, 2 pi): 0 and pi.
    props = _props("sinusoid")
    assert props.period == pytest.approx(2 * math.pi, rel=1e-15)
    where = props.argmax_abs_derivative
    assert where.period == props.period
    assert [p.lo for p in where.pieces] == pytest.approx([0.0, math.pi], abs=1e-6)
    assert props.max_abs_derivative == 1.0 and props.derivative_at_zero == 1.0
    assert props.output_range == Interval(-1.0, 1.0, True, True)
    assert props.zero_centred and props.identity_near_zero
    assert not (props.monotonic or props.derivative_monotonic)
    assert not (props.saturating or props.dead_zone)
    # omega = 4: period pi/2, |f'| = 4 at x = k pi / 4; f'(0) = 4, so not the identity
    fast = _props("sinusoid", omega=4.0)
    assert fast.period == pytest.approx(math.pi / 2, rel=1e-15)
    assert [p.lo for p in fast.argmax_abs_derivative.pieces] == pytest.approx(
        [0.0, math.pi / 4], abs=1e-6
    )
    assert fast.max_abs_derivative == 4.0 and not fast.identity_near_zero


def test_a_wrong_period_is_refused() -> None:
    """A period of pi (not one), or of 4 pi (a period, not the smallest), is not confirmed
    by the numbers, so the check of every entry's stated period above would fail on it."""
    sinusoid = actlib.sinusoid
    for wrong in (math.pi, 4 * math.pi):
        entry = dataclasses.replace(sinusoid, period=lambda omega, p=wrong: p / omega)
        assert entry.period_at() == wrong
        assert entry.computed.period is None, f"the period {wrong} was confirmed"
    # Without its period, |f'| = 1 is found at grid points k pi across the bulk: one
    # period's two points, repeated every 2 pi, are what the stated period gives.
    aperiodic = dataclasses.replace(sinusoid, period=None).argmax_abs_derivative
    assert aperiodic.period is None
    assert [p.lo for p in aperiodic.pieces] != pytest.approx([0.0, math.pi], abs=1e-6)
    periodic = sinusoid.argmax_abs_derivative
    assert [p.lo for p in periodic.pieces] == pytest.approx([0.0, math.pi], abs=1e-6)


def test_sinusoid_vanishing_region_repeats_every_pi() -> None:
    # |cos x| < 0.01  <=>  |x - (k + 1/2) pi| < arcsin(0.01): in [0, 2 pi), two intervals
    # of that half-width about pi/2 and 3 pi/2, and their shifts by 2 pi cover the line.
    half = math.asin(analysis.VANISHING)
    props = _props("sinusoid")
    regions = props.vanishing
    assert len(regions) == 2
    for region, centre in zip(regions, (math.pi / 2, 3 * math.pi / 2), strict=True):
        assert region.lo == pytest.approx(centre - half, abs=1e-9)
        assert region.hi == pytest.approx(centre + half, abs=1e-9)
    # The tiled regions agree with |f'| < 0.01 on a sample far beyond the analysed period.
    x = np.random.default_rng(7).uniform(-60.0, 60.0, 20001)
    shown = analysis.vanishing_within(props, -60.0, 60.0)
    inside = np.zeros_like(x, dtype=bool)
    for v in shown:
        inside |= v.contains(x)
    small = np.abs(actlib.sinusoid.derivative(x)) < analysis.VANISHING
    assert np.array_equal(inside, small)
    assert len(shown) == 38  # (k + 1/2) pi in (-60, 60): k = -19 ... 18
