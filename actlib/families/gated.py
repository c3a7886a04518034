"""SiLU (Swish-beta), GELU, QuickGELU and Mish: x times a smooth gate.

The page is ``docs/functions/gated.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
"""

from __future__ import annotations

import math

import numpy as np

# SciPy's ndtr (the normal CDF) and erfcx (the scaled erfc, e^{z^2} erfc(z)) are accurate
# in the tails, where NumPy has no error function at all.
from scipy.special import erfcx, ndtr

from .._core import Activation, check_choice, check_real, narrow_form_of, register
from .._stable import (
    _EXP_TAIL,
    _GATE_LIMIT,
    _clamp,
    _keep_nan,
    _near_zero,
    _sigmoid,
    _sigmoid_slope,
    _times_exp,
    _times_exp_minus,
    _times_gaussian,
)
from .._types import Param


def silu_forward(x: np.ndarray) -> np.ndarray:
    r"""Sigmoid-weighted linear unit (Swish), $x\,\sigma(x)$."""
    # x / (1 + e^{-x}), one rounding fewer than x sigma(x), in one buffer; e^{-x} capped at
    # e^700 only where some x is below -700 (np.max of -x is NaN if any x is: -x is new and
    # contiguous, where x may be a strided view), and there, in the far left tail, x e^x
    # scaled so that it rounds once where it is subnormal
    out = np.negative(x, out=np.empty(np.shape(x)))
    has_tail = out.size > 0 and not np.max(out) <= -_EXP_TAIL
    if has_tail:
        np.minimum(out, -_EXP_TAIL, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.divide(x, out, out=out)
    if has_tail:
        tail = x < _EXP_TAIL
        out[tail] = _times_exp(_clamp(x[tail]), x[tail])
    return out


# Where silu' = 0: 1 + x + e^x = 0 at x0 = -1.2784645427610738 (the argmin of silu),
# stored as an unevaluated sum hi + lo so that x - x0 is exact near it.
_SILU_X0 = (-1.2784645427610737, -1.0946994183093437e-16)
_SILU_EXP_X0 = 0.2784645427610738  # e^{x0} = -(1 + x0)


def silu_backward(x: np.ndarray) -> np.ndarray:
    r"""$\sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)$."""
    if np.ndim(x) == 0:  # the in-place steps below need arrays, not NumPy scalars
        return silu_backward(np.reshape(x, 1)).reshape(())
    # w (1 + x + w) / (1 + w)^2 with w = e^x, one exponential: a sum of positive terms for
    # x >= 0, where x is cut at 60 (f' rounds to 1 from x = 42 on, and (1 + w)^2 stays
    # finite). 1 + x + w cancels near its zero x0; (d + e^{x0} expm1(d)) with d = x - x0
    # does not, and is exact algebra: there, for |d| < 1/2, where 1 + x is exact
    # (Sterbenz), outside which the sum loses at most a factor 1.6 to cancellation.
    # In place, in three buffers; the window gathered, then scattered back.
    xc = np.clip(x, -_GATE_LIMIT, 60.0, out=np.empty(np.shape(x)))  # in C order, as all
    # the tail looked for in xc, contiguous where x may be a strided view (NaN: np.min is)
    has_tail = xc.size > 0 and not np.min(xc) >= _EXP_TAIL
    w = np.exp(xc)
    out = np.add(xc, 1.0)
    out += w
    near = np.greater(xc, _SILU_X0[0] - 0.5)
    near &= np.less(xc, _SILU_X0[0] + 0.5)
    at = np.flatnonzero(near)
    if at.size:
        flat = out.reshape(-1)  # views: the three buffers are new, in C order
        d = (xc.reshape(-1)[at] - _SILU_X0[0]) - _SILU_X0[1]  # x - hi is exact (Sterbenz)
        flat[at] = d + _SILU_EXP_X0 * np.expm1(d)
    out *= w
    np.add(w, 2.0, out=xc)  # (1 + w)^2 = 1 + w (2 + w), expanded: one rounding fewer
    xc *= w
    xc += 1.0
    out /= xc
    if has_tail:  # (1 + x) e^x, as silu_forward's tail
        tail = x < _EXP_TAIL
        out[tail] = _times_exp(1.0 + np.maximum(x[tail], -_GATE_LIMIT), x[tail])
    return out


def _check_swish(beta: float) -> None:
    check_real("beta", beta, positive=True)


def _scaled(x: np.ndarray, beta: float) -> np.ndarray:
    """beta x; inf where it overflows, which every caller maps to the limit."""
    if beta == 1.0:
        return x
    with np.errstate(over="ignore"):
        return x * beta


def swish_forward(x: np.ndarray, beta: float) -> np.ndarray:
    r"""Swish, $x\,\sigma(\beta x)$; SiLU at $\beta = 1$.

    Args:
        beta: the gate's sharpness $\beta > 0$ (default 1.0: SiLU; ONNX Swish's ``alpha``).
    """
    if beta == 1.0:
        return silu_forward(x)
    # as silu_forward, with the gate at z = beta x: x is cut at -1e3 / min(beta, 1), where
    # sigma(z) is already 0, so that -inf * 0 never occurs
    z = _scaled(x, beta)
    out = _sigmoid(z)
    lowest = -_GATE_LIMIT / min(beta, 1.0)
    if out.size == 0 or np.min(z) >= _EXP_TAIL:  # False if any z is NaN
        return np.multiply(out, np.clip(x, lowest, np.inf), out=out)
    xc = np.clip(x, lowest, np.inf)
    out *= xc
    tail = z < _EXP_TAIL
    out[tail] = _times_exp(xc[tail], z[tail])
    return out


def swish_backward(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\sigma(\beta x)\,\bigl(1 + \beta x\,(1 - \sigma(\beta x))\bigr)$: SiLU's
    derivative at $\beta x$."""
    return silu_backward(_scaled(x, beta))


@narrow_form_of(swish_backward)
def _swish_backward_narrow(x: np.ndarray, beta: float) -> np.ndarray:
    """At beta = 1, silu_backward's w (1 + x + w) / (1 + w)^2 without the window around x0:
    x holds float32 (or float16) numbers, for which 1 + x is exact and |x - x0| >= 1.29e-8
    (the nearest float32 to x0 is -1.2784646). There the sum's error, np.exp's at e^{x0} =
    0.278 (0.65 ulp measured, 4 allowed), is under 2^-26 of it; a few float64 roundings
    add 2^-50. Past x = -104 f' is 0 in float32: the float64 form's subnormal tail does
    not matter."""
    if beta != 1.0 or np.ndim(x) == 0:  # beta x is not a float32; 0-d: as silu_backward
        return swish_backward(x, beta)
    xc = np.clip(x, -_GATE_LIMIT, 60.0, out=np.empty_like(x, dtype=np.float64))
    w = np.exp(xc)
    out = np.add(xc, 1.0)
    out += w
    out *= w
    np.add(w, 2.0, out=xc)
    xc *= w
    xc += 1.0
    out /= xc
    return out


def _silu_curvature(z: np.ndarray, scale: float) -> np.ndarray:
    """scale silu''(z) = scale e ((2 - a) + e (2 + a)) / (1 + e)^3, a = |z|, e = exp(-a)."""
    # sigma'(z) (2 - z tanh(z/2)) over one denominator: 2 - a is exact near the zeros
    # a = 2.3994 (Sterbenz), where the textbook 2 + z (1 - 2 sigma) cancels
    a = np.clip(np.abs(z), -np.inf, _GATE_LIMIT)
    e = np.exp(-a)
    c = 2.0 + a
    c *= e
    c += 2.0 - a
    d = e + 3.0
    d *= e
    d += 3.0
    d *= e
    d += 1.0
    c *= scale
    c /= d
    return _times_exp_minus(c, a)


def swish_second(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\beta\,\sigma(\beta x)\,(1 - \sigma(\beta x))\,\bigl(2 + \beta x\,
    (1 - 2\sigma(\beta x))\bigr)$."""
    return _silu_curvature(_scaled(x, beta), beta)


def swish_d_beta(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\frac{\partial f}{\partial \beta} = x^2\,\sigma(\beta x)\,(1 - \sigma(\beta x))$."""
    # x^2 / (1 + e)^2 times e = exp(-|beta x|) last, so that a subnormal result rounds
    # once; x is cut at 1e150 (x^2 stays finite), far past where e is 0
    xc = np.clip(x, -1e150, 1e150)
    a = np.abs(_scaled(xc, beta))
    e = np.exp(-np.clip(a, -np.inf, _GATE_LIMIT))
    e += 1.0
    c = xc * xc
    c /= e
    c /= e
    return _times_exp_minus(c, a)


silu = register(
    Activation(
        name="silu",
        display_name="SiLU (Swish)",
        family="gated",
        forward=swish_forward,
        backward=swish_backward,
        formula=r"x\,\sigma(\beta x)",
        derivative_formula=r"\sigma(\beta x)\,\bigl(1 + \beta x\,(1 - \sigma(\beta x))\bigr)",
        second=swish_second,
        second_derivative_formula=r"\beta\,\sigma(\beta x)\,\bigl(1 - \sigma(\beta x)\bigr)"
        r"\bigl(2 + \beta x\,(1 - 2\sigma(\beta x))\bigr)",
        param_derivatives={"beta": swish_d_beta},
        param_derivative_formulas={
            "beta": r"x^2\,\sigma(\beta x)\,\bigl(1 - \sigma(\beta x)\bigr)"
        },
        use_case="A smooth, self-gated ReLU found by automated search; the default in "
        "many vision models (EfficientNet) and in LLM feed-forward gates (SwiGLU).",
        limitations="Not monotonic: a small dip to about -0.28 near x = -1.28 at beta = 1 "
        "(f(x; beta) = silu(beta x) / beta: the dip scales by 1/beta); costs a sigmoid per unit.",
        frameworks="PyTorch nn.SiLU, JAX jax.nn.silu (alias swish), Keras "
        "keras.activations.silu (alias swish): all with the gate's beta fixed at 1. "
        "ONNX Swish (opset 24) has it as the attribute alpha, default 1.0: x * "
        "sigmoid(alpha * x).",
        params={"beta": Param(1.0, r"\beta", slider=(0.25, 4.0, 0.25))},
        plot_params={"beta": 1.0},
        validate=_check_swish,
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
        return np.clip(x, -_GATE_LIMIT, np.inf) * _sigmoid(_gelu_tanh_argument(x))
    # In the left tail Phi(x) = erfcx(-x / sqrt 2) e^{-x^2/2} / 2: ndtr loses digits there
    # and flushes to 0 below x = -37.7, where x Phi(x) is still a subnormal.
    # Each special function only where it is used: gathered, then scattered back.
    flat = x.reshape(-1)
    out = np.empty(np.shape(x))  # C order: reshape(-1) is a view
    res = out.reshape(-1)
    is_left = flat < _GELU_TAIL
    at = np.flatnonzero(is_left)
    xn = np.maximum(flat[at], -_GATE_LIMIT)
    res[at] = _times_gaussian(0.5 * xn * erfcx(-_SQRT_HALF * xn), xn)
    at = np.flatnonzero(~is_left)  # x >= -1.25, and NaN
    xr = flat[at]
    res[at] = xr * ndtr(xr)
    return out


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
    # Each piece only where it is used (the series near the zero of f', the erfcx form in
    # the left tail, ndtr elsewhere): gathered, then scattered back.
    flat = xc.reshape(-1)
    out = np.empty(np.shape(x))  # C order: reshape(-1) is a view
    res = out.reshape(-1)
    near = np.abs((flat - _GELU_ZERO[0]) - _GELU_ZERO[1]) < 0.5  # _near_zero's window
    at = np.flatnonzero(near)
    res[at] = _near_zero(flat[at], _GELU_ZERO, _GELU_TAYLOR)[0]
    is_left = flat < _GELU_TAIL
    is_left &= ~near
    at = np.flatnonzero(is_left)
    xn = flat[at]
    ratio = xn + _SQRT_HALF_PI * erfcx(-_SQRT_HALF * xn)
    res[at] = _times_gaussian(_INV_SQRT_2PI * ratio, xn)
    is_left |= near
    at = np.flatnonzero(~is_left)  # the rest, and NaN
    xr = flat[at]
    res[at] = ndtr(xr) + xr * _INV_SQRT_2PI * np.exp(-0.5 * xr * xr)
    return out


# sqrt 2, the zero of 2 - x^2, as hi + lo: sqrt(2) - |x| is then exact near it (Sterbenz)
_SQRT2 = (1.4142135623730951, -9.667293313452913e-17)
_SHIFT = 512.0  # e^{-b} is taken 512 up where it is subnormal, and scaled back last
_EXP_MINUS_SHIFT = math.exp(-_SHIFT)


def _times_half_gaussian(c: np.ndarray, a: np.ndarray) -> np.ndarray:
    """c e^{-a^2/2} for 0 <= a <= 40 (past it every c here makes 0), a^2 split exactly
    (Veltkamp) and rounded once where the result is subnormal."""
    split = 134217729.0 * a  # 2^27 + 1
    hi = split - (split - a)  # a to 26 bits, so hi * hi is exact
    lo = a - hi
    out = c * np.exp(-(hi * lo + 0.5 * lo * lo))
    big = 0.5 * hi * hi
    tail = big > -_EXP_TAIL
    if not tail.any():
        return out * np.exp(-big)
    big[tail] -= _SHIFT  # exact: big is within [256, 1024] there (Sterbenz)
    out *= np.exp(-big)
    out[tail] *= _EXP_MINUS_SHIFT
    return out


# The zero of f'' (tanh form) at |x| = x1, and the Taylor series of f'' in |x| - x1 there,
# from the oracle with mpmath as _GELU_TANH_TAYLOR is for f': P - Q below cancels near it.
_GELU_TANH_ZERO2 = (1.4185040087908283, 8.089265124388305e-17)
_GELU_TANH_TAYLOR2 = (
    -0.4095488174124191, 0.432081111593848, -0.008168951883944803, -0.16109481693213482,
    0.056750540975161724, 0.020035361162701274, -0.01671150756085392, 0.0007632001136916162,
    0.002643461146696662, -0.0007514200775098502, -0.00026173756856854425, 0.00017619942054101047,
    6.138879668243466e-06, -2.918654105104775e-05, 4.884341759522852e-06, 3.568864966961748e-06,
    -1.501746538549582e-06, -2.3134876605993593e-07, 2.779934168936508e-07,
    -2.4601994673299104e-08, -3.602721872649386e-08, 1.1237042794566375e-08,
    2.851641780735067e-09, -2.207298319503112e-09, 5.3427653791305414e-11,
    3.007050913088175e-10, -6.931417480332243e-11,
)  # fmt: skip
# A and B to twice float64's precision: sigma'(z) = e^{-|z|} (...) turns an error in z into
# |z| times that error in f'', and rounding A, B or z costs up to an ULP of z each
_GELU_A2 = (1.5957691216057308, -9.96930880911092e-17)
_GELU_B2 = (0.07135481627260025, -6.175149918155315e-19)


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """a = hi + lo with hi to 26 bits (Veltkamp), so that products of his are exact."""
    t = 134217729.0 * a  # 2^27 + 1
    hi = t - (t - a)
    return hi, a - hi


def _two_product(a: np.ndarray, b: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """a b = p + err exactly (Dekker), for |a b| far from overflow."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(np.asarray(b, dtype=np.float64))
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _gelu_tanh_argument2(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """z = a (A + B a^2) for 0 <= a <= 1e3 as hi + lo, to about 2^-100 relative."""
    s, s_err = _two_product(a, a)
    t, t_err = _two_product(s, _GELU_B2[0])
    t_err += _GELU_B2[0] * s_err + _GELU_B2[1] * s
    w = _GELU_A2[0] + t  # A > 0 and t >= 0: |t err| of the sum is below w's ULP
    w_err = ((_GELU_A2[0] - w) + t) + t_err + _GELU_A2[1]
    z, z_err = _two_product(w, a)
    z_err += w_err * a
    hi = z + z_err
    return hi, z_err - (hi - z)


# P - Q below as a polynomial in |x|, 2A - A^2 a + 12B a^2 - 6AB a^3 - 9B^2 a^5, its
# coefficients to twice float64's precision: P and Q cancel by up to a factor 4 near |x| = 2
_GELU_TANH_BRACKET = (
    (3.1915382432114616, -1.993861761822184e-16),
    (-2.5464790894703255, 1.5742941340145989e-16),
    (0.8562577952712029, 4.810097132947145e-17),
    (-0.6831948749139936, -3.908043789416729e-17),
    (0.0, 0.0),
    (-0.045823588247668835, -8.214261333880257e-20),
)


def _polynomial2(a: np.ndarray, coefficients: tuple[tuple[float, float], ...]) -> np.ndarray:
    """sum c_k a^k by Horner's rule in double-double (c_k = hi + lo), rounded once."""
    hi = np.full(np.shape(a), coefficients[-1][0])
    lo = np.full(np.shape(a), coefficients[-1][1])
    for c_hi, c_lo in reversed(coefficients[:-1]):
        p, p_err = _two_product(hi, a)
        p_err += lo * a
        s = p + c_hi  # two-sum: s + s_err = p + c_hi exactly
        b = s - p
        s_err = (p - (s - b)) + (c_hi - b)
        lo = s_err + p_err + c_lo
        hi = s + lo
        lo -= hi - s
    return hi + lo


def _gelu_tanh_second(x: np.ndarray) -> np.ndarray:
    """f'' of the tanh form, even in x: with z = 2u, z' = A + 3B x^2, e = exp(-|z|),
    e ((P - Q) + e (P + Q)) / (1 + e)^3, P = 2A + 12B x^2, Q = |x| z'^2."""
    # sigma'(z) (2 z' + x z'' - x z'^2 tanh(z/2)) over one denominator, in e
    a = np.clip(np.abs(x), -np.inf, _GATE_LIMIT)
    z, z_lo = _gelu_tanh_argument2(a)
    a2 = a * a
    zp = _GELU_A + 3.0 * _GELU_B * a2
    p = 2.0 * _GELU_A + 12.0 * _GELU_B * a2
    q = a * zp * zp
    e = np.exp(-z)
    c = _polynomial2(a, _GELU_TANH_BRACKET) + e * (p + q)
    d = e + 3.0
    d *= e
    d += 3.0
    d *= e
    d += 1.0
    c /= d
    c *= 1.0 - z_lo  # e^{-(z + z_lo)}, as |z_lo| < 1e-12
    out = _times_exp_minus(c, z)
    series, near = _near_zero(a, _GELU_TANH_ZERO2, _GELU_TANH_TAYLOR2)
    return np.where(near, series, out)


def gelu_second(x: np.ndarray, approximate: str) -> np.ndarray:
    r"""$\phi(x)\,(2 - x^2)$ (tanh form: $\sigma'(z)\bigl(2z' + x z'' - x z'^2
    \tanh(z/2)\bigr)$ with $z = 2u$ the tanh's argument doubled)."""
    if approximate == "tanh":
        return _gelu_tanh_second(x)
    # (sqrt 2 - |x|)(sqrt 2 + |x|): 2 - x^2 cancels near |x| = sqrt 2
    a = np.clip(np.abs(x), -np.inf, 40.0)
    c = (_SQRT2[0] - a) + _SQRT2[1]
    c *= (_SQRT2[0] + a) + _SQRT2[1]
    c *= _INV_SQRT_2PI
    return _times_half_gaussian(c, a)


gelu = register(
    Activation(
        name="gelu",
        display_name="GELU",
        family="gated",
        forward=gelu_forward,
        backward=gelu_backward,
        formula=r"x\,\Phi(x)",
        derivative_formula=r"\Phi(x) + x\,\phi(x)",
        second=gelu_second,
        second_derivative_formula=r"\phi(x)\,\left(2 - x^2\right)",
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


# CLIP's constant: sigma(1.702 x) is close to Phi(x)
QUICK_GELU_SCALE = 1.702


def _quick_gelu_argument(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1.702 x = z + z_lo exactly (Dekker), x cut at +-1e3 where the gate is 0 or 1.
    Rounding z would cost |z| ULPs of e^{z} in the left tail, and every digit of f' near
    its zero, where f' is no better than z is."""
    return _two_product(_clamp(x), QUICK_GELU_SCALE)


def quick_gelu_forward(x: np.ndarray) -> np.ndarray:
    r"""QuickGELU, $x\,\sigma(1.702\,x)$: Swish at $\beta = 1.702$."""
    # sigma(z + z_lo) = sigma(z) (1 + z_lo sigma(-z)) to first order, z_lo being tiny
    z, z_lo = _quick_gelu_argument(x)
    correction = _sigmoid(-z)
    correction *= z_lo
    correction += 1.0
    xc = np.clip(x, -_GATE_LIMIT, np.inf)  # sigma(z) is 0 there: no -inf * 0
    out = _sigmoid(z)
    out *= xc
    out *= correction
    if out.size and not np.min(z) >= _EXP_TAIL:  # False if any z is NaN
        tail = z < _EXP_TAIL  # x e^{z + z_lo}, rounded once where it is subnormal
        out[tail] = _times_exp(xc[tail] * correction[tail], z[tail])
    return out


def quick_gelu_backward(x: np.ndarray) -> np.ndarray:
    r"""$\sigma(1.702 x)\,\bigl(1 + 1.702 x\,(1 - \sigma(1.702 x))\bigr)$."""
    # SiLU's derivative at z, plus z_lo times its slope there, SiLU's f''
    z, z_lo = _quick_gelu_argument(x)
    out = silu_backward(z)
    out += z_lo * _silu_curvature(z, 1.0)
    return out


def quick_gelu_second(x: np.ndarray) -> np.ndarray:
    r"""$1.702\,\sigma(1.702 x)\,(1 - \sigma(1.702 x))\,\bigl(2 + 1.702 x\,
    (1 - 2\sigma(1.702 x))\bigr)$."""
    return swish_second(x, QUICK_GELU_SCALE)


quick_gelu = register(
    Activation(
        name="quick_gelu",
        display_name="QuickGELU",
        family="gated",
        forward=quick_gelu_forward,
        backward=quick_gelu_backward,
        formula=r"x\,\sigma(1.702 x)",
        derivative_formula=r"\sigma(1.702 x)\,\bigl(1 + 1.702 x\,(1 - \sigma(1.702 x))\bigr)",
        second=quick_gelu_second,
        second_derivative_formula=r"1.702\,\sigma(1.702 x)\,\bigl(1 - \sigma(1.702 x)\bigr)"
        r"\bigl(2 + 1.702 x\,(1 - 2\sigma(1.702 x))\bigr)",
        use_case="The GELU of OpenAI's CLIP and of the models built on its encoders: one "
        "sigmoid instead of the normal CDF.",
        limitations="Only an approximation of GELU, and a model trained with one should "
        "be run with the same one; it is Swish with beta fixed at 1.702.",
        frameworks="Hugging Face transformers QuickGELUActivation ('quick_gelu' in "
        "ACT2FN, src/transformers/activations.py at commit 00e12e7c): input * "
        "torch.sigmoid(1.702 * input); PyTorch, JAX and Keras have no function.",
        reference="Hendrycks & Gimpel, Gaussian Error Linear Units (2016), section 2; "
        "Radford et al., CLIP (2021).",
    )
)


def _tanh_softplus(x: np.ndarray) -> np.ndarray:
    """tanh(ln(1 + e^x)) = n / (n + 2) with n = (1 + w)^2 - 1 = w (w + 2), w = e^x."""
    if np.ndim(x) == 0:  # the in-place steps below need arrays, not NumPy scalars
        return _tanh_softplus(np.reshape(x, 1)).reshape(())
    # Sums and products of positive terms, and w enters once: no cancellation on either
    # side of 0, one exponential. x is cut at 40, where n stays finite and 2 / (n + 2) is
    # below 2^-114, so that the ratio is 1 as it is for every larger x. In two buffers.
    w = np.clip(x, -np.inf, 40.0, out=np.empty_like(x, dtype=np.float64))
    np.exp(w, out=w)
    n = np.add(w, 2.0)
    n *= w
    return np.divide(n, np.add(n, 2.0, out=w), out=n)


def mish_forward(x: np.ndarray) -> np.ndarray:
    r"""Mish, $x \tanh\bigl(\operatorname{softplus}(x)\bigr)$."""
    # tanh(softplus(x)) as a ratio of polynomials in exp(-|x|): no overflow, no cancellation.
    out = _tanh_softplus(x)
    if out.size == 0 or np.min(x) >= -_GATE_LIMIT:  # False if any x is NaN: np.min is NaN
        return np.multiply(out, x, out=out)
    return np.multiply(out, np.maximum(x, -_GATE_LIMIT), out=out)


def _mish_left(
    e: np.ndarray, p: np.ndarray, q: np.ndarray, out: np.ndarray, spare: np.ndarray
) -> np.ndarray:
    """mish' for x < 0 in e = e^x, into ``out``: e (p + e (q + e (4 + e))) over
    (e^2 + 2e + 2)^2 = 4 + e (8 + e (8 + e (4 + e))), with p = 4 (1 + x), q = 6 + 4x.
    The denominator expanded, positive terms by Horner's rule, in ``spare`` (which may be
    q's buffer): it rounds less than the square of a sum (off the grid, f' is now 3.1 ULP
    beyond its condition number at most, where the square gave 4.1, near x = -0.2)."""
    np.add(e, 4.0, out=out)
    out *= e
    out += q
    out *= e
    out += p
    out *= e
    den = np.add(e, 4.0, out=spare)
    den *= e
    den += 8.0
    den *= e
    den += 8.0
    den *= e
    den += 4.0
    return np.divide(out, den, out=out)


def mish_backward(x: np.ndarray) -> np.ndarray:
    r"""$\tanh(\operatorname{softplus}(x)) + x\,\sigma(x)\,
    \operatorname{sech}^2(\operatorname{softplus}(x))$."""
    if np.ndim(x) == 0:  # the in-place steps below need arrays, not NumPy scalars
        return mish_backward(np.reshape(x, 1)).reshape(())
    # One fraction in e = exp(-|x|), its numerator led by the exact 4 (1 + x): the sum of the
    # two textbook terms cancels over the whole dip around x = -1.19.
    # In place, in six buffers: on a million x, each further temporary costs more than its
    # arithmetic. right: (1 + e (4 + e ((6 + 4x) + 4e (1 + x)))) / (1 + 2e + 2e^2)^2, left:
    # e (4 (1 + x) + e ((6 + 4x) + e (4 + e))) / (e^2 + 2e + 2)^2.
    p = np.clip(x, -_GATE_LIMIT, _GATE_LIMIT, out=np.empty_like(x, dtype=np.float64))
    q = np.multiply(p, 4.0)  # 4x, exact
    c2 = np.subtract(2.0, q)
    c1 = np.subtract(4.0, q)
    q += 6.0  # 6 + 4x
    p += 1.0
    p *= 4.0  # 4 (1 + x), exact
    e = np.abs(x, out=np.empty_like(p))
    np.negative(e, out=e)
    np.exp(e, out=e)
    # right as 1 - e^2 ((2 - 4x) + e ((4 - 4x) + 4e)) / (1 + 2e + 2e^2)^2: the fraction is
    # at most 0.4, so that its rounding errors reach f' shrunk
    right = np.multiply(e, 4.0)
    right += c1
    right *= e
    right += c2
    w = np.multiply(e, e, out=c1)
    right *= w
    u = np.multiply(e, 2.0, out=c2)
    w *= 2.0
    u += 1.0
    u += w
    u *= u
    right /= u
    np.subtract(1.0, right, out=right)
    left = _mish_left(e, p, q, out=w, spare=u)
    # both finite for every number x: x * True + y * False picks one, 3x faster than np.where
    is_right = x >= 0
    right *= is_right
    left *= np.logical_not(is_right, out=is_right)
    return np.add(right, left, out=right)


@narrow_form_of(mish_backward)
def _mish_backward_narrow(x: np.ndarray) -> np.ndarray:
    """mish_backward's left fraction for every x, in w = e^x: for x < 0 the same arithmetic
    (e = w there), and for x >= 0 sums and products of positive terms, some thirty
    roundings and w's error at most quadrupled, all within 2^-53 relative: within 2^-47 of
    f'. x is cut at 22, where w^4 is finite and f' - 1 < 2^-55: 1 in float32 as f'(x)."""
    if np.ndim(x) == 0:  # the in-place steps below need arrays, not NumPy scalars
        return _mish_backward_narrow(np.reshape(x, 1)).reshape(())
    p = np.clip(x, -_GATE_LIMIT, 22.0, out=np.empty_like(x, dtype=np.float64))
    q = np.multiply(p, 4.0)
    q += 6.0  # 6 + 4x
    w = np.exp(p)
    p += 1.0
    p *= 4.0  # 4 (1 + x)
    return _mish_left(w, p, q, out=np.empty_like(w), spare=q)


# (w^2 + 2w + 2)^3 and (1 + 2e + 2e^2)^3 expanded, lowest power first: positive
# coefficients at a positive argument, so Horner's rule rounds less than cubing a sum
_MISH_CUBE_LEFT = (8.0, 24.0, 36.0, 32.0, 18.0, 6.0, 1.0)
_MISH_CUBE_RIGHT = (1.0, 6.0, 18.0, 32.0, 36.0, 24.0, 8.0)


def _positive_polynomial(e: np.ndarray, coefficients: tuple[float, ...]) -> np.ndarray:
    out = np.full(np.shape(e), coefficients[-1])
    for c in reversed(coefficients[:-1]):
        out *= e
        out += c
    return out


def mish_second(x: np.ndarray) -> np.ndarray:
    r"""$\operatorname{sech}^2(s)\,\sigma(x)\bigl(2 + x\,\sigma(-x) - 2x\,\sigma(x)
    \tanh(s)\bigr)$ with $s = \operatorname{softplus}(x)$."""
    # One fraction in w = e^x for x < 0, 4w N / (w^2 + 2w + 2)^3 with N = (4 + 2x) +
    # w (8 + 2x) + w^2 (6 - 3x) + w^3 (2 - 2x), and in e = e^{-x} for x >= 0, 4e^2 N' /
    # (1 + 2e + 2e^2)^3 with N' = (2 - 2x) + e (6 - 3x) + e^2 (8 + 2x) + e^3 (4 + 2x): no
    # exponential overflows, and the terms exact in x lead where the sum has its zeros.
    # The exponential is applied last, so that a subnormal result rounds once.
    xc = np.clip(x, -_GATE_LIMIT, _GATE_LIMIT)
    is_right = xc >= 0
    a = np.abs(xc)
    e = np.exp(-a)
    two_x = 2.0 * xc
    three_x = 3.0 * xc
    left = 2.0 - two_x
    left *= e
    left += 6.0 - three_x
    left *= e
    left += 8.0 + two_x
    left *= e
    left += 4.0 + two_x
    left /= _positive_polynomial(e, _MISH_CUBE_LEFT)
    right = 4.0 + two_x
    right *= e
    right += 8.0 + two_x
    right *= e
    right += 6.0 - three_x
    right *= e
    right += 2.0 - two_x
    right /= _positive_polynomial(e, _MISH_CUBE_RIGHT)
    c = np.where(is_right, right, left)
    c *= 4.0
    # e^{-|x|} once on the left, e^{-2x} on the right
    return _times_exp_minus(c, np.where(is_right, 2.0 * a, a))


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
        second=mish_second,
        second_derivative_formula=r"\operatorname{sech}^2\bigl(\operatorname{softplus}(x)\bigr)"
        r"\,\sigma(x)\,\bigl(2 + x\,\sigma(-x) - 2x\,\sigma(x)\,"
        r"\tanh\bigl(\operatorname{softplus}(x)\bigr)\bigr)",
        use_case="A smooth, self-gated activation close to SiLU, used in object "
        "detectors (YOLOv4).",
        limitations="The most expensive here (exp, log and tanh per unit); not "
        "monotonic, with a dip to about -0.31 near x = -1.19.",
        frameworks="PyTorch nn.Mish, JAX jax.nn.mish, Keras keras.activations.mish; "
        "none has a parameter.",
        reference="Misra, Mish: A Self Regularized Non-Monotonic Activation Function (2019).",
    )
)


def telu_forward(x: np.ndarray) -> np.ndarray:
    r"""TeLU, $x \tanh\left(e^{x}\right)$."""
    # e^x capped at e^30, where tanh is 1; in the far left tail tanh(e^x) = e^x and
    # x e^x is scaled so that it rounds once where it is subnormal
    w = np.exp(np.clip(x, -np.inf, 30.0))
    out = np.tanh(w, out=w)
    if out.size == 0 or np.min(x) >= _EXP_TAIL:  # False if any x is NaN
        return np.multiply(out, x, out=out)
    out *= np.clip(x, -_GATE_LIMIT, np.inf)
    tail = x < _EXP_TAIL
    out[tail] = _times_exp(np.maximum(x[tail], -_GATE_LIMIT), x[tail])
    return _keep_nan(x, out)  # the input's NaN, whatever sign tanh's vector loop gives it


def _telu_pieces(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x clamped to +-1e3, w = e^x, tanh(w), 4 / (1 + E)^2 with E = e^{-2w}): sech^2(w)
    is the last times E, and 1 - tanh^2 would cancel once w passes 1."""
    xc = _clamp(x)
    w = np.exp(np.clip(xc, -np.inf, 30.0))  # past it tanh(w) = 1 and E = 0
    big = np.exp(-2.0 * w)
    big += 1.0
    return xc, w, np.tanh(w), 4.0 / (big * big)


# The zero of f' (the minimum of TeLU) and the zero of f'' at x > 0, with the Taylor
# series there, from the oracle with mpmath as for GELU: the two terms of each cancel near
# it. (f'' has one more zero, near -2.07, where its leading term 2 + x is exact.)
_TELU_ZERO1 = (-1.078860058464624, -9.55786742622646e-17)
_TELU_TAYLOR1 = (
    0.3525036331603062, 0.3252269138875309, 0.10786032936442337, -0.022875972060733378,
    -0.045645387693479984, -0.025487703563799875, -0.005629789964385507, 0.0027715928931243703,
    0.0034002744090071715, 0.0016641690502916502, 0.0003022982929299591, -0.00020187575175518,
    -0.0002119141773405725, -9.603493263295568e-05, -1.4793194852334724e-05, 1.2648096951420702e-05,
    1.199038537801436e-05, 5.117352696013257e-06, 6.583189042202188e-07, -7.361671974228515e-07,
    -6.414512678013859e-07, -2.591753324811976e-07, -2.663092428565792e-08, 4.091566016278119e-08,
    3.3078729851337745e-08, 1.2673782447973223e-08, 9.57900126689221e-10, -2.198823719704995e-09,
    -1.6609658541289202e-09, -6.035801057921976e-10,
)  # fmt: skip
_TELU_ZERO2 = (0.6965639603951724, -4.8319673145767366e-17)
_TELU_TAYLOR2 = (
    -0.8338185514456833, 1.609005508360816, 0.3822119403781052, -2.3425727479473353,
    0.21027569378453603,
    1.9572607498504428, -0.43458066486481106, -1.1720393956800275, 0.42687289981908366,
    0.5297599371206111, -0.339067039234623, -0.17623661829910733, 0.23227668432724163,
    0.032456390246527404, -0.13619028885199613, 0.01056553186733392, 0.06784863427854752,
    -0.01727108721874824, -0.028682413594028167, 0.013794004115586086, 0.010146409221845372,
    -0.008781569531316757, -0.0027546281594905972, 0.0048030553142126495, 0.0002901220636842585,
    -0.0023073945915108966, 0.0003191875606129528, 0.0009810881474872832, -0.0003396235388476908,
    -0.0003664883245031186, 0.0002286143249014853, 0.00011506664288931864, -0.00012677980614458475,
    -2.5126136727110726e-05, 6.170002816036916e-05, -1.297460695485498e-06, -2.6904555541326332e-05,
    5.973688399968521e-06, 1.051710357291359e-05, -4.745506339339079e-06, -3.5995175651901306e-06,
    2.8026280003379873e-06,
)  # fmt: skip


# sinh(u) - u = u^3 sum_k u^{2k} / (2k + 3)!, to 2^-60 relative for u < 0.7
_SINH_MINUS_X = tuple(1.0 / math.factorial(2 * k + 3) for k in range(9))


def telu_backward(x: np.ndarray) -> np.ndarray:
    r"""$\tanh\left(e^{x}\right) + x\,e^{x} \operatorname{sech}^2\left(e^{x}\right)$."""
    xc, w, t, scale = _telu_pieces(x)
    out = t + _times_exp_minus(xc * w * scale, 2.0 * w)
    # Left of the minimum the two terms cancel: there, with u = 2w, f' = (sinh u - u +
    # (1 + x) u) / (1 + cosh u), where 1 + x is exact and sinh u - u, summed as its series
    # (u < 0.7), is small and positive
    left = x < _TELU_ZERO1[0]
    u = 2.0 * np.where(left, w, 0.0)
    u2 = u * u
    series = np.full(u.shape, _SINH_MINUS_X[-1])
    for c in reversed(_SINH_MINUS_X[:-1]):
        series *= u2
        series += c
    series *= u2 * u
    series += (1.0 + xc) * u
    series /= 1.0 + np.cosh(u)
    out = np.where(left, series, out)
    if out.size and not np.min(x) >= _EXP_TAIL:  # (1 + x) e^x, as the forward's tail
        tail = x < _EXP_TAIL
        out[tail] = _times_exp(1.0 + xc[tail], x[tail])
    series, near = _near_zero(x, _TELU_ZERO1, _TELU_TAYLOR1)
    return _keep_nan(x, np.where(near, series, out))


def telu_second(x: np.ndarray) -> np.ndarray:
    r"""$e^{x} \operatorname{sech}^2\left(e^{x}\right) \left(2 + x - 2x\,e^{x}
    \tanh\left(e^{x}\right)\right)$."""
    # e^{-2w} applied last: it is subnormal from x = 5.9 on, where the bracket is large
    xc, w, t, scale = _telu_pieces(x)
    c = 2.0 + xc - 2.0 * xc * w * t
    c *= w * scale
    out = _times_exp_minus(c, 2.0 * w)
    if out.size and not np.min(x) >= _EXP_TAIL:  # (2 + x) e^x
        tail = x < _EXP_TAIL
        out[tail] = _times_exp(2.0 + xc[tail], x[tail])
    series, near = _near_zero(x, _TELU_ZERO2, _TELU_TAYLOR2)
    return _keep_nan(x, np.where(near, series, out))


telu = register(
    Activation(
        name="telu",
        display_name="TeLU",
        family="gated",
        forward=telu_forward,
        backward=telu_backward,
        formula=r"x \tanh\left(e^{x}\right)",
        derivative_formula=r"\tanh\left(e^{x}\right) + x\,e^{x} "
        r"\operatorname{sech}^2\left(e^{x}\right)",
        second=telu_second,
        second_derivative_formula=r"e^{x} \operatorname{sech}^2\left(e^{x}\right) "
        r"\left(2 + x - 2x\,e^{x} \tanh\left(e^{x}\right)\right)",
        use_case="A smooth, self-gated unit whose gate tanh(e^x) reaches 1 doubly "
        "exponentially fast: the identity, like ReLU, for all but small positive x, with a "
        "gradient that persists for moderately negative x.",
        limitations="Not monotonic (a dip near x = -1.1); an exp and a tanh per unit; "
        "new (2024), with far less use than SiLU or GELU.",
        frameworks="Not in PyTorch, JAX or Keras: write x * torch.tanh(torch.exp(x)) "
        "(jnp, keras.ops likewise).",
        reference="Fernandez & Mali, TeLU Activation Function for Fast and Stable Deep "
        "Learning (arXiv 2412.20269, 2024); the same function as TanhExp (Liu & Di, 2020).",
    )
)
