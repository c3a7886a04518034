"""Sigmoid, tanh, arctan and LeCun's scaled tanh, the logistic family.

The page is ``docs/functions/logistic.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
"""

from __future__ import annotations

import numpy as np

from .._core import Activation, register
from .._stable import (
    _GATE_LIMIT,
    _sigmoid,
    _sigmoid_slope,
    _times_exp,
    _times_exp_minus,
)


def _cube_of_one_plus(e: np.ndarray) -> np.ndarray:
    """(1 + e)^3 = ((e + 3) e + 3) e + 1 for e >= 0: every term positive, so nothing cancels."""
    d = e + 3.0
    d *= e
    d += 3.0
    d *= e
    d += 1.0
    return d


def _odd_curvature(a: np.ndarray, x: np.ndarray, scale: float) -> np.ndarray:
    """-sign(x) scale e (1 - e) / (1 + e)^3 with e = exp(-a), a = |x| times a positive
    constant: sigma''(x) (a = |x|, scale 1) and tanh''(x) (a = 2|x|, scale 8)."""
    # 1 - e as -expm1(-a) keeps its digits near 0, and (1 + e)^3 expanded rounds less;
    # e is applied last so that a subnormal result rounds once
    a = np.minimum(a, _GATE_LIMIT)  # past it e = 0: no inf * 0 from the limits
    e = np.exp(-a)
    c = np.expm1(-a)
    c *= np.sign(x) * scale
    c /= _cube_of_one_plus(e)
    return _times_exp_minus(c, a)


def sigmoid_forward(x: np.ndarray) -> np.ndarray:
    r"""Logistic sigmoid, $\sigma(x) = \frac{1}{1 + e^{-x}}$."""
    return _sigmoid(x)


def sigmoid_backward(x: np.ndarray) -> np.ndarray:
    r"""$\sigma'(x) = \sigma(x)\,(1 - \sigma(x))$."""
    # e / (1 + e)^2 with e = exp(-|x|) equals sigma(x) sigma(-x) and keeps full relative
    # precision in the tails, where p * (1 - p) rounds to 0.
    return _sigmoid_slope(x)


def sigmoid_second(x: np.ndarray) -> np.ndarray:
    r"""$\sigma''(x) = \sigma(x)\,(1 - \sigma(x))\,(1 - 2\sigma(x))$."""
    # = -sign(x) e (1 - e) / (1 + e)^3 with e = exp(-|x|): 1 - 2 sigma cancels near 0 and
    # p (1 - p) rounds to 0 in the right tail
    return _odd_curvature(np.abs(x), x, 1.0)


sigmoid = register(
    Activation(
        name="sigmoid",
        display_name="Sigmoid",
        family="logistic",
        forward=sigmoid_forward,
        backward=sigmoid_backward,
        formula=r"\frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        second=sigmoid_second,
        second_derivative_formula=r"\sigma(x)\,\bigl(1 - \sigma(x)\bigr)\bigl(1 - 2\sigma(x)\bigr)",
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
    # 1 - tanh^2 cancels to 0 for |x| > 19; sech^2(x) = 4 sigma(2x) sigma(-2x) does not:
    # 4 e / (1 + e (2 + e)) with e = exp(-2|x|), (1 + e)^2 expanded, one rounding fewer. In
    # place, in two buffers; -2|x| may overflow to -inf, where e is 0.
    e = np.abs(x, out=np.empty_like(x))
    with np.errstate(over="ignore"):
        e *= -2.0
    np.exp(e, out=e)
    d = np.add(e, 2.0)
    d *= e
    d += 1.0
    np.divide(e, d, out=d)
    d *= 4.0
    return d


def tanh_second(x: np.ndarray) -> np.ndarray:
    r"""$\tanh''(x) = -2 \tanh(x)\,\bigl(1 - \tanh^2(x)\bigr)$."""
    # = -sign(x) 8 e (1 - e) / (1 + e)^3 with e = exp(-2|x|): no 1 - tanh^2 to cancel
    return _odd_curvature(2.0 * np.minimum(np.abs(x), _GATE_LIMIT), x, 8.0)


tanh = register(
    Activation(
        name="tanh",
        display_name="Tanh",
        family="logistic",
        forward=tanh_forward,
        backward=tanh_backward,
        formula=r"\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_formula=r"1 - \tanh^2(x)",
        second=tanh_second,
        second_derivative_formula=r"-2 \tanh(x) \left(1 - \tanh^2(x)\right)",
        use_case="Hidden units of recurrent networks (LSTM, GRU) and any layer that "
        "needs a zero-centred, bounded output.",
        limitations="Saturates on both sides: for |x| > 3 the slope is below 0.01, so "
        "gradients vanish in deep stacks.",
        frameworks="Same in PyTorch (torch.tanh), JAX (jax.numpy.tanh) and Keras "
        "(keras.activations.tanh).",
        reference="LeCun, Bottou, Orr & Müller, Efficient BackProp (1998).",
    )
)


def arctan_forward(x: np.ndarray) -> np.ndarray:
    r"""Inverse tangent, $\arctan(x)$, with range $(-\pi/2, \pi/2)$."""
    return np.arctan(x)


def arctan_backward(x: np.ndarray) -> np.ndarray:
    r"""$\arctan'(x) = \frac{1}{1 + x^2}$."""
    # For |x| > 1e150 as r^2 / (1 + r^2) with r = 1/x: x^2 overflows for |x| > 1.3e154.
    # When no x^2 overflows (its flag says so; x = +-inf raises none and gives 0), in place.
    overflows: list[str] = []
    with np.errstate(over="call", call=lambda kind, flag: overflows.append(kind)):
        out = np.multiply(x, x, out=np.empty_like(x))
    if not overflows:
        out += 1.0
        return np.divide(1.0, out, out=out)
    big = np.abs(x) > 1e150
    r = 1.0 / np.where(big, x, 2.0)  # never 1/0
    small = np.where(big, 0.0, x)
    return np.where(big, r * r / (1.0 + r * r), 1.0 / (1.0 + small * small))


def arctan_second(x: np.ndarray) -> np.ndarray:
    r"""$\arctan''(x) = -\frac{2x}{(1 + x^2)^2}$."""
    # (1 + x^2)^2 overflows from |x| = 1.2e77: past 1e50 the 1 is lost anyway, and
    # -2/x/x/x divides one step at a time
    a = np.clip(x, -1e50, 1e50)
    d = a * a
    d += 1.0
    out = -2.0 * a / d
    out /= d
    if out.size and not np.max(np.abs(x)) <= 1e50:  # NaN compares False: look then too
        far = np.abs(x) > 1e50
        out[far] = -2.0 / x[far] / x[far] / x[far]
    return out


arctan = register(
    Activation(
        name="arctan",
        display_name="Arctan",
        family="logistic",
        forward=arctan_forward,
        backward=arctan_backward,
        formula=r"\arctan(x)",
        derivative_formula=r"\frac{1}{1 + x^2}",
        second=arctan_second,
        second_derivative_formula=r"-\frac{2x}{\left(1 + x^2\right)^2}",
        use_case="A zero-centred S-curve like tanh whose slope decays polynomially, "
        "like 1/x^2, rather than exponentially, so saturated units still get a gradient.",
        limitations="Still saturates, only more slowly than tanh; its range is "
        "(-pi/2, pi/2), not (-1, 1); rarely used in modern networks.",
        frameworks="Not an activation in PyTorch, JAX or Keras; the elementwise "
        "functions are torch.atan, jax.numpy.arctan and keras.ops.arctan.",
        reference="",
    )
)


# LeCun et al. (1998), section 4.4: f(+-1) = +-1 and f'' is largest at |x| = 1. Often
# miscopied as 1.7519.
LECUN_TANH_SCALE = 1.7159
# A * (2/3) * 4: sech^2(u) = 4 sigma(2u) sigma(-2u), with u = 2x/3.
_LECUN_TANH_SLOPE = LECUN_TANH_SCALE * 8.0 / 3.0
# A * (4/9) * 8: tanh'' = -8 e (1 - e) / (1 + e)^3 per unit u, and u' = 2/3 twice
_LECUN_TANH_CURVATURE = LECUN_TANH_SCALE * 32.0 / 9.0
# A float64's bits but the last two of its significand, as an int64 mask
_ALL_BUT_TWO_LOW_BITS = ~np.int64(3)


def lecun_tanh_forward(x: np.ndarray) -> np.ndarray:
    r"""LeCun's scaled tanh, $1.7159 \tanh\left(\frac{2x}{3}\right)$."""
    # 2x/3 rounded once: 2x first keeps subnormal x exact, x/3 first keeps huge x finite.
    if np.size(x) and -1e300 <= np.min(x) and np.max(x) <= 1e300:  # NaN compares False
        u = np.multiply(x, 2.0, out=np.empty_like(x))  # exact: no overflow, and 2x is exact
        u /= 3.0
    else:
        u = np.where(np.abs(x) > 1.0, (x / 3.0) * 2.0, (2.0 * np.clip(x, -1.0, 1.0)) / 3.0)
    np.tanh(u, out=u)
    u *= LECUN_TANH_SCALE
    return u


def lecun_tanh_backward(x: np.ndarray) -> np.ndarray:
    r"""$1.7159 \cdot \frac{2}{3} \left(1 - \tanh^2\left(\frac{2x}{3}\right)\right)$."""
    # As tanh's, via sigma(a) sigma(-a) with a = 4|x|/3 = hi + lo exactly: rounding a would
    # cost |x| ulps in e^-a, and 1 - tanh^2 cancels in the tails. hi is 4|x|/3 with its last
    # two bits cleared, so that 0.75 hi is exact, and so is |x| - 0.75 hi (Sterbenz):
    # lo = (|x| - 0.75 hi) / 0.75. In place, in three buffers; below e^-700 the result nears
    # the subnormals, and there it is rounded once (_times_exp), only where some |x| is so large.
    t = np.abs(x, out=np.empty_like(x))
    tail = None
    if t.size and not np.max(t) <= 525.0:  # NaN compares False: look then too
        np.minimum(t, 1e3, out=t)  # as _clamp
        tail = t > 525.0
    hn = np.multiply(t, -4.0 / 3.0, out=np.empty_like(t))  # -hi
    np.bitwise_and(hn.view(np.int64), _ALL_BUT_TWO_LOW_BITS, out=hn.view(np.int64))
    w = np.multiply(hn, -0.75)
    np.subtract(t, w, out=t)
    np.multiply(t, -4.0 / 3.0, out=t)
    t += 1.0  # 1 - lo: e^-(hi + lo) = e^-hi (1 - lo), as |lo| < 1e-12
    if tail is not None:
        below = _times_exp(_LECUN_TANH_SLOPE * t[tail], hn[tail])
    e = np.exp(hn, out=hn)
    e *= t
    d = np.add(e, 2.0, out=w)
    d *= e
    d += 1.0
    np.divide(e, d, out=d)
    d *= _LECUN_TANH_SLOPE
    if tail is not None:
        d[tail] = below
    return d


def lecun_tanh_second(x: np.ndarray) -> np.ndarray:
    r"""$-1.7159 \cdot \frac{8}{9} \tanh(u) \left(1 - \tanh^2(u)\right)$ with
    $u = \frac{2x}{3}$."""
    # As tanh's, -sign(x) (32 A / 9) e (1 - e) / (1 + e)^3 with e = exp(-4|x|/3), and
    # 4|x|/3 = hi + lo carried in two pieces as in lecun_tanh_backward
    t = np.clip(x, -1e3, 1e3)
    np.abs(t, out=t)
    t *= 4.0  # exact
    hi = t / 3.0
    lo = (t - 2.0 * hi - hi) / 3.0
    e = np.exp(-hi) * (1.0 - lo)
    c = np.expm1(-hi) - lo * e  # -(1 - e^{-(hi + lo)})
    c *= np.sign(x) * _LECUN_TANH_CURVATURE
    c /= _cube_of_one_plus(e)
    c *= 1.0 - lo
    return _times_exp_minus(c, hi)


lecun_tanh = register(
    Activation(
        name="lecun_tanh",
        display_name="LeCun tanh",
        family="logistic",
        forward=lecun_tanh_forward,
        backward=lecun_tanh_backward,
        formula=r"1.7159 \tanh\left(\frac{2x}{3}\right)",
        derivative_formula=r"1.7159 \cdot \frac{2}{3} "
        r"\left(1 - \tanh^2\left(\frac{2x}{3}\right)\right)",
        second=lecun_tanh_second,
        second_derivative_formula=r"-1.7159 \cdot \frac{8}{9} \tanh\left(\frac{2x}{3}\right) "
        r"\left(1 - \tanh^2\left(\frac{2x}{3}\right)\right)",
        use_case="A tanh scaled so that f(1) = 1 and f(-1) = -1: with inputs normalised to "
        "unit variance and targets at +-1, units work where the curve bends most.",
        limitations="Saturates on both sides like tanh; the constant is often miscopied, and "
        "its slope at 0 is 2/3 of that constant, above 1.",
        frameworks="PyTorch, JAX and Keras have no function: scale their tanh "
        "(torch.tanh, jax.numpy.tanh, keras.activations.tanh).",
        reference="LeCun, Bottou, Orr & Müller, Efficient BackProp (1998).",
    )
)
