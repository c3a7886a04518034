"""The playground's model computed by actlib.nn: the reference of its JavaScript.

``reference_trace`` is what ``window.actlibPlayground.trace`` and model.js's ``trace``
return (the loss after 0..steps full-batch steps of plain gradient descent, and the
gradient norms each step used), computed with ``actlib.nn.train_step``. The Node tests
(tests/modules/test_model.py) and the browser test of the page's hook both use it.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from actlib import nn


def reference_trace(
    name: str,
    params: Mapping[str, Any],
    X: np.ndarray,
    y: np.ndarray,
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray],
    lr: float,
    steps: int,
) -> tuple[list[float], list[list[float]]]:
    """The loss after 0..steps steps, and the gradient norms each step used."""
    net = nn.MLP.from_weights(weights, biases, [(name, params)] * (len(weights) - 1))
    target = np.asarray(y, dtype=np.float64)[:, None]
    optimiser = nn.SGD(lr)
    losses: list[float] = []
    norms: list[list[float]] = []
    for _ in range(steps):
        report = nn.train_step(net, X, target, optimiser)
        losses.append(report.loss)
        norms.append(report.norms)
    losses.append(nn.binary_cross_entropy_with_logits(net(X), target)[0])
    return losses, norms


def small_problem(rng: np.random.Generator, sizes: Sequence[int] = (2, 6, 5, 4, 1)) -> dict:
    """32 points in [-1, 1]^2 labelled by XOR, and modest weights of a network of ``sizes``."""
    X = rng.uniform(-1, 1, size=(32, sizes[0]))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    weights = [rng.normal(0, 0.7, size=(a, b)) for a, b in itertools.pairwise(sizes)]
    biases = [rng.normal(0, 0.1, size=b) for b in sizes[1:]]
    return {"X": X, "y": y, "weights": weights, "biases": biases}
