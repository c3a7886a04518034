"""ReLU, Leaky ReLU, squared ReLU, RReLU and threshold, the rectifiers.

The page is ``docs/functions/rectifier.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
"""

from __future__ import annotations

import numpy as np

from .._core import Activation, check_real, exact, register
from .._stable import (
    _keep_nan,
)
from .._types import Case, Param


@exact
def relu_forward(x: np.ndarray) -> np.ndarray:
    r"""Rectified linear unit, $\max(0, x)$."""
    return np.maximum(x, 0.0)


@exact
def relu_backward(x: np.ndarray) -> np.ndarray:
    r"""$1$ for $x > 0$ and $0$ for $x \le 0$: ReLU'(0) = 0, as PyTorch, JAX and Keras
    define it."""
    # sign(max(x, 0)): 1 above 0, 0 at and below it (max(-0.0, 0) is a zero), and NaN for
    # NaN, which a comparison would turn into 0. np.heaviside does the same 4x slower.
    out = np.maximum(x, 0.0, out=np.empty_like(x))  # an array even for a 0-d x
    return np.sign(out, out=out)


@exact
def relu_second(x: np.ndarray) -> np.ndarray:
    r"""$0$ for $x \ne 0$; at 0, the left branch's 0, the side ReLU'(0) = 0 takes."""
    return _keep_nan(x, np.zeros_like(x))


relu = register(
    Activation(
        name="relu",
        display_name="ReLU",
        family="rectifier",
        forward=relu_forward,
        backward=relu_backward,
        formula=(Case("x", "x > 0"), Case("0", r"x \le 0")),
        derivative_formula=(Case("1", "x > 0"), Case("0", r"x \le 0")),
        second=relu_second,
        second_derivative_formula="0",
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


@exact
def leaky_relu_backward(x: np.ndarray, negative_slope: float) -> np.ndarray:
    r"""$1$ for $x > 0$ and $a$ for $x \le 0$: LeakyReLU'(0) = a, as in PyTorch."""
    return _keep_nan(x, np.where(x > 0, 1.0, negative_slope))


@exact
def leaky_relu_second(x: np.ndarray, negative_slope: float) -> np.ndarray:
    r"""$0$: both pieces are linear."""
    return _keep_nan(x, np.zeros_like(x))


@exact
def leaky_relu_d_slope(x: np.ndarray, negative_slope: float) -> np.ndarray:
    r"""$\partial f / \partial a$: $x$ for $x \le 0$, else $0$."""
    return np.minimum(x, 0.0)


leaky_relu = register(
    Activation(
        name="leaky_relu",
        display_name="Leaky ReLU",
        family="rectifier",
        forward=leaky_relu_forward,
        backward=leaky_relu_backward,
        formula=(Case("x", "x > 0"), Case("a x", r"x \le 0")),
        derivative_formula=(Case("1", "x > 0"), Case("a", r"x \le 0")),
        second=leaky_relu_second,
        second_derivative_formula="0",
        param_derivatives={"negative_slope": leaky_relu_d_slope},
        param_derivative_formulas={"negative_slope": (Case("0", "x > 0"), Case("x", r"x \le 0"))},
        use_case="A drop-in ReLU whose negative side keeps a small gradient, so units "
        "cannot die. PReLU is the same function with a learned slope a.",
        limitations="The slope a is one more hyper-parameter; the small negative "
        "side barely changes the shape.",
        frameworks="Default slope: 0.01 in PyTorch (negative_slope) and JAX. Keras 3 has "
        "two defaults: the function keras.activations.leaky_relu(x, negative_slope=0.2) and "
        "the layer keras.layers.LeakyReLU(negative_slope=0.3), as in Keras 2 (alpha=0.3). "
        "At 0 PyTorch's gradient is "
        "negative_slope, as here; JAX's leaky_relu is where(x >= 0, x, a x), so its "
        "gradient at 0 is 1.",
        params={"negative_slope": Param(0.01, "a", slider=(0.0, 0.5, 0.01))},
        plot_params={"negative_slope": 0.1},
        validate=_check_leaky_relu,
        reference="Maas, Hannun & Ng (2013).",
    )
)


@exact
def squared_relu_forward(x: np.ndarray) -> np.ndarray:
    r"""Squared ReLU, $\max(0, x)^2$ (So et al., Primer, 2021)."""
    r = np.maximum(x, 0.0)
    with np.errstate(over="ignore"):  # x^2 beyond float64's range (x > 1.3e154) rounds to inf
        return r * r


@exact
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
        use_case="The feed-forward blocks of transformers: Primer found it trains language "
        "models faster than ReLU or GELU at the same cost.",
        limitations="Unbounded and growing quadratically, so large inputs give large "
        "activations and gradients; dead for x < 0 like ReLU.",
        frameworks="PyTorch, JAX and Keras have no function: write torch.relu(x) ** 2, "
        "jnp.square(jax.nn.relu(x)) or keras.ops.square(keras.activations.relu(x)).",
        reference="So, Mańke, Liu, Dai, Shazeer & Le, Primer (2021).",
    )
)


def _check_rrelu(lower: float, upper: float) -> None:
    check_real("lower", lower)
    check_real("upper", upper)
    if lower > upper:
        raise ValueError(f"lower must be <= upper; got lower={lower!r} > upper={upper!r}")


def rrelu_forward(x: np.ndarray, lower: float, upper: float) -> np.ndarray:
    r"""Randomised leaky ReLU in evaluation mode: $x$ for $x > 0$ and $\frac{l + u}{2} x$ for
    $x \le 0$, the mean of the slopes $a \sim U(l, u)$ that training draws (Xu et al., 2015).

    Args:
        lower: the least slope $l$ (default 1/8, as in PyTorch).
        upper: the greatest slope $u$ (default 1/3, as in PyTorch).
    """
    # In evaluation mode RReLU is Leaky ReLU with the mean slope, as PyTorch computes it.
    return leaky_relu_forward(x, 0.5 * (lower + upper))


def rrelu_backward(x: np.ndarray, lower: float, upper: float) -> np.ndarray:
    r"""$1$ for $x > 0$ and $\frac{l + u}{2}$ for $x \le 0$: RReLU'(0) = (l + u)/2, as in
    PyTorch, whose evaluation-mode gradient is leaky_relu's."""
    return leaky_relu_backward(x, 0.5 * (lower + upper))


rrelu = register(
    Activation(
        name="rrelu",
        display_name="RReLU",
        family="rectifier",
        forward=rrelu_forward,
        backward=rrelu_backward,
        formula=(Case("x", "x > 0"), Case(r"\frac{l + u}{2} x", r"x \le 0")),
        derivative_formula=(Case("1", "x > 0"), Case(r"\frac{l + u}{2}", r"x \le 0")),
        use_case="A Leaky ReLU whose negative slope is random during training, as a "
        "regulariser; at evaluation it is Leaky ReLU with the mean slope.",
        limitations="Training and evaluation compute different functions, and the random "
        "slopes add noise to every gradient; the gain over a fixed leak is small.",
        frameworks="PyTorch nn.RReLU(lower=1/8, upper=1/3) in evaluation mode, and "
        "F.rrelu, whose training argument defaults to False; its gradient at 0 is "
        "(lower + upper)/2, as here. JAX and Keras have no function.",
        params={
            "lower": Param(1 / 8, "l", slider=(0.0, 0.5, 0.025)),
            "upper": Param(1 / 3, "u", slider=(0.0, 1.0, 0.025)),
        },
        plot_params={"lower": 0.125, "upper": 1 / 3},
        validate=_check_rrelu,
        reference="Xu, Wang, Chen & Li, Empirical Evaluation of Rectified Activations in "
        "Convolutional Network (2015).",
    )
)


def _check_threshold(threshold: float, value: float) -> None:
    check_real("threshold", threshold)
    check_real("value", value)


def threshold_forward(x: np.ndarray, threshold: float, value: float) -> np.ndarray:
    r"""Threshold, $x$ for $x > \theta$ and $v$ for $x \le \theta$.

    Args:
        threshold: the threshold $\theta$ (PyTorch and Keras have no default; 1.0 here).
        value: the value $v$ below it (no default there either; 0.0 here).
    """
    # NaN fails x > threshold; where would then give the value, so NaN is kept apart.
    return _keep_nan(x, np.where(x > threshold, x, value))


def threshold_backward(x: np.ndarray, threshold: float, value: float) -> np.ndarray:
    r"""$1$ for $x > \theta$ and $0$ for $x \le \theta$: Threshold'(θ) = 0, as in PyTorch,
    whose gradient passes only where x > threshold."""
    return _keep_nan(x, (x > threshold).astype(float))


threshold = register(
    Activation(
        name="threshold",
        display_name="Threshold",
        family="rectifier",
        forward=threshold_forward,
        backward=threshold_backward,
        formula=(Case("x", r"x > \theta"), Case("v", r"x \le \theta")),
        derivative_formula=(Case("1", r"x > \theta"), Case("0", r"x \le \theta")),
        # The values are {0} U (1, inf); an Interval holds their hull, [0, inf).
        use_case="ReLU with its corner moved and its floor raised or lowered: pass inputs "
        "above a threshold, replace the rest by a constant.",
        limitations="Jumps at the threshold unless value = threshold, and has no gradient "
        "below it: units stuck there do not learn, and the jump is invisible to f'.",
        frameworks="PyTorch nn.Threshold(threshold, value) and Keras 3 "
        "keras.activations.threshold(x, threshold, default_value), neither with defaults; "
        "both pass the gradient only where x > threshold, as here. JAX has no function.",
        params={
            "threshold": Param(1.0, r"\theta", slider=(-2.0, 2.0, 0.25)),
            "value": Param(0.0, "v", slider=(-2.0, 2.0, 0.25)),
        },
        validate=_check_threshold,
        reference="",
    )
)
