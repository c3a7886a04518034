"""How the site writes numbers, intervals and properties: one way, shared by the page
macros, the summary table and the figures, so a number reads the same everywhere."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from actlib import analysis
from actlib._core import SMOOTH, Activation, GatedActivation, Interval, VectorActivation

# The conventional symbols; every other function is named by its display name.
_SYMBOLS = {"sigmoid": r"\sigma", "tanh": r"\tanh"}
# The left-hand sides of a gated unit's two partial derivatives, f_i = a_i g(b_i).
GATED_PARTIALS = (r"\frac{\partial f_i}{\partial a_i}", r"\frac{\partial f_i}{\partial b_i}")


def number(value: float, digits: int | None = None) -> str:
    """A number for prose and tables: ``digits`` decimals (trailing zeros dropped), or
    5 significant digits by default; integers print as integers, infinities as ``inf``
    (use :func:`latex_number` inside math)."""
    value = float(value)
    if math.isnan(value):
        raise ValueError("cannot format NaN: a property that should be a number is undefined")
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if digits is not None:
        if not isinstance(digits, int) or digits < 0:
            raise ValueError(f"digits must be an int >= 0; got {digits!r}")
        text = f"{value:.{digits}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    elif value == round(value) and abs(value) < 1e15:
        text = str(round(value))
    else:
        text = f"{value:.5g}"
    return "0" if text in ("-0", "") else text


def latex_number(value: float, digits: int | None = None) -> str:
    r"""A number inside math: ``\infty`` for infinity, ``a \times 10^{b}`` for tiny ones."""
    if math.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    text = number(value, digits)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def latex_interval(interval: Interval, digits: int | None = None) -> str:
    """An interval with its open/closed ends, as LaTeX (no surrounding dollars)."""
    left = "[" if interval.lo_closed else "("
    right = "]" if interval.hi_closed else ")"
    lo, hi = latex_number(interval.lo, digits), latex_number(interval.hi, digits)
    return f"{left}{lo}, {hi}{right}"


def vanishing_digits(props: analysis.Properties) -> int:
    """Decimals of a printed vanishing region: 2, or 4 for a periodic function, whose
    regions are narrow (the sinusoid's are 0.02 wide)."""
    return 2 if props.period is None else 4


def latex_interval_within(interval: Interval, digits: int) -> str:
    """A rounded interval that stays inside the true one: each finite end rounded inwards
    to ``digits`` decimals, and closed only where the rounded end belongs to the set.

    Rounded to the nearest, sigmoid's vanishing region [4.5849, inf) would print as
    [4.58, inf), a closed end that is not in the set.
    """
    scale = 10.0**digits
    lo, hi = interval.lo, interval.hi
    lo = lo if math.isinf(lo) else math.ceil(lo * scale - 1e-9) / scale
    hi = hi if math.isinf(hi) else math.floor(hi * scale + 1e-9) / scale
    lo_closed = math.isfinite(lo) and bool(interval.contains(np.float64(lo)))
    hi_closed = math.isfinite(hi) and bool(interval.contains(np.float64(hi)))
    return latex_interval(Interval(lo, hi, lo_closed, hi_closed), digits)


def latex_multiple(step: float) -> str:
    r"""Every integer multiple of ``step``: ``k\pi``, ``2k\pi``, ``\frac{k\pi}{2}``, or
    ``1.5k`` when step is not a simple fraction of pi."""
    ratio = Fraction(step / math.pi).limit_denominator(12)
    if ratio and abs(float(ratio) * math.pi - step) <= 1e-9 * step:
        top = ("" if ratio.numerator == 1 else str(ratio.numerator)) + r"k\pi"
        return top if ratio.denominator == 1 else rf"\frac{{{top}}}{{{ratio.denominator}}}"
    return f"{latex_number(step, 4)}k"


def periodic_pieces(starts: list[float], period: float) -> tuple[int, float]:
    """How many of the pieces that start at ``starts`` in one period stand for all:
    n equally spaced ones are the first, repeated every period / n."""
    n = len(starts)
    step = period / n
    if all(abs(s - starts[0] - i * step) <= 1e-6 * period for i, s in enumerate(starts)):
        return 1, step
    return n, period


def latex_periodic(pieces: list[str], starts: list[float], period: float) -> str:
    """LaTeX pieces (points or intervals) of one period, each plus every multiple of it."""
    keep, step = periodic_pieces(starts, period)
    shift = latex_multiple(step)
    return r" \text{ or } ".join(
        shift if piece == "0" else f"{piece} + {shift}" for piece in pieces[:keep]
    )


def latex_where(where: analysis.Where, digits: int | None = None) -> str:
    r"""Where a property holds, as LaTeX: ``x = 0``, ``x \to \infty``, ``x \in (0, \infty)``;
    for a periodic function, ``x = k\pi``."""
    if where.period is not None:
        pieces = where.pieces or (where.interval,)
        starts = [p.lo for p in pieces]
        if all(p.lo == p.hi for p in pieces):
            points = [latex_number(p.lo, digits) for p in pieces]
            return "x = " + latex_periodic(points, starts, where.period)
        intervals = [latex_interval(p, digits) for p in pieces]
        return r"x \in " + latex_periodic(intervals, starts, where.period)
    if where.pieces and where.attained:
        if all(p.lo == p.hi for p in where.pieces):  # isolated points, as the Gaussian's
            points = [p.lo for p in where.pieces]
            if len(points) == 2 and points[0] == -points[1]:
                return rf"x = \pm {latex_number(abs(points[0]), digits)}"
            return r"x \in \{" + ", ".join(latex_number(x, digits) for x in points) + r"\}"
        union = r" \cup ".join(latex_interval(p, digits) for p in where.pieces)
        return rf"x \in {union}"
    lo, hi = where.bounds
    if lo == hi:
        x = latex_number(lo, digits)
        if where.attained:
            return f"x = {x}"
        return rf"x \to {x}" + {-1: "^-", 0: "", 1: "^+"}[where.side]
    if not where.attained:  # approached at both ends only
        if math.isinf(lo) and math.isinf(hi):
            return r"x \to \pm\infty"
        return rf"x \to {latex_number(lo, digits)} \text{{ or }} {latex_number(hi, digits)}"
    if math.isinf(lo) and math.isinf(hi):
        return r"\text{all } x"
    return rf"x \in {latex_interval(where.interval, digits)}"


def latex_continuity(order: int) -> str:
    """The order of continuity: C^0, C^1, C^infinity, or discontinuous."""
    if order == SMOOTH:
        return r"C^\infty"
    if order < 0:
        return r"\text{discontinuous}"
    return f"C^{order}"


def table_math(latex: str) -> str:
    r"""Inline math safe inside a Markdown table cell: a bar would split the cell."""
    return "$" + latex.replace("|", r"\vert ") + "$"


def table_text(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", r"\|").replace("\n", " ")


def symbol(act: Activation | GatedActivation | VectorActivation) -> str:
    r"""The function's name inside math: ``\sigma``, ``\operatorname{ReLU}``."""
    if act.name in _SYMBOLS:
        return _SYMBOLS[act.name]
    # "Leaky ReLU" -> LeakyReLU, "Log-sigmoid" -> LogSigmoid, "SiLU / Swish" -> SiLU:
    # PyTorch's class names, without the alias in brackets or after a slash.
    main = act.display_name.split(" (")[0].split("/")[0]
    words = main.replace("-", " ").split()
    return rf"\operatorname{{{''.join(w[0].upper() + w[1:] for w in words)}}}"


def param_value(value: Any) -> str:
    return number(value) if isinstance(value, (int, float)) else repr(value)


def drawn_at(act: Activation) -> str:
    """'drawn at negative_slope = 0.1 (default 0.01)', or '' at the defaults."""
    parts = [
        f"{k} = {param_value(v)} (default {param_value(act.defaults[k])})"
        for k, v in act.plot_params.items()
        if v != act.defaults.get(k)
    ]
    return "drawn at " + ", ".join(parts) if parts else ""


def default_text(act: Activation | GatedActivation, key: str) -> str:
    """'`negative_slope` $a$ = 0.01 (plotted at 0.1)'."""
    param = act.params[key]
    text = f"`{key}` ${param.symbol}$ = {param_value(param.default)}"
    shown = getattr(act, "plot_params", {}).get(key, param.default)
    return text + (f" (plotted at {param_value(shown)})" if shown != param.default else "")
