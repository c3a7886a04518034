"""The playground's model computed by actlib.nn: the reference of its JavaScript.

``reference_trace(args)`` returns what model.js's ``trace(args, bind)`` (and so
``window.actlibPlayground.trace(args)``) returns for the same ``args``, computed with
``actlib.nn.train_step``: ``{"loss", "gradNorms", "unitGradients", "dead"}``. The Node
tests (tests/modules/test_model.py) and the browser test of the page's hook both use it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from actlib import nn


def optimiser_of(settings: dict[str, Any] | None, rate: float) -> nn.Optimiser:
    """actlib.nn's optimiser for trace()'s ``optimiser`` settings (SGD when there are none)."""
    settings = dict(settings or {})
    kind = settings.pop("kind", "sgd")
    if kind == "sgd":
        return nn.SGD(rate)
    if kind == "momentum":
        return nn.Momentum(rate, beta=settings.get("beta", 0.9))
    if kind == "adam":
        return nn.Adam(
            rate,
            beta1=settings.get("beta1", 0.9),
            beta2=settings.get("beta2", 0.999),
            epsilon=settings.get("epsilon", 1e-8),
        )
    raise ValueError(f"unknown optimiser {kind!r}")


def reference_trace(args: dict[str, Any]) -> dict[str, Any]:
    """trace()'s result for ``args`` (the same keys as trace's), by actlib.nn."""
    weights = [np.asarray(w, dtype=np.float64) for w in args["weights"]]
    hidden = len(weights) - 1
    if "activations" in args:
        layers = [(a["name"], a.get("params", {})) for a in args["activations"]]
    else:
        layers = [(args["activation"], args.get("params", {}))] * hidden
    net = nn.MLP.from_weights(weights, args["biases"], layers)
    X = np.asarray(args["X"], dtype=np.float64)
    target = np.asarray(args["y"], dtype=np.float64)[:, None]
    task = args.get("task", "classification")
    loss_fn = (
        nn.binary_cross_entropy_with_logits if task == "classification" else nn.mean_squared_error
    )
    optimiser = optimiser_of(args.get("optimiser"), args["lr"])
    batches = args.get("batches")
    out: dict[str, list[Any]] = {"loss": [], "gradNorms": [], "unitGradients": [], "dead": []}
    for k in range(args["steps"]):
        rows = np.arange(X.shape[0]) if batches is None else np.asarray(batches[k])
        # With mini-batches the loss reported is every point's, before the step.
        before = loss_fn(net(X), target)[0]
        report = nn.train_step(
            net,
            X[rows],
            target[rows],
            optimiser,
            task=task,
            regularisation=args.get("regularisation", "none"),
            regularisation_rate=args.get("regularisationRate", 0.0),
        )
        out["loss"].append(report.loss if batches is None else before)
        out["gradNorms"].append(report.norms)
        out["unitGradients"].append([u.tolist() for u in report.unit_gradients])
        out["dead"].append([float(np.mean(d)) for d in report.dead])
    out["loss"].append(loss_fn(net(X), target)[0])
    return out


def small_problem(rng: np.random.Generator, sizes: Sequence[int] = (2, 6, 5, 4, 1)) -> dict:
    """32 points in [-1, 1]^2 labelled by XOR, and modest weights of a network of ``sizes``."""
    X = rng.uniform(-1, 1, size=(32, sizes[0]))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    weights = [rng.normal(0, 0.7, size=(a, b)) for a, b in itertools.pairwise(sizes)]
    biases = [rng.normal(0, 0.1, size=b) for b in sizes[1:]]
    return {"X": X, "y": y, "weights": weights, "biases": biases}
