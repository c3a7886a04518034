"""Softsign and the shrinkage functions.

The page is ``docs/functions/softsign.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
"""

from __future__ import annotations

import math

import numpy as np

from .._core import Activation, check_real, exact, faithful32, register
from .._stable import (
    _keep_nan,
)
from .._types import Case, Param

# Past 2^1000, x / (1 + |x|) rounds to +-1; clipping there keeps inf / inf out.
_SOFTSIGN_CLIP = 2.0**1000


@faithful32  # 1 + |x| rounds once, the division last
def softsign_forward(x: np.ndarray) -> np.ndarray:
    r"""Softsign, $\frac{x}{1 + |x|}$."""
    # Past 2^24 (float32) or 2^53, 1 + |x| rounds to |x| and x / |x| is +-1, the limit, except
    # at x = +-inf: inf / inf, the invalid flag, and +-1 put there.
    d = np.abs(x, out=np.empty_like(x))
    d += 1.0
    invalid: list[str] = []
    with np.errstate(invalid="call", call=lambda kind, flag: invalid.append(kind)):
        np.divide(x, d, out=d)
    if invalid:
        infinite = np.isinf(x)
        d[infinite] = np.sign(x[infinite])
    return d


def softsign_backward(x: np.ndarray) -> np.ndarray:
    r"""$\frac{1}{(1 + |x|)^2}$. Not $1 - f^2$: that is tanh's rule, not softsign's."""
    # (1 / (1 + |x|))^2: squaring first would overflow for |x| > 1e154. In one buffer.
    r = np.abs(x, out=np.empty(np.shape(x)))
    r += 1.0
    np.divide(1.0, r, out=r)
    r *= r
    return r


def softsign_second(x: np.ndarray) -> np.ndarray:
    r"""$-\frac{2}{(1 + x)^3}$ for $x > 0$ and $\frac{2}{(1 - x)^3}$ for $x \le 0$: f'' jumps
    from 2 to -2 at 0, and there this returns 2, the $x \le 0$ side."""
    # 1 + |x| = hi + lo exactly (two-sum): its rounding would be tripled by the cube.
    # Past 2^1000 the result is 0 anyway; clipping there keeps inf - inf out of the sum.
    a = np.minimum(np.abs(x), _SOFTSIGN_CLIP)
    hi = 1.0 + a
    back = hi - a
    lo = (1.0 - back) + (a - (hi - back))
    r = 1.0 / hi  # past 1e103, 1 / hi^3 would overflow first; r^3 underflows gracefully
    out = r * r * r
    out *= 2.0 - 6.0 * lo * r  # 2 (1 - 3 lo / hi): the first-order correction for lo
    return np.where(x > 0, -out, out)


softsign = register(
    Activation(
        name="softsign",
        display_name="Softsign",
        family="softsign",
        forward=softsign_forward,
        backward=softsign_backward,
        formula=r"\frac{x}{1 + |x|}",
        derivative_formula=r"\frac{1}{(1 + |x|)^2}",
        second=softsign_second,
        second_derivative_formula=(
            Case(r"-\frac{2}{(1 + x)^3}", "x > 0"),
            Case(r"\frac{2}{(1 - x)^3}", r"x \le 0"),
        ),
        use_case="A tanh-like squashing function with no exponential, whose tails "
        "approach ±1 polynomially rather than exponentially.",
        limitations="Still saturates (slope 1/(1+|x|)^2); its second derivative jumps at 0.",
        frameworks="PyTorch nn.Softsign, JAX jax.nn.soft_sign, Keras keras.activations.softsign.",
        reference="Bergstra et al. (2009); Glorot & Bengio (2010).",
    )
)
soft_sign = softsign

# x cosh x - sinh x = sum_k 2k / (2k+1)! x^(2k+1), all terms positive: no cancellation.
# 9 terms reach 2^-56 relative for |x| <= 1.03; highest power first, for Horner.
_SHRINK_SERIES = tuple(2 * k / math.factorial(2 * k + 1) for k in range(9, 0, -1))
# Beyond this |x|, x - tanh x > 1/4, at most one binade below tanh x (< 1): its error is at
# most twice tanh's own, in ULP of the result, and the subtraction is exact up to |x| = 1.9
# (Sterbenz: tanh x >= x / 2 there).
_SHRINK_SERIES_BELOW = 1.03


def tanhshrink_forward(x: np.ndarray) -> np.ndarray:
    r"""Tanhshrink, $x - \tanh(x)$."""
    # for |x| < 1.03, x - tanh x cancels: use (x cosh x - sinh x) / cosh x from its series,
    # evaluated in place and only there (gathered: 9 Horner steps over every x cost more).
    # The mask from two comparisons: boolean temporaries, not a float one for |x|; its
    # indices, as a boolean index branches per element, ten times slower on random signs.
    out = np.tanh(x, out=np.empty(np.shape(x)))  # C order, so that reshape(-1) is a view
    np.subtract(x, out, out=out)
    near = np.less(x, _SHRINK_SERIES_BELOW)
    near &= np.greater(x, -_SHRINK_SERIES_BELOW)
    inside = np.flatnonzero(near)
    xs = x.reshape(-1)[inside]
    y = xs * xs
    series = np.multiply(y, _SHRINK_SERIES[0])
    series += _SHRINK_SERIES[1]
    for c in _SHRINK_SERIES[2:]:
        series *= y
        series += c
    series *= y
    series *= xs
    series /= np.cosh(xs, out=xs)
    out.reshape(-1)[inside] = series
    return out


def tanhshrink_backward(x: np.ndarray) -> np.ndarray:
    r"""$\tanh^2(x)$."""
    t = np.tanh(x, out=np.empty_like(x))
    return np.multiply(t, t, out=t)


def tanhshrink_second(x: np.ndarray) -> np.ndarray:
    r"""$2 \tanh(x)\,(1 - \tanh^2(x))$."""
    # 1 - tanh^2 cancels where tanh nears +-1: sech^2 = 1 / cosh^2 instead, with x clamped
    # where sech^2 is already 0, so that cosh does not overflow.
    xc = np.clip(x, -400.0, 400.0)
    sech = 1.0 / np.cosh(xc)
    return 2.0 * np.tanh(xc) * sech * sech


tanhshrink = register(
    Activation(
        name="tanhshrink",
        display_name="Tanhshrink",
        family="softsign",
        forward=tanhshrink_forward,
        backward=tanhshrink_backward,
        formula=r"x - \tanh(x)",
        derivative_formula=r"\tanh^2(x)",
        second=tanhshrink_second,
        second_derivative_formula=r"2 \tanh(x) \left(1 - \tanh^2(x)\right)",
        use_case="Shrinkage: it pushes small inputs towards 0 (like x^3/3) and passes "
        "large ones through shifted by ±1; used in sparse coding.",
        limitations="Flat at 0 (f'(0) = 0), so small signals learn slowly; rarely used "
        "as a hidden activation.",
        frameworks="PyTorch nn.Tanhshrink, Keras 3 keras.activations.tanh_shrink; JAX has "
        "no function (x - jnp.tanh(x)).",
        reference="",
    )
)
tanh_shrink = tanhshrink


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


@exact
def shrink_second(x: np.ndarray, lambd: float) -> np.ndarray:
    r"""$0$: every piece is linear or constant; at $\pm\lambda$, the middle piece's 0."""
    return _keep_nan(x, np.zeros_like(x))


@exact
def softshrink_d_lambd(x: np.ndarray, lambd: float) -> np.ndarray:
    r"""$\partial f / \partial \lambda$: $1$ below $-\lambda$, $-1$ above $\lambda$, else 0; at
    $x = \pm\lambda$ f has no derivative in $\lambda$ and this returns the middle piece's 0."""
    # the sign of clip(x) - x: -1 above lambda, 1 below -lambda, +0 between, NaN for NaN
    return np.sign(np.clip(x, -lambd, lambd) - x)


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
        second=shrink_second,
        second_derivative_formula="0",
        param_derivatives={"lambd": softshrink_d_lambd},
        param_derivative_formulas={
            "lambd": (
                Case("1", r"x < -\lambda"),
                Case("0", r"-\lambda \le x \le \lambda"),
                Case("-1", r"x > \lambda"),
            )
        },
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
soft_shrink = softshrink


def hardshrink_forward(x: np.ndarray, lambd: float) -> np.ndarray:
    r"""Hard shrinkage: $x$ where $|x| > \lambda$, else 0.

    Args:
        lambd: the threshold $\lambda$ (default 0.5, as in PyTorch and Keras).
    """
    # NaN fails |x| <= lambda, so it falls through to x and stays NaN.
    return np.where(np.abs(x) <= lambd, 0.0, x)


def hardshrink_backward(x: np.ndarray, lambd: float) -> np.ndarray:
    r"""$1$ for $|x| > \lambda$, else $0$: Hardshrink' is 0 at $\pm\lambda$, as in PyTorch."""
    return _keep_nan(x, (np.abs(x) > lambd).astype(float))


@exact
def hardshrink_d_lambd(x: np.ndarray, lambd: float) -> np.ndarray:
    r"""$\partial f / \partial \lambda$: $0$ wherever it exists. At $x = \pm\lambda$ moving
    $\lambda$ moves a jump of f across x: no derivative (the distributional one has point
    masses there), and this returns 0, the value on either side."""
    return _keep_nan(x, np.zeros_like(x))


hardshrink = register(
    Activation(
        name="hardshrink",
        display_name="Hardshrink",
        family="softsign",
        forward=hardshrink_forward,
        backward=hardshrink_backward,
        formula=(
            Case("x", r"x < -\lambda"),
            Case("0", r"-\lambda \le x \le \lambda"),
            Case("x", r"x > \lambda"),
        ),
        derivative_formula=(
            Case("1", r"x < -\lambda"),
            Case("0", r"-\lambda \le x \le \lambda"),
            Case("1", r"x > \lambda"),
        ),
        second=shrink_second,
        second_derivative_formula="0",
        param_derivatives={"lambd": hardshrink_d_lambd},
        param_derivative_formulas={"lambd": "0"},
        # The values are (-inf, -lambda) U {0} U (lambda, inf); an Interval holds their
        # hull, which is what the numbers (infimum and supremum) check.
        use_case="Hard thresholding, the proximal step of an L0 penalty: keeps large "
        "inputs unchanged and sets small ones to exactly 0, for sparse codes.",
        limitations="Jumps at ±lambda, and has no gradient inside [-lambda, lambda]: a "
        "unit whose inputs stay there does not learn.",
        frameworks="PyTorch nn.Hardshrink(lambd=0.5), Keras 3 "
        "keras.activations.hard_shrink(x, threshold=0.5); both give gradient 0 at "
        "±lambda, as here. JAX has no function.",
        params={"lambd": Param(0.5, r"\lambda", slider=(0.0, 2.0, 0.25))},
        validate=_check_softshrink,
        reference="Donoho & Johnstone, Ideal spatial adaptation by wavelet shrinkage (1994).",
    )
)
hard_shrink = hardshrink
