"""ReLU, Leaky ReLU and squared ReLU, the rectifiers.

The page is ``docs/functions/rectifier.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
"""

from __future__ import annotations

import math

import numpy as np

from .._core import (
    Activation,
    Case,
    Interval,
    Param,
    check_real,
    register,
)
from .._stable import (
    _keep_nan,
)


def relu_forward(x: np.ndarray) -> np.ndarray:
    r"""Rectified linear unit, $\max(0, x)$."""
    return np.maximum(x, 0.0)


def relu_backward(x: np.ndarray) -> np.ndarray:
    r"""$1$ for $x > 0$ and $0$ for $x \le 0$: ReLU'(0) = 0, as PyTorch, JAX and Keras
    define it."""
    # sign(max(x, 0)): 1 above 0, 0 at and below it (max(-0.0, 0) is a zero), and NaN for
    # NaN, which a comparison would turn into 0. np.heaviside does the same 4x slower.
    out = np.maximum(x, 0.0, out=np.empty_like(x))  # an array even for a 0-d x
    return np.sign(out, out=out)


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
    r"""Leaky ReLU, $x$ for $x > 0$ and $a x$ for $x \le 0$.

    Args:
        negative_slope: the slope $a$ of the negative side (default 0.01, as in PyTorch).
            PReLU is this function with $a$ learned.
    """
    if negative_slope == 0:  # a * (-inf) would be NaN; with a = 0 this is ReLU
        return relu_forward(x)
    with np.errstate(over="ignore"):  # a x beyond float64's range rounds to -inf
        return np.maximum(x, 0.0) + negative_slope * np.minimum(x, 0.0)


def leaky_relu_backward(x: np.ndarray, negative_slope: float) -> np.ndarray:
    r"""$1$ for $x > 0$ and $a$ for $x \le 0$: LeakyReLU'(0) = a, as in PyTorch."""
    return _keep_nan(x, np.where(x > 0, 1.0, negative_slope))


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
        "(negative_slope; alpha=0.3 in Keras 2). At 0 PyTorch's gradient is "
        "negative_slope, as here; JAX's leaky_relu is where(x >= 0, x, a x), so its "
        "gradient at 0 is 1.",
        params={"negative_slope": Param(0.01, "a", slider=(0.0, 0.5, 0.01))},
        plot_params={"negative_slope": 0.1},
        validate=_check_leaky_relu,
        reference="Maas, Hannun & Ng (2013).",
    )
)


def squared_relu_forward(x: np.ndarray) -> np.ndarray:
    r"""Squared ReLU, $\max(0, x)^2$ (So et al., Primer, 2021)."""
    r = np.maximum(x, 0.0)
    with np.errstate(over="ignore"):  # x^2 beyond float64's range (x > 1.3e154) rounds to inf
        return r * r


def squared_relu_backward(x: np.ndarray) -> np.ndarray:
    r"""$2x$ for $x > 0$ and $0$ for $x \le 0$: both one-sided slopes are 0 at 0, so
    SquaredReLU'(0) = 0 is the derivative itself, not a convention."""
    with np.errstate(over="ignore"):  # 2x beyond float64's range rounds to inf
        return 2.0 * np.maximum(x, 0.0)


squared_relu = register(
    Activation(
        name="squared_relu",
        display_name="Squared ReLU",
        family="rectifier",
        forward=squared_relu_forward,
        backward=squared_relu_backward,
        formula=(Case("x^2", "x > 0"), Case("0", r"x \le 0")),
        derivative_formula=(Case("2 x", "x > 0"), Case("0", r"x \le 0")),
        output_range=Interval(0.0, math.inf, lo_closed=True),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=True,
        identity_near_zero=False,
        continuity=1,
        saturating=False,
        dead_zone=True,
        derivative_at_zero=0.0,
        max_abs_derivative=math.inf,
        argmax_abs_derivative=(math.inf, math.inf),
        kinks={0.0: 0.0},
        use_case="The feed-forward blocks of transformers: Primer found it trains language "
        "models faster than ReLU or GELU at the same cost.",
        limitations="Unbounded and growing quadratically, so large inputs give large "
        "activations and gradients; dead for x < 0 like ReLU.",
        frameworks="PyTorch, JAX and Keras have no function: write torch.relu(x) ** 2, "
        "jnp.square(jax.nn.relu(x)) or keras.ops.square(keras.activations.relu(x)).",
        reference="So, Mańke, Liu, Dai, Shazeer & Le, Primer (2021).",
    )
)
