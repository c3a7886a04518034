"""The sinusoid sin(omega x), the periodic family: bounded and odd like tanh, but it
oscillates instead of saturating, and its slope comes back every period.

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


def _check_sinusoid(omega: float) -> None:
    check_real("omega", omega, positive=True)


def sinusoid_forward(x: np.ndarray, omega: float) -> np.ndarray:
    r"""Sinusoid, $\sin(\omega x)$.

    Args:
        omega: the angular frequency $\omega > 0$ (default 1; SIREN's first layer uses 30).

    np.sin reduces its argument exactly (glibc), so the one error beyond sin's own half
    ulp is the rounding of the product omega x: none at omega = 1 or a power of two, and
    for other omegas up to half an ulp of omega x, at most 2^-53 |omega x| absolute, which
    dominates for large |omega x|. Where omega x exceeds float64's
    range it rounds to +-inf and f is NaN, as at x = +-inf: there neighbouring floats are
    more than a period apart, so no phase is left to compute.
    """
    # sin(+-inf) is NaN (no limit): NumPy would signal it as invalid, so it is silenced,
    # and the overflow of omega x to +-inf with it.
    with np.errstate(invalid="ignore", over="ignore"):
        return np.sin(omega * x)


def sinusoid_backward(x: np.ndarray, omega: float) -> np.ndarray:
    r"""$\omega \cos(\omega x)$, by the chain rule; NaN at +-inf, as f."""
    with np.errstate(invalid="ignore", over="ignore"):
        return omega * np.cos(omega * x)


sinusoid = register(
    Activation(
        name="sinusoid",
        display_name="Sinusoid",
        family="periodic",
        forward=sinusoid_forward,
        backward=sinusoid_backward,
        formula=r"\sin(\omega x)",
        derivative_formula=r"\omega \cos(\omega x)",
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
