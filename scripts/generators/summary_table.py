"""Generator: the summary table (``reference/summary-table.md``), one row per activation.

One table per family, under the family page's title, in the site's order: a section of
its own is laid out only as it nears the screen (``deferred_layout.py``), where one table
of forty rows of formulas cost a phone a full layout each time the page's scripts asked
for one. A family's table leaves out the columns that none of its members has (the
element-wise properties of the gated units and of softmax).

Cells come from actlib: the properties are computed from each function's numbers by
``actlib.analysis``, and a property an entry states by hand (``Activation.stated``) is
first checked against them: one that the numbers contradict stops the build with a
message naming the row, the column and both values.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import actlib
from actlib import analysis
from actlib._core import Activation, GatedActivation, Interval, VectorActivation
from actlib.families import FAMILIES
from scripts import ROOT
from scripts.shared import build
from scripts.shared import formatting as fmt
from scripts.website.macros import default_text, latex_values

FAMILY_PAGES = tuple(f"docs/functions/{family}.md" for family in FAMILIES)
# the pages give the titles; the macros, the ranges' and defaults' wording
INPUTS = ("scripts/shared/formatting.py", "scripts/website/macros.py", *FAMILY_PAGES)
PAGE = "reference/summary-table.md"
NOT_APPLICABLE = "—"

# (column heading, the properties it shows, which a stated value must match)
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Function", ()),
    ("Output range", ("output_range",)),
    ("Derivative $f'(x)$", ()),
    ("Zero-centred", ("zero_centred",)),
    ("Vanishing gradient", ("saturating", "dead_zone")),
    ("Continuity", ("continuity", "kinks")),
    ("Monotonic", ("monotonic",)),
    ("$f'$ monotonic", ("derivative_monotonic",)),
    (r"$f(x) \approx x$ near 0", ("identity_near_zero",)),
    ("Slope at 0, $f'(0)$", ("derivative_at_zero",)),
    (r"Largest $\lvert f' \rvert$", ("max_abs_derivative", "argmax_abs_derivative")),
    # The long texts come last, so that the properties fit the first screen.
    ("Notes", ()),
    ("Framework defaults", ()),
)
# Ends of a vanishing band are rounded inwards to DECIMALS decimals, or to more in a narrow
# band: as many as keep the rounding of each end within 1/SHARE of the band's width.
DECIMALS = 2
SHARE = 10
# The column a gated unit fills with its two partials, a vector function with its Jacobian.
DERIVATIVE = [heading for heading, _ in COLUMNS].index("Derivative $f'(x)$")


class MetadataError(ValueError):
    """A table cell whose stated property the numbers contradict."""


def verify(act: Activation) -> None:
    """Raise if any cell of the row states a property that actlib's numbers contradict."""
    problems = [
        f"summary table, row {act.name!r}, column {column!r}: {mismatch}"
        for column, fields in COLUMNS
        for mismatch in (analysis.check(act, field) for field in fields)
        if mismatch is not None
    ]
    if problems:
        raise MetadataError("\n".join(problems))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


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
    if props.period is not None:  # one period's intervals, each repeated every period
        where = fmt.latex_periodic(printed, [r.lo for r in regions], props.period)
    else:
        where = r" \cup ".join(printed)
    small = fmt.table_math(r"\lvert f' \rvert < " + fmt.number(analysis.VANISHING))
    label = ", ".join(kinds) if kinds else "no"
    return f"{label}; {small} on {fmt.table_math(where)}"


def _largest_slope(act: Activation) -> str:
    where = analysis.where_reached(act, act.argmax_abs_derivative, act.max_abs_derivative)
    value = fmt.latex_number(act.max_abs_derivative, digits=4)
    return f"{fmt.table_math(value)} at {fmt.table_math(fmt.latex_where(where, digits=4))}"


def _defaults(act: Activation | GatedActivation | VectorActivation) -> str:
    params = getattr(act, "params", {})
    defaults = "; ".join(default_text(act, k) for k in params) if params else ""
    return " ".join(filter(None, [defaults + "." if defaults else "", act.frameworks]))


def row(act: Activation | GatedActivation | VectorActivation) -> list[str]:
    """The cells of one activation's row, in the order of COLUMNS."""
    if not isinstance(act, Activation):
        if isinstance(act, VectorActivation):
            derivative = f"{act.jacobian_lhs} = {act.jacobian_formula}"
        else:
            by_a, by_b = fmt.GATED_PARTIALS
            derivative = rf"{by_a} = {act.partial_a_latex},\ {by_b} = {act.partial_b_latex}"
        cells = [NOT_APPLICABLE] * len(COLUMNS)
        cells[0] = _link(act)
        cells[1] = fmt.table_math(fmt.latex_interval(act.output_range))
        cells[2] = fmt.table_math(derivative)
        if isinstance(act, VectorActivation):
            cells[2] += f", {fmt.table_math(act.jacobian_where)}"
        cells[-2] = fmt.table_text(act.limitations)
        cells[-1] = fmt.table_text(_defaults(act))
        return cells
    verify(act)
    return [
        _link(act),
        fmt.table_math(latex_values(analysis.properties(act).output_set)),
        fmt.table_math(act.derivative_latex),
        _yes(act.zero_centred),
        _vanishing(act),
        fmt.table_math(fmt.latex_continuity(act.continuity)),
        _yes(act.monotonic),
        _yes(act.derivative_monotonic),
        _yes(act.identity_near_zero),
        fmt.table_math(fmt.latex_number(act.derivative_at_zero, digits=4)),
        _largest_slope(act),
        fmt.table_text(act.limitations),
        fmt.table_text(_defaults(act)),
    ]


def family_title(family: str) -> str:
    """The title of the family's page (its first-level heading)."""
    page = ROOT / "docs" / "functions" / f"{family}.md"
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{page.relative_to(ROOT)} has no first-level heading")


def family_table(members: list[Activation | GatedActivation | VectorActivation]) -> str:
    """One family's table: its members' rows, without the columns none of them has."""
    rows = [row(act) for act in members]
    kept = [k for k in range(len(COLUMNS)) if any(r[k] != NOT_APPLICABLE for r in rows)]
    headings = [COLUMNS[k][0] for k in kept]
    if not any(isinstance(act, Activation) for act in members):
        vector = any(isinstance(act, VectorActivation) for act in members)
        headings[kept.index(DERIVATIVE)] = "Jacobian" if vector else "Partial derivatives"
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(kept)]
    lines += ["| " + " | ".join(r[k] for k in kept) + " |" for r in rows]
    return "\n".join(lines)


INTRO = """\
---
description: >-
  Every activation function at a glance: output range, derivative, zero-centring,
  vanishing gradients, smoothness, monotonicity, f'(0), the largest slope and the
  framework defaults, generated from actlib and computed from its numbers.
hide:
  - navigation  # the table needs the width
  - toc
---

# Summary table

One row per activation, one table per family; the name links to its section. The tables
are generated from actlib when the site is built, and every cell that a computation can
decide (range, zero-centring, saturation, dead zone, continuity, kinks, monotonicity,
$f'(0)$ and the largest slope) is computed from actlib's own numbers, by an analysis that
the tests also run on independent textbook formulas, evaluated with mpmath, to find the
same answers.
Properties hold at the default parameters. *Zero-centred* means
$\\lvert E[f(Z)] \\rvert$ is within 1% of the RMS of $f(Z)$ for $Z \\sim N(0, 1)$; the
*vanishing gradient* column gives where $\\lvert f'(x) \\rvert < {threshold}$, with ends
rounded inwards to {decimals} decimals, or to more in a band narrower than {narrow}: as many as
keep the rounding of each end within 1/{share} of the band's width ({finer}). A closed end is
in the set. The output range is the set of values $f$ takes, a union where $f$ jumps over
values. At a kink, $f'$ takes the value PyTorch uses.

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
        members = [act for act in map(actlib.get, actlib.names()) if act.family == family]
        if not members:
            raise ValueError(f"the family {family!r} has no registered activation")
        table = f'<div class="summary-table" markdown>\n\n{family_table(members)}\n\n</div>'
        sections.append(f"## {family_title(family)}\n\n{table}\n")
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
