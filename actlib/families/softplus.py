"""Softplus, log-sigmoid, squareplus, and sparse plus with its derivative sparse sigmoid.

The page is ``docs/functions/softplus.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
"""

from __future__ import annotations

import math

import numpy as np

from .._core import Activation, check_real, register
from .._stable import (
    _GATE_LIMIT,
    _sigmoid,
    _sigmoid_slope,
)
from .._types import Param


def _check_softplus(beta: float) -> None:
    check_real("beta", beta, positive=True)


def softplus_forward(x: np.ndarray, beta: float) -> np.ndarray:
    r"""Softplus, $\frac{1}{\beta} \ln\left(1 + e^{\beta x}\right)$, exactly: there is no
    threshold above which it switches to $x$ (PyTorch's has one, at $\beta x > 20$).

    Args:
        beta: sharpness $\beta > 0$ (default 1.0, as in PyTorch).
    """
    # max(x, 0) + log1p(e^{-beta|x|}) / beta: the exponential never overflows. In place,
    # in two buffers; max(x, 0) as a clip, three times faster than np.maximum with a scalar.
    t = np.abs(x, out=np.empty_like(x))
    with np.errstate(over="ignore"):  # beta |x| may round to inf: exp gives 0 then
        t *= -beta
    np.exp(t, out=t)
    np.log1p(t, out=t)
    if beta != 1.0:
        t /= beta
    t += np.clip(x, 0.0, np.inf, out=np.empty_like(t))
    return t


def softplus_backward(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\sigma(\beta x)$."""
    with np.errstate(over="ignore"):
        return _sigmoid(beta * x)


def softplus_second(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\beta\,\sigma(\beta x)\,\bigl(1 - \sigma(\beta x)\bigr)$."""
    # sigma(z) sigma(-z) in exp(-|z|) (_sigmoid_slope): 1 - sigma rounds to 0 in the right tail
    with np.errstate(over="ignore"):  # beta x may round to inf: the slope is 0 there
        out = _sigmoid_slope(beta * x)
    out *= beta
    return out


def softplus_d_beta(x: np.ndarray, beta: float) -> np.ndarray:
    r"""$\frac{\partial f}{\partial \beta} = \frac{1}{\beta}\left(x\,\sigma(\beta x) -
    \frac{1}{\beta} \ln\left(1 + e^{\beta x}\right)\right)$."""
    # With z = beta x the bracket is z sigma(z) - ln(1 + e^z), even in z, and equal to
    # -(|z| sigma(-|z|) + ln(1 + e^{-|z|})): two terms of one sign, where the textbook
    # difference loses every digit for large x
    with np.errstate(over="ignore"):
        a = np.abs(beta * x)
    np.clip(a, -np.inf, _GATE_LIMIT, out=a)  # past it both terms are 0: no inf * 0
    e = np.exp(-a)
    out = a * e / (1.0 + e)
    out += np.log1p(e)
    out /= -beta * beta
    return out


softplus = register(
    Activation(
        name="softplus",
        display_name="Softplus",
        family="softplus",
        forward=softplus_forward,
        backward=softplus_backward,
        formula=r"\frac{1}{\beta} \ln\left(1 + e^{\beta x}\right)",
        derivative_formula=r"\sigma(\beta x)",
        second=softplus_second,
        second_derivative_formula=r"\beta\,\sigma(\beta x)\,\bigl(1 - \sigma(\beta x)\bigr)",
        param_derivatives={"beta": softplus_d_beta},
        param_derivative_formulas={
            "beta": r"\frac{1}{\beta}\left(x\,\sigma(\beta x) - "
            r"\frac{1}{\beta} \ln\left(1 + e^{\beta x}\right)\right)"
        },
        use_case="A smooth ReLU, and the standard way to make an output positive "
        "(a variance, a rate, a scale).",
        limitations="Never exactly 0, so no sparsity; costs an exp and a log; "
        "softplus(0) = ln 2, not 0.",
        frameworks="PyTorch nn.Softplus(beta=1.0, threshold=20.0) returns x once "
        "beta x > 20, off there by ln(1 + e^-20)/beta = 2.1e-9/beta, 1.0e-10 relative; "
        "JAX (jax.nn.softplus) and Keras "
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
    # min(x, 0) as a clip, three times faster than np.minimum with a scalar.
    t = np.abs(x, out=np.empty_like(x))
    np.negative(t, out=t)
    np.exp(t, out=t)
    np.log1p(t, out=t)
    return np.subtract(np.clip(x, -np.inf, 0.0, out=np.empty_like(t)), t, out=t)


def log_sigmoid_backward(x: np.ndarray) -> np.ndarray:
    r"""$\sigma(-x) = 1 - \sigma(x)$."""
    return _sigmoid(-x)


def log_sigmoid_second(x: np.ndarray) -> np.ndarray:
    r"""$-\sigma(x)\,\bigl(1 - \sigma(x)\bigr)$."""
    # sigma(x) sigma(-x) in exp(-|x|): 1 - sigma rounds to 0 in the right tail
    out = _sigmoid_slope(x)
    return np.negative(out, out=out)


log_sigmoid = register(
    Activation(
        name="log_sigmoid",
        display_name="Log-sigmoid",
        family="softplus",
        forward=log_sigmoid_forward,
        backward=log_sigmoid_backward,
        formula=r"-\ln\left(1 + e^{-x}\right)",
        derivative_formula=r"\sigma(-x)",
        second=log_sigmoid_second,
        second_derivative_formula=r"-\sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        use_case="The log-probability of a binary label, as in the logistic loss: "
        "computed directly, it never takes the log of a rounded 0.",
        limitations="Rarely a hidden activation; it is -softplus(-x), so everything said "
        "about softplus applies mirrored.",
        frameworks="PyTorch nn.LogSigmoid, JAX jax.nn.log_sigmoid, Keras 3 "
        "keras.activations.log_sigmoid; none has a parameter.",
        reference="",
    )
)
logsigmoid = log_sigmoid


def _check_squareplus(b: float) -> None:
    check_real("b", b, positive=True)  # b = 0 is ReLU, with f'(0) = 0/0


def squareplus_forward(x: np.ndarray, b: float) -> np.ndarray:
    r"""Squareplus, $\frac{x + \sqrt{x^2 + b}}{2}$ (Barron, 2021).

    Args:
        b: the curvature $b > 0$ at the bend; $f(0) = \sqrt{b}/2$ (default 4, as in JAX
            and Keras).
    """
    # f(-|x|) = (b/2) / (s + |x|), as f(x) f(-x) = b/4: a sum, where x + s cancels for
    # x < 0; and f(x) = x + f(-x), a sum of positive terms for x >= 0, and below f(-x) for
    # x < 0, so that max(f(-|x|), x + f(-|x|)) picks the side, exactly, in two passes.
    a = np.abs(x)
    if a.size and np.max(a) <= 1e150:  # NaN compares False
        u = np.multiply(a, a)  # finite, and so is s + |x|
        u += b
        np.sqrt(u, out=u)
        u += a
        neg = np.divide(0.5 * b, u, out=u)
    else:  # halves first, where s + |x| overflows near 1.8e308
        u = _squareplus_root(a, b)
        u *= 0.5
        u += np.multiply(a, 0.5, out=np.empty_like(a))
        neg = np.divide(0.25 * b, u, out=u)
    return np.maximum(neg, np.add(x, neg, out=a), out=neg)


def _squareplus_root(a: np.ndarray, b: float) -> np.ndarray:
    """sqrt(a^2 + b) for a >= 0: a^2 + b rounds once and the root halves that. hypot, ten
    times slower, only past a = 1e150, where a^2 would overflow (and for inf and NaN)."""
    if a.size and np.max(a) <= 1e150:  # NaN compares False
        s = np.multiply(a, a)
        s += b
        return np.sqrt(s, out=s)
    moderate = np.minimum(a, 1e150)
    return np.where(a <= 1e150, np.sqrt(moderate * moderate + b), np.hypot(a, math.sqrt(b)))


def squareplus_backward(x: np.ndarray, b: float) -> np.ndarray:
    r"""$\frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)$."""
    # For x < 0, (1 - |x|/s)/2 cancels: f(x) / s = (b/2) / (s (s + |x|)) instead, and for
    # x >= 0 f'(x) = 1 - f'(-x) (f' - 1/2 is odd), where f'(-x) <= 1/2 does not cancel; the
    # side picked as max(f'(-|x|), [x >= 0] - f'(-|x|)), exact, where copysign is slow.
    # s (s + |x|) = t + |x| s with t = x^2 + b: the root's rounding enters once, weighted
    # by |x| s / (t + |x| s), where with s twice it took f' 4.4 ULP off near x = -4e-4
    # (2.6 at most now, measured). Past |x| = 1e150, where t overflows, and for inf and
    # NaN: (b/4) / f(|x|) / s, f(|x|) a sum of halves as in f, whose product would
    # overflow where f' is still subnormal.
    a = np.abs(x)
    big = None if a.size and np.max(a) <= 1e150 else ~(a <= 1e150)  # NaN compares False
    moderate = a if big is None else np.where(big, 0.0, a)
    t = np.multiply(moderate, moderate)
    t += b
    s = np.sqrt(t)
    moderate = np.multiply(moderate, s, out=a)
    moderate += t
    neg = np.divide(0.5 * b, moderate, out=moderate)
    if big is not None and big.any():
        far = np.abs(x[big])
        half_s = _squareplus_root(far, b)
        half_s *= 0.5
        far *= 0.5
        far += half_s
        neg[big] = 0.125 * b / far / half_s
    pos = np.subtract(x >= 0.0, neg, out=s)
    return np.maximum(neg, pos, out=neg)


def squareplus_second(x: np.ndarray, b: float) -> np.ndarray:
    r"""$\frac{b}{2\left(x^2 + b\right)^{3/2}}$."""
    # (b/2) / ((x^2 + b) s) with s = sqrt(x^2 + b): one square root rounded, not cubed.
    # Past |x| = 1e100, x^2 + b = x^2 and (b/2)/|x|/|x|/|x| divides without overflow.
    a = np.clip(np.abs(x), 0.0, 1e100)
    s2 = a * a
    s2 += b
    out = np.sqrt(s2)
    out *= s2
    np.divide(0.5 * b, out, out=out)
    if out.size and not np.max(np.abs(x)) <= 1e100:  # NaN compares False: look then too
        far = np.abs(x) > 1e100
        ax = np.abs(x[far])
        out[far] = 0.5 * b / ax / ax / ax
    return out


def squareplus_d_b(x: np.ndarray, b: float) -> np.ndarray:
    r"""$\frac{\partial f}{\partial b} = \frac{1}{4\sqrt{x^2 + b}}$."""
    return np.divide(0.25, _squareplus_root(np.abs(x), b))


squareplus = register(
    Activation(
        name="squareplus",
        display_name="Squareplus",
        family="softplus",
        forward=squareplus_forward,
        backward=squareplus_backward,
        formula=r"\frac{x + \sqrt{x^2 + b}}{2}",
        derivative_formula=r"\frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)",
        second=squareplus_second,
        second_derivative_formula=r"\frac{b}{2\left(x^2 + b\right)^{3/2}}",
        param_derivatives={"b": squareplus_d_b},
        param_derivative_formulas={"b": r"\frac{1}{4\sqrt{x^2 + b}}"},
        use_case="A softplus-like smooth ReLU made of one square root: no exp or log, "
        "so it is cheaper than softplus.",
        limitations="Its tails are algebraic, not exponential: f(x) - max(0, x) decays "
        "like b/(4|x|), so it is further from ReLU than softplus; squareplus(0) = "
        "sqrt(b)/2, not 0.",
        frameworks="JAX jax.nn.squareplus(x, b=4) and Keras 3 "
        "keras.activations.squareplus(x, b=4), both as the textbook formula, whose x * x "
        "overflows: it returns inf for large |x| of either sign, where for x < 0 the true "
        "value is near 0; PyTorch has no function: write (x + torch.sqrt(x * x + b)) / 2.",
        params={"b": Param(4.0, "b", slider=(0.25, 16.0, 0.25))},
        plot_params={"b": 4.0},
        validate=_check_squareplus,
        reference="Barron, Squareplus: A Softplus-Like Algebraic Rectifier (2021).",
    )
)
