"""Properties of an activation computed from its numbers alone, never from its metadata.

This module works on functions: :func:`properties_of` takes f and f', :func:`properties`
any element-wise function with parameters (an ``actlib.Activation``), and both return
:class:`~actlib._types.Properties`. An ``Activation`` holds the properties computed here
(range, f'(0), max |f'|, kinks, ...), so an entry states none of them and none can drift
from the code. The tests run the same algorithm (:func:`properties_of`) on an independent
oracle's numbers and compare, and check it on cases derived by hand.

How each property is found:

- A dense uniform grid on ``[-BULK, BULK]`` (step ``2**-7``, so small integers and halves
  are grid points), geometric tails out to ``1e300``, and actlib's own limits at +-inf.
- **Kinks** (points where f, f' or f'' jumps) show up as large second differences of
  f and f' on the grid. Each is narrowed by repeated zooming on the largest second
  difference, then classified from one-sided values and slopes, and placed at the
  simplest binary fraction in the final bracket (0 rather than 1e-12).
- **Extrema** (range ends, min and max of f, max |f'|) compare grid values, local maxima
  refined by golden-section search (or by bisection on the sign of f' for f itself),
  values and one-sided limits at kinks, and the limits at +-inf. An end is attained
  (closed) only if a point of the bulk reaches it: far in the tails, float64 rounds
  sigmoid(-800) to 0, which the mathematical function never reaches.
- **The set of values** (``Properties.output_set``): where f jumps, the pieces of the line
  between its jumps are mapped one by one (each onto an interval, f being continuous
  there) and the values at the jumps added; the union can have gaps (the binary step
  takes only 0 and 1). ``output_range`` is its hull.
- **Zero-centred**: E[f(Z)], Z ~ N(0, 1), by Simpson's rule, within 1% of the
  RMS of f(Z) (the definition in ``_core.Activation.zero_centred``).
- **Periodic functions** (an Activation with a ``period``, a human-stated fact): the stated
  p is first confirmed (f and f' repeat after p on the grid, and after no p/k, k = 2..8).
  Then where |f'| is largest and where it vanishes are given in one period, [x0, x0 + p)
  with x0 = 0 for the maximum, each piece repeated at every multiple of p
  (``Where.period``, ``Properties.period``): the sinusoid's |f'| = 1 at x = k pi.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ._types import SMOOTH, Interval, Properties, ValueSet, Where

__all__ = [
    "VANISHING",
    "ElementWise",
    "Interval",
    "Properties",
    "ValueSet",
    "Where",
    "overlaps",
    "properties",
    "properties_of",
    "vanishing_within",
]

VANISHING = 0.01  # |f'| below this counts as a vanishing gradient
BULK = 16.0  # every kink and interior extremum of the registry lies well inside
STEP = 2.0**-7
EPS = float(np.finfo(np.float64).eps)
_GOLDEN = (math.sqrt(5) - 1) / 2

Fn = Callable[[np.ndarray], np.ndarray]


@runtime_checkable
class ElementWise(Protocol):
    """What :func:`properties` reads of an element-wise function with parameters: f and
    f' at any parameters, the defaults, and the stated period at given parameters (an
    ``actlib.Activation`` is one; a vector or gated function, without ``derivative``, is
    not)."""

    @property
    def defaults(self) -> dict[str, Any]: ...

    def __call__(self, x: Any, **params: Any) -> Any: ...

    def derivative(self, x: Any, **params: Any) -> Any: ...

    def period_at(self, **params: Any) -> float | None: ...

    def slope_period_at(self, **params: Any) -> float | None: ...

    def __hash__(self) -> int: ...  # the computed properties are cached per function


def _point(x: float, attained: bool = True) -> Where:
    closed = attained and math.isfinite(x)
    return Where(Interval(x, x, closed, closed), attained)


# ---------------------------------------------------------------------------
# Grids and small numerical tools
# ---------------------------------------------------------------------------

_BULK_GRID = np.arange(-BULK, BULK + STEP / 2, STEP)
_TAIL = np.geomspace(2 * BULK, 1e300, 80)


def _simplest(lo: float, hi: float) -> float:
    """The binary fraction with the fewest bits in [lo, hi] (0, then integers, halves...)."""
    if lo <= 0.0 <= hi:
        return 0.0
    for bits in range(64):
        scale = 2.0**bits
        candidate = math.ceil(lo * scale) / scale
        if candidate <= hi:
            return candidate
    return (lo + hi) / 2


def _snap(x: float, uncertainty: float) -> float:
    """A refined location, placed at the simplest number within its uncertainty."""
    if not math.isfinite(x):
        return x
    tol = uncertainty * max(1.0, abs(x))
    return _simplest(x - tol, x + tol)


def _golden_max(h: Fn, lo: float, hi: float) -> float:
    """Where h peaks in [lo, hi], by golden-section search (h unimodal there)."""
    a, b = lo, hi
    c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    hc, hd = float(h(np.array(c))), float(h(np.array(d)))
    while b - a > 1e-11 * max(1.0, abs(a)):
        if hc >= hd:
            b, d, hd = d, c, hc
            c = b - _GOLDEN * (b - a)
            hc = float(h(np.array(c)))
        else:
            a, c, hc = c, d, hd
            d = a + _GOLDEN * (b - a)
            hd = float(h(np.array(d)))
    return (a + b) / 2


def _sign_change(g: Fn, lo: float, hi: float) -> float:
    """A zero of g in [lo, hi], where g(lo) and g(hi) differ in sign, by bisection."""
    glo = float(g(np.array(lo)))
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        gm = float(g(np.array(mid)))
        if (gm > 0) == (glo > 0) and gm != 0:
            lo, glo = mid, gm
        else:
            hi = mid
    return _simplest(lo, hi)


def _boundary(pred: Callable[[float], bool], inside: float, outside: float) -> float:
    """The edge of the set where pred holds, between a point inside and one outside."""
    for _ in range(200):
        mid = (inside + outside) / 2
        if mid in (inside, outside) or abs(inside - outside) < 1e-13 * max(1.0, abs(mid)):
            break
        if pred(mid):
            inside = mid
        else:
            outside = mid
    return _simplest(min(inside, outside), max(inside, outside))


# ---------------------------------------------------------------------------
# Kinks: where f, f' or f'' jumps
# ---------------------------------------------------------------------------

_SCAN = 1e-3  # second differences above this are looked at more closely
_ZOOM = 64


def _narrow(g: Fn, lo: float, hi: float) -> tuple[float, float]:
    """Zoom onto the largest second difference of g until the bracket is ~1e-10 wide.

    A jump, or a jump of slope, at t in [x_j, x_j+1] makes the second difference at
    x_j or x_j+1 the largest, and both [x_j-1, x_j+1] and [x_j, x_j+2] contain t.
    """
    while hi - lo > 1e-10 * max(1.0, abs(lo)):
        x = np.linspace(lo, hi, _ZOOM + 1)
        y = g(x)
        k = int(np.argmax(np.abs(y[2:] - 2 * y[1:-1] + y[:-2]))) + 1
        lo, hi = float(x[k - 1]), float(x[k + 1])
    return lo, hi


def _classify(g: Fn, lo: float, hi: float) -> int | None:
    """0 if g jumps in [lo, hi], 1 if its slope jumps there, None if g is smooth there."""
    glo, ghi = float(g(np.array(lo))), float(g(np.array(hi)))
    delta = 1e-7  # small, so that the one-sided slopes do not reach a kink nearby
    left = (glo - float(g(np.array(lo - delta)))) / delta
    right = (float(g(np.array(hi + delta))) - ghi) / delta
    # Across the bracket a continuous g moves by at most its slope times the width, plus
    # rounding: a step far beyond that is a jump, however small (xIELU's f jumps by 8e-7).
    moves = 1e2 * ((hi - lo) * max(1.0, abs(left), abs(right)) + EPS * max(1.0, abs(glo)))
    if abs(ghi - glo) > min(moves, 1e-6 * max(1.0, abs(glo))):
        return 0
    return 1 if abs(right - left) > 1e-3 * max(1.0, abs(left)) else None


def _kink_at(lo: float, hi: float) -> float:
    """Where a kink in [lo, hi] is: the simplest binary fraction there, unless a decimal of
    fewer digits is (xIELU's eps, -1e-6, is no short binary fraction)."""
    binary = _simplest(lo, hi)
    if binary == 0.0 or binary == round(binary):
        return binary
    for digits in range(1, 8):
        decimal = float(f"{(lo + hi) / 2:.{digits - 1}e}")
        if lo <= decimal <= hi:
            return decimal if len(repr(decimal)) < len(repr(binary)) else binary
    return binary


def _kinks_in(g: Fn, lo: float, hi: float, wanted: tuple[int, ...]) -> dict[float, int]:
    """The kinks of g in [lo, hi] of the kinds wanted: the strongest first, then those on
    either side of it, however close (xIELU's f' jumps at -1e-6 and at 0)."""
    a, b = _narrow(g, lo, hi)
    kind = _classify(g, a, b)
    if kind is None:
        return {}
    k = _kink_at(a, b)
    found = {k: kind} if kind in wanted else {}
    for left, right in ((lo, a), (b, hi)):
        if right - left > 1e-9 * max(1.0, abs(k)):
            x = np.linspace(left, right, _ZOOM + 1)
            y = g(x)
            if np.max(np.abs(y[2:] - 2 * y[1:-1] + y[:-2]), initial=0.0) > _SCAN * 1e-3:
                found |= _kinks_in(g, left, right, wanted)
    return found


def _find_kinks(f: Fn, df: Fn) -> dict[float, int]:
    """Every point of [-BULK, BULK] where f is not smooth, with the order of continuity
    there: -1 if f jumps, 0 if f' jumps, 1 if f'' jumps."""
    orders: dict[float, int] = {}
    x = _BULK_GRID
    # f is scanned for jumps only: a jump of its slope is a jump of f', found below.
    for g, base, wanted in ((f, -1, (0,)), (df, 0, (0, 1))):
        y = g(x)
        bend = np.abs(y[2:] - 2 * y[1:-1] + y[:-2])
        flagged = np.flatnonzero(bend > _SCAN)
        # Strongest first: a kink outbends the steep smooth stretch beside it.
        seen: list[float] = []
        for i in flagged[np.argsort(-bend[flagged], kind="stable")] + 1:
            if any(abs(k - x[i]) <= 2 * STEP for k in seen):
                continue
            seen.append(float(x[i]))
            for where, kind in _kinks_in(g, float(x[i - 1]), float(x[i + 1]), wanted).items():
                orders[where] = min(orders.get(where, SMOOTH), base + kind)
    # A jump of f too small to bend f on the grid (xIELU's 8e-7 at 0) sits at a kink of f'.
    for where, order in orders.items():
        width = 1e-10 * max(1.0, abs(where))
        if order >= 0 and _classify(f, where - width, where + width) == 0:
            orders[where] = -1
    return dict(sorted(orders.items()))


# ---------------------------------------------------------------------------
# Suprema: where h = f, -f or |f'| is largest
# ---------------------------------------------------------------------------


def _supremum(h: Fn, kinks: list[float], dh: Fn | None = None) -> tuple[float, Where]:
    """The supremum of h over the real line, and where it is reached or approached.

    ``dh``, the derivative of h if known, locates smooth maxima to full precision.
    """
    x, y = _BULK_GRID, h(_BULK_GRID)
    lim_lo, lim_hi = float(h(np.array(-np.inf))), float(h(np.array(np.inf)))
    points: list[tuple[float, float]] = []  # (value, x) reached at a finite x
    # (value, x, side): the limits at +-inf, and as x tends to a kink from either side
    limits: list[tuple[float, float, int]] = [(lim_lo, -np.inf, 0), (lim_hi, np.inf, 0)]
    # Smooth local maxima of the grid, refined
    peaks = np.flatnonzero((y[1:-1] > y[:-2]) & (y[1:-1] >= y[2:])) + 1
    for i in peaks:
        lo, hi = float(x[i - 1]), float(x[i + 1])
        if dh is not None and dh(np.array(lo)) > 0 > dh(np.array(hi)):
            peak = _sign_change(dh, lo, hi)
        else:
            peak = _snap(_golden_max(h, lo, hi), 1e-7)
        points.append((float(h(np.array(peak))), peak))
    for k in kinks:
        points.append((float(h(np.array(k))), k))
        for side in (-1, 1):
            limits.append((float(h(np.array(np.nextafter(k, side * np.inf)))), k, side))
    best = max([float(np.max(y)), *(v for v, _ in points), *(v for v, _, _ in limits)])
    tol = 4 * EPS * max(1.0, abs(best)) if math.isfinite(best) else 0.0
    reached = np.flatnonzero(y >= best - tol) if math.isfinite(best) else np.array([], int)
    if len(reached) >= 2:  # a plateau: h is constant on one interval or several...
        # ...each of which must end at kinks (or run to infinity), where the formula
        # changes. A flat stretch that ends anywhere else is an asymptote rounded off by
        # float64, as softplus(5x)' = sigma(5x) is exactly 1.0 from x = 7.4 on. The exact
        # level is tried second: where the next piece leaves the plateau tangentially
        # (-max(0, x)^2 at 0), h stays within tol of it until x = sqrt(tol), past the kink.
        for level in (best - tol, best):
            at_level = np.flatnonzero(y >= level)
            if len(at_level) < 2:
                continue
            plateau = _plateau(h, level, at_level)
            pieces = plateau.pieces or (plateau.interval,)
            ends = [e for p in pieces for e in (p.lo, p.hi) if math.isfinite(e)]
            if all(any(abs(e - k) <= 1e-9 * max(1.0, abs(k)) for k in kinks) for e in ends):
                return best, plateau
    else:
        # A refined peak or a kink locates the maximum better than the grid point beside it.
        refined = [(v, p) for v, p in points if v >= best - tol]
        # Several separate points, as the two peaks of |f'| of an even f, are a union.
        spots: list[float] = []
        for p in sorted(p for _, p in refined):
            if not spots or p - spots[-1] > 1e-6 * max(1.0, abs(p)):
                spots.append(p)
        if len(spots) > 1:
            pieces = tuple(_point(p).interval for p in spots)
            hull = Interval(spots[0], spots[-1], True, True)
            return best, Where(hull, pieces=pieces)
        if refined:
            return best, _point(max(refined, key=lambda vp: (vp[0], -abs(vp[1])))[1])
        if len(reached):
            return best, _point(float(x[reached[0]]))
    near = sorted({(p, side) for v, p, side in limits if v >= best - tol})
    side = near[0][1] if len(near) == 1 else 0
    return best, Where(Interval(near[0][0], near[-1][0]), attained=False, side=side)


def _piece_supremum(h: Fn, lo: float, hi: float, inner: list[float]) -> tuple[float, bool]:
    """The supremum of h on the open interval (lo, hi), where h is continuous, and whether
    a point of it reaches the supremum (rather than h only tending to it at an end).

    ``inner``: the kinks inside, where a maximum may sit. The value next to a finite end
    stands for the one-sided limit there, placed at the simplest number within rounding.
    """
    inside = np.concatenate([-_TAIL[::-1], _BULK_GRID, _TAIL, inner])
    x = inside[(inside > lo) & (inside < hi)]
    y = h(x)
    points = [float(v) for v in y]
    peaks = np.flatnonzero((y[1:-1] > y[:-2]) & (y[1:-1] >= y[2:])) + 1
    for i in peaks:
        peak = _snap(_golden_max(h, float(x[i - 1]), float(x[i + 1])), 1e-7)
        points.append(float(h(np.array(peak))))
    limits = []
    for end, towards in ((lo, np.inf), (hi, -np.inf)):
        if math.isinf(end):
            limits.append(float(h(np.array(end))))
        else:
            v = float(h(np.array(np.nextafter(end, towards))))
            limits.append(_snap(v, 4 * EPS) if math.isfinite(v) else v)
    best = max([*points, *limits])
    tol = 4 * EPS * max(1.0, abs(best)) if math.isfinite(best) else 0.0
    attained = math.isfinite(best) and max(points, default=-np.inf) >= best - tol
    return best, attained


def _value_set(f: Fn, kink_orders: Mapping[float, int], hull: Interval) -> ValueSet:
    """The set of values of f: ``hull`` if f never jumps; otherwise the union of the
    images of the open pieces between its jumps and of its values at the jumps."""
    jumps = [k for k, order in kink_orders.items() if order < 0]
    if not jumps:
        return ValueSet((hull,))

    def neg_f(x: np.ndarray) -> np.ndarray:
        return -f(x)

    parts = [Interval(v, v, True, True) for v in (float(f(np.array(j))) + 0.0 for j in jumps)]
    ends = [-np.inf, *jumps, np.inf]
    for lo, hi in itertools.pairwise(ends):
        inner = [k for k in kink_orders if lo < k < hi]
        top, top_reached = _piece_supremum(f, lo, hi, inner)
        neg_bottom, bottom_reached = _piece_supremum(neg_f, lo, hi, inner)
        parts.append(Interval(-neg_bottom + 0.0, top + 0.0, bottom_reached, top_reached))
    pieces = list(_union(parts))
    # The range's ends were searched harder (_supremum); a piece's own search may stop an
    # ULP short of the same extreme (xIELU's minimum): the set's ends are the range's.
    if math.isclose(pieces[0].lo, hull.lo, rel_tol=8 * EPS):
        first = pieces[0]
        pieces[0] = Interval(hull.lo, first.hi, hull.lo_closed, first.hi_closed)
    if math.isclose(pieces[-1].hi, hull.hi, rel_tol=8 * EPS):
        last = pieces[-1]
        pieces[-1] = Interval(last.lo, hull.hi, last.lo_closed, hull.hi_closed)
    return ValueSet(tuple(pieces))


def _union(parts: list[Interval]) -> tuple[Interval, ...]:
    """Disjoint intervals, in increasing order, covering the same set as ``parts``."""
    merged: list[Interval] = []
    for part in sorted(parts, key=lambda p: (p.lo, not p.lo_closed)):
        if merged:
            last = merged[-1]
            touching = last.hi == part.lo and (last.hi_closed or part.lo_closed)
            if last.hi > part.lo or touching:
                if part.hi > last.hi:
                    hi, hi_closed = part.hi, part.hi_closed
                elif part.hi == last.hi:
                    hi, hi_closed = last.hi, last.hi_closed or part.hi_closed
                else:
                    hi, hi_closed = last.hi, last.hi_closed
                merged[-1] = Interval(last.lo, hi, last.lo_closed, hi_closed)
                continue
        merged.append(part)
    return tuple(merged)


def _plateau(h: Fn, level: float, reached: np.ndarray) -> Where:
    """The intervals, around the runs of grid points ``reached``, on which h stays >= level."""
    runs = np.split(reached, np.flatnonzero(np.diff(reached) > 1) + 1)
    pieces = [_plateau_run(h, level, run).interval for run in runs]
    if len(pieces) == 1:
        return Where(pieces[0])
    hull = Interval(pieces[0].lo, pieces[-1].hi, pieces[0].lo_closed, pieces[-1].hi_closed)
    return Where(hull, pieces=tuple(pieces))


def _plateau_run(h: Fn, level: float, reached: np.ndarray) -> Where:
    """The interval, around the consecutive grid points ``reached``, where h stays >= level."""
    x = _BULK_GRID

    def holds(t: float) -> bool:
        return bool(h(np.array(t)) >= level)

    def edge(i: int, step: int, tail: np.ndarray) -> tuple[float, bool]:
        if 0 <= i + step < len(x):
            end = _boundary(holds, float(x[i]), float(x[i + step]))
            return end, holds(end)
        if all(h(tail) >= level):
            return (-np.inf if step < 0 else np.inf), False
        return float(x[i]), True

    lo, lo_closed = edge(int(reached[0]), -1, -_TAIL)
    hi, hi_closed = edge(int(reached[-1]), +1, _TAIL)
    return Where(Interval(lo, hi, lo_closed, hi_closed))


def _set_where(mask_fn: Callable[[float], bool], x: np.ndarray, mask: np.ndarray) -> list[Interval]:
    """The intervals on which mask_fn holds, from its values ``mask`` on the sorted grid x."""
    runs: list[Interval] = []
    edges = np.flatnonzero(np.diff(mask.astype(np.int8)))
    starts = [0, *(edges + 1)]
    for start in starts:
        if not mask[start]:
            continue
        stop = start
        while stop + 1 < len(x) and mask[stop + 1]:
            stop += 1
        lo = -np.inf if start == 0 else _boundary(mask_fn, float(x[start]), float(x[start - 1]))
        hi = (
            np.inf if stop == len(x) - 1 else _boundary(mask_fn, float(x[stop]), float(x[stop + 1]))
        )
        lo_closed = math.isfinite(lo) and mask_fn(lo)
        hi_closed = math.isfinite(hi) and mask_fn(hi)
        runs.append(Interval(lo, hi, lo_closed, hi_closed))
    return runs


# ---------------------------------------------------------------------------
# Periodic functions: one period stands for all
# ---------------------------------------------------------------------------


def _is_period(g: Fn, p: float) -> bool:
    """Whether g(x + p) = g(x) on the bulk grid, to the rounding of x + p."""
    x = _BULK_GRID
    a, b = g(x), g(x + p)
    tol = 1e-9 * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    return bool(np.all(np.abs(a - b) <= tol))


def _confirm_period(f: Fn, df: Fn, p: float | None) -> float | None:
    """The stated period p if the numbers confirm it is the smallest, else None."""
    if p is None or not (math.isfinite(p) and p > 0):
        return None
    if not (_is_period(f, p) and _is_period(df, p)):
        return None
    if any(_is_period(f, p / k) for k in range(2, 9)):
        return None  # p is a period, but not the smallest
    return p


def _confirm_slope_period(df: Fn, p: float | None) -> float | None:
    """The stated period p of f' alone (f need not repeat: Snake's f' = 1 + sin 2 alpha x),
    if the numbers confirm it is the smallest, else None."""
    if p is None or not (math.isfinite(p) and p > 0) or not _is_period(df, p):
        return None
    return None if any(_is_period(df, p / k) for k in range(2, 9)) else p


def _periodic_argmax(h: Fn, p: float) -> tuple[float, Where]:
    """The maximum of a periodic h and where, in one period [0, p): its grid peaks over a
    little more than a period, refined by golden-section search, folded into [0, p)."""
    x = np.linspace(-p / 8, p + p / 8, 8193)
    y = h(x)
    peaks = np.flatnonzero((y[1:-1] > y[:-2]) & (y[1:-1] >= y[2:])) + 1
    found = [_snap(_golden_max(h, float(x[i - 1]), float(x[i + 1])), 1e-7) for i in peaks]
    values = [float(h(np.array(t))) for t in found]
    best = max([float(np.max(y)), *values])
    # A peak placed to 1e-7 falls short of the maximum by about 1e-14 times the curvature.
    tol = 1e-10 * max(1.0, abs(best))
    spots: list[float] = []
    for t in sorted(
        (t - p * math.floor(t / p)) % p
        for t, v in zip(found, values, strict=True)
        if v >= best - tol
    ):
        t = 0.0 if abs(t) <= 1e-6 * p or abs(t - p) <= 1e-6 * p else t
        if not any(abs(t - u) <= 1e-6 * p for u in spots):
            spots.append(t)
    spots.sort()
    if not spots:  # no smooth peak (a plateau): one grid point stands for it
        spots = [float(x[int(np.argmax(y))]) % p]
    pieces = tuple(_point(t).interval for t in spots)
    if len(pieces) == 1:
        return best, Where(pieces[0], period=p)
    hull = Interval(spots[0], spots[-1], True, True)
    return best, Where(hull, pieces=pieces, period=p)


# ---------------------------------------------------------------------------
# All properties
# ---------------------------------------------------------------------------


def properties(act: ElementWise, **params: Any) -> Properties:
    """The properties of ``act`` at ``params`` (its defaults if not given), computed."""
    if not isinstance(act, ElementWise):
        raise TypeError(f"properties() takes an element-wise Activation; got {act!r}")
    bound = {**act.defaults, **params}
    return _properties(act, tuple(sorted(bound.items())))


# A build may keep properties from one run to the next: it sets ``store`` to a callable
# ``store(act, params, compute)`` that returns ``compute(act, params)`` or a stored copy of it
# (scripts/shared/cache.py). None: computed once per process, as here.
store: (
    Callable[[ElementWise, tuple[tuple[str, Any], ...], Callable[..., Properties]], Properties]
    | None
) = None


@lru_cache(maxsize=256)
def _properties(act: ElementWise, params: tuple[tuple[str, Any], ...]) -> Properties:
    if store is not None:
        return store(act, params, _compute_properties)
    return _compute_properties(act, params)


def _compute_properties(act: ElementWise, params: tuple[tuple[str, Any], ...]) -> Properties:
    kw = dict(params)

    def f(x: np.ndarray) -> np.ndarray:
        return np.asarray(act(x, **kw), dtype=np.float64)

    def df(x: np.ndarray) -> np.ndarray:
        return np.asarray(act.derivative(x, **kw), dtype=np.float64)

    return properties_of(f, df, act.period_at(**kw), act.slope_period_at(**kw))


def properties_of(
    f: Fn, df: Fn, period: float | None = None, slope_period: float | None = None
) -> Properties:
    """The properties of any f and f', given as functions of a float64 array.

    :func:`properties` calls it on actlib's numbers; the tests call it on an independent
    oracle's, rounded to float64, and compare. ``f`` and ``df`` are called on arrays (0-d
    included) and on +-inf, where they must return the limits. ``period``: the stated
    period of a periodic f (``Activation.period``), confirmed here before it is used;
    ``slope_period`` that of f' where f itself does not repeat (``Activation.slope_period``).
    Where |f'| is largest and where it vanishes are then given in one period of f'.
    """

    def neg_f(x: np.ndarray) -> np.ndarray:
        return -f(x)

    def neg_df(x: np.ndarray) -> np.ndarray:
        return -df(x)

    def abs_df(x: np.ndarray) -> np.ndarray:
        return np.abs(df(x))

    kink_orders = _find_kinks(f, df)
    kinks = list(kink_orders)

    hi, argmax = _supremum(f, kinks, dh=df)
    neg_lo, argmin = _supremum(neg_f, kinks, dh=neg_df)
    lo, hi = -neg_lo + 0.0, hi + 0.0  # + 0.0 turns -0.0 into 0.0
    output_range = Interval(lo, hi, argmin.attained, argmax.attained)
    output_set = _value_set(f, kink_orders, output_range)
    slope, argslope = _supremum(abs_df, kinks)
    period = _confirm_period(f, df, period)
    slope_period = period if period is not None else _confirm_slope_period(df, slope_period)
    if slope_period is not None:
        slope, argslope = _periodic_argmax(abs_df, slope_period)

    # The sorted sample every global check runs over: tails, bulk, and both sides of kinks
    near = [np.nextafter(k, s) for k in kinks for s in (-np.inf, np.inf)]
    xs = np.unique(np.concatenate([-_TAIL, _BULK_GRID, _TAIL, kinks, near]))
    xs = np.concatenate([[-np.inf], xs, [np.inf]])
    fx, dfx = f(xs), df(xs)

    # Where f or f' overflows to inf (squared_relu past 1.3e154), inf - inf is not NaN: equal
    # neighbours do not move.
    def steps(v: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.where(v[1:] == v[:-1], 0.0, np.diff(v))

    rise = steps(fx)
    scale = np.maximum(np.abs(fx[1:]), np.abs(fx[:-1]))
    ok = np.isfinite(scale)
    # f'(+-inf) is NaN where f' has no limit (Snake's): that says nothing of the sign
    monotonic = bool(np.all(rise[ok] >= -8 * EPS * scale[ok]) and np.all(dfx[1:-1] >= 0))
    dslope = steps(dfx)
    dtol = 8 * EPS * np.maximum(np.abs(dfx[1:]), np.abs(dfx[:-1]))
    derivative_monotonic = bool(np.all(dslope >= -dtol) or np.all(dslope <= dtol))

    # E[f(Z)] and E[f(Z)^2] for Z ~ N(0, 1) by Simpson's rule; the density is below
    # 1e-31 beyond |z| = 12. Kinks at multiples of 2h are nodes where the rule restarts,
    # so it keeps its h^4 accuracy on each smooth piece.
    h = 2.0**-8
    z = np.arange(-12.0, 12.0 + h / 2, h)
    simpson = np.where(np.arange(len(z)) % 2 == 1, 4.0, 2.0)
    simpson[[0, -1]] = 1.0
    weight = np.exp(-(z**2) / 2) / math.sqrt(2 * math.pi) * simpson * h / 3
    fz = f(z)
    mean = float(np.sum(fz * weight))
    rms = math.sqrt(float(np.sum(fz**2 * weight)))

    f0, df0 = float(f(np.array(0.0))), float(df(np.array(0.0))) + 0.0
    outer = {s: max([0.0, *(s * k for k in kinks)]) for s in (-1, 1)}
    dead_side = {s: bool(np.all(dfx[s * xs > outer[s]] == 0)) for s in (-1, 1)}
    limit = {-1: dfx[0], 1: dfx[-1]}
    saturating = any(limit[s] == 0 and not dead_side[s] for s in (-1, 1))

    def vanishing_at(t: float) -> bool:
        return bool(abs(df(np.array(t))) < VANISHING)

    if slope_period is None:
        vanishing = _set_where(vanishing_at, xs[1:-1], np.abs(dfx[1:-1]) < VANISHING)
    else:  # one period, from where |f'| is largest (so not vanishing) to a period on
        x0 = argslope.interval.lo
        grid = np.linspace(x0, x0 + slope_period, 8193)
        vanishing = _set_where(vanishing_at, grid, np.abs(df(grid)) < VANISHING)

    return Properties(
        output_range=output_range,
        output_set=output_set,
        min_value=lo if argmin.attained else None,
        argmin=argmin if argmin.attained else None,
        max_value=hi if argmax.attained else None,
        argmax=argmax if argmax.attained else None,
        derivative_at_zero=df0,
        max_abs_derivative=slope,
        argmax_abs_derivative=argslope,
        monotonic=monotonic,
        derivative_monotonic=derivative_monotonic,
        zero_centred=abs(mean) <= 0.01 * rms,
        mean_standard_normal=mean,
        rms_standard_normal=rms,
        identity_near_zero=abs(f0) <= EPS and abs(df0 - 1) <= 4 * EPS,
        continuity=min(kink_orders.values(), default=SMOOTH),
        saturating=saturating,
        dead_zone=any(dead_side.values()),
        kinks={k: float(df(np.array(k))) for k in kinks},
        kink_orders=kink_orders,
        vanishing=tuple(vanishing),
        period=period,
        slope_period=slope_period,
    )


def vanishing_within(props: Properties, lo: float, hi: float) -> tuple[Interval, ...]:
    """The vanishing intervals that meet the window (lo, hi): where f' is periodic, its
    period's intervals shifted by every multiple of the period that brings them there."""
    if props.slope_period is None:
        return tuple(v for v in props.vanishing if overlaps(v, lo, hi))
    p, out = props.slope_period, []
    for k in range(math.floor((lo - p) / p), math.ceil(hi / p) + 2):
        for v in props.vanishing:
            shifted = Interval(v.lo + k * p, v.hi + k * p, v.lo_closed, v.hi_closed)
            if overlaps(shifted, lo, hi):
                out.append(shifted)
    return tuple(sorted(out, key=lambda v: v.lo))


def overlaps(interval: Interval, lo: float, hi: float) -> bool:
    """Whether ``interval`` meets the open window (lo, hi)."""
    return interval.lo < hi and interval.hi > lo
