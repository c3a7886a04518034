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


def _times_exp_minus(c: np.ndarray, a: np.ndarray) -> np.ndarray:
    """c e^{-a} for a >= 0, rounded once where e^{-a} is subnormal (``_times_exp``), and
    0 past a = 1e3, where no c these functions form (at most x^2, |x| <= a) lifts it to a float."""
    out = c * np.exp(-np.clip(a, -np.inf, _GATE_LIMIT))
    if out.size and not np.max(a) <= -_EXP_TAIL:  # NaN compares False: look then too
        tail = a > -_EXP_TAIL
        out[tail] = _times_exp(c[tail], -a[tail]) * (a[tail] <= _GATE_LIMIT)
    return out


def _times_exp_minus_square(a: float | np.ndarray, x: np.ndarray) -> np.ndarray:
    """a e^{-x^2} for |x| <= 1e3 with x^2 split exactly (Veltkamp), and rounded once where
    it is subnormal: there e^{-x^2} is taken 512 up (x^2 - 512 is exact, Sterbenz) and
    scaled back last."""
    # In place, in three buffers; the subnormal tail only when there is one.
    lo = np.multiply(x, 134217729.0, out=np.empty(np.shape(x)))  # 2^27 + 1
    hi = np.subtract(lo, x, out=np.empty_like(lo))
    np.subtract(lo, hi, out=hi)  # x to 26 bits, so hi * hi is exact
    np.subtract(x, hi, out=lo)
    big = np.multiply(hi, hi, out=np.empty_like(lo))
    hi *= 2.0
    hi += lo
    hi *= lo
    np.negative(hi, out=hi)
    out = np.exp(hi, out=hi)
    out *= a
    # np.max is NaN if any x is: then look for the tail too (NaN compares False)
    tail = big > -_EXP_TAIL if big.size and not np.max(big) <= -_EXP_TAIL else None
    if tail is not None:
        big[tail] -= _EXP_SHIFT
    np.negative(big, out=big)
    out *= np.exp(big, out=big)
    if tail is not None:
        out[tail] *= _EXP_MINUS_SHIFT
    return out


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
        if np.ndim(values) == 0:  # np.zeros gets its pages zeroed lazily, like zeros_like
            return np.zeros(x.shape) if values == 0 else np.full(x.shape, values)
        return np.asarray(values)
    return np.where(np.isnan(x), x, values)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # 1 / (1 + e^-x), with e^-x capped at e^708 so that it never overflows: to full
    # relative precision for x < 0 too (e^-x is large there, and 1 + e^-x rounds once).
    # Below x = -708, sigma(x) = e^x to float64 precision (subnormal past -708.4). All in
    # one buffer: on arrays of a million, a second temporary costs more than the arithmetic.
    # The cap and the tail only where some x is below -708 (np.max is NaN if any x is),
    # looked for in -x, which is new and contiguous where x may be a strided view.
    t = np.negative(x, out=np.empty_like(x, dtype=np.float64))
    capped = t.size > 0 and not np.max(t) <= 708.0
    if capped:
        np.minimum(t, 708.0, out=t)
    np.exp(t, out=t)
    t += 1.0
    np.divide(1.0, t, out=t)
    if capped:
        tail = x < -708.0
        t[tail] = np.exp(x[tail])
    return t


def _sigmoid_slope(x: np.ndarray) -> np.ndarray:
    """sigma(x) sigma(-x), to full relative precision in both tails."""
    if np.ndim(x) == 0:  # the in-place steps below need arrays, not NumPy scalars
        return _sigmoid_slope(np.reshape(x, 1)).reshape(())
    # e / (1 + e (2 + e)) with e = exp(-|x|): (1 + e)^2 expanded, one rounding fewer. In
    # place, in two buffers: a third temporary of a million costs more than the arithmetic.
    e = np.abs(x, out=np.empty_like(x, dtype=np.float64))
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = e + 2.0
    d *= e
    d += 1.0
    return np.divide(e, d, out=d)
