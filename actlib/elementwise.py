"""Element-wise activations, one block each: forward, derivative, metadata.

The blocks come in teaching order, one section per family (the family is the site page).
Each forward function's docstring gives the textbook formula; its body is the
numerically stable form, with one comment line saying why it differs. Bodies are
branch-free NumPy on float64 arrays: ``np.where`` only ever chooses between two branches
that are both finite, so no input, finite or not, raises a RuntimeWarning. Where a true
result lies beyond float64's range (``selu`` at the largest float), it rounds to ``inf``
as IEEE arithmetic says, and that overflow is silenced on purpose.
"""

from __future__ import annotations

import math

import numpy as np

# SciPy's ndtr (the normal CDF) and erfcx (the scaled erfc, e^{z^2} erfc(z)) are accurate
# in the tails, where NumPy has no error function at all.
from scipy.special import erfcx, ndtr

from ._core import (
    SMOOTH,
    Activation,
    Case,
    Interval,
    Param,
    check_choice,
    check_real,
    register,
)

# ---------------------------------------------------------------------------
# Shared stable pieces
# ---------------------------------------------------------------------------

# Past |x| = 1e3, exp(-|x|), sigma(-|x|) and Phi(-|x|) are exactly 0 in float64: an x
# clamped there before it multiplies one of them turns inf * 0 (NaN) into the limit, 0.
_GATE_LIMIT = 1e3


def _clamp(x: np.ndarray) -> np.ndarray:
    return np.clip(x, -_GATE_LIMIT, _GATE_LIMIT)


# Below x = -700, 1 + e^x rounds to 1 and e^x nears the subnormals, where a product
# a * e^x would round twice. x + 512 is exact there (Sterbenz), and e^{x + 512} is normal.
_EXP_TAIL = -700.0
_EXP_SHIFT = 512.0
_EXP_MINUS_SHIFT = math.exp(-_EXP_SHIFT)


def _times_exp(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """a e^x for x <= -700 (x is clamped there), rounded once even when subnormal."""
    xt = np.clip(x, -_GATE_LIMIT, _EXP_TAIL)
    return (a * np.exp(xt + _EXP_SHIFT)) * _EXP_MINUS_SHIFT


def _times_gaussian(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """a e^{-x^2/2} for |x| <= 1e3 with x^2 split exactly (Veltkamp): rounding x^2 would
    cost x^2/2 ulps."""
    split = 134217729.0 * x  # 2^27 + 1
    hi = split - (split - x)  # x to 26 bits, so hi * hi is exact
    lo = x - hi
    return (a * np.exp(-(hi * lo + 0.5 * lo * lo))) * np.exp(-0.5 * hi * hi)


# Taylor series of f' about its zero x0 (from tests/reference/derive_constants.py): there
# f' is a difference of two nearly equal terms, which no float64 formula survives.
_TAYLOR_WINDOW = 0.5


def _near_zero(
    x: np.ndarray, zero: tuple[float, float], taylor: tuple[float, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """``(f'(x) by the series, where it applies: |x - x0| < 1/2)``; x0 = hi + lo."""
    d = (x - zero[0]) - zero[1]  # exact near x0: x - hi is (Sterbenz)
    inside = np.abs(d) < _TAYLOR_WINDOW
    d = np.where(inside, d, 0.0)
    series = np.zeros_like(d)
    for c in reversed(taylor):
        series = series * d + c
    return series * d, inside


def _keep_nan(x: np.ndarray, values: float | np.ndarray) -> np.ndarray:
    """``values`` where x is a number, NaN where x is NaN (a comparison would give 0)."""
    return np.where(np.isnan(x), x, values)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # exp(-|x|) never overflows, and each branch divides two numbers of like size.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_slope(x: np.ndarray) -> np.ndarray:
    """sigma(x) sigma(-x), to full relative precision in both tails."""
    e = np.exp(-np.abs(x))
    return e / (1.0 + e * (2.0 + e))  # (1 + e)^2, expanded: one rounding fewer


# ---------------------------------------------------------------------------
# Linear family
# ---------------------------------------------------------------------------


def identity_forward(x: np.ndarray) -> np.ndarray:
    r"""Identity (linear) activation, $x$."""
    return x.copy()


def identity_backward(x: np.ndarray) -> np.ndarray:
    r"""$1$ everywhere."""
    return _keep_nan(x, 1.0)


identity = register(
    Activation(
        name="identity",
        display_name="Identity (linear)",
        family="linear",
        forward=identity_forward,
        backward=identity_backward,
        formula="x",
        derivative_formula="1",
        output_range=Interval(-math.inf, math.inf),
        zero_centred=True,
        monotonic=True,
        derivative_monotonic=True,
        identity_near_zero=True,
        continuity=SMOOTH,
        saturating=False,
        dead_zone=False,
        derivative_at_zero=1.0,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(-math.inf, math.inf),
        kinks={},
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


def binary_step_forward(x: np.ndarray) -> np.ndarray:
    r"""Heaviside step, $1$ for $x \ge 0$ and $0$ for $x < 0$ (so step(0) = 1)."""
    return np.heaviside(x, 1.0)


def binary_step_backward(x: np.ndarray) -> np.ndarray:
    r"""$0$ everywhere, and 0 at the jump too, where no derivative exists."""
    return _keep_nan(x, 0.0)


binary_step = register(
    Activation(
        name="binary_step",
        display_name="Binary step",
        family="linear",
        forward=binary_step_forward,
        backward=binary_step_backward,
        formula=(Case("1", r"x \ge 0"), Case("0", "x < 0")),
        derivative_formula="0",
        output_range=Interval(0.0, 1.0, lo_closed=True, hi_closed=True),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=True,
        identity_near_zero=False,
        continuity=-1,
        saturating=False,
        dead_zone=True,
        derivative_at_zero=0.0,
        max_abs_derivative=0.0,
        argmax_abs_derivative=(-math.inf, math.inf),
        kinks={0.0: 0.0},
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
    return _sigmoid_slope(x)


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


def tanh_forward(x: np.ndarray) -> np.ndarray:
    r"""Hyperbolic tangent, $\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}$."""
    return np.tanh(x)


def tanh_backward(x: np.ndarray) -> np.ndarray:
    r"""$\tanh'(x) = 1 - \tanh^2(x) = \operatorname{sech}^2(x)$."""
    # 1 - tanh^2 cancels to 0 for |x| > 19; sech^2(x) = 4 sigma(2x) sigma(-2x) does not.
    return 4.0 * _sigmoid_slope(2.0 * _clamp(x))


tanh = register(
    Activation(
        name="tanh",
        display_name="Tanh",
        family="logistic",
        forward=tanh_forward,
        backward=tanh_backward,
        formula=r"\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_formula=r"1 - \tanh^2(x)",
        output_range=Interval(-1.0, 1.0),
        zero_centred=True,
        monotonic=True,
        derivative_monotonic=False,
        identity_near_zero=True,
        continuity=SMOOTH,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=1.0,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(0.0, 0.0),
        kinks={},
        use_case="Hidden units of recurrent networks (LSTM, GRU) and any layer that "
        "needs a zero-centred, bounded output.",
        limitations="Saturates on both sides: for |x| > 3 the slope is below 0.01, so "
        "gradients vanish in deep stacks.",
        frameworks="Same in PyTorch (torch.tanh), JAX (jax.numpy.tanh) and Keras "
        "(keras.activations.tanh).",
        reference="LeCun, Bottou, Orr & Müller, Efficient BackProp (1998).",
    )
)


# ---------------------------------------------------------------------------
# Rectifier family
# ---------------------------------------------------------------------------


def relu_forward(x: np.ndarray) -> np.ndarray:
    r"""Rectified linear unit, $\max(0, x)$."""
    return np.maximum(x, 0.0)


def relu_backward(x: np.ndarray) -> np.ndarray:
    r"""$1$ for $x > 0$ and $0$ for $x \le 0$: ReLU'(0) = 0, as PyTorch, JAX and Keras
    define it."""
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


# ---------------------------------------------------------------------------
# Exponential family
# ---------------------------------------------------------------------------


def _check_elu(alpha: float) -> None:
    check_real("alpha", alpha)


def elu_forward(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""Exponential linear unit, $x$ for $x > 0$ and $\alpha\,(e^{x} - 1)$ for $x \le 0$.

    Args:
        alpha: the negative saturation value is $-\alpha$ (default 1.0, as in PyTorch).
    """
    # expm1 keeps full precision for small |x|, where e^x - 1 cancels.
    return np.maximum(x, 0.0) + alpha * np.expm1(np.minimum(x, 0.0))


def elu_backward(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$1$ for $x > 0$ and $\alpha e^{x}$ for $x \le 0$: ELU'(0) = $\alpha$ (1 by default),
    as in PyTorch."""
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


elu = register(
    Activation(
        name="elu",
        display_name="ELU",
        family="exponential",
        forward=elu_forward,
        backward=elu_backward,
        formula=(Case("x", "x > 0"), Case(r"\alpha \left(e^{x} - 1\right)", r"x \le 0")),
        derivative_formula=(Case("1", "x > 0"), Case(r"\alpha e^{x}", r"x \le 0")),
        output_range=Interval(-1.0, math.inf),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=True,
        identity_near_zero=True,
        continuity=1,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=1.0,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(0.0, math.inf),
        kinks={0.0: 1.0},
        use_case="A ReLU whose negative side saturates smoothly at -alpha: mean "
        "activations closer to zero and no dead units.",
        limitations="An exponential per negative input costs more than ReLU; with "
        "alpha != 1 its derivative jumps at 0.",
        frameworks="alpha = 1.0 in PyTorch (nn.ELU), JAX (jax.nn.elu) and Keras "
        "(keras.activations.elu); all take the x <= 0 branch at 0, so ELU'(0) = alpha.",
        params={"alpha": Param(1.0, r"\alpha", slider=(0.1, 3.0, 0.1))},
        plot_params={"alpha": 1.0},
        validate=_check_elu,
        reference="Clevert, Unterthiner & Hochreiter (2015).",
    )
)


def _check_celu(alpha: float) -> None:
    check_real("alpha", alpha, positive=True)


def celu_forward(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""Continuously differentiable ELU, $x$ for $x > 0$ and
    $\alpha\,(e^{x/\alpha} - 1)$ for $x \le 0$.

    Args:
        alpha: $\alpha > 0$ (default 1.0, as in PyTorch); at 1 CELU equals ELU.
    """
    with np.errstate(over="ignore"):  # x / alpha may round to -inf: expm1 gives -1 then
        return np.maximum(x, 0.0) + alpha * np.expm1(np.minimum(x, 0.0) / alpha)


def celu_backward(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$1$ for $x > 0$ and $e^{x/\alpha}$ for $x \le 0$: CELU'(0) = 1 for every alpha."""
    with np.errstate(over="ignore"):
        return np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0) / alpha))


celu = register(
    Activation(
        name="celu",
        display_name="CELU",
        family="exponential",
        forward=celu_forward,
        backward=celu_backward,
        formula=(
            Case("x", "x > 0"),
            Case(r"\alpha \left(e^{x/\alpha} - 1\right)", r"x \le 0"),
        ),
        derivative_formula=(Case("1", "x > 0"), Case(r"e^{x/\alpha}", r"x \le 0")),
        output_range=Interval(-1.0, math.inf),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=True,
        identity_near_zero=True,
        continuity=1,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=1.0,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(0.0, math.inf),
        kinks={0.0: 1.0},
        use_case="ELU with the scale alpha moved inside the exponential, so its slope at "
        "0 is 1 for every alpha: continuously differentiable whatever alpha you choose.",
        limitations="Same cost as ELU; alpha must be positive.",
        frameworks="alpha = 1.0 in PyTorch (nn.CELU), JAX (jax.nn.celu) and Keras 3 "
        "(keras.activations.celu).",
        params={"alpha": Param(1.0, r"\alpha", slider=(0.1, 3.0, 0.1))},
        plot_params={"alpha": 2.0},
        validate=_check_celu,
        reference="Barron, Continuously Differentiable Exponential Linear Units (2017).",
    )
)

# Klambauer et al. (2017): the values that make N(0, 1) a fixed point of a SELU layer.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
_SELU_SCALE_ALPHA = 1.7580993408473768599402175208123  # lambda alpha, rounded once


def selu_forward(x: np.ndarray) -> np.ndarray:
    r"""Scaled ELU, $\lambda x$ for $x > 0$ and $\lambda \alpha\,(e^{x} - 1)$ for $x \le 0$,
    with $\alpha \approx 1.6733$ and $\lambda \approx 1.0507$."""
    with np.errstate(over="ignore"):  # lambda x beyond float64's range rounds to inf
        return SELU_SCALE * np.maximum(x, 0.0) + _SELU_SCALE_ALPHA * np.expm1(np.minimum(x, 0.0))


def selu_backward(x: np.ndarray) -> np.ndarray:
    r"""$\lambda$ for $x > 0$ and $\lambda \alpha e^{x}$ for $x \le 0$: SELU'(0) = $\lambda
    \alpha$, the x <= 0 branch, as in PyTorch."""
    return np.where(x > 0, SELU_SCALE, _SELU_SCALE_ALPHA * np.exp(np.minimum(x, 0.0)))


selu = register(
    Activation(
        name="selu",
        display_name="SELU",
        family="exponential",
        forward=selu_forward,
        backward=selu_backward,
        formula=(
            Case(r"\lambda x", "x > 0"),
            Case(r"\lambda \alpha \left(e^{x} - 1\right)", r"x \le 0"),
        ),
        derivative_formula=(Case(r"\lambda", "x > 0"), Case(r"\lambda \alpha e^{x}", r"x \le 0")),
        output_range=Interval(-_SELU_SCALE_ALPHA, math.inf),
        zero_centred=True,
        monotonic=True,
        derivative_monotonic=False,
        identity_near_zero=False,
        continuity=0,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=_SELU_SCALE_ALPHA,
        max_abs_derivative=_SELU_SCALE_ALPHA,
        argmax_abs_derivative=(0.0, 0.0),
        kinks={0.0: _SELU_SCALE_ALPHA},
        use_case="Self-normalising networks: with LeCun-normal weights, activations keep "
        "mean 0 and variance 1 layer after layer, without batch normalisation.",
        limitations="The guarantee needs plain fully connected layers, LeCun-normal "
        "initialisation and alpha-dropout; the derivative jumps from λα to λ at 0.",
        frameworks="The same constants in PyTorch (nn.SELU), JAX (jax.nn.selu) and Keras "
        "(keras.activations.selu); Keras pairs it with lecun_normal, PyTorch's "
        "calculate_gain('selu') is 3/4.",
        constants={r"\lambda": SELU_SCALE, r"\alpha": SELU_ALPHA},
        reference="Klambauer, Unterthiner, Mayr & Hochreiter, Self-Normalizing Neural "
        "Networks (2017).",
    )
)


# ---------------------------------------------------------------------------
# Softplus family
# ---------------------------------------------------------------------------


def _check_softplus(beta: float) -> None:
    check_real("beta", beta, positive=True)


def softplus_forward(x: np.ndarray, beta: float) -> np.ndarray:
    r"""Softplus, $\frac{1}{\beta} \ln\left(1 + e^{\beta x}\right)$, exactly: there is no
    threshold above which it switches to $x$ (PyTorch's has one, at $\beta x > 20$).

    Args:
        beta: sharpness $\beta > 0$ (default 1.0, as in PyTorch).
    """
    # max(x, 0) + log1p(e^{-beta|x|}) / beta: the exponential never overflows.
    with np.errstate(over="ignore"):  # beta |x| may round to inf: exp gives 0 then
        return np.maximum(x, 0.0) + np.log1p(np.exp(-beta * np.abs(x))) / beta


def softplus_backward(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\sigma(\beta x)$."""
    with np.errstate(over="ignore"):
        return _sigmoid(beta * x)


softplus = register(
    Activation(
        name="softplus",
        display_name="Softplus",
        family="softplus",
        forward=softplus_forward,
        backward=softplus_backward,
        formula=r"\frac{1}{\beta} \ln\left(1 + e^{\beta x}\right)",
        derivative_formula=r"\sigma(\beta x)",
        output_range=Interval(0.0, math.inf),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=True,
        identity_near_zero=False,
        continuity=SMOOTH,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=0.5,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(math.inf, math.inf),
        kinks={},
        use_case="A smooth ReLU, and the standard way to make an output positive "
        "(a variance, a rate, a scale).",
        limitations="Never exactly 0, so no sparsity; costs an exp and a log; "
        "softplus(0) = ln 2, not 0.",
        frameworks="PyTorch nn.Softplus(beta=1.0, threshold=20.0) returns x once "
        "beta x > 20 (an error of e^-20 relative); JAX (jax.nn.softplus) and Keras "
        "(keras.activations.softplus) have no beta.",
        params={"beta": Param(1.0, r"\beta", slider=(0.25, 5.0, 0.25))},
        plot_params={"beta": 1.0},
        validate=_check_softplus,
        reference="Dugas, Bengio, Bélisle, Nadeau & Garcia (2001).",
    )
)


def log_sigmoid_forward(x: np.ndarray) -> np.ndarray:
    r"""Log-sigmoid, $\ln \sigma(x) = -\ln\left(1 + e^{-x}\right)$."""
    # min(x, 0) - log1p(e^{-|x|}): no exp overflows, and log1p is exact for tiny e^{-|x|}.
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))


def log_sigmoid_backward(x: np.ndarray) -> np.ndarray:
    r"""$\sigma(-x) = 1 - \sigma(x)$."""
    return _sigmoid(-x)


log_sigmoid = register(
    Activation(
        name="log_sigmoid",
        display_name="Log-sigmoid",
        family="softplus",
        forward=log_sigmoid_forward,
        backward=log_sigmoid_backward,
        formula=r"-\ln\left(1 + e^{-x}\right)",
        derivative_formula=r"\sigma(-x)",
        output_range=Interval(-math.inf, 0.0),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=True,
        identity_near_zero=False,
        continuity=SMOOTH,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=0.5,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(-math.inf, -math.inf),
        kinks={},
        use_case="The log-probability of a binary label, as in the logistic loss: "
        "computed directly, it never takes the log of a rounded 0.",
        limitations="Rarely a hidden activation; it is -softplus(-x), so everything said "
        "about softplus applies mirrored.",
        frameworks="PyTorch nn.LogSigmoid, JAX jax.nn.log_sigmoid, Keras 3 "
        "keras.activations.log_sigmoid; none has a parameter.",
        reference="",
    )
)


# ---------------------------------------------------------------------------
# Gated family: x times a smooth gate
# ---------------------------------------------------------------------------


def silu_forward(x: np.ndarray) -> np.ndarray:
    r"""Sigmoid-weighted linear unit (Swish), $x\,\sigma(x)$."""
    # in the far left tail x e^x, scaled so that it rounds once where it is subnormal
    return np.where(
        x < _EXP_TAIL, _times_exp(_clamp(x), x), np.maximum(x, -_GATE_LIMIT) * _sigmoid(x)
    )


# Where silu' = 0: 1 + x + e^x = 0 at x0 = -1.2784645427610738 (the argmin of silu),
# stored as an unevaluated sum hi + lo so that x - x0 is exact near it.
_SILU_X0 = (-1.2784645427610737, -1.0946994183093437e-16)
_SILU_EXP_X0 = 0.2784645427610738  # e^{x0} = -(1 + x0)


def silu_backward(x: np.ndarray) -> np.ndarray:
    r"""$\sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)$."""
    # Near x0, 1 + x sigma(-x) cancels; (d + e^{x0} expm1(d)) sigma(-x), d = x - x0, does not.
    d = np.clip((x - _SILU_X0[0]) - _SILU_X0[1], -8.0, 8.0)
    near_x0 = _sigmoid_slope(x) * (d + _SILU_EXP_X0 * np.expm1(d))
    far_left = _times_exp(1.0 + _clamp(x), x)  # (1 + x) e^x, as silu_forward's tail
    slope, xc = _sigmoid_slope(x), _clamp(x)
    left = slope * ((1.0 + xc) + np.exp(-np.abs(x)))  # sigma(x) sigma(-x) (1 + x + e^x)
    right = _sigmoid(x) + xc * slope
    conditions = [np.abs(d) < 4.0, x < _EXP_TAIL, x < 0]
    return np.select(conditions, [near_x0, far_left, left], right)


silu = register(
    Activation(
        name="silu",
        display_name="SiLU (Swish)",
        family="gated",
        forward=silu_forward,
        backward=silu_backward,
        formula=r"x\,\sigma(x)",
        derivative_formula=r"\sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
        output_range=Interval(-0.2784645427610738, math.inf, lo_closed=True),
        zero_centred=False,
        monotonic=False,
        derivative_monotonic=False,
        identity_near_zero=False,
        continuity=SMOOTH,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=0.5,
        max_abs_derivative=1.0998393201288669,
        argmax_abs_derivative=(2.3993572805154677, 2.3993572805154677),
        kinks={},
        use_case="A smooth, self-gated ReLU found by automated search; the default in "
        "many vision models (EfficientNet) and in LLM feed-forward gates (SwiGLU).",
        limitations="Not monotonic: a small dip to about -0.28 near x = -1.28; costs a "
        "sigmoid per unit.",
        frameworks="PyTorch nn.SiLU, JAX jax.nn.silu (alias swish), Keras "
        "keras.activations.silu (alias swish): all with the gate's beta fixed at 1.",
        reference="Hendrycks & Gimpel (2016); Elfwing, Uchibe & Doya (2017); Ramachandran, "
        "Zoph & Le, Searching for Activation Functions (2017).",
    )
)
swish = silu

# sqrt(2 / pi) and the cubic coefficient of the tanh approximation (Hendrycks & Gimpel)
# 2u = x (A + B x^2), the tanh's argument doubled: A = 2 sqrt(2/pi), B = 0.044715 A
_GELU_A = 1.5957691216057308
_GELU_B = 0.07135481627260025
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_SQRT_HALF = math.sqrt(0.5)
_SQRT_HALF_PI = math.sqrt(0.5 * math.pi)
_GELU_APPROXIMATIONS = ("none", "tanh")
_GELU_TAIL = -1.25  # where the erfcx forms below take over (measured: best of both there)
_GELU_ZERO = (-0.7517915246935645, 1.4956759177009883e-17)
_GELU_TAYLOR = (
    0.4314939923140469, 0.388284982990552, -0.018199676398671087, -0.1140082332972217,
    -0.014771522148244337, 0.019421679838189067, 0.004539228379125415, -0.002239538068073497,
    -0.0007448268386746817, 0.00018633974623233514, 8.615947861116571e-05, -1.121438018842664e-05,
    -7.74846130700372e-06, 4.3284506257392273e-07, 5.702764979242107e-07, -1.6044265494246427e-09,
    -3.5459866461783865e-08, -1.396942086426202e-09, 1.90319840501314e-09, 1.4506418938779426e-10,
    -8.950037692726255e-11, -9.950340824808053e-12, 3.725967039270119e-12,
)  # fmt: skip
_GELU_TANH_ZERO = (-0.7524614220710163, 3.635560509207687e-17)
_GELU_TANH_TAYLOR = (
    0.4304000910248585, 0.38751844613578895, -0.01578285352184803, -0.11394448308095899,
    -0.01661932834305256, 0.019682309459833118, 0.005261059254921912, -0.0024227318458750974,
    -0.0009274420230205449, 0.00026392764052681053, 0.00012425227802639782, -3.4956171694436116e-05,
    -1.5950896871645105e-05, 5.918611710894005e-06, 2.4335516344299543e-06, -9.898647747433667e-07,
    -4.3102482988029016e-07, 1.4157556987729473e-07, 7.520740909289922e-08, -1.6978217459781023e-08,
    -1.196180847972441e-08, 1.7637802707907564e-09, 1.744987137846621e-09, -1.708811216951738e-10,
    -2.433873557833449e-10, 1.687283177355558e-11, 3.393384490409003e-11,
)  # fmt: skip


def _check_gelu(approximate: str) -> None:
    check_choice("approximate", approximate, _GELU_APPROXIMATIONS)


def _gelu_tanh_argument(x: np.ndarray) -> np.ndarray:
    """2u = x (A + B x^2) for x clamped to |x| <= 1e3, with x^2 split exactly (Veltkamp):
    sigma(2u) multiplies the rounding error of 2u by |2u|."""
    xc = _clamp(x)
    split = 134217729.0 * xc
    hi = split - (split - xc)
    lo = xc - hi
    return xc * (_GELU_A + (_GELU_B * (hi * hi) + _GELU_B * (lo * (2.0 * hi + lo))))


def gelu_forward(x: np.ndarray, approximate: str) -> np.ndarray:
    r"""Gaussian error linear unit, $x\,\Phi(x)$, with $\Phi$ the standard normal CDF.

    With ``approximate="tanh"``: $\frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,
    (x + 0.044715\,x^3)\right)\right)$.

    Args:
        approximate: ``"none"`` (default, as in PyTorch) or ``"tanh"``.
    """
    if approximate == "tanh":
        # 1 + tanh(u) = 2 sigma(2u) does not cancel for x < 0
        return np.maximum(x, -_GATE_LIMIT) * _sigmoid(_gelu_tanh_argument(x))
    # In the left tail Phi(x) = erfcx(-x / sqrt 2) e^{-x^2/2} / 2: ndtr loses digits there
    # and flushes to 0 below x = -37.7, where x Phi(x) is still a subnormal.
    xn = np.clip(x, -_GATE_LIMIT, 0.0)
    left = _times_gaussian(0.5 * xn * erfcx(-_SQRT_HALF * xn), xn)
    return np.where(x < _GELU_TAIL, left, np.maximum(x, -_GATE_LIMIT) * ndtr(x))


def gelu_backward(x: np.ndarray, approximate: str) -> np.ndarray:
    r"""$\Phi(x) + x\,\phi(x)$, with $\phi$ the standard normal density (tanh form:
    $\sigma(2u) + 2 x u'\,\sigma(2u)\,\sigma(-2u)$ with $u$ the tanh's argument)."""
    xc = _clamp(x)  # past |x| = 1e3 the result is exactly 0 or 1
    if approximate == "tanh":
        z, dz = _gelu_tanh_argument(x), _GELU_A + 3.0 * _GELU_B * xc * xc  # 2u and 2u'
        textbook = _sigmoid(z) + xc * dz * _sigmoid_slope(z)
        series, near = _near_zero(x, _GELU_TANH_ZERO, _GELU_TANH_TAYLOR)
        return np.where(near, series, textbook)
    # in the left tail (x + Phi(x) / phi(x)) phi(x), Phi / phi = sqrt(pi/2) erfcx(-x / sqrt 2)
    xn = np.minimum(xc, 0.0)
    ratio = xn + _SQRT_HALF_PI * erfcx(-_SQRT_HALF * xn)
    left = _times_gaussian(_INV_SQRT_2PI * ratio, xn)
    right = ndtr(x) + xc * _INV_SQRT_2PI * np.exp(-0.5 * xc * xc)
    series, near = _near_zero(x, _GELU_ZERO, _GELU_TAYLOR)
    return np.select([near, x < _GELU_TAIL], [series, left], right)


gelu = register(
    Activation(
        name="gelu",
        display_name="GELU",
        family="gated",
        forward=gelu_forward,
        backward=gelu_backward,
        formula=r"x\,\Phi(x)",
        derivative_formula=r"\Phi(x) + x\,\phi(x)",
        output_range=Interval(-0.16997120747990366, math.inf, lo_closed=True),
        zero_centred=False,
        monotonic=False,
        derivative_monotonic=False,
        identity_near_zero=False,
        continuity=SMOOTH,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=0.5,
        max_abs_derivative=1.1289041451851548,
        argmax_abs_derivative=(math.sqrt(2.0), math.sqrt(2.0)),
        kinks={},
        use_case="The activation of Transformers (BERT, GPT): the input weighted by the "
        "probability that a standard normal variable is below it.",
        limitations="Not monotonic (a dip to about -0.17 near x = -0.75); the exact form "
        "needs erf, which is why the tanh approximation exists.",
        frameworks="Default form: exact in PyTorch (approximate='none') and Keras "
        "(approximate=False), but the tanh approximation in JAX (jax.nn.gelu, "
        "approximate=True).",
        params={"approximate": Param("none", r"\mathrm{approximate}", choices=("none", "tanh"))},
        plot_params={"approximate": "none"},
        validate=_check_gelu,
        reference="Hendrycks & Gimpel, Gaussian Error Linear Units (2016).",
    )
)


def _tanh_softplus(x: np.ndarray) -> np.ndarray:
    """tanh(ln(1 + e^x)) = (w^2 - 1) / (w^2 + 1) with w = 1 + e^x, in e = exp(-|x|)."""
    e = np.exp(-np.abs(x))
    positive = (1.0 + 2.0 * e) / (1.0 + 2.0 * e + 2.0 * e * e)
    n = e * (e + 2.0)
    return np.where(x >= 0, positive, n / (n + 2.0))


def mish_forward(x: np.ndarray) -> np.ndarray:
    r"""Mish, $x \tanh\bigl(\operatorname{softplus}(x)\bigr)$."""
    # tanh(softplus(x)) as a ratio of polynomials in exp(-|x|): no overflow, no cancellation.
    return np.maximum(x, -_GATE_LIMIT) * _tanh_softplus(x)


def mish_backward(x: np.ndarray) -> np.ndarray:
    r"""$\tanh(\operatorname{softplus}(x)) + x\,\sigma(x)\,
    \operatorname{sech}^2(\operatorname{softplus}(x))$."""
    # One fraction in e = exp(-|x|), its numerator led by the exact 4 (1 + x): the sum of the
    # two textbook terms cancels over the whole dip around x = -1.19.
    e, xc = np.exp(-np.abs(x)), _clamp(x)
    right = (1.0 + e * (4.0 + e * ((6.0 + 4.0 * xc) + e * 4.0 * (1.0 + xc)))) / (
        1.0 + 2.0 * e + 2.0 * e * e
    ) ** 2
    left = (
        e
        * (4.0 * (1.0 + xc) + e * ((6.0 + 4.0 * xc) + e * (4.0 + e)))
        / (e * e + 2.0 * e + 2.0) ** 2
    )
    return np.where(x >= 0, right, left)


mish = register(
    Activation(
        name="mish",
        display_name="Mish",
        family="gated",
        forward=mish_forward,
        backward=mish_backward,
        formula=r"x \tanh\bigl(\operatorname{softplus}(x)\bigr)",
        derivative_formula=r"\tanh\bigl(\operatorname{softplus}(x)\bigr) + x\,\sigma(x)\,"
        r"\operatorname{sech}^2\bigl(\operatorname{softplus}(x)\bigr)",
        output_range=Interval(-0.3088434130172504, math.inf, lo_closed=True),
        zero_centred=False,
        monotonic=False,
        derivative_monotonic=False,
        identity_near_zero=False,
        continuity=SMOOTH,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=0.6,
        max_abs_derivative=1.0884981612517279,
        argmax_abs_derivative=(1.4905711794854285, 1.4905711794854285),
        kinks={},
        use_case="A smooth, self-gated activation close to SiLU, used in object "
        "detectors (YOLOv4).",
        limitations="The most expensive here (exp, log and tanh per unit); not "
        "monotonic, with a dip to about -0.31 near x = -1.19.",
        frameworks="PyTorch nn.Mish, JAX jax.nn.mish, Keras keras.activations.mish; "
        "none has a parameter.",
        reference="Misra, Mish: A Self Regularized Non-Monotonic Activation Function (2019).",
    )
)


# ---------------------------------------------------------------------------
# Hard (piecewise-linear) family
# ---------------------------------------------------------------------------


def relu6_forward(x: np.ndarray) -> np.ndarray:
    r"""ReLU capped at 6, $\min(\max(0, x), 6)$."""
    return np.clip(x, 0.0, 6.0)


def relu6_backward(x: np.ndarray) -> np.ndarray:
    r"""$1$ for $0 < x < 6$, else $0$: ReLU6' is 0 at both kinks, x = 0 and x = 6, as in
    PyTorch."""
    return _keep_nan(x, ((x > 0) & (x < 6)).astype(float))


relu6 = register(
    Activation(
        name="relu6",
        display_name="ReLU6",
        family="hard",
        forward=relu6_forward,
        backward=relu6_backward,
        formula=(Case("0", r"x \le 0"), Case("x", "0 < x < 6"), Case("6", r"x \ge 6")),
        derivative_formula=(Case("0", r"x \le 0"), Case("1", "0 < x < 6"), Case("0", r"x \ge 6")),
        output_range=Interval(0.0, 6.0, lo_closed=True, hi_closed=True),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=False,
        identity_near_zero=False,
        continuity=0,
        saturating=False,
        dead_zone=True,
        derivative_at_zero=0.0,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(0.0, 6.0),
        kinks={0.0: 0.0, 6.0: 0.0},
        use_case="Mobile networks (MobileNet): the cap keeps activations in a range that "
        "low-precision fixed-point arithmetic represents well.",
        limitations="Dead below 0 like ReLU, and also flat above 6, where a unit stops "
        "learning too.",
        frameworks="PyTorch nn.ReLU6, JAX jax.nn.relu6, Keras keras.activations.relu6; "
        "the same cap of 6 everywhere.",
        reference="Krizhevsky (2010); Howard et al., MobileNets (2017).",
    )
)


def _check_hardtanh(min_val: float, max_val: float) -> None:
    check_real("min_val", min_val)
    check_real("max_val", max_val)
    if not min_val < max_val:
        raise ValueError(f"min_val must be less than max_val; got {min_val!r} >= {max_val!r}")


def hardtanh_forward(x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
    r"""Hard tanh, $x$ clipped to $[m, M]$.

    Args:
        min_val: the lower bound $m$ (default -1.0, as in PyTorch).
        max_val: the upper bound $M > m$ (default 1.0).
    """
    return np.clip(x, min_val, max_val)


def hardtanh_backward(x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
    r"""$1$ for $m < x < M$, else $0$: Hardtanh' is 0 at both bounds, as in PyTorch."""
    return _keep_nan(x, ((x > min_val) & (x < max_val)).astype(float))


hardtanh = register(
    Activation(
        name="hardtanh",
        display_name="Hardtanh",
        family="hard",
        forward=hardtanh_forward,
        backward=hardtanh_backward,
        formula=(Case("m", r"x \le m"), Case("x", "m < x < M"), Case("M", r"x \ge M")),
        derivative_formula=(Case("0", r"x \le m"), Case("1", "m < x < M"), Case("0", r"x \ge M")),
        output_range=Interval(-1.0, 1.0, lo_closed=True, hi_closed=True),
        zero_centred=True,
        monotonic=True,
        derivative_monotonic=False,
        identity_near_zero=True,
        continuity=0,
        saturating=False,
        dead_zone=True,
        derivative_at_zero=1.0,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(-1.0, 1.0),
        kinks={-1.0: 0.0, 1.0: 0.0},
        use_case="A cheap bounded activation: tanh's shape in three straight pieces, "
        "for low-power and quantised networks.",
        limitations="Gradient exactly 0 outside [m, M]: a unit pushed there stops learning.",
        frameworks="PyTorch nn.Hardtanh(min_val=-1.0, max_val=1.0); JAX jax.nn.hard_tanh "
        "and Keras 3 keras.activations.hard_tanh have the bounds fixed at -1 and 1. At "
        "the bounds PyTorch's gradient is 0, as here; JAX's hard_tanh gives 1.",
        params={
            "min_val": Param(-1.0, "m", slider=(-3.0, -0.5, 0.5)),
            "max_val": Param(1.0, "M", slider=(0.5, 3.0, 0.5)),
        },
        validate=_check_hardtanh,
        reference="Collobert, Large Scale Machine Learning (PhD thesis, 2004).",
    )
)


def hardsigmoid_forward(x: np.ndarray) -> np.ndarray:
    r"""Hard sigmoid, $\frac{x}{6} + \frac{1}{2}$ clipped to $[0, 1]$ (PyTorch's form)."""
    # (x + 3) / 6 is exact-ish near x = -3, where x/6 + 1/2 would cancel.
    return np.clip((x + 3.0) / 6.0, 0.0, 1.0)


def hardsigmoid_backward(x: np.ndarray) -> np.ndarray:
    r"""$\frac{1}{6}$ for $-3 < x < 3$, else $0$: Hardsigmoid' is 0 at $\pm 3$, as in
    PyTorch."""
    return _keep_nan(x, ((x > -3) & (x < 3)) / 6.0)


hardsigmoid = register(
    Activation(
        name="hardsigmoid",
        display_name="Hardsigmoid",
        family="hard",
        forward=hardsigmoid_forward,
        backward=hardsigmoid_backward,
        formula=(
            Case("0", r"x \le -3"),
            Case(r"\frac{x}{6} + \frac{1}{2}", "-3 < x < 3"),
            Case("1", r"x \ge 3"),
        ),
        derivative_formula=(
            Case("0", r"x \le -3"),
            Case(r"\frac{1}{6}", "-3 < x < 3"),
            Case("0", r"x \ge 3"),
        ),
        output_range=Interval(0.0, 1.0, lo_closed=True, hi_closed=True),
        zero_centred=False,
        monotonic=True,
        derivative_monotonic=False,
        identity_near_zero=False,
        continuity=0,
        saturating=False,
        dead_zone=True,
        derivative_at_zero=1.0 / 6.0,
        max_abs_derivative=1.0 / 6.0,
        argmax_abs_derivative=(-3.0, 3.0),
        kinks={-3.0: 0.0, 3.0: 0.0},
        use_case="A cheap gate in mobile networks (the squeeze-and-excitation blocks of "
        "MobileNetV3).",
        limitations="Flat outside [-3, 3], where gradients are exactly 0; a crude "
        "sigmoid: its slope is 1/6, not 1/4.",
        frameworks="x/6 + 1/2 in PyTorch (nn.Hardsigmoid), JAX (jax.nn.hard_sigmoid) and "
        "Keras 3; Keras 2 used 0.2 x + 0.5, which saturates at ±2.5.",
        reference="Howard et al., Searching for MobileNetV3 (2019).",
    )
)


def hardswish_forward(x: np.ndarray) -> np.ndarray:
    r"""Hard swish, $x \cdot \operatorname{hardsigmoid}(x)$: $0$ for $x \le -3$,
    $\frac{x\,(x + 3)}{6}$ for $-3 < x < 3$, $x$ for $x \ge 3$."""
    # the middle piece on x clipped to [-3, 3]: x (x + 3) would overflow for huge x.
    xc = np.clip(x, -3.0, 3.0)
    return np.where(x >= 3, x, xc * (xc + 3.0) / 6.0)


def hardswish_backward(x: np.ndarray) -> np.ndarray:
    r"""$0$ for $x \le -3$, $\frac{2x + 3}{6}$ for $-3 < x < 3$, $1$ for $x \ge 3$:
    Hardswish'(-3) = 0 and Hardswish'(3) = 1, as in PyTorch."""
    xc = np.clip(x, -3.0, 3.0)
    return np.select([x <= -3, x >= 3], [0.0, 1.0], (2.0 * xc + 3.0) / 6.0)


hardswish = register(
    Activation(
        name="hardswish",
        display_name="Hardswish",
        family="hard",
        forward=hardswish_forward,
        backward=hardswish_backward,
        formula=(
            Case("0", r"x \le -3"),
            Case(r"\frac{x (x + 3)}{6}", "-3 < x < 3"),
            Case("x", r"x \ge 3"),
        ),
        derivative_formula=(
            Case("0", r"x \le -3"),
            Case(r"\frac{2x + 3}{6}", "-3 < x < 3"),
            Case("1", r"x \ge 3"),
        ),
        output_range=Interval(-0.375, math.inf, lo_closed=True),
        zero_centred=False,
        monotonic=False,
        derivative_monotonic=False,
        identity_near_zero=False,
        continuity=0,
        saturating=False,
        dead_zone=True,
        derivative_at_zero=0.5,
        max_abs_derivative=1.5,
        argmax_abs_derivative=(3.0, 3.0),
        kinks={-3.0: 0.0, 3.0: 1.0},
        use_case="SiLU's shape at ReLU's cost, for mobile networks (MobileNetV3).",
        limitations="Not monotonic (minimum -0.375 at x = -1.5); dead below -3; its "
        "derivative jumps at ±3 (to 1.5 just below 3; the supremum is not attained).",
        frameworks="PyTorch nn.Hardswish, JAX jax.nn.hard_swish (alias hard_silu), Keras 3 "
        "keras.activations.hard_silu (alias hard_swish).",
        reference="Howard et al., Searching for MobileNetV3 (2019).",
    )
)


# ---------------------------------------------------------------------------
# Softsign family
# ---------------------------------------------------------------------------

# Past 2^1000, x / (1 + |x|) rounds to +-1; clipping there keeps inf / inf out.
_SOFTSIGN_CLIP = 2.0**1000


def softsign_forward(x: np.ndarray) -> np.ndarray:
    r"""Softsign, $\frac{x}{1 + |x|}$."""
    xc = np.clip(x, -_SOFTSIGN_CLIP, _SOFTSIGN_CLIP)
    return xc / (1.0 + np.abs(xc))


def softsign_backward(x: np.ndarray) -> np.ndarray:
    r"""$\frac{1}{(1 + |x|)^2}$. Not $1 - f^2$: that is tanh's rule, not softsign's."""
    # (1 / (1 + |x|))^2: squaring first would overflow for |x| > 1e154.
    r = 1.0 / (1.0 + np.abs(x))
    return r * r


softsign = register(
    Activation(
        name="softsign",
        display_name="Softsign",
        family="softsign",
        forward=softsign_forward,
        backward=softsign_backward,
        formula=r"\frac{x}{1 + |x|}",
        derivative_formula=r"\frac{1}{(1 + |x|)^2}",
        output_range=Interval(-1.0, 1.0),
        zero_centred=True,
        monotonic=True,
        derivative_monotonic=False,
        identity_near_zero=True,
        continuity=1,
        saturating=True,
        dead_zone=False,
        derivative_at_zero=1.0,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(0.0, 0.0),
        kinks={0.0: 1.0},
        use_case="A tanh-like squashing function with no exponential, whose tails "
        "approach ±1 polynomially rather than exponentially.",
        limitations="Still saturates (slope 1/(1+|x|)^2); its second derivative jumps at 0.",
        frameworks="PyTorch nn.Softsign, JAX jax.nn.soft_sign, Keras keras.activations.softsign.",
        reference="Bergstra et al. (2009); Glorot & Bengio (2010).",
    )
)

# x cosh x - sinh x = sum_k 2k / (2k+1)! x^(2k+1), all terms positive: no cancellation.
# 13 terms reach 2^-60 relative for |x| <= 2; highest power first, for Horner.
_SHRINK_SERIES = tuple(2 * k / math.factorial(2 * k + 1) for k in range(13, 0, -1))


def tanhshrink_forward(x: np.ndarray) -> np.ndarray:
    r"""Tanhshrink, $x - \tanh(x)$."""
    # for |x| < 2, x - tanh x cancels: use (x cosh x - sinh x) / cosh x from its series.
    xs = np.clip(x, -2.0, 2.0)
    y = xs * xs
    series = np.zeros_like(y)
    for c in _SHRINK_SERIES:
        series = series * y + c
    near_zero = xs * (y * series) / np.cosh(xs)
    return np.where(np.abs(x) < 2.0, near_zero, x - np.tanh(x))


def tanhshrink_backward(x: np.ndarray) -> np.ndarray:
    r"""$\tanh^2(x)$."""
    t = np.tanh(x)
    return t * t


tanhshrink = register(
    Activation(
        name="tanhshrink",
        display_name="Tanhshrink",
        family="softsign",
        forward=tanhshrink_forward,
        backward=tanhshrink_backward,
        formula=r"x - \tanh(x)",
        derivative_formula=r"\tanh^2(x)",
        output_range=Interval(-math.inf, math.inf),
        zero_centred=True,
        monotonic=True,
        derivative_monotonic=False,
        identity_near_zero=False,
        continuity=SMOOTH,
        saturating=False,
        dead_zone=False,
        derivative_at_zero=0.0,
        max_abs_derivative=1.0,
        argmax_abs_derivative=(-math.inf, math.inf),
        kinks={},
        use_case="Shrinkage: it pushes small inputs towards 0 (like x^3/3) and passes "
        "large ones through shifted by ±1; used in sparse coding.",
        limitations="Flat at 0 (f'(0) = 0), so small signals learn slowly; rarely used "
        "as a hidden activation.",
        frameworks="PyTorch nn.Tanhshrink, Keras 3 keras.activations.tanh_shrink; JAX has "
        "no function (x - jnp.tanh(x)).",
        reference="",
    )
)


def _check_softshrink(lambd: float) -> None:
    check_real("lambd", lambd)
    if lambd < 0:
        raise ValueError(f"lambd must be >= 0; got {lambd!r}")


def softshrink_forward(x: np.ndarray, lambd: float) -> np.ndarray:
    r"""Soft shrinkage: $x - \lambda$ above $\lambda$, $x + \lambda$ below $-\lambda$, else 0."""
    # x minus x clipped to [-lambda, lambda]: all three pieces in one exact-at-0 expression
    return x - np.clip(x, -lambd, lambd)


def softshrink_backward(x: np.ndarray, lambd: float) -> np.ndarray:
    r"""$1$ for $|x| > \lambda$, else $0$: Softshrink' is 0 at $\pm\lambda$, as in PyTorch."""
    return _keep_nan(x, (np.abs(x) > lambd).astype(float))


softshrink = register(
    Activation(
        name="softshrink",
        display_name="Softshrink",
        family="softsign",
        forward=softshrink_forward,
        backward=softshrink_backward,
        formula=(
            Case(r"x + \lambda", r"x < -\lambda"),
            Case("0", r"-\lambda \le x \le \lambda"),
            Case(r"x - \lambda", r"x > \lambda"),
        ),
        derivative_formula=(
            Case("1", r"x < -\lambda"),
            Case("0", r"-\lambda \le x \le \lambda"),
            Case("1", r"x > \lambda"),
        ),
        output_range=Interval(-math.inf, math.inf),
        zero_centred=True,
        monotonic=True,
        derivative_monotonic=False,
        identity_near_zero=False,
        continuity=0,
        saturating=False,
        dead_zone=False,
        derivative_at_zero=0.0,
        max_abs_derivative=1.0,
        argmax_abs_derivative=((-math.inf, -0.5), (0.5, math.inf)),
        kinks={-0.5: 0.0, 0.5: 0.0},
        use_case="Soft thresholding, the proximal step of an L1 penalty: sparse coding, "
        "wavelet denoising, and networks unrolled from such solvers (LISTA).",
        limitations="No gradient inside [-lambda, lambda]: a unit whose inputs stay there "
        "does not learn.",
        frameworks="PyTorch nn.Softshrink(lambd=0.5), Keras 3 "
        "keras.activations.soft_shrink(x, threshold=0.5); JAX has no function.",
        params={"lambd": Param(0.5, r"\lambda", slider=(0.0, 2.0, 0.25))},
        validate=_check_softshrink,
        reference="Donoho, De-noising by soft-thresholding (1995).",
    )
)
