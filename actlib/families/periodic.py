"""The sinusoid sin(omega x) and Snake x + sin^2(alpha x)/alpha, the periodic family:
the sinusoid is bounded and odd like tanh, but it oscillates instead of saturating, and
its slope comes back every period; Snake adds the identity, so that it grows like ReLU
and oscillates about the line y = x.

The page is ``docs/functions/periodic.md``; the blocks come in its order, one per
activation: forward (the stable form), derivative, then ``register(Activation(...))``.
A periodic activation states its ``period``, which ``actlib.analysis`` confirms and then
analyses one period of.
"""

from __future__ import annotations

import math

import numpy as np

from .._core import Activation, check_real, register
from .._types import Param


def _trig_of_product(w: float, x: np.ndarray, cosine: bool = False) -> np.ndarray:
    """sin wx (cos wx if ``cosine``), NaN at x = +-inf. Where w x overflows, w x is no
    float but x and w are, and so is v = (w / 2^k) x, rounded exactly as w x would be
    (2^k is exact): k double-angle steps take sin v and cos v to sin wx and cos wx."""
    # sin(+-inf) is NaN (no limit): NumPy would signal it as invalid, so it is silenced,
    # and the overflow of w x to +-inf with it. Only the function asked for is evaluated:
    # a sine costs more than all the rest here.
    with np.errstate(invalid="ignore", over="ignore"):
        u = w * x
        overflowed = np.isinf(u).any()
        out = (np.cos if cosine else np.sin)(u, out=u)
    if overflowed:
        with np.errstate(over="ignore"):
            wide = np.isinf(w * x) & np.isfinite(x)
        k = max(1, math.ceil(math.log2(w)) + 1)
        v = (w / 2.0**k) * x[wide]
        sv, cv = np.sin(v), np.cos(v)
        for _ in range(k):
            sv, cv = 2.0 * sv * cv, (cv - sv) * (cv + sv)
        out[wide] = cv if cosine else sv
    return out


def _check_sinusoid(omega: float) -> None:
    check_real("omega", omega, positive=True)


def sinusoid_forward(x: np.ndarray, omega: float) -> np.ndarray:
    r"""Sinusoid, $\sin(\omega x)$.

    Args:
        omega: the angular frequency $\omega > 0$ (default 1; SIREN's first layer uses 30).

    np.sin reduces its argument exactly (glibc), so the one error beyond sin's own half
    ulp is the rounding of the product omega x: none at omega = 1 or a power of two, and
    for other omegas up to half an ulp of omega x, at most 2^-53 |omega x| absolute, which
    dominates for large |omega x|. Where omega x exceeds float64's range, the phase of
    (omega / 2^k) x is doubled k times; at x = +-inf f is NaN, as it has no limit.
    """
    return _trig_of_product(omega, x)


def sinusoid_backward(x: np.ndarray, omega: float) -> np.ndarray:
    r"""$\omega \cos(\omega x)$, by the chain rule; NaN at +-inf, as f."""
    return omega * _trig_of_product(omega, x, cosine=True)


def sinusoid_second(x: np.ndarray, omega: float) -> np.ndarray:
    r"""$-\omega^2 \sin(\omega x)$; NaN at +-inf, as f."""
    return -(omega * omega) * _trig_of_product(omega, x)


def sinusoid_d_omega(x: np.ndarray, omega: float) -> np.ndarray:
    r"""$\partial f / \partial \omega = x \cos(\omega x)$; NaN at +-inf (no limit)."""
    return x * _trig_of_product(omega, x, cosine=True)


sinusoid = register(
    Activation(
        name="sinusoid",
        display_name="Sinusoid",
        family="periodic",
        forward=sinusoid_forward,
        backward=sinusoid_backward,
        formula=r"\sin(\omega x)",
        derivative_formula=r"\omega \cos(\omega x)",
        second=sinusoid_second,
        second_derivative_formula=r"-\omega^2 \sin(\omega x)",
        param_derivatives={"omega": sinusoid_d_omega},
        param_derivative_formulas={"omega": r"x \cos(\omega x)"},
        use_case="Implicit neural representations (SIREN): a network of sines fits an "
        "image, a sound or a signed distance field together with its derivatives, since "
        "the derivative of a sine network is again a sine network.",
        limitations="Not monotonic and periodic, so the loss has infinitely many local "
        "optima; it trains only with SIREN's initialisation: every layer computes "
        "sin(omega_0 (W h + b)) with omega_0 = 30, and the hidden weights are uniform in "
        "(-sqrt(6/n)/omega_0, sqrt(6/n)/omega_0), so each hidden sine's input has a "
        "standard deviation of about 1 radian.",
        frameworks="PyTorch, JAX and Keras have no function: write torch.sin(omega * x), "
        "jnp.sin(omega * x) or keras.ops.sin(omega * x).",
        params={"omega": Param(1.0, r"\omega", slider=(0.5, 4.0, 0.5))},
        plot_params={"omega": 1.0},
        validate=_check_sinusoid,
        reference="Sitzmann, Martel, Bergman, Lindell & Wetzstein, Implicit Neural "
        "Representations with Periodic Activation Functions (SIREN, NeurIPS 2020).",
        period=lambda omega: 2.0 * math.pi / omega,
    )
)


def _check_snake(alpha: float) -> None:
    check_real("alpha", alpha, positive=True)


# pi/4 = _QUARTER_PI_HI + _QUARTER_PI_LO to about 2^-107
_QUARTER_PI_HI = math.pi / 4
_QUARTER_PI_LO = 1.2246467991473532e-16 / 4  # (pi - math.pi) / 4, exact division


def snake_forward(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""Snake, $x + \frac{\sin^2(\alpha x)}{\alpha}$ (Ziyin, Hartwig & Ueda, 2020).

    Args:
        alpha: the frequency $\alpha > 0$ (default 1.0, BigVGAN's initial value; a network
            learns one per channel).

    As for the sinusoid, the one error beyond sin's own is the rounding of alpha x: none
    where alpha is a power of two, else up to 2^-53 |alpha x| absolute in the phase.
    """
    # At x = +-inf the wave sin^2 / alpha is NaN but bounded by 1 / alpha: f is x there.
    s = _trig_of_product(alpha, x)
    wave = s * s / alpha
    return np.where(np.isfinite(wave), x + wave, x)


def snake_backward(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$1 + \sin(2 \alpha x)$, from $2 \sin u \cos u = \sin 2u$; NaN at +-inf (no limit)."""
    # 1 + sin 2u cancels where f' nears 0: 2 sin^2(u + pi/4) instead, with u + pi/4 carried
    # exactly as hi + lo (two-sum, and pi/4 in two parts), so that its sine keeps the digits
    # of u's distance from a zero.
    with np.errstate(over="ignore", invalid="ignore"):
        u = alpha * x
        hi = u + _QUARTER_PI_HI
        back = hi - u
        lo = ((u - (hi - back)) + (_QUARTER_PI_HI - back)) + _QUARTER_PI_LO
        s = np.sin(hi) * np.cos(lo) + np.cos(hi) * np.sin(lo)
        out = 2.0 * s * s
    # Far out, lo grows towards pi/4 and the two products cancel near a zero of f': there
    # (sin u + cos u)^2 in long double, whose sine reduces u exactly and keeps 11 more bits
    # where the platform has them (x86); alpha x cannot overflow in its range.
    far = (np.abs(u) >= 2.0**26) & np.isfinite(x)
    if far.any():
        ul = np.longdouble(alpha) * x[far].astype(np.longdouble)
        sc = np.sin(ul) + np.cos(ul)
        out[far] = (sc * sc).astype(np.float64)
    return out


def snake_second(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$2 \alpha \cos(2 \alpha x)$; NaN at +-inf."""
    return (2.0 * alpha) * _trig_of_product(2.0 * alpha, x, cosine=True)


# u sin 2u - sin^2 u = sum_{m >= 1} (-1)^(m-1) 2^(2m-1) (2m-1) / (2m)! u^(2m); 12 terms
# reach 2^-60 relative for |u| <= 1/2. Highest power first, for Horner in u^2.
_SNAKE_ALPHA_SERIES = tuple(
    (-1) ** (m - 1) * 2 ** (2 * m - 1) * (2 * m - 1) / math.factorial(2 * m)
    for m in range(12, 0, -1)
)


def snake_d_alpha(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$\partial f / \partial \alpha = \frac{x \sin(2 \alpha x)}{\alpha}
    - \frac{\sin^2(\alpha x)}{\alpha^2}$; NaN at +-inf (no limit)."""
    # With u = alpha x this is (u sin 2u - sin^2 u) / alpha^2, whose two terms are 2u^2 and
    # u^2 near 0: the series there, where they would cancel half the digits.
    s2 = _trig_of_product(2.0 * alpha, x)
    s1 = _trig_of_product(alpha, x)
    with np.errstate(over="ignore", invalid="ignore"):  # x / alpha may overflow, as may f_alpha
        u = alpha * x
        out = (x / alpha) * s2 - (s1 / alpha) ** 2
    near = np.abs(u) < 0.5
    if near.any():
        un = u[near]
        w = un * un
        series = np.full_like(w, _SNAKE_ALPHA_SERIES[0])
        for c in _SNAKE_ALPHA_SERIES[1:]:
            series *= w
            series += c
        out[near] = series * w / (alpha * alpha)
    return out


snake = register(
    Activation(
        name="snake",
        display_name="Snake",
        family="periodic",
        forward=snake_forward,
        backward=snake_backward,
        formula=r"x + \frac{\sin^2(\alpha x)}{\alpha}",
        derivative_formula=r"1 + \sin(2 \alpha x)",
        second=snake_second,
        second_derivative_formula=r"2 \alpha \cos(2 \alpha x)",
        param_derivatives={"alpha": snake_d_alpha},
        param_derivative_formulas={
            "alpha": r"\frac{x \sin(2 \alpha x)}{\alpha} - \frac{\sin^2(\alpha x)}{\alpha^2}"
        },
        use_case="Audio generators (the BigVGAN vocoder) and other "
        "signals with a period: the sine term gives a periodic bias that ReLU and tanh "
        "lack, and the identity keeps it monotonic and unbounded, so that it extrapolates.",
        limitations="A sine per input costs more than ReLU; the slope oscillates between 0 "
        "and 2 and touches 0 once per period; the frequency alpha must be learned or "
        "tuned per channel.",
        frameworks="PyTorch, JAX and Keras have no function. BigVGAN (NVIDIA/BigVGAN "
        "activations.py, commit 7d2b454) learns one alpha per channel (alpha_trainable=True, "
        "initial value 1.0), computes x + 1/(alpha + 1e-9) sin^2(alpha x), the 1e-9 keeping "
        "the division finite should alpha reach 0, and with alpha_logscale=True learns "
        "log alpha instead (initial value 0, so alpha = 1).",
        params={"alpha": Param(1.0, r"\alpha", slider=(0.25, 2.0, 0.25), learnable=True)},
        plot_params={"alpha": 1.0},
        validate=_check_snake,
        # f' = 1 + sin(2 alpha x) repeats every pi / alpha, though f climbs
        slope_period=lambda alpha: math.pi / alpha,
        reference="Ziyin, Hartwig & Ueda, Neural Networks Fail to Learn Periodic Functions "
        "and How to Fix It (NeurIPS 2020).",
    )
)
