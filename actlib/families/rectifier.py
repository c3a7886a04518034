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


def _check_prelu(weight: float) -> None:
    check_real("weight", weight)


def prelu_forward(x: np.ndarray, weight: float) -> np.ndarray:
    r"""Parametric ReLU, $x$ for $x > 0$ and $a x$ for $x \le 0$, with the slope $a$ learned.

    Args:
        weight: the slope $a$ (PyTorch's nn.PReLU names it weight and starts it at
            init=0.25).
    """
    # Leaky ReLU's stable form: PReLU differs from it only in that a is trained.
    return leaky_relu_forward(x, weight)


@exact
def prelu_backward(x: np.ndarray, weight: float) -> np.ndarray:
    r"""$1$ for $x > 0$ and $a$ for $x \le 0$: PReLU'(0) = a, as in PyTorch, whose kernel
    passes the gradient unscaled only where input > 0."""
    return leaky_relu_backward(x, weight)


@exact
def prelu_second(x: np.ndarray, weight: float) -> np.ndarray:
    r"""$0$: both pieces are linear; at 0, the 0 of the piece PReLU' takes."""
    return _keep_nan(x, np.zeros_like(x))


@exact
def prelu_d_weight(x: np.ndarray, weight: float) -> np.ndarray:
    r"""$\partial f / \partial a$: $x$ for $x \le 0$, else $0$; 0 at $x = 0$, where both
    pieces give 0 (PyTorch's grad_weight is input * grad there)."""
    return np.minimum(x, 0.0)


prelu = register(
    Activation(
        name="prelu",
        display_name="PReLU",
        family="rectifier",
        forward=prelu_forward,
        backward=prelu_backward,
        formula=(Case("x", "x > 0"), Case("a x", r"x \le 0")),
        derivative_formula=(Case("1", "x > 0"), Case("a", r"x \le 0")),
        second=prelu_second,
        second_derivative_formula="0",
        param_derivatives={"weight": prelu_d_weight},
        param_derivative_formulas={"weight": (Case("0", "x > 0"), Case("x", r"x \le 0"))},
        use_case="Convolutional networks that learn how much of the negative side to pass, "
        "one slope per channel; He et al. trained it on ImageNet with the He initialisation "
        "derived for it.",
        limitations="One more parameter per channel, trained without weight decay (PyTorch's "
        "advice); a learned slope can grow past 1 or turn negative, and the function is "
        "then no longer a rectifier of the usual shape.",
        frameworks="PyTorch nn.PReLU(num_parameters=1, init=0.25): one slope for the layer, "
        "or one per channel (dimension 1 of the input) with num_parameters=C; its gradient "
        "at 0 is the slope, as here. Keras 3 keras.layers.PReLU(alpha_initializer='Zeros', "
        "shared_axes=None) starts the slope at 0, learns one per element of an input "
        "(shared_axes shares it) and computes relu(x) - alpha relu(-x), whose gradient at "
        "0 is 0. JAX has no function.",
        params={"weight": Param(0.25, "a", slider=(0.0, 0.75, 0.05), learnable=True)},
        validate=_check_prelu,
        reference="He, Zhang, Ren & Sun, Delving Deep into Rectifiers (2015).",
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


@exact
def squared_relu_second(x: np.ndarray) -> np.ndarray:
    r"""$2$ for $x > 0$ and $0$ for $x \le 0$; at 0, where f'' jumps, the left piece's 0,
    what the chain rule gives for relu(x) ** 2 twice with ReLU'(0) = 0 (2 ReLU'(0)^2 = 0)."""
    out = relu_backward(x)
    out *= 2.0
    return out


squared_relu = register(
    Activation(
        name="squared_relu",
        display_name="Squared ReLU",
        family="rectifier",
        forward=squared_relu_forward,
        backward=squared_relu_backward,
        formula=(Case("x^2", "x > 0"), Case("0", r"x \le 0")),
        derivative_formula=(Case("2 x", "x > 0"), Case("0", r"x \le 0")),
        second=squared_relu_second,
        second_derivative_formula=(Case("2", "x > 0"), Case("0", r"x \le 0")),
        use_case="The feed-forward blocks of transformers: Primer found it trains language "
        "models faster than ReLU or GELU at the same cost.",
        limitations="Unbounded and growing quadratically, so large inputs give large "
        "activations and gradients; dead for x < 0 like ReLU.",
        frameworks="PyTorch, JAX and Keras have no function: write torch.relu(x) ** 2, "
        "jnp.square(jax.nn.relu(x)) or keras.ops.square(keras.activations.relu(x)).",
        reference="So, Mańke, Liu, Dai, Shazeer & Le, Primer (2021).",
    )
)


def _check_star_relu(scale: float, bias: float) -> None:
    check_real("scale", scale)
    check_real("bias", bias)


def star_relu_forward(x: np.ndarray, scale: float, bias: float) -> np.ndarray:
    r"""StarReLU, $s \max(0, x)^2 + b$ (Yu et al., MetaFormer Baselines, 2022).

    Args:
        scale: the scale $s$ (default 1.0, the reference code's scale_value).
        bias: the bias $b$ (default 0.0, its bias_value).
    """
    if scale == 0:  # 0 * inf would be NaN at x = inf; with s = 0, f is the constant b
        return _keep_nan(x, float(bias))
    r = np.maximum(x, 0.0)
    # (s r) r rather than s (r r): r^2 would overflow for r > 1.3e154 where s r^2 need not
    with np.errstate(over="ignore"):  # s r^2 beyond float64's range rounds to +-inf
        out = scale * r
        out *= r
    out += bias
    return out


def star_relu_backward(x: np.ndarray, scale: float, bias: float) -> np.ndarray:
    r"""$2 s x$ for $x > 0$ and $0$ for $x \le 0$: both one-sided slopes are 0 at 0, so
    StarReLU'(0) = 0 is the derivative itself."""
    if scale == 0:
        return _keep_nan(x, 0.0)
    with np.errstate(over="ignore"):  # 2 s x beyond float64's range rounds to +-inf
        return (2.0 * scale) * np.maximum(x, 0.0)


def star_relu_second(x: np.ndarray, scale: float, bias: float) -> np.ndarray:
    r"""$2 s$ for $x > 0$ and $0$ for $x \le 0$; at 0, where f'' jumps, the left piece's
    0, as for squared ReLU."""
    return _keep_nan(x, np.where(x > 0, 2.0 * scale, 0.0))


def star_relu_d_scale(x: np.ndarray, scale: float, bias: float) -> np.ndarray:
    r"""$\partial f / \partial s = \max(0, x)^2$: squared ReLU."""
    return squared_relu_forward(x)


def star_relu_d_bias(x: np.ndarray, scale: float, bias: float) -> np.ndarray:
    r"""$\partial f / \partial b = 1$ everywhere."""
    return _keep_nan(x, 1.0)


star_relu = register(
    Activation(
        name="star_relu",
        display_name="StarReLU",
        family="rectifier",
        forward=star_relu_forward,
        backward=star_relu_backward,
        formula=(Case("s x^2 + b", "x > 0"), Case("b", r"x \le 0")),
        derivative_formula=(Case("2 s x", "x > 0"), Case("0", r"x \le 0")),
        second=star_relu_second,
        second_derivative_formula=(Case("2 s", "x > 0"), Case("0", r"x \le 0")),
        param_derivatives={"scale": star_relu_d_scale, "bias": star_relu_d_bias},
        param_derivative_formulas={
            "scale": (Case("x^2", "x > 0"), Case("0", r"x \le 0")),
            "bias": "1",
        },
        use_case="The MLP blocks of MetaFormer vision models (CAFormer, ConvFormer): squared "
        "ReLU with a learned scale and shift, at less cost than GELU.",
        limitations="Grows quadratically like squared ReLU and is flat below 0, so units "
        "can die; the two scalars are shared by a whole layer.",
        frameworks="The MetaFormer reference code (sail-sg/metaformer at 64c534a, "
        "metaformer_baselines.py) has class StarReLU(scale_value=1.0, bias_value=0.0, "
        "scale_learnable=True, bias_learnable=True): one learnable scalar s and one b for "
        "the layer, computing scale * relu(x) ** 2 + bias. PyTorch, JAX and Keras have no "
        "function.",
        params={
            "scale": Param(1.0, "s", slider=(0.1, 2.0, 0.1), learnable=True),
            "bias": Param(0.0, "b", slider=(-1.0, 1.0, 0.1), learnable=True),
        },
        validate=_check_star_relu,
        reference="Yu, Si, Zhou, Luo, Zhou, Feng, Yan & Wang, MetaFormer Baselines for "
        "Vision (2022).",
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


@exact
def rrelu_second(x: np.ndarray, lower: float, upper: float) -> np.ndarray:
    r"""$0$: both pieces are linear; at 0, the 0 of the piece RReLU' takes."""
    return _keep_nan(x, np.zeros_like(x))


@exact
def rrelu_d_bound(x: np.ndarray, lower: float, upper: float) -> np.ndarray:
    r"""$\partial f / \partial l = \partial f / \partial u$: $\frac{x}{2}$ for $x \le 0$, else
    $0$ (each bound enters only through the mean slope $\frac{l + u}{2}$)."""
    return 0.5 * np.minimum(x, 0.0)


rrelu = register(
    Activation(
        name="rrelu",
        display_name="RReLU",
        family="rectifier",
        forward=rrelu_forward,
        backward=rrelu_backward,
        formula=(Case("x", "x > 0"), Case(r"\frac{l + u}{2} x", r"x \le 0")),
        derivative_formula=(Case("1", "x > 0"), Case(r"\frac{l + u}{2}", r"x \le 0")),
        second=rrelu_second,
        second_derivative_formula="0",
        param_derivatives={"lower": rrelu_d_bound, "upper": rrelu_d_bound},
        param_derivative_formulas={
            "lower": (Case("0", "x > 0"), Case(r"\frac{x}{2}", r"x \le 0")),
            "upper": (Case("0", "x > 0"), Case(r"\frac{x}{2}", r"x \le 0")),
        },
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


@exact
def threshold_second(x: np.ndarray, threshold: float, value: float) -> np.ndarray:
    r"""$0$: both pieces are linear; at $\theta$, the 0 of the piece Threshold' takes."""
    return _keep_nan(x, np.zeros_like(x))


@exact
def threshold_d_threshold(x: np.ndarray, threshold: float, value: float) -> np.ndarray:
    r"""$\partial f / \partial \theta = 0$: neither piece contains $\theta$. At $x = \theta$,
    where moving $\theta$ moves the jump across x, f has no derivative in $\theta$ (a point
    mass $-(\theta - v)\,\delta(x - \theta)$ in the sense of distributions); 0 is the
    one-sided derivative that exists there: raising $\theta$ leaves f(θ) = v."""
    return _keep_nan(x, np.zeros_like(x))


def threshold_d_value(x: np.ndarray, threshold: float, value: float) -> np.ndarray:
    r"""$\partial f / \partial v$: $1$ for $x \le \theta$, else $0$; f(θ) = v, so 1 at θ."""
    return _keep_nan(x, (x <= threshold).astype(float))


threshold = register(
    Activation(
        name="threshold",
        display_name="Threshold",
        family="rectifier",
        forward=threshold_forward,
        backward=threshold_backward,
        formula=(Case("x", r"x > \theta"), Case("v", r"x \le \theta")),
        derivative_formula=(Case("1", r"x > \theta"), Case("0", r"x \le \theta")),
        second=threshold_second,
        second_derivative_formula="0",
        param_derivatives={"threshold": threshold_d_threshold, "value": threshold_d_value},
        param_derivative_formulas={
            "threshold": "0",
            "value": (Case("0", r"x > \theta"), Case("1", r"x \le \theta")),
        },
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
