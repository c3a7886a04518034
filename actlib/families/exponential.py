"""ELU, CELU and SELU, the exponential linear units; the exponential and the Gaussian.

The page is ``docs/functions/exponential.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
"""

from __future__ import annotations

import math

import numpy as np

from .._core import Activation, check_real, register
from .._stable import (
    _EXP_MINUS_SHIFT,
    _EXP_SHIFT,
    _GATE_LIMIT,
    _clamp,
    _keep_nan,
    _times_exp_minus_square,
)
from .._types import Case, Param

# A float64's sign, exponent and first 26 bits of its significand, as an int64 mask
_FIRST_26_BITS = ~np.int64((1 << 27) - 1)


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


def elu_second(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$0$ for $x > 0$ and $\alpha e^{x}$ for $x \le 0$: at 0, $\alpha$, the $x \le 0$
    branch that ELU'(0) takes."""
    return _keep_nan(x, np.where(x > 0, 0.0, alpha * np.exp(np.minimum(x, 0.0))))


def elu_d_alpha(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$\partial f / \partial \alpha$: $0$ for $x > 0$ and $e^{x} - 1$ for $x \le 0$."""
    return np.expm1(np.minimum(x, 0.0))  # expm1: e^x - 1 cancels for small |x|


elu = register(
    Activation(
        name="elu",
        display_name="ELU",
        family="exponential",
        forward=elu_forward,
        backward=elu_backward,
        formula=(Case("x", "x > 0"), Case(r"\alpha \left(e^{x} - 1\right)", r"x \le 0")),
        derivative_formula=(Case("1", "x > 0"), Case(r"\alpha e^{x}", r"x \le 0")),
        second=elu_second,
        second_derivative_formula=(Case("0", "x > 0"), Case(r"\alpha e^{x}", r"x \le 0")),
        param_derivatives={"alpha": elu_d_alpha},
        param_derivative_formulas={"alpha": (Case("0", "x > 0"), Case("e^{x} - 1", r"x \le 0"))},
        use_case="A ReLU whose negative side saturates smoothly at -alpha: mean "
        "activations closer to zero and no dead units.",
        limitations="An exponential per negative input costs more than ReLU; with "
        "alpha != 1 its derivative jumps at 0.",
        frameworks="alpha = 1.0 in PyTorch (nn.ELU), JAX (jax.nn.elu) and Keras "
        "(keras.activations.elu); all take the x <= 0 branch at 0, so ELU'(0) = alpha.",
        params={"alpha": Param(1.0, r"\alpha", slider=(0.1, 3.0, 0.1))},
        plot_params={"alpha": 1.0},
        validate=_check_elu,
        reference="Clevert, Unterthiner & Hochreiter (2015; ICLR 2016).",
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


def celu_second(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$0$ for $x > 0$ and $e^{x/\alpha} / \alpha$ for $x \le 0$: at 0, $1/\alpha$, the
    $x \le 0$ branch that CELU'(0) takes."""
    with np.errstate(over="ignore"):  # x / alpha may round to -inf: e^{-inf} is 0
        return _keep_nan(x, np.where(x > 0, 0.0, np.exp(np.minimum(x, 0.0) / alpha) / alpha))


# e^s - 1 - s = sum_{n >= 2} s^n / n!, all terms positive; 28 terms reach 2^-60 relative
# for 0 <= s <= 2. Highest power first, for Horner.
_EXPM1_MINUS_X_SERIES = tuple(1.0 / math.factorial(n) for n in range(29, 1, -1))


def _expm1_minus_x_series(
    x: np.ndarray, coefficients: tuple[float, ...] | tuple[np.floating, ...]
) -> np.ndarray:
    """x^2 (c_0 x^k + ... + c_k) by Horner, in x's dtype: with coefficients 1/n!, highest
    power first, the series of e^x - 1 - x, free of its cancellation near 0."""
    series = np.full_like(x, coefficients[0])
    for c in coefficients[1:]:
        series *= x
        series += c
    series *= x * x
    return series


def celu_d_alpha(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$\partial f / \partial \alpha$: $0$ for $x > 0$ and
    $e^{x/\alpha} - 1 - \frac{x}{\alpha} e^{x/\alpha}$ for $x \le 0$."""
    # With t = x / alpha <= 0 and s = -t, the textbook form is -e^t (e^s - 1 - s), whose
    # e^t - 1 and t e^t cancel near 0: for s <= 2 the series of e^s - 1 - s (no cancellation),
    # beyond it e^t (1 - t) - 1, where -1 dominates; t is clamped where e^t is 0.
    with np.errstate(over="ignore"):  # x / alpha may round to -inf
        t = np.maximum(np.minimum(x, 0.0) / alpha, -_GATE_LIMIT)
    s = -t
    near = s <= 2.0
    sn = np.where(near, s, 0.0)
    series = _expm1_minus_x_series(sn, _EXPM1_MINUS_X_SERIES)
    e = np.exp(t)
    return np.where(near, -e * series, e * (1.0 - t) - 1.0)


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
        second=celu_second,
        second_derivative_formula=(
            Case("0", "x > 0"),
            Case(r"\frac{1}{\alpha} e^{x/\alpha}", r"x \le 0"),
        ),
        param_derivatives={"alpha": celu_d_alpha},
        param_derivative_formulas={
            "alpha": (
                Case("0", "x > 0"),
                Case(r"e^{x/\alpha} - 1 - \frac{x}{\alpha} e^{x/\alpha}", r"x \le 0"),
            )
        },
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


def selu_second(x: np.ndarray) -> np.ndarray:
    r"""$0$ for $x > 0$ and $\lambda \alpha e^{x}$ for $x \le 0$: at 0, $\lambda \alpha$, the
    $x \le 0$ branch that SELU'(0) takes."""
    return _keep_nan(x, np.where(x > 0, 0.0, _SELU_SCALE_ALPHA * np.exp(np.minimum(x, 0.0))))


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
        second=selu_second,
        second_derivative_formula=(
            Case("0", "x > 0"),
            Case(r"\lambda \alpha e^{x}", r"x \le 0"),
        ),
        use_case="Self-normalising networks: with LeCun-normal weights, activations keep "
        "mean 0 and variance 1 layer after layer, without batch normalisation.",
        limitations="The guarantee needs plain fully connected layers, LeCun-normal "
        "initialisation and alpha-dropout; the derivative jumps from λα to λ at 0.",
        frameworks="The same constants in PyTorch (nn.SELU), JAX (jax.nn.selu) and Keras "
        "(keras.activations.selu). Keras pairs it with lecun_normal; PyTorch's own "
        "documentation says to initialise with nonlinearity='linear' (weights of "
        "variance 1/n) for a self-normalising network, since its calculate_gain('selu') = "
        "3/4 shrinks the weights and gives the self-normalisation up.",
        constants={r"\lambda": SELU_SCALE, r"\alpha": SELU_ALPHA},
        reference="Klambauer, Unterthiner, Mayr & Hochreiter, Self-Normalizing Neural "
        "Networks (2017).",
    )
)


def exponential_forward(x: np.ndarray) -> np.ndarray:
    r"""Exponential, $e^{x}$."""
    with np.errstate(over="ignore"):  # e^x beyond float64's range (x > 709.78) rounds to inf
        return np.exp(x)


def exponential_backward(x: np.ndarray) -> np.ndarray:
    r"""$e^{x}$: the exponential is its own derivative."""
    with np.errstate(over="ignore"):  # e^x beyond float64's range (x > 709.78) rounds to inf
        return np.exp(x)


exponential = register(
    Activation(
        name="exponential",
        display_name="Exponential",
        family="exponential",
        forward=exponential_forward,
        backward=exponential_backward,
        formula=r"e^{x}",
        derivative_formula=r"e^{x}",
        second=exponential_backward,  # the exponential is each of its derivatives
        second_derivative_formula=r"e^{x}",
        use_case="A positive output: the rate of a Poisson or exponential model, or a "
        "scale (a standard deviation) predicted as the exponential of a logit.",
        limitations="Overflows to inf above x = 709.78 and grows so fast that large inputs "
        "give huge gradients; never a hidden activation.",
        frameworks="Keras 3 keras.activations.exponential; PyTorch and JAX have no "
        "function as an activation, only torch.exp and jax.numpy.exp.",
        reference="",
    )
)


# Past this |x|, e^{-x^2} < 2^-1022 (x^2 > 708.4): each such element raises the underflow flag.
_GAUSSIAN_UNDERFLOWS = 26.62


def _minus_square(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(-hi, 1 - lo)`` with x^2 = hi + lo exactly, for |x| < 1e154, in three buffers."""
    # s is x to 26 bits (the rest masked off), so s^2 is exact, and x^2 - s^2 = (x - s)(x + s)
    # with x - s exact; the rounding of hi = s^2 + (x^2 - s^2) is then lo, exactly (Fast2Sum).
    s = np.bitwise_and(x.view(np.int64), _FIRST_26_BITS, out=np.empty(x.shape, np.int64))
    s = s.view(np.float64)
    square = np.multiply(s, s, out=np.empty_like(x))
    rest = np.subtract(s, x, out=np.empty_like(x))
    s += x
    rest *= s  # -(x^2 - s^2)
    neg_hi = np.subtract(rest, square, out=s)
    square += neg_hi  # s^2 - hi, exact (Sterbenz)
    square -= rest  # lo
    return neg_hi, np.subtract(1.0, square, out=square)


def gaussian_forward(x: np.ndarray) -> np.ndarray:
    r"""Gaussian, $e^{-x^2}$."""
    # x^2 = hi + lo exactly: rounding x^2 would cost x^2/2 ulps in e^{-x^2}. Then
    # e^{-lo} = 1 - lo to float64 precision, as |lo| <= 2^-53 x^2 < 1e-13 wherever
    # e^{-x^2} > 0: one exponential, not two. Past |x| = 26.62 the result underflows (and
    # x^2 overflows past 1e154, or is inf - inf at +-inf), which the flags report: only
    # then are those elements done again, clamped and with the exponent taken 512 up
    # (exactly, Sterbenz) and e^-512 applied last, so that a subnormal result rounds once.
    events: set[str] = set()
    with np.errstate(
        over="call", invalid="call", under="call", call=lambda kind, flag: events.add(kind)
    ):
        neg_hi, one_minus_lo = _minus_square(x)
        out = np.exp(neg_hi, out=neg_hi)
        out *= one_minus_lo
    if events:
        tail = ~(np.abs(x) <= _GAUSSIAN_UNDERFLOWS)  # and NaN
        if tail.any():
            shifted, tail_factor = _minus_square(_clamp(x[tail]))
            shifted += _EXP_SHIFT
            tail_values = np.exp(shifted, out=shifted)
            tail_values *= tail_factor
            tail_values *= _EXP_MINUS_SHIFT
            out[tail] = tail_values
    return out


def gaussian_backward(x: np.ndarray) -> np.ndarray:
    r"""$-2x\,e^{-x^2}$."""
    xc = _clamp(x)  # past 1e3, e^{-x^2} is 0 and -2x e^{-x^2} too, not inf * 0
    return _times_exp_minus_square(-2.0 * xc, xc)


def gaussian_second(x: np.ndarray) -> np.ndarray:
    r"""$(4x^2 - 2)\,e^{-x^2}$."""
    # 4x^2 - 2 = 4 (hi + lo) - 2 with x^2 = hi + lo exactly (Veltkamp): rounding x^2 first
    # would lose the digits that 4x^2 - 2 keeps near its zeros x = +-1/sqrt(2).
    xc = _clamp(x)
    split = 134217729.0 * xc  # 2^27 + 1
    head = split - (split - xc)  # x to 26 bits, so head * head is exact
    tail = xc - head
    hi = head * head
    lo = tail * (head + xc)  # x^2 - head^2, exact to rounding of a small term
    return _times_exp_minus_square((4.0 * hi - 2.0) + 4.0 * lo, xc)


gaussian = register(
    Activation(
        name="gaussian",
        display_name="Gaussian",
        family="exponential",
        forward=gaussian_forward,
        backward=gaussian_backward,
        formula=r"e^{-x^2}",
        derivative_formula=r"-2x\,e^{-x^2}",
        second=gaussian_second,
        second_derivative_formula=r"(4x^2 - 2)\,e^{-x^2}",
        use_case="A bump: the unit responds to inputs near 0 and ignores the rest; the "
        "activation of radial-basis-function networks, and a non-monotonic test case.",
        limitations="Vanishing gradient on both sides and at the peak itself (f'(0) = 0); "
        "not monotonic, so one unit cannot order its inputs.",
        frameworks="PyTorch, JAX and Keras have no function: write `torch.exp(-x**2)`, "
        "`jnp.exp(-x**2)` or `keras.ops.exp(-keras.ops.square(x))`.",
        reference="Broomhead & Lowe, radial basis function networks (1988).",
    )
)


# xIELU's fixed constants, buffers in the reference code (transformers' XIELUActivation),
# not learned: beta, the slope both sides share, and eps, where the exponential stops.
XIELU_BETA = 0.5
XIELU_EPS = -1e-6
_LONG_DOUBLE = np.longdouble
# e^m - 1 - m = sum_{n >= 2} m^n / n!, in long double, for -1 <= m <= 0 (alternating terms
# of falling size: no cancellation); 1/22! < 2^-70. Highest power first, for Horner.
_XIELU_SERIES = tuple(_LONG_DOUBLE(1) / _LONG_DOUBLE(math.factorial(n)) for n in range(21, 1, -1))


def _check_xielu(alpha_p: float, alpha_n: float) -> None:
    check_real("alpha_p", alpha_p, positive=True)
    check_real("alpha_n", alpha_n)
    if not alpha_n > XIELU_BETA:
        raise ValueError(
            f"alpha_n must be > beta = {XIELU_BETA} (the reference code learns it as beta + "
            f"softplus(rho_n)); got {alpha_n!r}"
        )


def _expm1_minus_identity(m: np.ndarray) -> np.ndarray:
    r"""$e^m - 1 - m$ for $m \le 0$, in long double, keeping its digits where the two
    terms nearly cancel (small |m|, where it is about m^2/2)."""
    m = m.astype(_LONG_DOUBLE)
    near = m >= -1.0
    mn = np.where(near, m, 0.0)
    series = _expm1_minus_x_series(mn, _XIELU_SERIES)
    return np.where(near, series, np.expm1(m) - m)  # beyond -1 both terms are > 0


def xielu_forward(x: np.ndarray, alpha_p: float, alpha_n: float) -> np.ndarray:
    r"""Expanded integral of the ELU, $\alpha_p x^2 + \beta x$ for $x > 0$ and
    $\alpha_n\,(e^{\min(x, \epsilon)} - 1) - \alpha_n x + \beta x$ for $x \le 0$, with
    $\beta = 0.5$ and $\epsilon = -10^{-6}$ fixed (Huang & Schlag, 2024).

    Args:
        alpha_p: the effective positive-side curvature $\alpha_p > 0$ (default 0.8, the
            reference code's ``alpha_p_init``; it learns $\rho_p$ with
            $\alpha_p = \operatorname{softplus}(\rho_p)$).
        alpha_n: the effective negative-side scale $\alpha_n > \beta$ (default 0.8,
            ``alpha_n_init``; learned as $\beta + \operatorname{softplus}(\rho_n)$).
    """
    # The negative side in long double: near f's zero (x about -2.4 at the defaults)
    # alpha_n (e^x - 1) and (alpha_n - beta) x cancel, and 11 more bits keep the digits.
    neg = np.minimum(x, 0.0).astype(_LONG_DOUBLE)
    m = np.minimum(neg, XIELU_EPS)
    negative = alpha_n * np.expm1(m) + (_LONG_DOUBLE(XIELU_BETA) - _LONG_DOUBLE(alpha_n)) * neg
    pos = np.maximum(x, 0.0)
    with np.errstate(over="ignore"):  # f beyond float64's range, on either side, rounds to inf
        positive = pos * (alpha_p * pos + XIELU_BETA)
        return np.where(x > 0, positive, negative.astype(np.float64))


def xielu_backward(x: np.ndarray, alpha_p: float, alpha_n: float) -> np.ndarray:
    r"""$2\alpha_p x + \beta$ for $x > 0$, $\beta - \alpha_n$ for $\epsilon < x \le 0$ and
    $\alpha_n (e^{x} - 1) + \beta$ for $x \le \epsilon$. At 0 (where f itself jumps) the
    $x \le 0$ side's $\beta - \alpha_n$, as the reference code's autograd returns (its
    ``where`` takes that side). At $\epsilon$ the left side's $\alpha_n (e^{\epsilon} - 1)
    + \beta$: PyTorch's ``minimum`` splits the gradient between equal arguments, so the
    reference code's autograd gives $\alpha_n (e^{\epsilon}/2 - 1) + \beta$ there, neither
    one-sided value."""
    # long double: alpha_n (e^x - 1) and beta cancel near the zero of f', x = ln(1 - beta/alpha_n)
    neg = np.minimum(x, XIELU_EPS).astype(_LONG_DOUBLE)
    below = (alpha_n * np.expm1(neg) + XIELU_BETA).astype(np.float64)
    with np.errstate(over="ignore"):  # 2 alpha_p x beyond float64's range rounds to inf
        positive = (2.0 * alpha_p) * np.maximum(x, 0.0) + XIELU_BETA
    flat = XIELU_BETA - alpha_n
    return np.where(x > 0, positive, np.where(x > XIELU_EPS, flat, below))


def xielu_second(x: np.ndarray, alpha_p: float, alpha_n: float) -> np.ndarray:
    r"""$2\alpha_p$ for $x > 0$, $0$ for $\epsilon < x \le 0$ and $\alpha_n e^{x}$ for
    $x \le \epsilon$; at 0 and at $\epsilon$ the branch that f' takes there (0 and
    $\alpha_n e^{\epsilon}$)."""
    below = (alpha_n * np.exp(np.minimum(x, XIELU_EPS).astype(_LONG_DOUBLE))).astype(np.float64)
    out = np.where(x > 0, 2.0 * alpha_p, np.where(x > XIELU_EPS, 0.0, below))
    return _keep_nan(x, out)


def xielu_d_alpha_p(x: np.ndarray, alpha_p: float, alpha_n: float) -> np.ndarray:
    r"""$\partial f / \partial \alpha_p$: $x^2$ for $x > 0$ and $0$ for $x \le 0$."""
    pos = np.maximum(x, 0.0)
    with np.errstate(over="ignore"):  # x^2 beyond float64's range rounds to inf
        return _keep_nan(x, pos * pos)


def xielu_d_alpha_n(x: np.ndarray, alpha_p: float, alpha_n: float) -> np.ndarray:
    r"""$\partial f / \partial \alpha_n$: $0$ for $x > 0$ and
    $e^{\min(x, \epsilon)} - 1 - x$ for $x \le 0$. At 0, where f jumps in x, no convention
    is needed: $f(0) = \alpha_n (e^{\epsilon} - 1)$ is linear in $\alpha_n$, with slope
    $e^{\epsilon} - 1$."""
    # e^m - 1 - x = (e^m - 1 - m) + (m - x): the first by its series where e^m - 1 and m
    # cancel, the second exact where it matters: m - x = min(eps - x, 0), with eps - x
    # exact by Sterbenz near eps, and 0 (not inf - inf) at x = -inf.
    neg = np.minimum(x, 0.0)
    m = np.minimum(neg, XIELU_EPS)
    out = _expm1_minus_identity(m) + np.minimum(XIELU_EPS - neg, 0.0)
    return np.where(x > 0, 0.0, out.astype(np.float64))


xielu = register(
    Activation(
        name="xielu",
        display_name="xIELU",
        family="exponential",
        forward=xielu_forward,
        backward=xielu_backward,
        formula=(
            Case(r"\alpha_p x^2 + \beta x", "x > 0"),
            Case(
                r"\alpha_n \left(e^{\epsilon} - 1\right) - \alpha_n x + \beta x",
                r"\epsilon < x \le 0",
            ),
            Case(r"\alpha_n \left(e^{x} - 1\right) - \alpha_n x + \beta x", r"x \le \epsilon"),
        ),
        derivative_formula=(
            Case(r"2 \alpha_p x + \beta", "x > 0"),
            Case(r"\beta - \alpha_n", r"\epsilon < x \le 0"),
            Case(r"\alpha_n \left(e^{x} - 1\right) + \beta", r"x \le \epsilon"),
        ),
        second=xielu_second,
        second_derivative_formula=(
            Case(r"2 \alpha_p", "x > 0"),
            Case("0", r"\epsilon < x \le 0"),
            Case(r"\alpha_n e^{x}", r"x \le \epsilon"),
        ),
        param_derivatives={"alpha_p": xielu_d_alpha_p, "alpha_n": xielu_d_alpha_n},
        param_derivative_formulas={
            "alpha_p": (Case("x^2", "x > 0"), Case("0", r"x \le 0")),
            "alpha_n": (
                Case("0", "x > 0"),
                Case(r"e^{\epsilon} - 1 - x", r"\epsilon < x \le 0"),
                Case(r"e^{x} - 1 - x", r"x \le \epsilon"),
            ),
        },
        use_case="The MLP blocks of the Apertus language models: a trainable unit whose "
        "positive side grows quadratically, like squared ReLU, while its negative side keeps "
        "a gradient, like ELU, with two learned scalars per layer.",
        limitations="Not monotonic: it falls to a minimum left of 0 and climbs again, "
        "linearly, for very negative inputs; f itself jumps at 0, by alpha_n (e^eps - 1), "
        "and f' jumps at 0 and at eps; quadratic growth needs normalisation around it.",
        frameworks="Hugging Face transformers 5.25.0 (activations.py, XIELUActivation, "
        "'xielu' in ACT2FN) learns rho_p and rho_n with alpha_p = softplus(rho_p) and "
        "alpha_n = beta + softplus(rho_n), initialised to alpha_p = alpha_n = 0.8, beta = 0.5 "
        "and eps = -1e-6 as fixed buffers, and by default in bfloat16; it computes "
        "where(x > 0, alpha_p x^2 + beta x, (expm1(min(x, eps)) - x) alpha_n + beta x). "
        "Apertus's MLP builds one per layer, in the model's dtype. PyTorch, JAX and Keras "
        "have no function.",
        params={
            "alpha_p": Param(0.8, r"\alpha_p", slider=(0.1, 2.0, 0.1), learnable=True),
            "alpha_n": Param(0.8, r"\alpha_n", slider=(0.6, 2.0, 0.1), learnable=True),
        },
        constants={r"\beta": XIELU_BETA, r"\epsilon": XIELU_EPS},
        validate=_check_xielu,
        reference="Huang & Schlag, Deriving Activation Functions Using Integration (2024; "
        "arXiv 2411.13010).",
    )
)
