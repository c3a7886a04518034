"""The site's experiments: each is one function of a seed that returns its results.

They run actlib's activations through the tiny MLP in :mod:`actlib.nn`, with NumPy
alone and fixed seeds, so that a rerun gives the same bits. The generator
(``scripts/generators/experiment_runs.py``) draws and publishes what these functions return, and
``tests/website/test_experiments.py`` checks each result's invariants: the page and the tests
read the same code.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

import actlib
from actlib import nn

# ---------------------------------------------------------------------------
# Data sets, generated in code
# ---------------------------------------------------------------------------


def disc_and_ring(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points: class 0 in a disc of radius 0.5, class 1 in a ring from 0.8 to 1.2.

    No straight line separates them, and one bend is not enough either.
    """
    labels = np.arange(n) % 2
    radius = np.where(labels == 0, 0.5 * np.sqrt(rng.uniform(size=n)), rng.uniform(0.8, 1.2, n))
    angle = rng.uniform(0.0, 2 * np.pi, size=n)
    points = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return points, labels


def two_spirals(n: int, rng: np.random.Generator, turns: float = 1.5, noise: float = 0.04):
    """``n`` points on two interleaved spirals (class 0 and class 1), inside [-1, 1]^2."""
    labels = np.arange(n) % 2
    t = np.sqrt(rng.uniform(0.02, 1.0, size=n))  # sqrt spreads the points evenly in area
    angle = 2 * np.pi * turns * t + np.pi * labels
    points = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    return points + rng.normal(0.0, noise, size=points.shape), labels


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------

GRID_SIZE = 90  # decision boundaries are drawn on a GRID_SIZE x GRID_SIZE grid
GRID_EXTENT = 1.4  # ... covering [-GRID_EXTENT, GRID_EXTENT]^2


def decision_grid(net: nn.MLP) -> np.ndarray:
    """P(class 1) on the plotting grid, as a (GRID_SIZE, GRID_SIZE) array (rows = y)."""
    axis = np.linspace(-GRID_EXTENT, GRID_EXTENT, GRID_SIZE)
    xx, yy = np.meshgrid(axis, axis)
    logits = net(np.column_stack([xx.ravel(), yy.ravel()]))
    return np.asarray(actlib.get("softmax")(logits))[:, 1].reshape(xx.shape)


def edge(grid: np.ndarray) -> np.ndarray:
    """The cells on the border of a decision grid."""
    return np.concatenate([grid[0], grid[-1], grid[1:-1, 0], grid[1:-1, -1]])


def spikes(losses: np.ndarray) -> int:
    """How many steps more than doubled the loss: the instability of a too-large step."""
    return int(np.sum(losses[1:] > 2 * losses[:-1]))


def accuracy(net: nn.MLP, points: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(np.argmax(net(points), axis=1) == labels))


def best_line_accuracy(points: np.ndarray, labels: np.ndarray, pairs_per_chunk: int = 2048):
    """The largest share of ``points`` that any straight line puts on its class's side.

    Exact for points in general position (no three on one line, which random floats are):
    any line can be moved, without changing the side of any point, until it passes
    through two points, and a tiny shift or turn then puts those two on whichever sides
    suit them. So the best line is among the lines through two points, each read with both
    orientations, with the two points on it counted right.
    """
    sign = np.where(labels == 1, 1.0, -1.0)
    first, second = np.triu_indices(len(points), k=1)
    fewest_wrong = len(points)
    # Chunks of lines whose (point, line) tables stay in the processor's cache.
    for start in range(0, len(first), pairs_per_chunk):
        a, b = (
            points[first[start : start + pairs_per_chunk]],
            points[second[start : start + pairs_per_chunk]],
        )
        normal = np.column_stack([a[:, 1] - b[:, 1], b[:, 0] - a[:, 0]])
        side = points @ normal.T - np.sum(normal * a, axis=1)  # side[point, line]
        on_line = 1e-9 * np.max(np.abs(side), axis=0)  # at most this far from the line
        side *= sign[:, None]  # > 0: on the side the line gives its class, one way round
        one_way = np.count_nonzero(side > on_line, axis=0)
        other_way = np.count_nonzero(side < -on_line, axis=0)
        # Read the better way round, a line errs on the points off it that it puts wrong.
        fewest_wrong = min(fewest_wrong, int(np.min(np.minimum(one_way, other_way))))
    return (len(points) - fewest_wrong) / len(points)


@functools.cache
def _cells_along(angles: int) -> tuple[np.ndarray, ...]:
    """For each of ``angles`` directions, the grid's cells in the order of their
    projections on it: the same for every grid, so sorted once (the experiments ask for
    the straightness of 16 grids)."""
    axis = np.linspace(-GRID_EXTENT, GRID_EXTENT, GRID_SIZE)
    xx, yy = np.meshgrid(axis, axis)
    cells = np.column_stack([xx.ravel(), yy.ravel()])
    return tuple(
        np.argsort(cells @ np.array([np.cos(angle), np.sin(angle)]))
        for angle in np.linspace(0.0, np.pi, angles, endpoint=False)
    )


def straightness(grid: np.ndarray, angles: int = 720) -> float:
    """The largest share of a decision grid's cells that one half-plane classifies alike.

    1 for a straight boundary; the search over ``angles`` directions finds a half-plane
    that achieves the share returned, so a value near 1 proves the boundary nearly
    straight.
    """
    inside = grid.ravel() > 0.5
    best = 0
    for order in _cells_along(angles):
        ordered = inside[order]
        # The half-plane "class 1 beyond the k-th cell": the cells below it that are
        # class 0, plus the cells beyond it that are class 1; read both ways.
        below = np.concatenate([[0], np.cumsum(~ordered)])
        beyond = np.sum(ordered) - np.concatenate([[0], np.cumsum(ordered)])
        agree = below + beyond
        best = max(best, int(agree.max()), len(ordered) - int(agree.min()))
    return best / len(inside)


# --8<-- [start:train]
def train(
    net: nn.MLP,
    points: np.ndarray,
    labels: np.ndarray,
    *,
    steps: int,
    learning_rate: float,
    on_step: Callable[[nn.Trace], None] | None = None,
) -> np.ndarray:
    """Full-batch gradient descent on softmax cross-entropy; returns the loss per step.

    ``on_step`` sees each step's forward trace (the dying-ReLU experiment counts dead
    units in it) before the weights change. A run whose loss stops being finite has
    diverged: training stops there, and the losses returned end with that value.
    """
    target = nn.one_hot(labels, 2)
    losses = []
    # A diverging run overflows on purpose; its non-finite loss is the result we report.
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            trace = net.forward(points)
            loss, grad_output = nn.softmax_cross_entropy(trace.output, target)
            losses.append(loss)
            if on_step is not None:
                on_step(trace)
            if not np.isfinite(loss):
                break
            net.sgd_step(net.backward(trace, grad_output), learning_rate)
    return np.array(losses)


# --8<-- [end:train]


# ---------------------------------------------------------------------------
# 1. Linear collapse
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearCollapse:
    widths: tuple[int, ...]
    n_points: int
    stack_vs_matrix: float  # max |stack(x) - (x W + b)| over the test points
    output_scale: float  # max |stack(x)|, for scale
    relu_vs_best_affine: float  # max |network with one ReLU - its best affine fit|
    relu_output_scale: float
    # RMS of the least-squares residual: every affine map is at least this far from the
    # network at some input, since no affine map has a smaller RMS gap
    relu_vs_every_affine: float
    linear_accuracy: float  # the trained linear stack on the disc and ring
    relu_accuracy: float  # the same stack with one ReLU layer
    best_line_accuracy: float  # the best straight line, found exactly, on the same points
    relu_edge_probability: float  # the least P(ring) on the drawn grid's edge
    relu_centre_probability: float  # P(ring) at the centre of the disc, (0, 0)
    linear_grid: np.ndarray
    relu_grid: np.ndarray
    points: np.ndarray
    labels: np.ndarray


def collapse(net: nn.MLP) -> tuple[np.ndarray, np.ndarray]:
    """The one affine map ``x W + b`` that a stack of affine layers computes."""
    weights = np.eye(net.layers[0].weights.shape[0])
    bias = np.zeros(weights.shape[1])
    for layer in net.layers:
        weights, bias = weights @ layer.weights, bias @ layer.weights + layer.bias
    return weights, bias


def best_affine_fit_residual(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """y - (x W + b) for the least-squares W and b."""
    design = np.column_stack([x, np.ones(len(x))])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return design @ coef - y


def best_affine_fit_error(x: np.ndarray, y: np.ndarray) -> float:
    """max |y - (x W + b)| for the least-squares W and b: how far y is from affine."""
    return float(np.max(np.abs(best_affine_fit_residual(x, y))))


def rms(values: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(values))))


# --8<-- [start:linear_collapse]
def linear_collapse(seed: int = 0) -> LinearCollapse:
    """A stack of random affine layers is one affine map; one ReLU layer breaks that."""
    rng = np.random.default_rng(seed)
    widths = (2, 16, 16, 16, 2)
    stack = nn.MLP.create(widths, "identity", init="xavier", rng=rng)
    for layer in stack.layers:  # random biases too: affine, not only linear, layers
        layer.bias = rng.normal(0.0, 0.5, size=layer.bias.shape)
    x = rng.normal(size=(1000, 2))
    weights, bias = collapse(stack)
    out = stack(x)

    # The same weights, with a ReLU after the first layer only.
    bent = nn.MLP([nn.Dense(lay.weights, lay.bias, lay.activation) for lay in stack.layers])
    bent.layers[0].activation = actlib.get("relu")
    bent_out = bent(x)

    points, labels = disc_and_ring(400, rng)
    linear = nn.MLP.create(widths, "identity", init="xavier", rng=rng)
    relu = nn.MLP.create(widths, ["relu", "identity", "identity"], init="he", rng=rng)
    for net in (linear, relu):
        train(net, points, labels, steps=300, learning_rate=0.2)
    relu_grid = decision_grid(relu)
    return LinearCollapse(
        widths=widths,
        n_points=len(x),
        stack_vs_matrix=float(np.max(np.abs(out - (x @ weights + bias)))),
        output_scale=float(np.max(np.abs(out))),
        relu_vs_best_affine=best_affine_fit_error(x, bent_out),
        relu_output_scale=float(np.max(np.abs(bent_out))),
        relu_vs_every_affine=rms(best_affine_fit_residual(x, bent_out)),
        linear_accuracy=accuracy(linear, points, labels),
        relu_accuracy=accuracy(relu, points, labels),
        best_line_accuracy=best_line_accuracy(points, labels),
        relu_edge_probability=float(np.min(edge(relu_grid))),
        relu_centre_probability=float(
            np.asarray(actlib.get("softmax")(relu(np.zeros((1, 2)))))[0, 1]
        ),
        linear_grid=decision_grid(linear),
        relu_grid=relu_grid,
        points=points,
        labels=labels,
    )


# --8<-- [end:linear_collapse]


# ---------------------------------------------------------------------------
# 2. Vanishing and exploding gradients
# ---------------------------------------------------------------------------

DEEP_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu")
INITS: tuple[nn.Init, ...] = ("xavier", "he")


@dataclass(frozen=True)
class VanishingGradients:
    depth: int
    width: int
    batch: int
    # norms[init][activation][l] = ||dL/dW_l|| (Frobenius) for layer l = 1..depth
    norms: dict[str, dict[str, np.ndarray]]
    # Sigmoid with weights of variance c / width, for each c in SIGMOID_VARIANCES: the
    # ratio layer 1 / layer depth for each of SIGMOID_SEEDS, and the share of
    # pre-activations (all units, all examples, all seeds) where sigmoid is saturated
    sigmoid_ratios: dict[float, np.ndarray]
    sigmoid_saturated: dict[float, float]


# --8<-- [start:layer_gradient_norms]
def layer_gradient_norms(
    activation: str, init: nn.Init, depth: int, width: int, x: np.ndarray, seed: int
) -> np.ndarray:
    """||dL/dW|| of each hidden layer at initialisation, first layer first."""
    rng = np.random.default_rng(seed)
    net = nn.MLP.create([width] * (depth + 1) + [1], activation, init=init, rng=rng)
    target = rng.normal(size=(len(x), 1))
    trace = net.forward(x)
    _, grad_output = nn.mean_squared_error(trace.output, target)
    grads = net.backward(trace, grad_output)[:-1]  # the hidden layers; not the linear output
    return np.array([np.linalg.norm(g.weights) for g in grads])


# --8<-- [end:layer_gradient_norms]


SIGMOID_VARIANCES = (1.0, 4.0, 16.0, 64.0, 128.0, 256.0)  # times 1 / width
SIGMOID_SEEDS = tuple(range(1, 11))
SATURATED = 0.1  # sigmoid is saturated where its slope is below this share of its peak


# --8<-- [start:scaled_sigmoid]
def scaled_sigmoid(
    variance: float, depth: int, width: int, x: np.ndarray, seed: int
) -> tuple[float, np.ndarray]:
    """(layer 1 / layer ``depth`` of ||dL/dW||, whether each pre-activation is saturated)
    for a deep sigmoid network whose hidden weights have variance ``variance / width``."""
    rng = np.random.default_rng(seed)
    net = nn.MLP.create([width] * (depth + 1) + [1], "sigmoid", init="xavier", rng=rng)
    for layer in net.layers[:-1]:  # Xavier's variance for a square layer is 1 / width
        layer.weights *= np.sqrt(variance)
    target = rng.normal(size=(len(x), 1))
    trace = net.forward(x)
    _, grad_output = nn.mean_squared_error(trace.output, target)
    norms = [np.linalg.norm(g.weights) for g in net.backward(trace, grad_output)[:-1]]
    peak = actlib.sigmoid.derivative(0.0)
    slopes = np.array(
        [
            layer.derivative(z)
            for layer, z in zip(net.layers[:-1], trace.pre_activations[:-1], strict=True)
        ]
    )
    return float(norms[0] / norms[-1]), slopes < SATURATED * peak


# --8<-- [end:scaled_sigmoid]


def vanishing_gradients(seed: int = 0, depth: int = 30, width: int = 64) -> VanishingGradients:
    """Per-layer gradient norms of a deep MLP at initialisation, per activation and init."""
    # Small enough that OpenBLAS multiplies on one thread: at 2 threads on a busy machine
    # these tiny products spend longer waiting for each other than multiplying.
    batch = 48
    x = np.random.default_rng(seed).normal(size=(batch, width))
    norms = {
        init: {
            act: layer_gradient_norms(act, init, depth, width, x, seed + 1)
            for act in DEEP_ACTIVATIONS
        }
        for init in INITS
    }
    ratios, saturated = {}, {}
    for variance in SIGMOID_VARIANCES:
        runs = [scaled_sigmoid(variance, depth, width, x, s) for s in SIGMOID_SEEDS]
        ratios[variance] = np.array([ratio for ratio, _ in runs])
        saturated[variance] = float(np.mean([mask.mean() for _, mask in runs]))
    return VanishingGradients(
        depth=depth,
        width=width,
        batch=batch,
        norms=norms,
        sigmoid_ratios=ratios,
        sigmoid_saturated=saturated,
    )


# ---------------------------------------------------------------------------
# 3. Dying ReLU
# ---------------------------------------------------------------------------

DYING_ACTIVATIONS = ("relu", "leaky_relu", "elu")


@dataclass(frozen=True)
class DyingRun:
    activation: str
    learning_rate: float
    seed: int
    # dead[step, unit]: g'(z) = 0 on every example; negative[step, unit]: z < 0 on every
    # example. Units are the hidden layers' units in order; layer_of[unit] is 0, 1, ...
    dead: np.ndarray
    negative: np.ndarray
    layer_of: np.ndarray
    losses: np.ndarray  # per step; a diverged run stops at its first non-finite loss

    @property
    def dead_fraction(self) -> np.ndarray:
        return self.dead.mean(axis=1)

    @property
    def negative_fraction(self) -> np.ndarray:
        return self.negative.mean(axis=1)

    def deaths_and_revivals(self, layer: int) -> tuple[int, int]:
        """How often a unit of hidden layer ``layer`` went from alive to dead, and back."""
        mask = self.dead[:, self.layer_of == layer]
        return int(np.sum(~mask[:-1] & mask[1:])), int(np.sum(mask[:-1] & ~mask[1:]))

    @property
    def diverged(self) -> bool:
        return not np.isfinite(self.losses[-1]) or self.losses[-1] > self.losses[0]


@dataclass(frozen=True)
class DyingRelu:
    widths: tuple[int, ...]
    steps: int
    n_points: int
    runs: list[DyingRun]


# --8<-- [start:dead_units]
def dead_units(net: nn.MLP, trace: nn.Trace) -> tuple[np.ndarray, np.ndarray]:
    """Which hidden units are dead, and which negative, over the batch in ``trace``.

    A unit is dead when its derivative g'(z) is exactly 0 on every training example: then
    no example sends it any gradient, and its own weights stop changing. A unit of the
    first hidden layer stays dead for good, since its inputs are the fixed data; a unit
    higher up can come back when the layers below it change.
    """
    dead, negative = [], []
    for layer, z in zip(net.layers[:-1], trace.pre_activations[:-1], strict=True):
        dead.append(np.all(layer.derivative(z) == 0, axis=0))
        negative.append(np.all(z < 0, axis=0))
    return np.concatenate(dead), np.concatenate(negative)


# --8<-- [end:dead_units]


def dying_relu(
    seeds: Sequence[int] = (1, 2, 3),
    learning_rates: Sequence[float] = (0.05, 1.5),
    steps: int = 200,
) -> DyingRelu:
    """Dead units over training on two spirals, at a small and a large learning rate."""
    widths = (2, 32, 32, 2)
    points, labels = two_spirals(200, np.random.default_rng(0))
    layer_of = np.repeat(np.arange(len(widths) - 2), widths[1:-1])
    runs = []
    for lr in learning_rates:
        for act in DYING_ACTIVATIONS:
            for seed in seeds:
                net = nn.MLP.create(widths, act, init="he", rng=np.random.default_rng(seed))
                masks: list[tuple[np.ndarray, np.ndarray]] = []

                def record(trace: nn.Trace, net: nn.MLP = net, masks: list = masks) -> None:
                    masks.append(dead_units(net, trace))

                losses = train(net, points, labels, steps=steps, learning_rate=lr, on_step=record)
                dead, negative = (np.array(m) for m in zip(*masks, strict=True))
                runs.append(DyingRun(act, lr, seed, dead, negative, layer_of, losses))
    return DyingRelu(widths, steps, len(points), runs)


# ---------------------------------------------------------------------------
# 4. Training comparison
# ---------------------------------------------------------------------------

COMPARED_ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu")
# Each activation starts from the initialisation it is usually paired with.
XAVIER_PAIRED = {"identity", "sigmoid", "tanh"}


@dataclass(frozen=True)
class TrainingComparison:
    widths: tuple[int, ...]
    steps: int
    learning_rate: float
    inits: dict[str, nn.Init]
    losses: dict[str, np.ndarray]
    accuracy: dict[str, float]
    grids: dict[str, np.ndarray]
    points: np.ndarray
    labels: np.ndarray
    best_line_accuracy: float  # the best straight line on the same points, found exactly
    initial_straightness: dict[str, float]  # straightness() of each boundary before training


def training_comparison(
    seed: int = 0, steps: int = 500, learning_rate: float = 1.0
) -> TrainingComparison:
    """The same MLP, one activation at a time, trained on two spirals."""
    widths = (2, 24, 24, 2)
    points, labels = two_spirals(200, np.random.default_rng(seed))
    inits: dict[str, nn.Init] = {
        act: "xavier" if act in XAVIER_PAIRED else "he" for act in COMPARED_ACTIVATIONS
    }
    losses, acc, grids, initial = {}, {}, {}, {}
    for act in COMPARED_ACTIVATIONS:
        net = nn.MLP.create(widths, act, init=inits[act], rng=np.random.default_rng(seed + 1))
        initial[act] = straightness(decision_grid(net))
        losses[act] = train(net, points, labels, steps=steps, learning_rate=learning_rate)
        acc[act] = accuracy(net, points, labels)
        grids[act] = decision_grid(net)
    return TrainingComparison(
        widths,
        steps,
        learning_rate,
        inits,
        losses,
        acc,
        grids,
        points,
        labels,
        best_line_accuracy(points, labels),
        initial,
    )


# ---------------------------------------------------------------------------
# 5. Gradient checks
# ---------------------------------------------------------------------------

GRADIENT_TOLERANCE = 1e-6  # analytic and finite-difference gradients must agree this well
CHECKED_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "silu")


@dataclass(frozen=True)
class GradientChecks:
    # seed_formula[act] = max |(g(z_k) - t_k) g'(z_k) x_j - finite difference| over j, k
    seed_formula: dict[str, float]
    # backprop[act] = (MSE, cross-entropy): max |backprop - finite difference| over a net
    backprop: dict[str, tuple[float, float]]
    softmax_cross_entropy: float  # max |(s - y) - finite difference|
    largest_gradient: float  # the largest |gradient| seen, for scale


def randomise_biases(net: nn.MLP, rng: np.random.Generator) -> None:
    """Give every bias a random value, as training would.

    With zero biases, a unit whose inputs are all 0 (every ReLU below it off) sits
    exactly on its kink, z = 0. There actlib returns the convention, ReLU'(0) = 0, while
    central differences return the average of the two one-sided slopes, 1/2: a
    disagreement about the kink, not an error in backpropagation.
    """
    for layer in net.layers:
        layer.bias = rng.normal(0.0, 0.5, size=layer.bias.shape)


# --8<-- [start:seed_formula_error]
def seed_formula_error(activation: str, rng: np.random.Generator) -> tuple[float, float]:
    """(max |formula - finite difference|, max |formula|) for one output layer."""
    act = actlib.get(activation)
    x, w, t = rng.normal(size=5), rng.normal(size=(5, 3)), rng.normal(size=3)
    z = x @ w
    formula = np.outer(x, (act(z) - t) * act.derivative(z))  # [j, k]

    def error() -> float:
        return float(0.5 * np.sum((act(x @ w) - t) ** 2))

    numeric = nn.numerical_gradient(error, w)
    return float(np.max(np.abs(formula - numeric))), float(np.max(np.abs(formula)))


# --8<-- [end:seed_formula_error]


def backprop_error(
    activation: str, loss: Callable[..., tuple[float, np.ndarray]], rng: np.random.Generator
) -> tuple[float, float]:
    """(max |backprop - finite difference|, max |gradient|) over every weight and bias."""
    net = nn.MLP.create([3, 5, 4, 3], activation, init="xavier", rng=rng)
    randomise_biases(net, rng)
    x = rng.normal(size=(8, 3))
    if loss is nn.softmax_cross_entropy:
        target = nn.one_hot(rng.integers(0, 3, size=8), 3)
    else:
        target = rng.normal(size=(8, 3))
    trace = net.forward(x)
    grads = net.backward(trace, loss(trace.output, target)[1])
    worst, largest = 0.0, 0.0
    for layer, grad in zip(net.layers, grads, strict=True):
        for array, analytic in ((layer.weights, grad.weights), (layer.bias, grad.bias)):
            numeric = nn.numerical_gradient(lambda: loss(net(x), target)[0], array)
            worst = max(worst, float(np.max(np.abs(analytic - numeric))))
            largest = max(largest, float(np.max(np.abs(analytic))))
    return worst, largest


def gradient_checks(seed: int = 0) -> GradientChecks:
    """The seed's output-layer formula, backprop and s - y against finite differences."""
    rng = np.random.default_rng(seed)
    seed_formula, backprop, largest = {}, {}, 0.0
    for act in CHECKED_ACTIVATIONS:
        seed_formula[act], scale = seed_formula_error(act, rng)
        mse, mse_scale = backprop_error(act, nn.mean_squared_error, rng)
        ce, ce_scale = backprop_error(act, nn.softmax_cross_entropy, rng)
        backprop[act] = (mse, ce)
        largest = max(largest, scale, mse_scale, ce_scale)

    logits = rng.normal(scale=2.0, size=(1, 6))
    target = nn.one_hot(np.array([4]), 6)
    s_minus_y = np.asarray(actlib.get("softmax")(logits)) - target
    numeric = nn.numerical_gradient(lambda: nn.softmax_cross_entropy(logits, target)[0], logits)
    return GradientChecks(
        seed_formula=seed_formula,
        backprop=backprop,
        softmax_cross_entropy=float(np.max(np.abs(s_minus_y - numeric))),
        largest_gradient=largest,
    )
