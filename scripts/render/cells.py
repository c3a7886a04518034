"""A fact of actlib as a Markdown table cell, one function per fact: the summary table and
the cards both call these, so a cell and the same fact on a card are the same text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from actlib import Activation, GatedActivation, VectorActivation, analysis
from scripts.shared import formatting as fmt

AnyActivation = Activation | GatedActivation | VectorActivation

# The title of each family's page (docs/functions/FAMILY.md), in the site's order: the
# summary table heads each family's table with it, and test_generated holds each page's
# first heading to it.
FAMILY_TITLES = {
    "linear": "Linear and step",
    "logistic": "Sigmoid and tanh",
    "rectifier": "ReLU and Leaky ReLU",
    "exponential": "ELU, CELU and SELU",
    "softplus": "Softplus and log-sigmoid",
    "gated": "SiLU, GELU, Mish and TeLU",
    "hard": "Hard variants",
    "softsign": "Softsign and shrinkage",
    "periodic": "Periodic activations",
    "glu": "Gated linear units",
    "softmax": "Softmax",
    "sparse": "Sparse maps",
}


def yes(flag: bool) -> str:
    return "yes" if flag else "no"


def latex_values(values: analysis.ValueSet, digits: int | None = None) -> str:
    r"""The set of values of f, as LaTeX: an interval, or a union where f jumps over
    values, single values gathered in braces: ``\{0, 1\}``, ``\{0\} \cup (1, \infty)``."""
    parts: list[str] = []
    points: list[str] = []
    for piece in values.pieces:
        if piece.lo == piece.hi:
            points.append(fmt.latex_number(piece.lo, digits))
            continue
        if points:
            parts.append(r"\{" + ", ".join(points) + r"\}")
            points = []
        parts.append(fmt.latex_interval(piece, digits))
    if points:
        parts.append(r"\{" + ", ".join(points) + r"\}")
    return r" \cup ".join(parts)


def breaks_phrase(kink_orders: Mapping[float, int]) -> str:
    """'the kink at x = 0', 'the jumps at x = -0.5, 0.5', 'the kink at x = 0 and the jump
    at x = 1': where f' jumps (a kink, f continuous) or f itself jumps."""
    phrases = []
    for noun, points in (
        ("kink", [x for x, order in kink_orders.items() if order >= 0]),
        ("jump", [x for x, order in kink_orders.items() if order < 0]),
    ):
        if points:
            where = ", ".join(fmt.number(x) for x in points)
            phrases.append(f"the {noun}{'s' if len(points) > 1 else ''} at x = {where}")
    return " and ".join(phrases)


def breaks_label(kink_orders: Mapping[float, int]) -> str:
    """The card's row heading: 'At the kink', 'At the jumps', 'At the kinks and jumps'."""
    counts = Counter("kink" if order >= 0 else "jump" for order in kink_orders.values())
    nouns = [f"{noun}{'s' * (counts[noun] > 1)}" for noun in ("kink", "jump") if counts[noun]]
    return "At the " + " and ".join(nouns)


def default_text(act: Activation | GatedActivation, key: str) -> str:
    """'`negative_slope` $a$ = 0.01 (plotted at 0.1)'; a symbol that only repeats the
    name is left out: '`b` = 4', '`approximate` = 'none''."""
    param = act.params[key]
    bare = re.sub(r"^\\(?:mathrm|text|operatorname)\{(.*)\}$", r"\1", param.symbol)
    named = f"`{key}`" if bare == key else f"`{key}` ${param.symbol}$"
    text = f"{named} = {fmt.param_value(param.default)}"
    shown = getattr(act, "plot_params", {}).get(key, param.default)
    return text + (f" (plotted at {fmt.param_value(shown)})" if shown != param.default else "")


def output_range(act: AnyActivation) -> str:
    """The set of values of f; a gated or vector function's range of each output."""
    if isinstance(act, Activation):
        return fmt.table_math(latex_values(analysis.properties(act).output_set))
    return fmt.table_math(fmt.latex_interval(act.output_range))


def slope_at_zero(act: Activation, digits: int | None = None) -> str:
    """f'(0), at a kink the value actlib returns."""
    return fmt.table_math(fmt.latex_number(act.derivative_at_zero, digits))


def largest_slope(act: Activation, digits: int | None = None) -> str:
    """The supremum of |f'| and where it is reached (or approached)."""
    value = fmt.latex_number(act.max_abs_derivative, digits)
    where = fmt.latex_where(act.argmax_abs_derivative, digits)
    return f"{fmt.table_math(value)} at {fmt.table_math(where)}"


def continuity(act: Activation) -> str:
    return fmt.table_math(fmt.latex_continuity(act.continuity))


def values_at_breaks(act: Activation) -> str:
    """The value f' takes at each kink or jump (the convention actlib follows)."""
    return ", ".join(
        fmt.table_math(f"f'({fmt.latex_number(x)}) = {fmt.latex_number(v)}")
        for x, v in act.kinks.items()
    )
