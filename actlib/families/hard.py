"""The hard (piecewise-linear) variants: ReLU6, Hardtanh, Hardsigmoid, Hardswish.

The page is ``docs/functions/hard.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
"""

from __future__ import annotations

import numpy as np

from .._core import Activation, check_real, exact, faithful32, register
from .._stable import (
    _keep_nan,
)
from .._types import Case, Param


@exact
def relu6_forward(x: np.ndarray) -> np.ndarray:
    r"""ReLU capped at 6, $\min(\max(0, x), 6)$."""
    return np.clip(x, 0.0, 6.0)


@exact
def relu6_backward(x: np.ndarray) -> np.ndarray:
    r"""$1$ for $0 < x < 6$, else $0$: ReLU6' is 0 at both kinks, x = 0 and x = 6, as in
    PyTorch."""
    return _keep_nan(x, ((x > 0) & (x < 6)).astype(float))


@exact
def relu6_second(x: np.ndarray) -> np.ndarray:
    r"""$0$: every piece is linear; at the kinks, the 0 of the piece ReLU6' takes."""
    return _keep_nan(x, np.zeros_like(x))


relu6 = register(
    Activation(
        name="relu6",
        display_name="ReLU6",
        family="hard",
        forward=relu6_forward,
        backward=relu6_backward,
        formula=(Case("0", r"x \le 0"), Case("x", "0 < x < 6"), Case("6", r"x \ge 6")),
        derivative_formula=(Case("0", r"x \le 0"), Case("1", "0 < x < 6"), Case("0", r"x \ge 6")),
        second=relu6_second,
        second_derivative_formula="0",
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


@exact
def hardtanh_forward(x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
    r"""Hard tanh, $x$ clipped to $[m, M]$.

    Args:
        min_val: the lower bound $m$ (default -1.0, as in PyTorch).
        max_val: the upper bound $M > m$ (default 1.0).
    """
    low, high = x.dtype.type(min_val), x.dtype.type(max_val)
    if low == min_val and high == max_val:  # float32 holds the bounds: clip there, exactly
        return np.clip(x, low, high)
    return np.clip(x, np.float64(min_val), np.float64(max_val))  # compared in float64


def hardtanh_backward(x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
    r"""$1$ for $m < x < M$, else $0$: Hardtanh' is 0 at both bounds, as in PyTorch."""
    return _keep_nan(x, ((x > min_val) & (x < max_val)).astype(float))


@exact
def hardtanh_second(x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
    r"""$0$: every piece is linear; at the bounds, the 0 of the piece Hardtanh' takes."""
    return _keep_nan(x, np.zeros_like(x))


def hardtanh_d_min_val(x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
    r"""$\partial f / \partial m$: $1$ for $x \le m$, else $0$. At $x = m$, where f has no
    derivative in $m$ (the one-sided ones are 0 and 1), the 1 of the piece $x \le m$: the
    partials in $x$, $m$ and $M$ add up to 1 (f moves with a common shift of all three), and
    Hardtanh'(m) = 0 leaves the 1 to $m$."""
    return _keep_nan(x, (x <= min_val).astype(float))


def hardtanh_d_max_val(x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
    r"""$\partial f / \partial M$: $1$ for $x \ge M$, else $0$; at $x = M$ the 1 of the piece
    $x \ge M$, for the reason :func:`hardtanh_d_min_val` gives."""
    return _keep_nan(x, (x >= max_val).astype(float))


hardtanh = register(
    Activation(
        name="hardtanh",
        display_name="Hardtanh",
        family="hard",
        forward=hardtanh_forward,
        backward=hardtanh_backward,
        formula=(Case("m", r"x \le m"), Case("x", "m < x < M"), Case("M", r"x \ge M")),
        derivative_formula=(Case("0", r"x \le m"), Case("1", "m < x < M"), Case("0", r"x \ge M")),
        second=hardtanh_second,
        second_derivative_formula="0",
        param_derivatives={"min_val": hardtanh_d_min_val, "max_val": hardtanh_d_max_val},
        param_derivative_formulas={
            "min_val": (Case("1", r"x \le m"), Case("0", "m < x < M"), Case("0", r"x \ge M")),
            "max_val": (Case("0", r"x \le m"), Case("0", "m < x < M"), Case("1", r"x \ge M")),
        },
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
hard_tanh = hardtanh


@faithful32  # x + 3 rounds once, the division by 6 last (the clip is exact)
def hardsigmoid_forward(x: np.ndarray) -> np.ndarray:
    r"""Hard sigmoid, $\frac{x}{6} + \frac{1}{2}$ clipped to $[0, 1]$ (PyTorch's form)."""
    # (x + 3) / 6 is exact-ish near x = -3, where x/6 + 1/2 would cancel.
    return np.clip((x + 3.0) / 6.0, 0.0, 1.0)


@exact
def hardsigmoid_backward(x: np.ndarray) -> np.ndarray:
    r"""$\frac{1}{6}$ for $-3 < x < 3$, else $0$: Hardsigmoid' is 0 at $\pm 3$, as in
    PyTorch."""
    return _keep_nan(x, np.multiply(np.abs(x) < 3.0, 1.0 / 6.0))


@exact
def hardsigmoid_second(x: np.ndarray) -> np.ndarray:
    r"""$0$: every piece is linear; at $\pm 3$, the 0 of the piece Hardsigmoid' takes."""
    return _keep_nan(x, np.zeros_like(x))


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
        second=hardsigmoid_second,
        second_derivative_formula="0",
        use_case="A cheap gate in mobile networks (the squeeze-and-excitation blocks of "
        "MobileNetV3).",
        limitations="Flat outside [-3, 3], where gradients are exactly 0; a crude "
        "sigmoid: its slope is 1/6, not 1/4.",
        frameworks="x/6 + 1/2 in PyTorch (nn.Hardsigmoid), JAX (jax.nn.hard_sigmoid) and "
        "Keras 3; Keras 2 used 0.2 x + 0.5, which saturates at ±2.5.",
        reference="Howard et al., Searching for MobileNetV3 (2019).",
    )
)
hard_sigmoid = hardsigmoid


def hardswish_forward(x: np.ndarray) -> np.ndarray:
    r"""Hard swish, $x \cdot \operatorname{hardsigmoid}(x)$: $0$ for $x \le -3$,
    $\frac{x\,(x + 3)}{6}$ for $-3 < x < 3$, $x$ for $x \ge 3$."""
    # x hardsigmoid(x), the gate (x + 3) / 6 clipped to [0, 1] before it is formed, so that
    # it is exactly 0 below -3 and exactly 1 from 3 on (6 times the rounded 1/6 is 1): no
    # mask, no np.where, and no x (x + 3) to overflow. x + 3 is exact near -3 (Sterbenz).
    # Four roundings in the middle piece, each within a relative 2^-53, so under 4 ULP.
    gate = np.clip(x, -3.0, 3.0)
    gate += 3.0
    gate *= 1.0 / 6.0
    # -inf * 0 is the one invalid product (a NaN x raises no flag): its flag, not a search
    # of x, says when to set the limit, 0
    invalid: list[str] = []
    with np.errstate(invalid="call", call=lambda kind, flag: invalid.append(kind)):
        gate *= x
    if invalid:
        gate[x == -np.inf] = 0.0
    return gate


def hardswish_backward(x: np.ndarray) -> np.ndarray:
    r"""$0$ for $x \le -3$, $\frac{2x + 3}{6}$ for $-3 < x < 3$, $1$ for $x \ge 3$:
    Hardswish'(-3) = 0 and Hardswish'(3) = 1, as in PyTorch."""
    xc = np.clip(x, -3.0, 3.0)
    return np.select([x <= -3, x >= 3], [0.0, 1.0], (2.0 * xc + 3.0) / 6.0)


def hardswish_second(x: np.ndarray) -> np.ndarray:
    r"""$\frac{1}{3}$ for $-3 < x < 3$, else $0$: at $\pm 3$ the 0 of the outer piece, the
    one Hardswish' takes there."""
    return _keep_nan(x, np.multiply(np.abs(x) < 3.0, 1.0 / 3.0))


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
        second=hardswish_second,
        second_derivative_formula=(
            Case("0", r"x \le -3"),
            Case(r"\frac{1}{3}", "-3 < x < 3"),
            Case("0", r"x \ge 3"),
        ),
        use_case="SiLU's shape at ReLU's cost, for mobile networks (MobileNetV3).",
        limitations="Not monotonic (minimum -0.375 at x = -1.5); dead below -3; its "
        "derivative jumps at ±3 (to 1.5 just below 3; the supremum is not attained).",
        frameworks="PyTorch nn.Hardswish, JAX jax.nn.hard_swish (alias hard_silu), Keras 3 "
        "keras.activations.hard_silu (alias hard_swish).",
        reference="Howard et al., Searching for MobileNetV3 (2019).",
    )
)
hard_silu = hardswish
hard_swish = hardswish
