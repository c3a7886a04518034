"""The experiments: each one's own invariants, and every claim its page makes of the results.

The claims are read from the same results the pages print (the generator's cached
``experiments/results.json``), so a change to actlib or to an experiment that overturned a
sentence on a page fails here. No test compares with a number copied from an earlier run:
each checks a property that must hold, or the claim as the page words it. That the whole
generator writes the same bytes twice is tested, for every generator, in
``test_generated.py``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np
import pytest

import actlib
from actlib import nn
from scripts import ROOT
from scripts.generators import experiment_results, experiments
from scripts.shared import build
from scripts.shared import experiments as ex


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """The numbers on the pages: the site build's cached output (generated if missing)."""
    path = build.build(experiments) / experiments.RESULTS
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------


def test_data_sets_are_balanced_bounded_and_seeded() -> None:
    for make in (ex.two_spirals, ex.disc_and_ring):
        points, labels = make(100, np.random.default_rng(0))
        again, _ = make(100, np.random.default_rng(0))
        assert points.shape == (100, 2)
        np.testing.assert_array_equal(points, again)
        assert np.sum(labels == 0) == np.sum(labels == 1) == 50
        assert np.all(np.abs(points) < ex.GRID_EXTENT), "points must lie inside the drawn grid"


def test_disc_and_ring_are_separated_by_a_gap() -> None:
    points, labels = ex.disc_and_ring(400, np.random.default_rng(1))
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
    weights, bias = ex.collapse(net)
    x = rng.normal(size=(50, 3))
    np.testing.assert_allclose(net(x), x @ weights + bias, rtol=0, atol=1e-12)


def test_best_affine_fit_error_is_zero_on_an_affine_map_and_not_on_relu() -> None:
    x = np.random.default_rng(2).normal(size=(200, 2))
    assert ex.best_affine_fit_error(x, x @ np.array([[1.0], [-2.0]]) + 3.0) < 1e-12
    assert ex.best_affine_fit_error(x, np.asarray(actlib.relu(x[:, :1]))) > 0.1


def test_linear_collapse_page_claims(results: dict[str, Any]) -> None:
    r = results["linear-collapse"]
    # "differ by a few units in the last place": rounding, far below 1e-12
    assert r["stack_vs_matrix"] < 1e-12 * max(1.0, r["output_scale"])
    # "the gap is of the same size as the outputs themselves"
    assert r["relu_vs_best_affine"] > 0.1 * r["relu_output_scale"]
    assert r["relu_vs_best_affine"] > 1e6 * r["stack_vs_matrix"]
    # "a straight line does no better than a coin"; one ReLU layer solves it
    assert r["linear_accuracy"] < 0.65
    assert r["relu_accuracy"] >= 0.95


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
    assert set(r["norms"]) == set(ex.INITS)
    for by_act in r["norms"].values():
        assert tuple(by_act) == ex.DEEP_ACTIVATIONS
        for norms in by_act.values():
            assert len(norms) == r["depth"]
            assert all(math.isfinite(v) and v > 0 for v in norms)


def test_vanishing_gradients_page_claims(results: dict[str, Any]) -> None:
    xavier, he = (results["vanishing-gradients"]["norms"][i] for i in ("xavier", "he"))
    # Sigmoid: the first layer below the last by more than twelve orders, either init.
    for norms in (xavier, he):
        assert norms["sigmoid"][0] / norms["sigmoid"][-1] < 1e-12
    # Tanh: nearly flat under Xavier; grows towards the input under He.
    assert _spread(xavier["tanh"]) < 10
    assert he["tanh"][0] > he["tanh"][-1]
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


def test_layer_gradient_norms_match_finite_differences_on_a_small_net() -> None:
    x = np.random.default_rng(3).normal(size=(4, 5))
    norms = ex.layer_gradient_norms("tanh", "xavier", depth=3, width=5, x=x, seed=4)
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
    def run() -> ex.DyingRelu:
        return ex.dying_relu(seeds=(2,), learning_rates=(1.5,), steps=40)

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
    dead, negative = ex.dead_units(net, net.forward(x))
    assert dead.shape == negative.shape == (7,)
    assert dead[0] and negative[0] and not dead[1:4].any()
    net.layers[0].activation = actlib.get("leaky_relu")
    dead, negative = ex.dead_units(net, net.forward(x))
    assert not dead[:4].any() and negative[0]  # Leaky ReLU's slope is never 0


def test_deaths_and_revivals_count_transitions() -> None:
    dead = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=bool)
    run = ex.DyingRun("relu", 1.0, 0, dead, dead, np.array([0, 1]), np.ones(4))
    assert run.deaths_and_revivals(0) == (1, 1)
    assert run.deaths_and_revivals(1) == (1, 0)


def _runs(results: dict[str, Any], act: str, large: bool) -> list[dict[str, Any]]:
    runs = results["dying-relu"]["runs"]
    rate = (max if large else min)(run["learning_rate"] for run in runs)
    return [run for run in runs if run["activation"] == act and run["learning_rate"] == rate]


def test_dying_relu_page_claims(results: dict[str, Any]) -> None:
    for run in results["dying-relu"]["runs"]:
        for key in ("dead_first", "dead_last", "dead_max", "negative_last"):
            assert 0 <= run[key] <= 1
        if run["activation"] == "relu":  # dead: z <= 0 everywhere; negative: z < 0
            assert run["dead_last"] >= run["negative_last"]
    # "A random initialisation can leave a unit negative on the whole data set."
    assert any(run["dead_first"] > 0 for run in _runs(results, "relu", large=False))
    # Small learning rate: ReLU barely dies; training adds almost no dead unit.
    for run in _runs(results, "relu", large=False):
        assert run["dead_last"] <= 0.1
        assert run["dead_max"] - run["dead_first"] <= 0.05
    # Large learning rate: ReLU loses a large share with some seed, and the seeds differ.
    large = [run["dead_last"] for run in _runs(results, "relu", large=True)]
    assert max(large) >= 0.25
    assert min(large) < max(large) / 2
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
    # "here it also trains better": lower final loss than ReLU from every initialisation
    relu_loss = {run["seed"]: run["loss_last"] for run in _runs(results, "relu", large=True)}
    assert all(run["loss_last"] < relu_loss[run["seed"]] for run in leaky)
    # ELU: no dead unit, but a run goes unstable at the large rate, almost all units negative.
    elu = _runs(results, "elu", large=True)
    assert all(run["dead_max"] == 0 for run in elu)
    unstable = [run for run in elu if run["diverged"]]
    assert unstable and max(run["negative_last"] for run in unstable) > 0.9


# ---------------------------------------------------------------------------
# 4. Training comparison
# ---------------------------------------------------------------------------


def test_training_comparison_page_claims(results: dict[str, Any]) -> None:
    runs = results["training-comparison"]["runs"]
    assert tuple(runs) == ex.COMPARED_ACTIVATIONS
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


def test_training_loss_spikes_as_the_page_says(results: dict[str, Any]) -> None:
    """ELU's loss jumps up several times; other curves have spikes too."""
    runs = results["training-comparison"]["runs"]
    assert runs["elu"]["spikes"] >= 2
    assert sum(run["spikes"] > 0 for run in runs.values()) >= 3


def test_spikes_counts_doublings() -> None:
    assert ex.spikes(np.array([1.0, 0.5, 1.5, 1.4, 3.0, 0.1])) == 2


# ---------------------------------------------------------------------------
# 5. Gradient checks
# ---------------------------------------------------------------------------


def test_gradient_checks_agree(results: dict[str, Any]) -> None:
    r = results["gradient-checks"]
    assert r["tolerance"] == ex.GRADIENT_TOLERANCE <= 1e-6
    assert set(r["seed_formula"]) == set(ex.CHECKED_ACTIVATIONS)
    for table in ("seed_formula", "backprop_mse", "backprop_cross_entropy"):
        for act, error in r[table].items():
            assert 0 <= error < r["tolerance"], (table, act)
    assert r["softmax_cross_entropy"] < r["tolerance"]
    assert r["largest_gradient"] > 0.1, "the checks must see gradients of a meaningful size"


def test_gradient_check_catches_a_wrong_formula() -> None:
    """The check bites: a formula missing the g'(z_k) factor fails it by far."""
    rng = np.random.default_rng(7)
    act = actlib.get("sigmoid")
    x, w, t = rng.normal(size=5), rng.normal(size=(5, 3)), rng.normal(size=3)
    wrong = np.outer(x, act(x @ w) - t)
    numeric = nn.numerical_gradient(lambda: float(0.5 * np.sum((act(x @ w) - t) ** 2)), w)
    assert np.max(np.abs(wrong - numeric)) > 1e3 * ex.GRADIENT_TOLERANCE


# ---------------------------------------------------------------------------
# The pages' tables
# ---------------------------------------------------------------------------

PAGE_FUNCTIONS = [
    "linear_collapse",
    "vanishing_setup",
    "vanishing_gradients",
    "dying_setup",
    "dying_relu",
    "dying_layers",
    "training_setup",
    "training_comparison",
    "gradient_checks",
    "softmax_check",
]


@pytest.mark.parametrize("function", PAGE_FUNCTIONS)
def test_page_tables_render(function: str) -> None:
    text = getattr(experiment_results, function)()
    assert text.strip()
    rows = [line for line in text.splitlines() if line.startswith("|")]
    cells = {len(re.split(r"(?<!\\)\|", line)) for line in rows}
    assert len(cells) <= 1, "every table row has the same number of cells"
    assert "nan" not in text.lower()


@pytest.mark.parametrize("function", PAGE_FUNCTIONS)
def test_every_page_table_is_on_a_page(function: str) -> None:
    pages = "".join(p.read_text() for p in (ROOT / "docs" / "experiments").glob("*.md"))
    assert f"experiment_results.{function}()" in pages
