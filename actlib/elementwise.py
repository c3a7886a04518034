"""Element-wise activations, one block each: forward, derivative, metadata.

Each forward function's docstring gives the textbook formula; its body is the
numerically stable form, with one comment line saying why it differs. All bodies are
branch-free NumPy on float64 arrays: ``np.where`` only ever chooses between two
branches that are both finite, so no input raises a RuntimeWarning.
"""

from __future__ import annotations

import math

import numpy as np

from ._core import SMOOTH, Activation, Case, Interval, Param, check_real, register

# ---------------------------------------------------------------------------
# Shared stable pieces
# ---------------------------------------------------------------------------


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # exp(-|x|) never overflows, and each branch divides two numbers of like size.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# ---------------------------------------------------------------------------
# Logistic family
# ---------------------------------------------------------------------------


def sigmoid_forward(x: np.ndarray) -> np.ndarray:
    r"""Logistic sigmoid, $\sigma(x) = \frac{1}{1 + e^{-x}}$."""
    return _sigmoid(x)


def sigmoid_backward(x: np.ndarray) -> np.ndarray:
    r"""$\sigma'(x) = \sigma(x)\,(1 - \sigma(x))$."""
    # e / (1 + e)^2 with e = exp(-|x|) equals sigma(x) sigma(-x) and keeps full relative
    # precision in the tails, where p * (1 - p) rounds to 0.
    e = np.exp(-np.abs(x))
    return e / (1.0 + e) ** 2


sigmoid = register(
    Activation(
        name="sigmoid",
        display_name="Sigmoid",
        family="logistic",
        forward=sigmoid_forward,
        backward=sigmoid_backward,
        formula=r"\frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        output_range=Interval(0.0, 1.0),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=False,
        identity_near_zero=False,
        continuity=SMOOTH,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=0.25,
        max_abs_derivative=0.25,
        argmax_abs_derivative=(0.0, 0.0),
        kinks={},
        use_case="The output unit of a binary classifier: it turns a logit into a probability.",
        limitations="Saturates on both sides, so gradients vanish in deep stacks; "
        "its outputs are all positive, which makes updates zig-zag.",
        frameworks="Same in PyTorch (torch.sigmoid), JAX (jax.nn.sigmoid) and Keras "
        "(keras.activations.sigmoid).",
        reference="Verhulst (1838); the logistic function.",
    )
)

# ---------------------------------------------------------------------------
# Rectifier family
# ---------------------------------------------------------------------------


def relu_forward(x: np.ndarray) -> np.ndarray:
    r"""Rectified linear unit, $\max(0, x)$."""
    return np.maximum(x, 0.0)


def relu_backward(x: np.ndarray) -> np.ndarray:
    r"""$\mathbb{1}[x > 0]$; ReLU'(0) = 0, as PyTorch, JAX and Keras define it."""
    # heaviside keeps NaN as NaN, which a comparison would turn into 0.
    return np.heaviside(x, 0.0)


relu = register(
    Activation(
        name="relu",
        display_name="ReLU",
        family="rectifier",
        forward=relu_forward,
        backward=relu_backward,
        formula=(Case("x", "x > 0"), Case("0", r"x \le 0")),
        derivative_formula=(Case("1", "x > 0"), Case("0", r"x \le 0")),
        output_range=Interval(0.0, math.inf, lo_closed=True),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=True,
        identity_near_zero=False,
        continuity=0,
        saturating=False,
        dead_zone=True,
        derivative_at_zero=0.0,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(0.0, math.inf),
        kinks={0.0: 0.0},
        use_case="The default for hidden layers: cheap, sparse, and its gradient is "
        "exactly 1 wherever the unit is active.",
        limitations="A unit whose input stays negative gets zero gradient and can die; "
        "not zero-centred.",
        frameworks="All three define ReLU'(0) = 0.",
        reference="Nair & Hinton (2010); Glorot, Bordes & Bengio (2011).",
    )
)


def _check_leaky_relu(negative_slope: float) -> None:
    check_real("negative_slope", negative_slope)


def leaky_relu_forward(x: np.ndarray, negative_slope: float) -> np.ndarray:
    r"""Leaky ReLU, $x$ for $x > 0$ and $a x$ otherwise."""
    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_backward(x: np.ndarray, negative_slope: float) -> np.ndarray:
    r"""$1$ for $x > 0$, $a$ otherwise: LeakyReLU'(0) = a, as in PyTorch."""
    return np.where(np.isnan(x), np.nan, np.where(x > 0, 1.0, negative_slope))


leaky_relu = register(
    Activation(
        name="leaky_relu",
        display_name="Leaky ReLU",
        family="rectifier",
        forward=leaky_relu_forward,
        backward=leaky_relu_backward,
        formula=(Case("x", "x > 0"), Case("a x", r"x \le 0")),
        derivative_formula=(Case("1", "x > 0"), Case("a", r"x \le 0")),
        output_range=Interval(-math.inf, math.inf),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=True,
        identity_near_zero=False,
        continuity=0,
        saturating=False,
        dead_zone=False,
        derivative_at_zero=0.01,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(0.0, math.inf),
        kinks={0.0: 0.01},
        use_case="A drop-in ReLU whose negative side keeps a small gradient, so units "
        "cannot die. PReLU is the same function with a learned slope a.",
        limitations="The slope a is one more hyper-parameter; the small negative "
        "side barely changes the shape.",
        frameworks="Default slope: 0.01 in PyTorch (negative_slope) and JAX, 0.2 in Keras 3 "
        "(negative_slope; alpha=0.3 in Keras 2).",
        params={"negative_slope": Param(0.01, "a", slider=(0.0, 0.5, 0.01))},
        plot_params={"negative_slope": 0.1},
        validate=_check_leaky_relu,
        reference="Maas, Hannun & Ng (2013).",
    )
)
