"""Numerically stable pieces that several families share: clamps, scaled exponentials,
the logistic function and its slope, and a Taylor series about a zero of f'.

Each is exact or rounds once where the textbook form would overflow, cancel or round
twice; the comment above each says which.
"""

from __future__ import annotations

import math

import numpy as np

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


def _times_exp_minus_square(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """a e^{-x^2} for |x| <= 1e3 with x^2 split exactly (Veltkamp), and rounded once where
    it is subnormal: there e^{-x^2} is taken 512 up (x^2 - 512 is exact, Sterbenz) and
    scaled back last."""
    split = 134217729.0 * x  # 2^27 + 1
    hi = split - (split - x)  # x to 26 bits, so hi * hi is exact
    lo = x - hi
    big = hi * hi
    tail = big > -_EXP_TAIL
    big = np.where(tail, big - _EXP_SHIFT, big)
    scale = np.where(tail, _EXP_MINUS_SHIFT, 1.0)
    return ((a * np.exp(-(lo * (2.0 * hi + lo)))) * np.exp(-big)) * scale


# Taylor series of f' about its zero x0 (from scripts/reference/derive_constants.py): there
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
    # np.min propagates NaN: one read-only pass finds whether there is any, and only then
    # is the (three times slower) where needed. ``values`` must be a fresh array or a float.
    if x.size == 0 or not np.isnan(np.min(x)):
        return np.full(x.shape, values) if np.ndim(values) == 0 else np.asarray(values)
    return np.where(np.isnan(x), x, values)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # exp(-|x|) never overflows, and each branch divides two numbers of like size.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_slope(x: np.ndarray) -> np.ndarray:
    """sigma(x) sigma(-x), to full relative precision in both tails."""
    e = np.exp(-np.abs(x))
    return e / (1.0 + e * (2.0 + e))  # (1 + e)^2, expanded: one rounding fewer
