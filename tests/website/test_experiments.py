"""The experiments: each one's own invariants, and every claim its page makes of the results.

The claims are read from the same results the pages print (the generator's cached
``experiments/results.json``), so a change to actlib or to an experiment that overturned a
sentence on a page fails here. No test compares with a number copied from an earlier run:
each checks a property that must hold, or the claim as the page words it. That the whole
generator writes the same bytes twice is tested, for every generator, in
``test_generated.py``.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest

import actlib
from actlib import nn
from scripts import ROOT
from scripts.generators import experiment_runs
from scripts.render import experiment_pages
from scripts.shared import experiments


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """The numbers on the pages: the site build's cached output (generated if missing)."""
    return experiment_runs.results()


def where(page: str, phrase: str) -> str:
    """``docs/experiments/PAGE.md:LINE`` (or ``docs/PAGE.md`` for a path) of a phrase the
    page must still contain.

    The phrase is matched across line breaks; a test that pins a sentence fails, naming
    the page, when the sentence is rewritten, so that the test is rewritten with it.
    """
    path = ROOT / "docs" / (page if "/" in page else f"experiments/{page}")
    path = path.with_suffix(".md")
    text = path.read_text(encoding="utf-8")
    found = re.search(r"\s+".join(map(re.escape, phrase.split())), text)
    assert found, f"{path.relative_to(ROOT)}: the sentence {phrase!r} a test pins is gone"
    return f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, found.start()) + 1}"


# ---------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------


def test_data_sets_are_balanced_bounded_and_seeded() -> None:
    for make in (experiments.two_spirals, experiments.disc_and_ring):
        points, labels = make(100, np.random.default_rng(0))
        again, _ = make(100, np.random.default_rng(0))
        assert points.shape == (100, 2)
        np.testing.assert_array_equal(points, again)
        assert np.sum(labels == 0) == np.sum(labels == 1) == 50
        assert np.all(np.abs(points) < experiments.GRID_EXTENT), (
            "points must lie inside the drawn grid"
        )


def test_disc_and_ring_are_separated_by_a_gap() -> None:
    points, labels = experiments.disc_and_ring(400, np.random.default_rng(1))
    radius = np.hypot(points[:, 0], points[:, 1])
    assert radius[labels == 0].max() < radius[labels == 1].min()


# ---------------------------------------------------------------------------
# 1. Linear collapse
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1, 2, 5])
def test_collapse_is_the_network_for_any_depth(depth: int) -> None:
    rng = np.random.default_rng(depth)
    net = nn.MLP.create([3] + [7] * depth + [2], "identity", init="xavier", rng=rng)
    for layer in net.layers:
        layer.bias = rng.normal(size=layer.bias.shape)
    weights, bias = experiments.collapse(net)
    x = rng.normal(size=(50, 3))
    np.testing.assert_allclose(net(x), x @ weights + bias, rtol=0, atol=1e-12)


def test_best_affine_fit_error_is_zero_on_an_affine_map_and_not_on_relu() -> None:
    x = np.random.default_rng(2).normal(size=(200, 2))
    assert experiments.best_affine_fit_error(x, x @ np.array([[1.0], [-2.0]]) + 3.0) < 1e-12
    assert experiments.best_affine_fit_error(x, np.asarray(actlib.relu(x[:, :1]))) > 0.1


def half_plane_sweep(points: np.ndarray, labels: np.ndarray, angles: int) -> float:
    """The best share of points a line gets right, over ``angles`` directions only.

    An independent check of :func:`experiments.best_line_accuracy`: for each direction the best
    threshold is exact, so this finds a line that is achievable, never one that is better
    than the best.
    """
    best = 0
    for angle in np.linspace(0.0, np.pi, angles, endpoint=False):
        ordered = labels[np.argsort(points @ np.array([np.cos(angle), np.sin(angle)]))] == 1
        below = np.concatenate([[0], np.cumsum(~ordered)])
        beyond = np.sum(ordered) - np.concatenate([[0], np.cumsum(ordered)])
        right = below + beyond
        best = max(best, int(right.max()), len(ordered) - int(right.min()))
    return best / len(points)


@pytest.mark.parametrize("seed", range(6))
def test_best_line_accuracy_is_the_best_line(seed: int) -> None:
    """The exhaustive search equals a fine sweep of directions on small sets, where the sweep
    misses no direction that matters, and is never beaten by it."""
    rng = np.random.default_rng(seed)
    points, labels = rng.normal(size=(14, 2)), rng.integers(0, 2, size=14)
    assert experiments.best_line_accuracy(points, labels) == half_plane_sweep(
        points, labels, 20_000
    )


def test_straightness_tells_a_line_from_a_circle() -> None:
    axis = np.linspace(-experiments.GRID_EXTENT, experiments.GRID_EXTENT, experiments.GRID_SIZE)
    xx, yy = np.meshgrid(axis, axis)
    assert experiments.straightness((xx + 0.3 * yy > 0.2).astype(float)) > 0.99
    assert experiments.straightness((np.hypot(xx, yy) < 0.8).astype(float)) < 0.9


def test_linear_collapse_is_rounding(results: dict[str, Any]) -> None:
    """linear-collapse: "The stack and the single matrix differ by at most {ulps} units in the
    last place of the outputs' size"."""
    r = results["linear-collapse"]
    at = where("linear-collapse", "units in the last place")
    ulps = r["stack_vs_matrix"] / np.spacing(r["output_scale"])
    assert ulps <= 8, f"{at}: the gap is {ulps:.1f} ulp, not 'a few'"


def test_no_straight_line_comes_close(results: dict[str, Any]) -> None:
    """linear-collapse: "on the disc and ring no straight line comes close. Trained, the linear
    stack gets {x} of the points right, hardly better than a coin; even the best possible
    line ... gets only {y} right ... far below the {z} of the network with one ReLU", and
    "the line it settles on is not the best one"."""
    r = results["linear-collapse"]
    at = where("linear-collapse", "hardly better than a coin")
    assert r["linear_accuracy"] <= 0.56, f"{at}: trained line {r['linear_accuracy']}, not near 1/2"
    assert r["best_line_accuracy"] <= 0.75, f"{at}: the best line gets {r['best_line_accuracy']}"
    assert r["relu_accuracy"] - r["best_line_accuracy"] >= 0.2, (
        f"{at}: ReLU {r['relu_accuracy']} is not far above the best line {r['best_line_accuracy']}"
    )
    assert r["linear_accuracy"] < r["best_line_accuracy"], f"{at}: gradient descent found the best"


def test_best_line_on_the_pages_points(results: dict[str, Any]) -> None:
    """The exhaustive best line on the page's own points: no sweep beats it, and a fine sweep
    reaches it (the page's "the best possible line ... gets only {y} right")."""
    r = results["linear-collapse"]
    collapse = experiments.linear_collapse()
    assert len(collapse.points) == r["n_disc_and_ring"]
    swept = half_plane_sweep(collapse.points, collapse.labels, 5000)
    assert swept <= r["best_line_accuracy"] <= swept + 2 / len(collapse.points)


def test_one_relu_breaks_the_collapse(results: dict[str, Any]) -> None:
    """linear-collapse: "every affine map misses them by at least {g} at some input, where the
    stack without the ReLU was off by {e}", and "the boundary bends into a closed polygon
    around the disc"."""
    r = results["linear-collapse"]
    at = where("linear-collapse", "every affine map misses them by at least")
    assert r["relu_vs_every_affine"] > 1e10 * r["stack_vs_matrix"], at
    assert r["relu_vs_every_affine"] > 0.05 * r["relu_output_scale"], at
    at = where("linear-collapse", "closed polygon around the disc")
    assert r["relu_accuracy"] >= 0.95, f"{at}: ReLU gets {r['relu_accuracy']}"
    assert r["relu_edge_probability"] > 0.5 > r["relu_centre_probability"], (
        f"{at}: P(ring) is {r['relu_edge_probability']} at the edge, "
        f"{r['relu_centre_probability']} at the centre: the disc's region is not closed"
    )


# ---------------------------------------------------------------------------
# 2. Vanishing gradients
# ---------------------------------------------------------------------------


def _spread(norms: list[float]) -> float:
    """max / min over the layers: 1 for a perfectly flat curve."""
    return max(norms) / min(norms)


def test_vanishing_gradients_cover_the_depth_and_every_activation(
    results: dict[str, Any],
) -> None:
    r = results["vanishing-gradients"]
    assert 20 <= r["depth"] <= 50  # the issue asks for 20 to 50 layers
    assert set(r["norms"]) == set(experiments.INITS)
    for by_act in r["norms"].values():
        assert tuple(by_act) == experiments.DEEP_ACTIVATIONS
        for norms in by_act.values():
            assert len(norms) == r["depth"]
            assert all(math.isfinite(v) and v > 0 for v in norms)


def test_vanishing_gradients_page_claims(results: dict[str, Any]) -> None:
    """vanishing-gradients: the Reading's paragraphs on sigmoid under both initialisations,
    tanh, ReLU, Leaky ReLU, SELU, ELU and GELU, and the figure's "the other curves are
    roughly flat"."""
    xavier, he = (results["vanishing-gradients"]["norms"][i] for i in ("xavier", "he"))
    at = where("vanishing-gradients", "by more than twelve orders of magnitude under either")
    flat = where("vanishing-gradients", "the other curves are roughly flat")
    for init, norms in (("xavier", xavier), ("he", he)):
        ratio = norms["sigmoid"][0] / norms["sigmoid"][-1]
        assert ratio < 1e-12, f"{at}: sigmoid under {init}: layer 1 / last = {ratio:.3g}"
        for act, curve in norms.items():
            if act != "sigmoid":
                assert _spread(curve) < 10, (
                    f"{flat}: {act} under {init} varies by {_spread(curve):.3g} across depth"
                )
    # Tanh: "nearly the same in every layer" under Xavier; grows mildly towards the input
    # under He.
    at = where("vanishing-gradients", "nearly the same in every layer")
    assert _spread(xavier["tanh"]) < 2, f"{at}: max/min = {_spread(xavier['tanh']):.3g}"
    assert 1 < he["tanh"][0] / he["tanh"][-1] < 10
    # ReLU: within one order of magnitude across depth under He; flat but far smaller
    # under Xavier; Leaky ReLU (default slope) on top of ReLU.
    assert 0.1 < he["relu"][0] / he["relu"][-1] < 10
    assert _spread(xavier["relu"]) < 10
    assert max(xavier["relu"]) < 1e-2 * min(he["relu"])
    for norms in (xavier, he):
        leak = np.array(norms["leaky_relu"]) / np.array(norms["relu"])
        assert np.all(np.abs(np.log10(leak)) < 0.1)
    # SELU: flat under Xavier (LeCun); hundreds of times larger under He.
    assert _spread(xavier["selu"]) < 10
    assert min(he["selu"]) > 100 * max(xavier["selu"])
    # ELU: well scaled under Xavier, grows under He.
    assert _spread(xavier["elu"]) < 10
    assert 1e-2 < min(xavier["elu"]) and max(xavier["elu"]) < 10
    assert he["elu"][-1] > he["elu"][0] and min(he["elu"]) > max(xavier["elu"])
    # GELU: tiny under Xavier, still small under He.
    assert max(xavier["gelu"]) < 1e-6
    assert max(he["gelu"]) < 1e-2


def test_a_sigmoid_scale_balances_the_product_by_saturating(results: dict[str, Any]) -> None:
    """vanishing-gradients: "At a variance of {c}/n the first layer's gradient is between {lo}
    and {hi} times the last layer's, in every seed run: such a scale exists. But there {s} of
    the pre-activations sit in sigmoid's flat tails ... half or twice that variance tips the
    balance by more than a factor of ten, one way or the other, in every seed"."""
    r = results["vanishing-gradients"]
    at = where("vanishing-gradients", "such a scale exists")
    where("vanishing-gradients", "more than a factor of ten, one way or the other")
    balanced = experiment_pages.balanced_sigmoid(r)
    ratios = balanced["ratios"]
    assert len(ratios) == len(r["sigmoid_seeds"]) >= 5
    assert 0.1 <= min(ratios) and max(ratios) <= 10, (
        f"{at}: at {balanced['variance']}/n the ratios run from {min(ratios):.3g} to "
        f"{max(ratios):.3g}: not near 1 in every seed"
    )
    assert balanced["saturated"] > 0.5, f"{at}: only {balanced['saturated']:.0%} saturated"
    scales = r["sigmoid_scales"]
    index = scales.index(balanced)
    below, above = scales[index - 1], scales[index + 1]
    assert below["variance"] == balanced["variance"] / 2 and max(below["ratios"]) < 0.1, at
    assert above["variance"] == balanced["variance"] * 2 and min(above["ratios"]) > 10, at
    # "weights of variance 1/n or 2/n are far too small": the scales tried at 1/n and 2/n
    # fall short by orders of magnitude (the main table holds the 2/n case).
    assert scales[0]["variance"] == 1 and max(scales[0]["ratios"]) < 1e-12


def test_layer_gradient_norms_match_finite_differences_on_a_small_net() -> None:
    x = np.random.default_rng(3).normal(size=(4, 5))
    norms = experiments.layer_gradient_norms("tanh", "xavier", depth=3, width=5, x=x, seed=4)
    rng = np.random.default_rng(4)
    net = nn.MLP.create([5] * 4 + [1], "tanh", init="xavier", rng=rng)
    target = rng.normal(size=(4, 1))
    for layer, norm in zip(net.layers[:-1], norms, strict=True):
        numeric = nn.numerical_gradient(
            lambda: nn.mean_squared_error(net(x), target)[0], layer.weights
        )
        assert norm == pytest.approx(np.linalg.norm(numeric), rel=1e-6)


# ---------------------------------------------------------------------------
# 3. Dying ReLU
# ---------------------------------------------------------------------------


def test_dead_fraction_is_a_fraction_and_the_same_on_a_rerun() -> None:
    def run() -> experiments.DyingRelu:
        return experiments.dying_relu(seeds=(2,), learning_rates=(1.5,), steps=40)

    first, second = run(), run()
    for a, b in zip(first.runs, second.runs, strict=True):
        for values in (a.dead_fraction, a.negative_fraction):
            assert np.all((values >= 0) & (values <= 1))
        np.testing.assert_array_equal(a.dead, b.dead)
        np.testing.assert_array_equal(a.negative, b.negative)
        np.testing.assert_array_equal(a.losses, b.losses)


def test_dead_units_follow_the_definition() -> None:
    """A unit is dead when g'(z) = 0 on every example: force one and find it."""
    net = nn.MLP.create([2, 4, 3, 2], "relu", rng=np.random.default_rng(5))
    net.layers[0].bias[:] = [-100.0, 0.0, 0.0, 0.0]  # unit 0: z < 0 on every input below
    net.layers[0].weights[:, 1:] = 1.0
    x = np.abs(np.random.default_rng(6).normal(size=(10, 2))) + 0.1
    dead, negative = experiments.dead_units(net, net.forward(x))
    assert dead.shape == negative.shape == (7,)
    assert dead[0] and negative[0] and not dead[1:4].any()
    net.layers[0].activation = actlib.get("leaky_relu")
    dead, negative = experiments.dead_units(net, net.forward(x))
    assert not dead[:4].any() and negative[0]  # Leaky ReLU's slope is never 0


def test_deaths_and_revivals_count_transitions() -> None:
    dead = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=bool)
    run = experiments.DyingRun("relu", 1.0, 0, dead, dead, np.array([0, 1]), np.ones(4))
    assert run.deaths_and_revivals(0) == (1, 1)
    assert run.deaths_and_revivals(1) == (1, 0)


def _runs(results: dict[str, Any], act: str, large: bool) -> list[dict[str, Any]]:
    runs = results["dying-relu"]["runs"]
    rate = (max if large else min)(run["learning_rate"] for run in runs)
    return [run for run in runs if run["activation"] == act and run["learning_rate"] == rate]


def test_relu_barely_dies_at_a_small_rate(results: dict[str, Any]) -> None:
    """dying-relu: "Over the three runs at rate {small}, {n} were dead at the first step ...;
    training killed {d} more and brought {v} back, all in the second layer, and no run ended
    with more than {m} of its units dead." The numbers are printed from the results; this
    holds the words around them: three runs, "barely", and "all in the second layer"."""
    at = where("dying-relu", "all in the second layer, and no run")
    runs = _runs(results, "relu", large=False)
    assert len(runs) == 3, f"{at}: {len(runs)} runs, not three"
    for run in runs:
        first, *higher = run["layers"]
        assert first["deaths"] == first["revivals"] == 0, f"{at}: seed {run['seed']}: {first}"
        assert higher, at
        deaths = sum(layer["deaths"] for layer in run["layers"])
        assert deaths <= 0.05 * run["units"], f"{at}: seed {run['seed']}: {deaths} deaths"
        assert run["dead_last"] <= 0.1, f"{at}: seed {run['seed']}: {run['dead_last']:.0%} dead"


def test_unstable_means_what_the_page_says(results: dict[str, Any]) -> None:
    """dying-relu: ""Unstable" marks a run that ended with a higher loss than it started
    with."""
    where("dying-relu", "marks a run that ended with a higher loss than it started with")
    for run in results["dying-relu"]["runs"]:
        worse = not math.isfinite(run["loss_last"]) or run["loss_last"] > run["loss_first"]
        assert run["diverged"] == worse, run


def test_dying_relu_page_claims(results: dict[str, Any]) -> None:
    """dying-relu: the alt text of the chart, "Death is permanent in the first layer only",
    the Leaky ReLU and ELU paragraphs."""
    for run in results["dying-relu"]["runs"]:
        for key in ("dead_first", "dead_last", "dead_max", "negative_last"):
            assert 0 <= run[key] <= 1
        if run["activation"] == "relu":  # dead: z <= 0 everywhere; negative: z < 0
            assert run["dead_last"] >= run["negative_last"]
    # "A random initialisation can leave a unit negative on the whole data set."
    assert any(run["dead_first"] > 0 for run in _runs(results, "relu", large=False))
    # Large learning rate: ReLU loses a large share with some seed, and the seeds differ;
    # "the chart shows these deaths as sudden jumps": several units die in one step.
    at = where("dying-relu", "the chart shows these deaths as sudden jumps")
    large = [run["dead_last"] for run in _runs(results, "relu", large=True)]
    assert max(large) >= 0.25, f"{at}: at most {max(large):.0%} dead, not a large share"
    assert min(large) < max(large) / 2, f"{at}: {min(large):.0%} and {max(large):.0%} are alike"
    rises = [run["largest_rise"] for run in _runs(results, "relu", large=True)]
    assert max(rises) >= 3, f"{at}: at most {max(rises)} units died in one step"
    # ReLU: a first-layer unit never comes back (its inputs are the fixed data); units
    # higher up do, at the large learning rate.
    for run in [*_runs(results, "relu", large=False), *_runs(results, "relu", large=True)]:
        assert run["layers"][0]["revivals"] == 0
    assert any(run["layers"][1]["revivals"] > 0 for run in _runs(results, "relu", large=True))
    # Leaky ReLU: never a dead unit; some units negative everywhere; every run trains.
    for large_rate in (False, True):
        for run in _runs(results, "leaky_relu", large=large_rate):
            assert run["dead_max"] == 0
    leaky = _runs(results, "leaky_relu", large=True)
    assert max(run["negative_last"] for run in leaky) >= 0.05
    assert all(not run["diverged"] and run["loss_last"] < run["loss_first"] / 3 for run in leaky)
    # "at the large learning rate it also trains better ... lower than ReLU's from the same
    # initialisation"; "At rate {small}, ... their final losses agree to within 1%."
    at = where("dying-relu", "lower than ReLU's from the same initialisation")
    relu_loss = {run["seed"]: run["loss_last"] for run in _runs(results, "relu", large=True)}
    for run in leaky:
        assert run["loss_last"] < relu_loss[run["seed"]], (
            f"{at}: seed {run['seed']}: Leaky ReLU {run['loss_last']:.3g}, "
            f"ReLU {relu_loss[run['seed']]:.3g}"
        )
    at = where("dying-relu", "their final losses agree to within 1%")
    small_relu = {run["seed"]: run["loss_last"] for run in _runs(results, "relu", large=False)}
    for run in _runs(results, "leaky_relu", large=False):
        gap = abs(run["loss_last"] / small_relu[run["seed"]] - 1)
        assert gap < 0.01, f"{at}: seed {run['seed']}: the losses differ by {gap:.1%}"
    # ELU: no dead unit, but a run goes unstable at the large rate, almost all units negative.
    elu = _runs(results, "elu", large=True)
    assert all(run["dead_max"] == 0 for run in elu)
    unstable = [run for run in elu if run["diverged"]]
    at = where("dying-relu", "yet one of its runs became unstable at the large learning rate")
    assert len(unstable) == 1, f"{at}: {len(unstable)} ELU runs unstable"
    assert unstable[0]["negative_last"] > 0.9, f"{at}: {unstable[0]['negative_last']:.0%}"
    # The chart: "At the small learning rate every curve stays near zero. At the large
    # learning rate the ReLU runs climb in jumps, while Leaky ReLU and ELU stay at zero."
    at = where("dying-relu", "At the small learning rate every curve stays near zero")
    for act in experiments.DYING_ACTIVATIONS:
        for run in _runs(results, act, large=False):
            assert run["dead_max"] <= 0.05, f"{at}: {act} seed {run['seed']}: {run['dead_max']}"
    for run in _runs(results, "relu", large=True):
        assert run["dead_last"] > run["dead_first"], f"{at}: ReLU seed {run['seed']} did not climb"


# ---------------------------------------------------------------------------
# 4. Training comparison
# ---------------------------------------------------------------------------


def test_training_comparison_page_claims(results: dict[str, Any]) -> None:
    """training-comparison: "ReLU, Leaky ReLU, GELU and SiLU fit every training point, and ELU
    nearly every one. Sigmoid and tanh end close to the linear baseline", the loss chart's
    "fall steeply", and "On this problem, ELU does *not* beat Leaky ReLU"."""
    where("training-comparison", "Sigmoid and tanh end close to the linear baseline")
    runs = results["training-comparison"]["runs"]
    assert tuple(runs) == experiments.COMPARED_ACTIVATIONS
    # The rectifier family and the gated functions fit every training point; ELU nearly.
    for act in ("relu", "leaky_relu", "gelu", "silu"):
        assert runs[act]["accuracy"] == 1.0, act
        assert runs[act]["loss_last"] < runs[act]["loss_first"] / 50, act  # "fall steeply"
    assert runs["elu"]["accuracy"] >= 0.95
    # Sigmoid and tanh end close to the linear baseline.
    for act in ("sigmoid", "tanh"):
        assert runs[act]["accuracy"] <= runs["identity"]["accuracy"] + 0.1, act
    # ReLU and Leaky ReLU nearly indistinguishable; ELU does not beat Leaky ReLU.
    assert abs(math.log(runs["relu"]["loss_last"] / runs["leaky_relu"]["loss_last"])) < math.log(2)
    assert runs["elu"]["loss_last"] > runs["leaky_relu"]["loss_last"]
    # "From a Xavier start, a sigmoid or tanh network of this size begins in a nearly linear
    # regime": its boundary before training is nearly straight.
    at = where("training-comparison", "begins in a nearly linear regime")
    for act in ("sigmoid", "tanh"):
        start = runs[act]["initial_straightness"]
        assert start > 0.97, f"{at}: {act}'s first boundary: {start:.3g} of the grid on one line"
        for rectifier in ("relu", "leaky_relu", "gelu", "silu"):
            assert start > runs[rectifier]["initial_straightness"] + 0.05, (at, rectifier)
    # "GELU and SiLU, the smooth gated functions, reach similar losses."
    at = where("training-comparison", "the smooth gated functions, reach similar losses")
    for act in ("gelu", "silu"):
        factor = runs[act]["loss_last"] / runs["relu"]["loss_last"]
        assert 1 / 3 < factor < 3, f"{at}: {act}'s final loss is {factor:.3g} times ReLU's"


def test_spirals_defeat_every_straight_line(results: dict[str, Any]) -> None:
    """training-comparison: "a classic problem that no straight line comes close to solving
    (the best line ... gets {x} of them right)", the identity "shows what a linear classifier
    reaches", and the figure's "The identity and sigmoid draw a nearly straight boundary,
    tanh a slightly bent one; the ReLU family, ELU, GELU and SiLU draw a boundary that
    follows both spiral arms"."""
    r = results["training-comparison"]
    runs = r["runs"]
    at = where("training-comparison", "no straight line comes close to solving")
    assert r["best_line_accuracy"] <= 0.75, f"{at}: the best line gets {r['best_line_accuracy']}"
    assert runs["identity"]["accuracy"] <= r["best_line_accuracy"], at
    at = where("training-comparison", "tanh a slightly bent one")
    for act in ("identity", "sigmoid"):
        assert runs[act]["straightness"] > 0.99, f"{at}: {act}: {runs[act]['straightness']}"
    assert 0.9 < runs["tanh"]["straightness"] < 0.99, f"{at}: tanh: {runs['tanh']['straightness']}"
    for act in ("relu", "leaky_relu", "elu", "gelu", "silu"):
        assert runs[act]["accuracy"] >= 0.95, f"{at}: {act} gets {runs[act]['accuracy']}"
        assert runs[act]["straightness"] < runs["tanh"]["straightness"], f"{at}: {act}"


def test_relu_and_leaky_relu_end_alike_by_different_paths(results: dict[str, Any]) -> None:
    """training-comparison: "ReLU and Leaky ReLU end at nearly the same loss, though their
    curves do not coincide on the way (at one step one loss is {g} times the other)"."""
    r = results["training-comparison"]
    at = where("training-comparison", "though their curves do not coincide")
    end = abs(math.log(r["runs"]["relu"]["loss_last"] / r["runs"]["leaky_relu"]["loss_last"]))
    assert end < math.log(1.1), f"{at}: the final losses differ by a factor {math.exp(end):.3g}"
    assert r["relu_leaky_relu_curve_gap"] > math.log(2), f"{at}: the curves never part"


def test_the_guide_to_choosing_agrees_with_the_experiments(results: dict[str, Any]) -> None:
    """index: "Tanh fares better than its reputation: under Xavier initialisation its first
    layer's gradient is {r} times the last one's ..., though on the training comparison it
    learns far more slowly than the rectifiers", and "at the usual initialisations gradients
    vanish" for the sigmoid."""
    at = where("./index", "Tanh fares better than its reputation")
    xavier = results["vanishing-gradients"]["norms"]["xavier"]
    ratio = xavier["tanh"][0] / xavier["tanh"][-1]
    assert 0.5 < ratio < 2, f"{at}: tanh's ratio is {ratio:.3g}"
    runs = results["training-comparison"]["runs"]
    for act in ("relu", "leaky_relu", "elu", "gelu", "silu"):
        assert runs["tanh"]["loss_last"] > 10 * runs[act]["loss_last"], f"{at}: {act}"
    at = where("./index", "at the usual initialisations gradients")
    for init in ("xavier", "he"):
        norms = results["vanishing-gradients"]["norms"][init]["sigmoid"]
        assert norms[0] / norms[-1] < 1e-6, f"{at}: sigmoid under {init}"


def test_every_quoted_number_is_known_and_used(results: dict[str, Any]) -> None:
    """Every {{ experiment(page, key) }} on a page names a number the results have, and every
    number QUOTED offers is read by some page (the build renders each call)."""
    calls = set()
    for path in (ROOT / "docs").rglob("*.md"):
        calls |= set(re.findall(r'experiment\("([^"]+)", "([^"]+)"\)', path.read_text()))
    offered = {(page, key) for page, keys in experiment_pages.QUOTED.items() for key in keys}
    assert calls <= offered, f"unknown: {sorted(calls - offered)}"
    assert offered <= calls, f"never quoted: {sorted(offered - calls)}"
    for page, key in sorted(calls):
        assert experiment_pages.quoted(results, page, key).strip(), (page, key)


def test_training_loss_spikes_as_the_page_says(results: dict[str, Any]) -> None:
    """training-comparison: "ELU's curve is the noisiest: its loss jumps up several times",
    and "several curves have them" (the spikes)."""
    runs = results["training-comparison"]["runs"]
    at = where("training-comparison", "curve is the noisiest")
    assert runs["elu"]["spikes"] >= 2, f"{at}: ELU's loss doubled {runs['elu']['spikes']} times"
    most = max(run["spikes"] for run in runs.values())
    assert runs["elu"]["spikes"] == most, f"{at}: ELU {runs['elu']['spikes']}, another {most}"
    assert sum(run["spikes"] > 0 for run in runs.values()) >= 3


def test_spikes_counts_doublings() -> None:
    assert experiments.spikes(np.array([1.0, 0.5, 1.5, 1.4, 3.0, 0.1])) == 2


# ---------------------------------------------------------------------------
# 5. Gradient checks
# ---------------------------------------------------------------------------


def test_gradient_checks_agree(results: dict[str, Any]) -> None:
    """gradient-checks: "Every check passes with room to spare"."""
    where("gradient-checks", "Every check passes with room to spare")
    r = results["gradient-checks"]
    assert r["tolerance"] == experiments.GRADIENT_TOLERANCE <= 1e-6
    assert set(r["seed_formula"]) == set(experiments.CHECKED_ACTIVATIONS)
    for table in ("seed_formula", "backprop_mse", "backprop_cross_entropy"):
        for act, error in r[table].items():
            assert 0 <= error < r["tolerance"], (table, act)
    assert r["softmax_cross_entropy"] < r["tolerance"]
    assert r["largest_gradient"] > 0.1, "the checks must see gradients of a meaningful size"


def test_gradient_checks_sit_at_the_finite_difference_error(results: dict[str, Any]) -> None:
    """gradient-checks: the figure's "Every dot lies around ten to the minus ten, about four
    orders of magnitude left of the tolerance line", and "the differences are the size of the
    finite-difference error itself, far below the tolerance"."""
    r = results["gradient-checks"]
    at = where("gradient-checks", "about four orders of magnitude left of the tolerance line")
    errors = [r["softmax_cross_entropy"]]
    errors += [
        v for t in ("seed_formula", "backprop_mse", "backprop_cross_entropy") for v in r[t].values()
    ]
    rounding = np.finfo(float).eps / 1e-6  # the error of a central difference at h = 1e-6
    assert max(errors) < 1e-3 * r["tolerance"], f"{at}: the largest is {max(errors):.3g}"
    assert np.median(errors) < 10**-3.5 * r["tolerance"], f"{at}: median {np.median(errors):.3g}"
    assert rounding / 100 < min(errors) and max(errors) < 10 * rounding, (
        f"{at}: the differences run from {min(errors):.3g} to {max(errors):.3g}, "
        f"not around the finite-difference error {rounding:.3g}"
    )


def test_the_test_suite_checks_what_the_page_says_it_does() -> None:
    """gradient-checks: "The same checks run in the test suite (`tests/actlib/test_nn.py`) over
    every element-wise activation in actlib's registry ..., with two exceptions: the binary
    step ... only through the seed's formula, and the exponential not with cross-entropy"."""
    from tests.actlib import test_nn

    where("gradient-checks", "with two exceptions: the binary step")
    elementwise = actlib.names(kind="elementwise")
    assert test_nn.ELEMENTWISE == elementwise
    assert set(elementwise) - set(test_nn.HIDDEN) == {"binary_step"}
    marks = test_nn.test_cross_entropy_gradients_match_finite_differences.pytestmark
    (checked,) = [m.args[1] for m in marks if m.name == "parametrize"]
    assert set(test_nn.HIDDEN) - set(checked) == {"exponential"}
    assert nn.numerical_gradient.__defaults__ == (1e-6,), "the page's h = 10^-6"


def test_gradient_check_catches_a_wrong_formula() -> None:
    """The check bites: a formula missing the g'(z_k) factor fails it by far."""
    rng = np.random.default_rng(7)
    act = actlib.get("sigmoid")
    x, w, t = rng.normal(size=5), rng.normal(size=(5, 3)), rng.normal(size=3)
    wrong = np.outer(x, act(x @ w) - t)
    numeric = nn.numerical_gradient(lambda: float(0.5 * np.sum((act(x @ w) - t) ** 2)), w)
    assert np.max(np.abs(wrong - numeric)) > 1e3 * experiments.GRADIENT_TOLERANCE


# ---------------------------------------------------------------------------
# The pages' tables
# ---------------------------------------------------------------------------

TABLES = [(page, name) for page, names in experiment_pages.TABLES.items() for name in names]
# An experiment that belongs to a concept page, printed there rather than under experiments/
PAGES_OUTSIDE_EXPERIMENTS = {"second-derivatives": "concepts/second-derivatives.md"}


@pytest.mark.parametrize(("page", "name"), TABLES)
def test_page_tables_render(results: dict[str, Any], page: str, name: str) -> None:
    text = experiment_pages.page_table(results, page, name)
    assert text.strip()
    rows = [line for line in text.splitlines() if line.startswith("|")]
    cells = {len(re.split(r"(?<!\\)\|", line)) for line in rows}
    assert len(cells) <= 1, "every table row has the same number of cells"
    assert "nan" not in text.lower()


def test_every_table_is_on_its_page_once() -> None:
    """Each table of TABLES is printed by {{ experiment_table(page, name) }} on that
    experiment's page, once; a call naming no table fails the build, and here."""
    calls = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        for page, name in re.findall(r'experiment_table\("([^"]+)", "([^"]+)"\)', path.read_text()):
            calls.append((path.relative_to(ROOT / "docs").as_posix(), page, name))
    printed = [(page, name) for _, page, name in calls]
    assert sorted(printed) == sorted(TABLES), f"printed {sorted(printed)}, tables {sorted(TABLES)}"
    for source, page, name in calls:
        home = PAGES_OUTSIDE_EXPERIMENTS.get(page, f"experiments/{page}.md")
        assert source == home, f"docs/{source}: {page} {name}"
