"""docs/javascripts/playground/model.js under Node, against actlib.nn computed now.

Three kinds of reference, each held to 1e-9 relative (an exact 0 to 0) by model.test.mjs:
- ``steps``: small networks stepped one full batch at a time; per step the outputs, the
  loss, every layer's gradient norm, every unit's mean |dL/dw|, and which hidden units are
  dead (one ReLU unit is dead by construction, so the flag is tested both ways);
- ``traces``: trace() over every setting the playground has (an activation per layer,
  regression, L1 and L2, mini-batches whose indices the test draws here, momentum, Adam),
  each compared with ``reference_trace`` (actlib.nn.train_step);
- ``grid``: every unit's output over a grid of points, the dead units over all points, and
  the L1 and L2 penalties of its weights;
- ``registry``: trace() for every element-wise activation in the registry at its defaults,
  and a few at other parameters, with f and f' from lib/formulas.js as the page has them.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import numpy as np

import actlib
from actlib import nn
from tests.modules.node_runner import run_node_test
from tests.modules.playground_reference import reference_trace, small_problem
from tests.registry_cases import ELEMENTWISE

STEPS = 12
LR = 0.1

# The step-by-step cases: tanh, ReLU and Leaky ReLU with a non-default slope.
ACTIVATIONS = [("tanh", {}), ("relu", {}), ("leaky_relu", {"negative_slope": 0.2})]
PER_LAYER: list[dict[str, Any]] = [{"name": name, "params": params} for name, params in ACTIVATIONS]


def step_case(name: str, params: dict[str, Any], seed: int) -> dict[str, Any]:
    problem = small_problem(np.random.default_rng(seed))
    if name == "relu":
        # A unit that no point reaches: a large negative bias makes it dead from step 0.
        problem["biases"][1][2] = -100.0
    net = nn.MLP.from_weights(
        problem["weights"], problem["biases"], [(name, params)] * (len(problem["weights"]) - 1)
    )
    target = problem["y"][:, None]
    optimiser = nn.SGD(LR)
    steps = []
    for _ in range(STEPS):
        outputs = net(problem["X"])[:, 0]
        report = nn.train_step(net, problem["X"], target, optimiser)
        steps.append(
            {
                "outputs": outputs,
                "loss": report.loss,
                "norms": report.norms,
                "unitGradients": report.unit_gradients,
                "deadUnits": report.dead,
                "deadShares": [float(np.mean(d)) for d in report.dead],
            }
        )
    return {"activation": name, "params": params, "lr": LR, **problem, "steps": steps}


def trace_cases() -> list[dict[str, Any]]:
    rng = np.random.default_rng(20)
    problem = small_problem(rng)
    n = len(problem["y"])
    regression = {**problem, "y": np.sin(2 * problem["X"][:, 0]) + problem["X"][:, 1] ** 2}

    def draws(size: int, steps: int) -> list[list[int]]:
        return [rng.choice(n, size=size, replace=False).tolist() for _ in range(steps)]

    base = {"activation": "tanh", "params": {}, "lr": LR, "steps": STEPS}
    settings: list[dict[str, Any]] = [
        {},
        {"activations": PER_LAYER[::-1]},
        {"task": "regression", "activation": "relu"},
        {"regularisation": "l1", "regularisationRate": 0.01},
        {"regularisation": "l2", "regularisationRate": 0.03},
        {"optimiser": {"kind": "momentum", "beta": 0.8}},
        {"optimiser": {"kind": "adam", "beta1": 0.85, "beta2": 0.99, "epsilon": 1e-7}, "lr": 0.01},
        {"batches": draws(5, STEPS), "activation": "leaky_relu", "params": {"negative_slope": 0.2}},
        {"batches": draws(1, STEPS), "optimiser": {"kind": "momentum", "beta": 0.9}},
        {
            "task": "regression",
            "activations": PER_LAYER,
            "regularisation": "l2",
            "regularisationRate": 0.01,
            "optimiser": {"kind": "adam"},
            "lr": 0.01,
            "batches": draws(7, STEPS),
        },
    ]
    cases = []
    for extra in settings:
        data = regression if extra.get("task") == "regression" else problem
        args = {**base, **data, **extra}
        args = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in args.items()}
        args["weights"] = [np.asarray(w).tolist() for w in data["weights"]]
        args["biases"] = [np.asarray(b).tolist() for b in data["biases"]]
        cases.append({"args": args, "want": reference_trace(args)})
    return cases


def grid_case() -> dict[str, Any]:
    problem = small_problem(np.random.default_rng(30))
    problem["biases"][1][1] = -50.0  # a ReLU unit (layer 2) dead over the whole grid
    layers = [(a["name"], a["params"]) for a in PER_LAYER]
    net = nn.MLP.from_weights(problem["weights"], problem["biases"], layers)
    axis = np.linspace(-1.2, 1.2, 7)
    grid = np.array([[x1, x2] for x2 in axis for x1 in axis])
    trace = net.forward(grid)
    penalties = {kind: nn.penalty(problem["weights"], kind, 0.3) for kind in ("none", "l1", "l2")}
    return {
        "penalties": penalties,
        "activations": PER_LAYER,
        "weights": problem["weights"],
        "biases": problem["biases"],
        "grid": grid,
        "units": [*trace.inputs[1:], trace.output],
        "deadUnits": nn.dead_units(net, grid),
    }


def registry_cases() -> list[dict[str, Any]]:
    """25 steps of a 2-6-5-4-1 network for every element-wise activation, as the page trains."""
    named: list[tuple[str, dict[str, Any]]] = [(name, {}) for name in ELEMENTWISE]
    named += [
        ("leaky_relu", {"negative_slope": 0.2}),
        ("elu", {"alpha": 0.5}),
        ("gelu", {"approximate": "tanh"}),
        ("hardtanh", {"min_val": -0.5, "max_val": 2.0}),
    ]
    cases = []
    for name, params in named:
        # A seed of its own per name: adding an activation does not change another's case.
        problem = small_problem(np.random.default_rng(zlib.crc32(name.encode())))
        # Three exponential layers compound, e to the e to the e: from these weights the
        # logit is about 1e8 and the first step overflows. A quarter of them trains.
        scale = 0.25 if name == "exponential" else 1.0
        args = {
            "activation": name,
            "params": {**actlib.get(name).defaults, **params},
            "X": problem["X"].tolist(),
            "y": problem["y"].tolist(),
            "weights": [(scale * w).tolist() for w in problem["weights"]],
            "biases": [b.tolist() for b in problem["biases"]],
            "lr": 0.03,
            "steps": 25,
        }
        cases.append({"args": args, "want": reference_trace(args)})
    return cases


def test_model_matches_actlib_nn(explorer_data_script: Path) -> None:
    reference: dict[str, Any] = {
        "explorerData": str(explorer_data_script),
        "registry": registry_cases(),
        "steps": [
            step_case(name, params, seed) for seed, (name, params) in enumerate(ACTIVATIONS, 11)
        ],
        "traces": trace_cases(),
        "grid": grid_case(),
    }
    relu = reference["steps"][1]
    assert any(any(d) for step in relu["steps"] for d in step["deadUnits"]), "no dead unit"
    assert any(reference["grid"]["deadUnits"][1]), "no dead unit on the grid"
    run_node_test("model.test.mjs", reference)
