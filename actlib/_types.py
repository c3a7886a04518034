"""The library's types, below everything else in actlib: imported, importing none of it.

What an entry states (:class:`Case`, :class:`Param`, :class:`Interval`) and what
``actlib.analysis`` computes from the numbers (:class:`Properties`, :class:`Where`,
:class:`ValueSet`) live here, so that ``_core`` (the activations and their registry)
and ``analysis`` (the properties of a function) both build on them, and neither on
the other's types.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "PROPERTIES",
    "SMOOTH",
    "Case",
    "Formula",
    "Interval",
    "Param",
    "Properties",
    "ValueSet",
    "Where",
    "to_latex",
]

# ---------------------------------------------------------------------------
# What an entry states
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One branch of a piecewise formula: ``expr`` where ``condition`` holds (both LaTeX)."""

    expr: str
    condition: str


# A formula is LaTeX in terms of x (and the parameters' symbols), or a tuple of Cases.
Formula = str | tuple[Case, ...]


def to_latex(formula: Formula) -> str:
    """Render a formula as the site prints it: piecewise ones as a ``cases`` block."""
    if isinstance(formula, str):
        return formula
    rows = r" \\ ".join(f"{c.expr} & \\text{{if }} {c.condition}" for c in formula)
    return rf"\begin{{cases}} {rows} \end{{cases}}"


@dataclass(frozen=True)
class Interval:
    """A real interval with open or closed ends; infinite ends are always open."""

    lo: float
    hi: float
    lo_closed: bool = False
    hi_closed: bool = False

    def __post_init__(self) -> None:
        if (math.isinf(self.lo) and self.lo_closed) or (math.isinf(self.hi) and self.hi_closed):
            raise ValueError("an infinite end of an interval cannot be closed")

    def contains(self, values: np.ndarray) -> np.ndarray:
        lo_ok = values >= self.lo if self.lo_closed else values > self.lo
        hi_ok = values <= self.hi if self.hi_closed else values < self.hi
        return lo_ok & hi_ok

    def to_latex(self) -> str:
        def end(v: float) -> str:
            if math.isinf(v):
                return r"\infty" if v > 0 else r"-\infty"
            return f"{v:g}"

        left = "[" if self.lo_closed else "("
        right = "]" if self.hi_closed else ")"
        return f"{left}{end(self.lo)}, {end(self.hi)}{right}"


@dataclass(frozen=True)
class Param:
    """A parameter: its default, its LaTeX symbol, and how the explorer may vary it.

    ``choices`` lists the allowed values of a categorical parameter; otherwise
    ``(lo, hi, step)`` bounds a numeric one for sliders. ``learnable`` says that the
    frameworks' usual layer trains it (PReLU's slope, ``nn.PReLU``), rather than fixing it
    as a hyper-parameter (Leaky ReLU's); the summary table lists these.
    """

    default: Any
    symbol: str
    slider: tuple[float, float, float] | None = None
    choices: tuple[Any, ...] | None = None
    learnable: bool = False


# ---------------------------------------------------------------------------
# What the analysis computes
# ---------------------------------------------------------------------------

SMOOTH = 10**9  # continuity order of an infinitely differentiable function

# The properties of an element-wise activation that an Activation reads from its computed
# Properties, as attributes of the same names.
PROPERTIES = (
    "output_range",
    "zero_centred",
    "monotonic",
    "derivative_monotonic",
    "identity_near_zero",
    "continuity",
    "saturating",
    "dead_zone",
    "derivative_at_zero",
    "max_abs_derivative",
    "argmax_abs_derivative",
    "kinks",
)


@dataclass(frozen=True)
class Where:
    """Where a property holds: a point (``lo == hi``), an interval, or only in a limit.

    ``attained=False`` means a supremum is approached but not reached: as x -> inf
    (``lo == hi == inf``), at both infinities (``(-inf, inf)``), or at one side of a
    kink: ``side`` is -1 if from the left (x -> 3-), +1 if from the right.
    """

    interval: Interval
    attained: bool = True
    side: int = 0
    # A set of disjoint intervals (softshrink's |f'| = 1 on x < -0.5 and on x > 0.5):
    # each of them, in order, and ``interval`` spans them all. Empty for one interval.
    pieces: tuple[Interval, ...] = ()
    # For a periodic f: the pieces (or the interval) lie in one period [0, p) and hold
    # again at every multiple of p.
    period: float | None = None

    @property
    def is_point(self) -> bool:
        return self.interval.lo == self.interval.hi

    @property
    def bounds(self) -> tuple[float, float]:
        return self.interval.lo, self.interval.hi


@dataclass(frozen=True)
class ValueSet:
    """The set of values f takes: disjoint intervals in increasing order, a single value
    as a closed interval of width 0. One interval where f is continuous; where it jumps,
    there can be gaps: the binary step takes {0, 1}, not the interval [0, 1]."""

    pieces: tuple[Interval, ...]

    @property
    def hull(self) -> Interval:
        first, last = self.pieces[0], self.pieces[-1]
        return Interval(first.lo, last.hi, first.lo_closed, last.hi_closed)

    @property
    def is_interval(self) -> bool:
        return len(self.pieces) == 1

    def contains(self, values: np.ndarray) -> np.ndarray:
        return np.logical_or.reduce([piece.contains(values) for piece in self.pieces])


@dataclass(frozen=True)
class Properties:
    """Everything ``actlib.analysis.properties`` computes for one activation at one set
    of parameters."""

    output_range: Interval  # the hull of output_set
    output_set: ValueSet
    min_value: float | None  # None when the infimum is not attained
    argmin: Where | None
    max_value: float | None
    argmax: Where | None
    derivative_at_zero: float
    max_abs_derivative: float  # the supremum of |f'|
    argmax_abs_derivative: Where
    monotonic: bool
    derivative_monotonic: bool
    zero_centred: bool
    mean_standard_normal: float  # E[f(Z)]
    rms_standard_normal: float  # sqrt(E[f(Z)^2])
    identity_near_zero: bool
    continuity: int
    saturating: bool
    dead_zone: bool
    kinks: Mapping[float, float] = field(default_factory=dict)  # x -> f'(x) there
    kink_orders: Mapping[float, int] = field(default_factory=dict)  # x -> C^k order there
    vanishing: tuple[Interval, ...] = ()  # where |f'| < analysis.VANISHING
    # The confirmed period of f, or None.
    period: float | None = None
    # The confirmed period of f' (f's for a periodic f; Snake's f' repeats though f does
    # not), or None. Then ``vanishing`` lists the intervals of one period, [x0, x0 + p),
    # each repeated at every multiple of p, and ``argmax_abs_derivative`` is in one period.
    slope_period: float | None = None
