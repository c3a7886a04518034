"""The second-derivatives page: its experiment's invariants, and each conclusion as worded.

The claims are read from the results the page prints (the generator's cached
``experiments/results.json``); each test quotes the sentence it holds, through ``where``,
so that rewording the sentence fails the test until the test is rewritten with it.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest

import actlib
from actlib._types import SMOOTH as SMOOTH_CONTINUITY
from scripts.generators import experiment_runs
from scripts.render import experiment_pages
from scripts.shared import poisson_experiment
from tests.website.test_experiments import where

PAGE = "concepts/second-derivatives"
EPS = float(np.finfo(float).eps)


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return experiment_runs.results()["second-derivatives"]


@pytest.fixture(scope="module")
def rerun() -> poisson_experiment.PoissonFit:
    return poisson_experiment.poisson_fit()


# ---------------------------------------------------------------------------
# The experiment itself
# ---------------------------------------------------------------------------


def test_the_activations_are_the_ones_the_page_names(results: dict[str, Any]) -> None:
    """The description's "with seven activations", the page's "(tanh, SiLU, GELU, softplus, the
    sinusoid)" as the smooth ones, and the table's smoothness column: smooth means that actlib
    computes f as infinitely differentiable."""
    where(PAGE, "through its second derivative with seven activations")
    at = where(PAGE, "(tanh, SiLU, GELU, softplus, the sinusoid) have smooth f''")
    acts = poisson_experiment.ACTIVATIONS
    assert len(acts) == 7 and tuple(results["fits"]) == acts
    assert acts[:2] == ("relu", "squared_relu")
    smooth = tuple(a for a in acts if actlib.get(a).continuity == SMOOTH_CONTINUITY)
    assert smooth == poisson_experiment.SMOOTH == tuple(results["smooth"]), at
    assert [actlib.get(a).continuity for a in acts[:2]] == [0, 1], at
    assert results["widths"] == list(poisson_experiment.WIDTHS)
    assert results["figure_width"] in results["widths"]
    assert results["smooth_from_width"] in results["widths"]


def test_the_network_second_derivative_is_the_chain_rule_result() -> None:
    """The page's u''(x) = sum c_k w_k^2 f''(w_k x + b_k), as the experiment computes it, against
    central differences of u, for each smooth activation on random output weights."""
    features = poisson_experiment.draw_features(24, seed=3)
    c = np.random.default_rng(4).normal(size=24)
    x, h = np.linspace(-0.9, 0.9, 37), 1e-4
    for act in poisson_experiment.SMOOTH:

        def u(points: np.ndarray, act: str = act) -> np.ndarray:
            return features.values(act, points) @ c

        analytic = features.second_derivatives(act, x) @ c
        numeric = (u(x + h) - 2 * u(x) + u(x - h)) / h**2
        scale = np.max(np.abs(analytic))
        assert np.max(np.abs(analytic - numeric)) < 1e-5 * scale, act


def test_a_wider_network_adds_units_to_the_same_draw() -> None:
    """The setup's "each network the first N units of one draw"."""
    setup = experiment_pages.quoted(experiment_runs.results(), "second-derivatives", "setup")
    assert "each network the first N units of one draw" in setup
    wide = poisson_experiment.draw_features(max(poisson_experiment.WIDTHS), seed=0)
    narrow = wide.first(8)
    np.testing.assert_array_equal(narrow.weights, wide.weights[:8])
    centres = -wide.biases / wide.weights
    assert np.all(np.abs(wide.weights) <= poisson_experiment.WEIGHT_RANGE)
    assert np.all(np.abs(centres) <= 1 + 1e-12)


def test_the_run_is_deterministic(
    results: dict[str, Any], rerun: poisson_experiment.PoissonFit
) -> None:
    """ "The run is deterministic: ... a rebuild prints the same numbers": a second run in the
    same process gives the same bits, and so does this run against the page's results."""
    at = where(PAGE, "a rebuild prints the same numbers")
    again = poisson_experiment.poisson_fit()
    assert again.fits == rerun.fits, at
    for act in poisson_experiment.ACTIVATIONS:
        np.testing.assert_array_equal(again.solutions[act], rerun.solutions[act])
        np.testing.assert_array_equal(again.second_derivatives[act], rerun.second_derivatives[act])
        for fit, printed in zip(rerun.fits[act], results["fits"][act], strict=True):
            assert fit.relative_residual == printed["relative_residual"], (at, act, fit.width)
            assert fit.solution_error == printed["solution_error"], (at, act, fit.width)
    assert again.relu_value_fit_error == results["relu_value_fit_error"], at


# ---------------------------------------------------------------------------
# The page's conclusions
# ---------------------------------------------------------------------------


def test_relu_cannot_fit(results: dict[str, Any]) -> None:
    """ "Its u'' is exactly 0 at every point of the measuring grid, for every width, so the
    residual is the whole of g: ||u'' - g|| is ||g|| exactly, at every width. The least-squares
    answer is u = 0 to rounding, and its error is the whole of sin(pi x)."""
    at = where(PAGE, "is $\\lVert g \\rVert$ exactly, at every width")
    grid = np.linspace(-1.0, 1.0, results["evaluation_points"])
    largest = float(np.max(np.abs(poisson_experiment.exact_solution(grid))))
    for fit in results["fits"]["relu"]:
        width = fit["width"]
        assert fit["second_is_zero"], f"{at}: ReLU's u'' is not 0 everywhere at width {width}"
        assert fit["residual_norm"] == fit["source_norm"], (
            f"{at}: width {width}: ||u'' - g|| = {fit['residual_norm']!r}, "
            f"||g|| = {fit['source_norm']!r}"
        )
        assert fit["solution_size"] <= 4 * EPS, f"{at}: width {width}: max |u| = {fit}"
        assert abs(fit["solution_error"] - largest) <= 4 * EPS, f"{at}: width {width}: {fit}"


def test_relu_at_its_kink_as_the_page_says() -> None:
    """ "At 0 its derivative jumps from 0 to 1 ... actlib's `second_derivative` returns there the
    f'' of the branch its derivative takes at 0, which is 0", and "f''(x) = 0 for every x != 0"
    in floating point too, at the smallest and largest inputs."""
    at = where(PAGE, "returns there the f'' of the branch its derivative takes at 0")
    tiny, huge = np.finfo(float).smallest_subnormal, np.finfo(float).max
    slopes = actlib.relu.derivative(np.array([-tiny, 0.0, tiny]))
    np.testing.assert_array_equal(slopes, [0.0, 0.0, 1.0], err_msg=at)
    assert actlib.relu.second_derivative(0.0) == 0.0, at
    points = np.array([-huge, -1.0, -tiny, tiny, 1.0, huge])
    np.testing.assert_array_equal(actlib.relu.second_derivative(points), 0.0, err_msg=at)


def test_relu_units_can_represent_the_solution(results: dict[str, Any]) -> None:
    """ "fitted to the values of sin(pi x) instead of to u'', the same {widest} ReLU units get
    within {e} of it. The loss built on u'' cannot see them.\""""
    at = where(PAGE, "The units themselves are not the problem")
    error = results["relu_value_fit_error"]
    widest_relu = results["fits"]["relu"][-1]
    assert widest_relu["width"] == max(results["widths"])
    assert error < 1e-2, f"{at}: the value fit misses sin(pi x) by {error:.3g}"
    assert error < widest_relu["solution_error"] / 100, at


def test_squared_relu_fits_slowly(results: dict[str, Any]) -> None:
    """ "Its residual falls at every doubling of the width, roughly as 1/N in the number of
    units N (the measured slope of the log-log line is {rate}), and with {widest} units it is
    still {x}." and the setup's "its f'' is piecewise constant"."""
    at = where(PAGE, "falls at every doubling of the width, roughly as")
    fits = results["fits"]["squared_relu"]
    residuals = [fit["relative_residual"] for fit in fits]
    widths = [fit["width"] for fit in fits]
    assert all(b == 2 * a for a, b in itertools.pairwise(widths)), widths
    assert all(b < a for a, b in itertools.pairwise(residuals)), (at, residuals)
    rate = results["squared_relu_rate"]
    printed = float(
        experiment_pages.quoted(
            {"second-derivatives": results}, "second-derivatives", "squared_relu_rate"
        )
    )
    assert abs(printed - rate) < 0.05
    assert 0.8 <= rate <= 1.25, f"{at}: the slope is {rate:.3g}, not roughly 1"
    assert residuals[-1] >= 1e-3, f"{at}: at the widest it is {residuals[-1]:.3g}, small"
    at = where(PAGE, "its f'' is piecewise constant")
    values = actlib.squared_relu.second_derivative(np.linspace(-3, 3, 601))
    assert set(np.unique(values)) == {0.0, 2.0}, at


def test_the_smooth_activations_fit_far_better(results: dict[str, Any]) -> None:
    """ "From {w} hidden units on, every smooth activation's residual is below {bound}, more than
    {k} orders of magnitude below squared ReLU's with {widest} units, and its u is within {e}
    of sin(pi x)."""
    at = where(PAGE, "every smooth activation's residual is below")
    bound = experiment_pages.smooth_residual_bound(results)
    error_bound = experiment_pages.smooth_error_bound(results)
    orders = experiment_pages.orders_below_squared_relu(results)
    for act in results["smooth"]:
        for fit in results["fits"][act]:
            if fit["width"] >= results["smooth_from_width"]:
                assert fit["relative_residual"] < bound, (at, act, fit)
                assert fit["solution_error"] < error_bound, (at, act, fit)
                assert fit["boundary_error"] < error_bound, (at, act, fit)
    squared = results["fits"]["squared_relu"][-1]["relative_residual"]
    assert orders >= 1 and squared / bound > 10**orders, (at, squared, bound, orders)
    # the printed powers of ten are the bounds tested, not rounded below them
    for key, value in (("smooth_residual_bound", bound), ("smooth_error_bound", error_bound)):
        text = experiment_pages.quoted({"second-derivatives": results}, "second-derivatives", key)
        assert math.log10(value) == round(math.log10(value)), key
        assert f"10^{{{round(math.log10(value))}}}" in text, (key, text)


def test_other_draws_leave_relu_at_one() -> None:
    """ "These numbers are for one draw of the hidden layer (seed 0) ... Other draws move the
    smooth curves, but not ReLU's, which is 1 for every draw.\""""
    at = where(PAGE, "Other draws move the smooth curves, but not ReLU's")
    where(PAGE, "one draw of the hidden layer (seed 0)")
    first = poisson_experiment.poisson_fit()
    assert first.seed == 0
    for other in (poisson_experiment.poisson_fit(seed=seed) for seed in (1, 2)):
        for fit in other.fits["relu"]:
            assert fit.relative_residual == 1.0 and fit.second_is_zero, (at, fit)
        for act in poisson_experiment.SMOOTH:
            moved = [
                a.relative_residual != b.relative_residual
                for a, b in zip(first.fits[act], other.fits[act], strict=True)
            ]
            assert all(moved), (at, act, other.seed)


def test_the_figures_show_what_their_alt_texts_say(results: dict[str, Any]) -> None:
    """The fit figure: "ReLU's u and u'' lie flat at zero. Squared ReLU's u'' is a staircase
    around the exact curve. The smooth activations' curves lie on the exact ones." The residual
    figure: "ReLU's line stays at one. Squared ReLU's falls slowly along a straight line. The
    smooth activations' lines drop by many orders of magnitude.\""""
    at = where(PAGE, "ReLU's u and u'' lie flat at zero")
    drawn = {
        act: next(f for f in fits if f["width"] == results["figure_width"])
        for act, fits in results["fits"].items()
    }
    assert drawn["relu"]["second_is_zero"] and drawn["relu"]["solution_size"] <= 4 * EPS, at
    # A staircase that the eye tells from the curve, and smooth fits it cannot.
    assert drawn["squared_relu"]["relative_residual"] > 0.05, at
    for act in results["smooth"]:
        assert drawn[act]["relative_residual"] < 1e-3, (at, act)
        assert drawn[act]["solution_error"] < 1e-3, (at, act)
    at = where(PAGE, "Squared ReLU's falls slowly along a straight line")
    fits = results["fits"]["squared_relu"]
    logs = np.log([f["relative_residual"] for f in fits if f["width"] >= 16])
    widths = np.log([f["width"] for f in fits if f["width"] >= 16])
    line = np.polyval(np.polyfit(widths, logs, 1), widths)
    assert np.max(np.abs(logs - line)) < math.log(1.5), at
    for act in results["smooth"]:
        residuals = [f["relative_residual"] for f in results["fits"][act]]
        assert min(residuals) < 1e-6 * residuals[0], (at, act)
