"""Linear and step: the identity and the binary step.

The page is ``docs/functions/linear.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
"""

from __future__ import annotations

import numpy as np

from .._core import Activation, exact, register
from .._types import Case


def _zeros_keeping_nan(x: np.ndarray) -> np.ndarray:
    """0 in x's own dtype, NaN where x is NaN."""
    # np.min is NaN if any x is, and only then is NaN put back
    out = np.zeros(x.shape, x.dtype)  # calloc, which may skip writing the zeros
    if out.size and np.isnan(np.min(x)):
        out[np.isnan(x)] = np.nan
    return out


@exact
def identity_forward(x: np.ndarray) -> np.ndarray:
    r"""Identity (linear) activation, $x$."""
    return x.copy()


@exact
def identity_backward(x: np.ndarray) -> np.ndarray:
    r"""$1$ everywhere."""
    # x clipped to [1, 1]: 1 in x's own dtype, NaN kept, in one pass (ones, then a search
    # for NaN, took two)
    return np.clip(x, 1.0, 1.0, out=np.empty_like(x))


@exact
def identity_second(x: np.ndarray) -> np.ndarray:
    r"""$0$ everywhere: f' is the constant 1."""
    return _zeros_keeping_nan(x)


identity = register(
    Activation(
        name="identity",
        display_name="Identity (linear)",
        family="linear",
        forward=identity_forward,
        backward=identity_backward,
        formula="x",
        derivative_formula="1",
        second=identity_second,
        second_derivative_formula="0",
        use_case="The output unit of a regression model, where the prediction may be any "
        "real number.",
        limitations="In hidden layers it adds nothing: a stack of linear layers collapses "
        "to a single linear map.",
        frameworks="PyTorch nn.Identity, JAX jax.nn.identity, Keras activation 'linear' "
        "(keras.activations.linear).",
        reference="",
    )
)
linear = identity


@exact
def binary_step_forward(x: np.ndarray) -> np.ndarray:
    r"""Heaviside step, $1$ for $x \ge 0$ and $0$ for $x < 0$ (so step(0) = 1)."""
    # the comparison, as 0 and 1, and NaN put back only if np.min finds one: np.heaviside
    # takes a branch per element, thirty times slower
    step = np.greater_equal(x, 0.0, out=np.empty(x.shape, np.bool_)).astype(x.dtype)
    if step.size and np.isnan(np.min(x)):
        step[np.isnan(x)] = np.nan
    return step


@exact
def binary_step_backward(x: np.ndarray) -> np.ndarray:
    r"""$0$ everywhere, and 0 at the jump too, where no derivative exists."""
    # x clipped to [0, 0]: 0 in x's own dtype, NaN kept, in one pass; -0.0 stays -0.0
    return np.clip(x, 0.0, 0.0, out=np.empty_like(x))


@exact
def binary_step_second(x: np.ndarray) -> np.ndarray:
    r"""$0$ everywhere, and 0 at the jump too: f' is 0 wherever it exists."""
    return _zeros_keeping_nan(x)


binary_step = register(
    Activation(
        name="binary_step",
        display_name="Binary step",
        family="linear",
        forward=binary_step_forward,
        backward=binary_step_backward,
        formula=(Case("1", r"x \ge 0"), Case("0", "x < 0")),
        derivative_formula="0",
        second=binary_step_second,
        second_derivative_formula="0",
        use_case="The perceptron's unit: a hard yes/no decision, for teaching and for "
        "thresholding a trained model's output.",
        limitations="Its derivative is 0 wherever it exists, so gradient descent gets no "
        "signal at all: it cannot be trained by backpropagation.",
        frameworks="None of PyTorch, JAX or Keras ships it as an activation; "
        "torch.heaviside(x, torch.tensor(1.0)) and jnp.heaviside(x, 1) compute it: the "
        "second argument, a tensor in PyTorch, is the value at 0.",
        reference="Rosenblatt (1958); McCulloch & Pitts (1943).",
    )
)
