"""SiLU, GELU and Mish: x times a smooth gate.

The page is ``docs/functions/gated.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
"""

from __future__ import annotations

import math

import numpy as np

# SciPy's ndtr (the normal CDF) and erfcx (the scaled erfc, e^{z^2} erfc(z)) are accurate
# in the tails, where NumPy has no error function at all.
from scipy.special import erfcx, ndtr

from .._core import (
    SMOOTH,
    Activation,
    Interval,
    Param,
    check_choice,
    register,
)
from .._stable import (
    _EXP_TAIL,
    _GATE_LIMIT,
    _clamp,
    _near_zero,
    _sigmoid,
    _sigmoid_slope,
    _times_exp,
    _times_gaussian,
)


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
        reference="Hendrycks & Gimpel (2016); Elfwing, Uchibe & Doya (2017; Neural "
        "Networks, 2018); Ramachandran, Zoph & Le, Searching for Activation Functions (2017).",
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
