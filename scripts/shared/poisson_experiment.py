r"""The second-derivatives experiment: fit u'' = g on [-1, 1] with one hidden layer.

The network is :math:`u(x) = \sum_k c_k f(w_k x + b_k)`, so that
:math:`u''(x) = \sum_k c_k w_k^2 f''(w_k x + b_k)`: linear in the output weights ``c``.
The hidden weights and biases are drawn once from a seeded generator and kept (a
random-feature, physics-informed network); the output weights are the least-squares
solution of the residual u'' - g at collocation points together with the two boundary
values. f and f'' come from actlib alone (``act`` and ``act.second_derivative``), so the
fit can reach only what f'' lets it: where f'' is 0, so is u''.

The page ``docs/concepts/second-derivatives.md`` prints what :func:`poisson_fit` returns
(through ``scripts/generators/experiment_runs.py``), and
``tests/website/test_second_derivatives_page.py`` holds its sentences to the same results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import actlib

# The activations compared, in the order of the page's table: f'' identically 0 almost
# everywhere, f'' piecewise constant, then the smooth ones.
ACTIVATIONS = ("relu", "squared_relu", "tanh", "silu", "gelu", "softplus", "sinusoid")
SMOOTH = ("tanh", "silu", "gelu", "softplus", "sinusoid")
# Hidden widths tried; a network of width N uses the first N units of one draw, so that a
# wider network only adds units and the curves over N are not reshuffled at each width.
WIDTHS = (8, 16, 32, 64, 128, 256)
FIGURE_WIDTH = 32  # the width whose u and u'' the figure draws
SMOOTH_FROM_WIDTH = 64  # the page bounds the smooth activations' residuals from this width
# Evenly spaced on [-1, 1], where u'' - g is fitted: eight per unit of the widest network,
# so that two kinks of squared ReLU seldom fall between the same two points (there u'' is
# unconstrained, and the fit can spike between the points it sees).
COLLOCATION_POINTS = 2048
EVALUATION_POINTS = 4001  # a finer grid, where the residual and the error are measured
# |w_k| is drawn up to this; each unit's centre -b_k / w_k is drawn in [-1, 1], so that
# every unit bends (or has its kink) inside the interval.
WEIGHT_RANGE = 5.0


def exact_solution(x: np.ndarray) -> np.ndarray:
    """u(x) = sin(pi x): 0 at both ends of [-1, 1]."""
    return np.sin(np.pi * x)


def source(x: np.ndarray) -> np.ndarray:
    """g = u'' of the exact solution: -pi^2 sin(pi x)."""
    return -(np.pi**2) * np.sin(np.pi * x)


@dataclass(frozen=True)
class Features:
    """The fixed hidden layer: unit k computes f(weights[k] x + biases[k])."""

    weights: np.ndarray
    biases: np.ndarray

    def first(self, width: int) -> Features:
        return Features(self.weights[:width], self.biases[:width])

    def values(self, activation: str, x: np.ndarray) -> np.ndarray:
        """f(w_k x_i + b_k), one row per point, one column per unit."""
        return np.asarray(actlib.get(activation)(np.outer(x, self.weights) + self.biases))

    def second_derivatives(self, activation: str, x: np.ndarray) -> np.ndarray:
        """d^2/dx^2 of each unit, w_k^2 f''(w_k x_i + b_k), with f'' from actlib."""
        act = actlib.get(activation)
        inner = np.outer(x, self.weights) + self.biases
        return np.square(self.weights) * np.asarray(act.second_derivative(inner))


def draw_features(width: int, seed: int) -> Features:
    """``width`` units with |w| up to WEIGHT_RANGE (either sign), centred in [-1, 1]."""
    rng = np.random.default_rng(seed)
    weights = rng.uniform(-WEIGHT_RANGE, WEIGHT_RANGE, size=width)
    centres = rng.uniform(-1.0, 1.0, size=width)
    return Features(weights, -weights * centres)


# --8<-- [start:fit_output_weights]
def fit_output_weights(features: Features, activation: str, x: np.ndarray) -> np.ndarray:
    """The output weights c that minimise, in the least-squares sense, the residual
    u''(x_i) - g(x_i) at the collocation points ``x`` and u - sin(pi x) at x = -1 and 1."""
    ends = np.array([-1.0, 1.0])
    # Each collocation row is scaled by 1/sqrt(len(x)), so that the sum of their squares
    # is the mean of the squared residual, not a sum that outweighs the two boundary rows.
    scale = 1 / np.sqrt(len(x))
    rows = np.vstack(
        [scale * features.second_derivatives(activation, x), features.values(activation, ends)]
    )
    targets = np.concatenate([scale * source(x), exact_solution(ends)])
    weights, *_ = np.linalg.lstsq(rows, targets, rcond=None)
    return weights


# --8<-- [end:fit_output_weights]


@dataclass(frozen=True)
class Fit:
    """One network, fitted: its measures on the evaluation grid."""

    activation: str
    width: int
    # sqrt(mean (u'' - g)^2) / sqrt(mean g^2): 1 is the residual of u'' = 0
    relative_residual: float
    residual_norm: float  # sqrt(mean (u'' - g)^2)
    source_norm: float  # sqrt(mean g^2)
    solution_error: float  # max |u - sin(pi x)|
    solution_size: float  # max |u|
    boundary_error: float  # max |u(x)| at x = -1 and 1
    second_is_zero: bool  # whether u'' is exactly 0 at every evaluation point


@dataclass(frozen=True)
class PoissonFit:
    seed: int
    fits: dict[str, list[Fit]]  # fits[activation][i] is the network of width WIDTHS[i]
    grid: np.ndarray  # the evaluation grid, for the figure
    solutions: dict[str, np.ndarray]  # u on the grid, for each activation at FIGURE_WIDTH
    second_derivatives: dict[str, np.ndarray]  # u'' on the grid, likewise
    # max |u - sin(pi x)| of the widest ReLU network fitted to the values of sin(pi x)
    # instead of to u'' = g: what the same units can represent
    relu_value_fit_error: float


def rms(values: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(values))))


def poisson_fit(seed: int = 0) -> PoissonFit:
    """Every activation of ACTIVATIONS at every width of WIDTHS, on the same hidden units."""
    collocation = np.linspace(-1.0, 1.0, COLLOCATION_POINTS)
    grid = np.linspace(-1.0, 1.0, EVALUATION_POINTS)
    truth, target = exact_solution(grid), source(grid)
    ends = np.array([-1.0, 1.0])
    drawn = draw_features(max(WIDTHS), seed)
    fits: dict[str, list[Fit]] = {}
    solutions, seconds = {}, {}
    for activation in ACTIVATIONS:
        fits[activation] = []
        for width in WIDTHS:
            features = drawn.first(width)
            c = fit_output_weights(features, activation, collocation)
            u = features.values(activation, grid) @ c
            u_second = features.second_derivatives(activation, grid) @ c
            residual = rms(u_second - target)
            fits[activation].append(
                Fit(
                    activation=activation,
                    width=width,
                    relative_residual=residual / rms(target),
                    residual_norm=residual,
                    source_norm=rms(target),
                    solution_error=float(np.max(np.abs(u - truth))),
                    solution_size=float(np.max(np.abs(u))),
                    boundary_error=float(np.max(np.abs(features.values(activation, ends) @ c))),
                    second_is_zero=bool(np.all(u_second == 0)),
                )
            )
            if width == FIGURE_WIDTH:
                solutions[activation], seconds[activation] = u, u_second
    relu_units = drawn.values("relu", collocation)
    value_weights, *_ = np.linalg.lstsq(relu_units, exact_solution(collocation), rcond=None)
    value_fit = drawn.values("relu", grid) @ value_weights
    value_fit_error = float(np.max(np.abs(value_fit - truth)))
    return PoissonFit(seed, fits, grid, solutions, seconds, value_fit_error)


def convergence_rate(fits: list[Fit], smallest_width: int = 16) -> float:
    """The slope p of log(relative residual) against log(width), by least squares over
    the widths from ``smallest_width`` up: the residual falls about as width^-p."""
    chosen = [fit for fit in fits if fit.width >= smallest_width]
    widths = np.log([fit.width for fit in chosen])
    residuals = np.log([fit.relative_residual for fit in chosen])
    slope = np.polyfit(widths, residuals, 1)[0]
    return float(-slope)
