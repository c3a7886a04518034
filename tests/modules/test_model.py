"""docs/javascripts/playground/model.js under Node, against actlib.nn computed now.

Each case is a small network with given weights; actlib.nn.train_step gives, for every
step, the loss on the batch, every layer's gradient norm and per-unit mean |dL/dw|, and
which hidden units are dead; model.test.mjs runs model.js from the same weights and holds
every number to 1e-9 relative (an exact 0 to 0).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from actlib import nn
from tests.modules.node_runner import run_node_test
from tests.modules.playground_reference import reference_trace, small_problem

STEPS = 12
LR = 0.1

# The activations whose f and f' the Node test can write without lib/formulas.js: tanh,
# ReLU and Leaky ReLU with a non-default slope (a parameter reaching f and f').
ACTIVATIONS = [("tanh", {}), ("relu", {}), ("leaky_relu", {"negative_slope": 0.2})]


def full_batch_case(name: str, params: dict[str, Any], seed: int) -> dict[str, Any]:
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
        logits = net(problem["X"])[:, 0]
        report = nn.train_step(net, problem["X"], target, optimiser)
        steps.append(
            {
                "logits": logits,
                "loss": report.loss,
                "norms": report.norms,
                "unitGradients": report.unit_gradients,
                "dead": report.dead,
                "deadShares": [float(np.mean(d)) for d in report.dead],
            }
        )
    losses, norms = reference_trace(name, params, lr=LR, steps=STEPS, **problem)
    return {
        "activation": name,
        "params": params,
        "lr": LR,
        **problem,
        "steps": steps,
        "trace": {"loss": losses, "gradNorms": norms},
    }


def test_model_matches_actlib_nn() -> None:
    reference = {
        "cases": [
            full_batch_case(name, params, seed)
            for seed, (name, params) in enumerate(ACTIVATIONS, start=11)
        ]
    }
    relu = reference["cases"][1]
    assert any(any(d) for step in relu["steps"] for d in step["dead"]), "no dead unit to test"
    run_node_test("model.test.mjs", reference)
