"""Generator: the summary table (``reference/summary-table.md``), one row per activation.

One table per family, under the family page's title, in the site's order: a section of
its own is laid out only as it nears the screen (``deferred_layout.py``), where one table
of forty rows of formulas cost a phone a full layout each time the page's scripts asked
for one. A family's table leaves out the columns that none of its members has (the
element-wise properties of the gated units and of softmax).

Cells come from actlib: the properties are computed from each function's numbers by
``actlib.analysis``.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import actlib
from actlib import analysis
from actlib._core import Activation, GatedActivation, Interval, VectorActivation
from actlib.families import FAMILIES
from scripts.render import cells
from scripts.shared import build
from scripts.shared import formatting as fmt

# the cells' wording, shared with the cards
INPUTS = ("scripts/shared/formatting.py", "scripts/render/cells.py")
PAGE = "reference/summary-table.md"
NOT_APPLICABLE = "—"

SOFT_HYPHEN = "&shy;"

# (column heading, the properties it shows)
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Function", ()),
    ("Output range", ("output_range",)),
    ("Derivative $f'(x)$", ()),
    ("Zero-centred", ("zero_centred",)),
    ("Vanishing gradient", ("saturating", "dead_zone")),
    ("Continuity", ("continuity", "kinks")),
    # short headings: at 360 px a column is as wide as its longest word (extra.css); a
    # heading of math alone has no text for a screen reader's table navigation (axe's
    # empty-table-header), so this one says "continuous" in words
    (f"$f''$ con{SOFT_HYPHEN}tin{SOFT_HYPHEN}uous", ("continuity", "kinks")),
    # a soft hyphen lets a phone's narrow column break the long word (test_small_screens)
    (f"Mono{SOFT_HYPHEN}tonic", ("monotonic",)),
    (f"$f'$ mono{SOFT_HYPHEN}tonic", ("derivative_monotonic",)),
    (r"$f(x) \approx x$ near 0", ("identity_near_zero",)),
    ("Slope at 0, $f'(0)$", ("derivative_at_zero",)),
    (r"Largest $\lvert f' \rvert$", ("max_abs_derivative", "argmax_abs_derivative")),
    # The long texts come last: they are not columns but a list under the table (SENTENCES).
    # Param.learnable in the registry: whether the frameworks' usual layer trains it; a
    # column of its own, "none" in most rows, made the tables too wide for two phone screens.
    ("Learned parameters", ()),
    ("Notes", ()),
    ("Framework defaults", ()),
)
# The last columns of a row are sentences. Read in a cell they made a table of thirteen
# columns, about 1,700 px wide, whose rows were a narrow column of text beside empty cells;
# under the table, one item a function, they read at the page's width, and the table keeps
# the properties, short enough to scan across on a phone (extra.css).
SENTENCES = 3
TABLE_COLUMNS = COLUMNS[:-SENTENCES]
# Ends of a vanishing band are rounded inwards to DECIMALS decimals, or to more in a narrow
# band: as many as keep the rounding of each end within 1/SHARE of the band's width.
DECIMALS = 2
SHARE = 10
# The column a gated unit fills with its two partials, a vector function with its Jacobian.
HEADINGS = [heading for heading, _ in COLUMNS]
DERIVATIVE = HEADINGS.index("Derivative $f'(x)$")
LEARNABLE = HEADINGS.index("Learned parameters")
# What a point where f'' is not continuous is called, by the order of continuity there
# (actlib.analysis's kink orders): f'' jumps (C^1), f' jumps so that f'' is a point mass
# (C^0), or f itself jumps (discontinuous).
SECOND_BREAKS = {1: "jumps", 0: "point mass", -1: "$f$ jumps"}


def _link(act: Activation | GatedActivation | VectorActivation) -> str:
    return f"[{act.display_name}](../functions/{act.family}.md#{act.name})"


def band_digits(band: Interval) -> int:
    """The decimals an end of the vanishing band is rounded to: DECIMALS, or, in a band
    narrower than SHARE * 10^-DECIMALS, the fewest that round each end by less than 1/SHARE
    of its width (the Gaussian's band, (-0.005, 0.005), would print as [0, 0])."""
    width = band.hi - band.lo
    if not math.isfinite(width):
        return DECIMALS
    return max(DECIMALS, math.ceil(math.log10(SHARE / width)))


def _vanishing(act: Activation) -> str:
    """Whether and where |f'| < 0.01: soft saturation, a dead zone, or neither."""
    kinds = [k for k, on in (("saturates", act.saturating), ("dead zone", act.dead_zone)) if on]
    props = analysis.properties(act)
    regions = props.vanishing
    if not regions:
        return "no" if not kinds else ", ".join(kinds)
    printed = [fmt.latex_interval_within(r, digits=band_digits(r)) for r in regions]
    if props.slope_period is not None:  # one period's intervals, each repeated every period
        where = fmt.latex_periodic(printed, [r.lo for r in regions], props.slope_period)
    else:
        where = r" \cup ".join(printed)
    small = fmt.table_math(r"\lvert f' \rvert < " + fmt.number(analysis.VANISHING))
    label = ", ".join(kinds) if kinds else "no"
    return f"{label}; {small} on {fmt.table_math(where)}"


def derivative_cell(latex: str) -> str:
    r"""f' for the table: a piecewise f' one line a branch, its value and "if" with its
    condition, not one ``cases`` formula. A formula cannot break, and xIELU's three
    branches made the exponential family's table wider than two phone screens. Any other
    formula is the registry's, whole."""
    whole = re.fullmatch(r"\s*\\begin\{cases\}(.*)\\end\{cases\}\s*", latex, re.S)
    if whole is None:
        return fmt.table_math(latex)
    lines = []
    for branch in whole[1].split(r"\\"):
        value, _, condition = branch.partition("&")
        when = re.fullmatch(r"\s*\\text\{if \}\s*(.+?)\s*", condition, re.S)
        if when is None:
            return fmt.table_math(latex)
        # braces keep each formula whole, "if" inside keeps it with its condition: a line
        # breaks only before its "if" (a browser breaks beside a formula, no-break space or not)
        value_math = fmt.table_math(f"{{{value.strip()}}}")
        when_math = fmt.table_math(f"{{\\text{{if }} {when[1].strip()}}}")
        lines.append(f"{value_math} {when_math}")
    return "<br>".join(lines)


def second_continuity(act: Activation) -> str:
    """Whether f'' is continuous, from the continuity actlib computes ("yes" for C^2 or
    smoother), and where not: "no: jumps at $0$", "no: point mass at $-3$, $3$"."""
    if act.continuity >= 2:
        return "yes"
    orders = analysis.properties(act).kink_orders
    said = []
    for order, label in SECOND_BREAKS.items():
        points = [x for x, o in orders.items() if o == order]
        if points:
            # each point its own formula, so that a narrow column may break between them
            where = ", ".join(fmt.table_math(fmt.latex_number(x)) for x in points)
            said.append(f"{label} at {where}")
    return "no: " + "; ".join(said)


def learnable(act: Activation | GatedActivation | VectorActivation) -> str:
    """The real parameters the frameworks' usual layer trains (``Param.learnable``); ""
    for none, which leaves the item out of the list under the table."""
    params = getattr(act, "params", {})
    trained = [f"`{key}` ${p.symbol}$" for key, p in params.items() if p.learnable]
    return ", ".join(trained) + "." if trained else ""


def _defaults(act: Activation | GatedActivation | VectorActivation) -> str:
    params = getattr(act, "params", {})
    defaults = "; ".join(cells.default_text(act, k) for k in params) if params else ""
    return " ".join(filter(None, [defaults + "." if defaults else "", act.frameworks]))


def row(act: Activation | GatedActivation | VectorActivation) -> list[str]:
    """The cells of one activation's row, in the order of COLUMNS."""
    if not isinstance(act, Activation):
        if isinstance(act, VectorActivation):
            derivative = f"{act.jacobian_lhs} = {act.jacobian_formula}"
        else:
            by_a, by_b = fmt.GATED_PARTIALS
            derivative = rf"{by_a} = {act.partial_a_latex},\ {by_b} = {act.partial_b_latex}"
        filled = [NOT_APPLICABLE] * len(COLUMNS)
        filled[0] = _link(act)
        filled[1] = cells.output_range(act)
        filled[DERIVATIVE] = fmt.table_math(derivative)
        if isinstance(act, VectorActivation):
            filled[DERIVATIVE] += f", {fmt.table_math(act.jacobian_where)}"
        filled[LEARNABLE] = learnable(act)
        filled[-2] = fmt.table_text(act.limitations)
        filled[-1] = fmt.table_text(_defaults(act))
        return filled
    return [
        _link(act),
        cells.output_range(act),
        derivative_cell(act.derivative_latex),
        cells.yes(act.zero_centred),
        _vanishing(act),
        cells.continuity(act),
        second_continuity(act),
        cells.yes(act.monotonic),
        cells.yes(act.derivative_monotonic),
        cells.yes(act.identity_near_zero),
        cells.slope_at_zero(act, digits=4),
        cells.largest_slope(act, digits=4),
        learnable(act),
        fmt.table_text(act.limitations),
        fmt.table_text(_defaults(act)),
    ]


def family_table(members: list[Activation | GatedActivation | VectorActivation]) -> str:
    """One family's table: its members' rows, without the columns none of them has; then
    the sentences of each row, as a list."""
    rows = [row(act) for act in members]
    columns = range(len(TABLE_COLUMNS))
    kept = [k for k in columns if any(r[k] != NOT_APPLICABLE for r in rows)]
    headings = [COLUMNS[k][0] for k in kept]
    if not any(isinstance(act, Activation) for act in members):
        vector = any(isinstance(act, VectorActivation) for act in members)
        headings[kept.index(DERIVATIVE)] = "Jacobian" if vector else "Partial derivatives"
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(kept)]
    lines += ["| " + " | ".join(r[k] for k in kept) + " |" for r in rows]
    notes = []
    for act, cells_of_row in zip(members, rows, strict=True):
        said = [
            f"*{heading}:* {cell}"
            for (heading, _), cell in zip(
                COLUMNS[-SENTENCES:], cells_of_row[-SENTENCES:], strict=True
            )
            if cell and cell != NOT_APPLICABLE
        ]
        if said:
            notes.append(f"- **{act.display_name}**. " + " ".join(said))
    return "\n".join(lines) + ("\n\n" + "\n".join(notes) if notes else "")


INTRO = """\
---
description: >-
  Every activation function at a glance: output range, derivative, zero-centring,
  vanishing gradients, smoothness, whether f'' is continuous, monotonicity, f'(0), the
  largest slope, the learnable parameters and the framework defaults, generated from
  actlib and computed from its numbers.
hide:
  - navigation  # the table needs the width
  - toc
---

# Summary table

One row per activation, one table per family; the name links to its section. The tables
are generated from actlib when the site is built, and every cell that a computation can
decide (range, zero-centring, saturation, dead zone, continuity of $f$, $f'$ and $f''$,
kinks, monotonicity, $f'(0)$ and the largest slope) is computed from actlib's own numbers,
by an analysis that the tests also run on independent textbook formulas, evaluated with
mpmath, to find the same answers.
Properties hold at the default parameters. *Zero-centred* means
$\\lvert E[f(Z)] \\rvert$ is within 1% of the RMS of $f(Z)$ for $Z \\sim N(0, 1)$; the
*vanishing gradient* column gives where $\\lvert f'(x) \\rvert < {threshold}$, with ends
rounded inwards to {decimals} decimals, or to more in a band narrower than {narrow}: as many as
keep the rounding of each end within 1/{share} of the band's width ({finer}). A closed end is
in the set. The output range is the set of values $f$ takes, a union where $f$ jumps over
values. At a kink, $f'$ takes the value PyTorch uses. Whether $f''$ is continuous
(column *$f''$ continuous*) is read from the same computed continuity: *yes* for $C^2$ or smoother;
else where $f''$ *jumps* ($f'$ has a kink), where it has a *point mass* ($f'$ jumps, so
the second derivative in the sense of distributions is a multiple of the Dirac delta
there), or where $f$ itself jumps. Under each table, *learned parameters* names those
that the frameworks' usual layer for the function trains with the weights, as its
registry entry states; a function without the item has none, its parameters being
fixed hyper-parameters.

The gated linear units (GLU, ReGLU, GEGLU, SwiGLU) split their input $z$ into two halves,
the value $a$ and the gate input $b$; softmax, log-softmax, softmin and sparsemax act on a
whole vector $z$. Their derivatives are the two partials of $f_i = a_i\\,g(b_i)$ and a
Jacobian matrix, and the element-wise columns do not apply: their tables leave them out,
and sparsemax's cells beside the element-wise sparse maps read {na}.

"""


def markdown() -> str:
    """The whole page."""
    sections = []
    for family in FAMILIES:
        members = actlib.family(family)
        table = f'<div class="summary-table" markdown>\n\n{family_table(members)}\n\n</div>'
        sections.append(f"## {cells.FAMILY_TITLES[family]}\n\n{table}\n")
    intro = INTRO.replace("{threshold}", fmt.number(analysis.VANISHING))
    for key, value in (
        ("{decimals}", str(DECIMALS)),
        ("{narrow}", fmt.number(SHARE * 10.0**-DECIMALS)),
        ("{share}", str(SHARE)),
        ("{finer}", _finer_rounding()),
        ("{na}", NOT_APPLICABLE),
    ):
        intro = intro.replace(key, value)
    return intro + "\n".join(sections)


def _finer_rounding() -> str:
    """Which rows round their bands to more than DECIMALS decimals, and to how many."""
    finer: dict[int, list[str]] = {}
    for act in map(actlib.get, actlib.names()):
        if isinstance(act, Activation):
            digits = max((band_digits(b) for b in analysis.properties(act).vanishing), default=0)
            if digits > DECIMALS:
                finer.setdefault(digits, []).append(act.display_name)
    if not finer:
        return "none does"
    return "; ".join(f"{d} decimals: {', '.join(names)}" for d, names in sorted(finer.items()))


def generate(out: Path) -> None:
    path = out / PAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(), encoding="utf-8")


if __name__ == "__main__":
    build.main(sys.modules[__name__])
