"""Macros for the pages (mkdocs-macros): every number, formula and card on a page comes from actlib.

- ``{{ card("relu") }}``: the header of an activation's section (figure, key facts, explorer);
- ``{{ formula("relu") }}``, ``{{ formula("relu", "derivative") }}``: a display equation;
- ``{{ fact("silu", "min_value", digits=4) }}``: one number (or range) for the prose;
- ``{{ calc("53 * log(2)", digits=2) }}``: any other number, computed with mpmath;
- ``{{ figure("derivatives-overview", "alt text") }}``: any generated figure, light and dark;
- ``{{ experiment("linear-collapse", "best_line_accuracy") }}``: a number an experiment found.

An unknown name or key raises, which fails the build (``on_error_fail`` in mkdocs.yml).
The formatting helpers here are shared with the summary table, so a number reads the
same everywhere on the site.
"""

from __future__ import annotations

import importlib
import json
import math
import posixpath
import re
from collections import Counter
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import mpmath
import numpy as np

import actlib
from actlib import analysis
from actlib._core import Activation, GatedActivation, Interval, VectorActivation
from actlib.families import FAMILIES
from scripts.shared import formatting as fmt
from scripts.shared import plotting  # cheap: matplotlib loads only when a figure is drawn

AnyActivation = Activation | GatedActivation | VectorActivation

FIGURES = "figures"

# ---------------------------------------------------------------------------
# Looking things up, with errors that say what is valid
# ---------------------------------------------------------------------------


def lookup(name: str, macro: str) -> AnyActivation:
    try:
        return actlib.get(name)
    except (KeyError, TypeError) as err:
        raise ValueError(f"{macro}({name!r}): {err.args[0]}") from None


# Keys that fact() computes from actlib's numbers (actlib.analysis); no entry types them.
COMPUTED = {
    "output_range": lambda p: p.output_set,
    "min_value": lambda p: p.min_value,
    "argmin": lambda p: p.argmin,
    "max_value": lambda p: p.max_value,
    "argmax": lambda p: p.argmax,
    "derivative_at_zero": lambda p: p.derivative_at_zero,
    "max_abs_derivative": lambda p: p.max_abs_derivative,
    "argmax_abs_derivative": lambda p: p.argmax_abs_derivative,
    "zero_centred": lambda p: p.zero_centred,
    "monotonic": lambda p: p.monotonic,
    "derivative_monotonic": lambda p: p.derivative_monotonic,
    "identity_near_zero": lambda p: p.identity_near_zero,
    "saturating": lambda p: p.saturating,
    "dead_zone": lambda p: p.dead_zone,
    "continuity": lambda p: p.continuity,
    "mean_standard_normal": lambda p: p.mean_standard_normal,
    "vanishing_threshold": lambda p: analysis.VANISHING,
}
_METADATA = ("display_name", "use_case", "limitations", "frameworks", "reference")

# What each key of fact() means, for contributors (the API page lists them: fact_keys()).
MEANING = {
    "output_range": "the set of values of f, with its open or closed ends: an interval, "
    "or where f jumps over values a union (the binary step's is {0, 1})",
    "min_value": "the smallest value of f (an error if it is not attained)",
    "argmin": "where f takes its smallest value",
    "max_value": "the largest value of f (an error if it is not attained)",
    "argmax": "where f takes its largest value",
    "derivative_at_zero": "f'(0), at a kink the value actlib returns",
    "max_abs_derivative": "the supremum of |f'|",
    "argmax_abs_derivative": "where |f'| reaches it (or tends to it)",
    "zero_centred": "yes if E[f(Z)] is within 1% of the RMS of f(Z), Z ~ N(0, 1)",
    "monotonic": "yes if f never decreases",
    "derivative_monotonic": "yes if f' never decreases, or never increases",
    "identity_near_zero": "yes if f(0) = 0 and f'(0) = 1",
    "saturating": "yes if f' tends to 0 in a tail without being 0 there",
    "dead_zone": "yes if f' = 0 on a whole half-line",
    "continuity": "k for C^k, -1 if f jumps, a large number if smooth",
    "mean_standard_normal": "E[f(Z)] for Z ~ N(0, 1)",
    "vanishing_threshold": "the |f'| below which the site calls a gradient vanishing",
    "display_name": "the name the site prints (stated in the entry)",
    "use_case": "what it is used for (stated in the entry)",
    "limitations": "its limitations (stated in the entry)",
    "frameworks": "where PyTorch, JAX and Keras differ (stated in the entry)",
    "reference": "the paper it comes from (stated in the entry)",
}


def fact_keys() -> str:
    """The keys fact() accepts, with their meaning, as a Markdown table (the API page)."""
    rows = [f"| `{key}` | {fmt.table_text(MEANING[key])} |" for key in [*COMPUTED, *_METADATA]]
    other = (
        "| a parameter's name (`negative_slope`) | its default |\n"
        "| a constant's symbol (SELU's `\\lambda`) | its value |"
    )
    return (
        "| key | what `fact(name, key)` prints |\n| --- | --- |\n" + "\n".join(rows) + "\n" + other
    )


def render_value(value: Any, digits: int | None) -> str:
    """How fact() prints each kind of value."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Interval):
        return f"${fmt.latex_interval(value, digits)}$"
    if isinstance(value, analysis.ValueSet):
        return f"${latex_values(value, digits)}$"
    if isinstance(value, analysis.Where):
        if value.is_point and value.attained:
            return fmt.number(value.interval.lo, digits)
        return f"${fmt.latex_where(value, digits)}$"
    if isinstance(value, (int, float)):
        return fmt.number(value, digits)
    if isinstance(value, str):
        return value
    raise TypeError(f"fact() cannot print a {type(value).__name__}")


def fact(name: str, key: str, digits: int | None = None) -> str:
    """One property of an activation, computed from actlib, as text for the prose.

    ``key`` is a computed property (``min_value``, ``argmin``, ``max_abs_derivative``,
    ``derivative_at_zero``, ``output_range``... see :data:`COMPUTED`), a metadata text
    field (``use_case``...), a parameter (its default) or a fixed constant's symbol.
    Positions print as a number when the property holds at one point, as an interval
    otherwise; intervals come as inline math.
    """
    act = lookup(name, "fact")
    where = f"fact({name!r}, {key!r})"
    if key in _METADATA:
        return getattr(act, key)
    if isinstance(act, GatedActivation) and key in act.params:
        return render_value(act.params[key].default, digits)
    if not isinstance(act, Activation):
        if key == "output_range":
            return render_value(act.output_range, digits)
        kind = "vector" if isinstance(act, VectorActivation) else "gated"
        raise KeyError(
            f"{where}: {name} is a {kind} function; its facts are output_range, "
            f"{', '.join(_METADATA)}"
        )
    if key in act.params:
        return render_value(act.params[key].default, digits)
    if key in act.constants:
        return render_value(act.constants[key], digits)
    if key not in COMPUTED:
        valid = sorted([*COMPUTED, *_METADATA, *act.params, *act.constants])
        raise KeyError(f"{where}: unknown key; valid keys for {name}: {', '.join(valid)}")
    value = COMPUTED[key](analysis.properties(act))
    if value is None:
        raise ValueError(f"{where}: {name} has no {key} (the extremum is not attained)")
    return render_value(value, digits)


# ---------------------------------------------------------------------------
# Numbers computed from an expression: calc()
# ---------------------------------------------------------------------------

_FLOAT64, _FLOAT32, _FLOAT16 = (np.finfo(t) for t in (np.float64, np.float32, np.float16))
# The limits of the floating-point formats, by the names C's <float.h> gives float64's.
FLOAT_LIMITS = {
    "DBL_MAX": float(_FLOAT64.max),
    "DBL_MIN": float(_FLOAT64.tiny),  # the smallest normal float64
    "DBL_TRUE_MIN": float(_FLOAT64.smallest_subnormal),
    "EPS": float(_FLOAT64.eps),  # 2^-52, the gap between 1 and the next float64
    "FLT_MAX": float(_FLOAT32.max),
    "FLT_MIN": float(_FLOAT32.tiny),
    "FLT_EPS": float(_FLOAT32.eps),
    "HALF_MAX": float(_FLOAT16.max),
    "HALF_EPS": float(_FLOAT16.eps),
}


def rounds_to_one(name: str) -> float:
    """The smallest positive float64 x at which actlib's ``name`` returns exactly 1.0 (an
    increasing function that reaches 1 below x = 1000), found by bisection."""
    function = actlib.get(name)
    below, above = 0.0, 1000.0
    if function(above) != 1.0:
        raise ValueError(f"actlib.{name}(x) is not 1.0 at x = {above}")
    while (middle := (below + above) / 2) not in (below, above):
        below, above = (below, middle) if function(middle) == 1.0 else (middle, above)
    return above


# What an expression may name besides these: mpmath's functions and constants (exp, log,
# ln, sqrt, log10, sech, erf, pi, findroot, diff, ...), and these of this site.
SITE_NAMES = {
    "actlib": actlib,  # actlib.sigmoid(x) and the rest, in float64
    "rounds_to_one": rounds_to_one,  # rounds_to_one("tanh"): where np.tanh returns 1.0
    "GATED_VALUE": plotting.GATED_VALUE,  # the value a at which gated units are drawn
}
CALC_DIGITS = 50  # working precision of calc(), in decimal digits


def _calc_namespace() -> dict[str, Any]:
    names: dict[str, Any] = {n: getattr(mpmath, n) for n in dir(mpmath) if not n.startswith("_")}
    names.update({k: mpmath.mpf(v) for k, v in FLOAT_LIMITS.items()})
    names.update(SITE_NAMES)
    names["abs"] = mpmath.fabs
    names["log2"] = lambda x: mpmath.log(x, 2)  # mpmath has log10 but no log2
    return {"__builtins__": {}, **names}


def _scientific(value: Any, significant: int) -> str:
    r"""``1.8 \times 10^{308}`` (``significant`` digits), or ``10^{308}`` for 0: LaTeX."""
    value = mpmath.mpf(value)
    if value == 0 or not mpmath.isfinite(value):
        raise ValueError(f"sci= needs a finite non-zero number; got {mpmath.nstr(value)}")
    sign = "-" if value < 0 else ""
    exponent = int(mpmath.floor(mpmath.log10(abs(value))))
    if significant == 0:  # the nearest power of ten, on a log scale
        return f"{sign}10^{{{int(mpmath.nint(mpmath.log10(abs(value))))}}}"
    mantissa = float(abs(value) / mpmath.mpf(10) ** exponent)
    text = fmt.number(mantissa, significant - 1)
    if float(text) >= 10:  # 9.96 to two digits is 10: one more power of ten
        exponent += 1
        text = fmt.number(mantissa / 10, significant - 1)
    return rf"{sign}{text} \times 10^{{{exponent}}}"


def _fraction(value: Any) -> str:
    r"""``\frac{11}{48}``: LaTeX for a value that is a fraction with a small denominator."""
    exact = Fraction(float(value)).limit_denominator(10**6)
    # A Python float (1/3 in the expression) holds the fraction to float64's precision.
    if isinstance(value, float):
        close = abs(float(exact) - value) <= 4 * FLOAT_LIMITS["EPS"] * abs(value)
    else:
        close = abs(mpmath.mpf(exact.numerator) / exact.denominator - value) <= 1e-40 * abs(value)
    if not close:
        raise ValueError(f"{mpmath.nstr(value, 20)} is not a fraction of small integers")
    sign = "-" if exact < 0 else ""
    if exact.denominator == 1:
        return f"{exact}"
    return rf"{sign}\frac{{{abs(exact.numerator)}}}{{{exact.denominator}}}"


def calc(
    expression: str,
    digits: int | None = None,
    sci: int | None = None,
    page: str = "",
    fraction: bool = False,
) -> str:
    r"""A number computed at build time from ``expression``, evaluated with mpmath at
    50 digits, for a number in the prose that is not a property of one activation.

    ``{{ calc("53 * log(2)", digits=2) }}`` prints 36.74, formatted as fact() prints
    numbers (``digits`` decimals, or 5 significant digits). ``sci=2`` prints LaTeX for
    inline math, two significant digits: ``${{ calc("sqrt(DBL_MAX)", sci=2) }}$`` is
    1.3 x 10^154; ``sci=0`` prints only the nearest power of ten, ``10^{154}``;
    ``fraction=True`` prints an exact fraction, ``\frac{11}{48}``, or fails. The names
    an expression may use are mpmath's (``exp``, ``log``, ``sqrt``, ``findroot`` ...),
    :data:`FLOAT_LIMITS` and :data:`SITE_NAMES`. A bad expression fails the build.
    """
    where = f"{page}: calc({expression!r})" if page else f"calc({expression!r})"
    if digits is not None and sci is not None:
        raise ValueError(f"{where}: give digits= or sci=, not both")
    try:
        with mpmath.workdps(CALC_DIGITS):
            # eval, with no builtins: the expressions are the site's own pages.
            value = eval(expression, _calc_namespace())
            if isinstance(value, bool) or not isinstance(value, (int, float, mpmath.mpf)):
                raise TypeError(f"the expression gives a {type(value).__name__}, not a number")
            if sci is not None:
                return _scientific(value, sci)
            if fraction:
                return _fraction(value)
            return render_value(float(value), digits)
    except Exception as err:
        raise ValueError(f"{where}: {type(err).__name__}: {err}") from None


# ---------------------------------------------------------------------------
# Formulas
# ---------------------------------------------------------------------------


def formula(name: str, which: str = "f") -> str:
    """The metadata formula as a display equation (put the macro on its own line)."""
    act = lookup(name, "formula")
    allowed = (
        ("f", "derivative")
        if isinstance(act, Activation)
        else ("f", "partial_a", "partial_b")
        if isinstance(act, GatedActivation)
        else ("f", "derivative", "jacobian")
    )
    if which not in allowed:
        raise ValueError(f"formula({name!r}, {which!r}): which must be one of {allowed}")
    sym = fmt.symbol(act)
    if isinstance(act, GatedActivation):
        if which == "f":
            body = rf"{sym}(z)_i = {act.latex}, \qquad [a,\ b] = z"
        elif which == "partial_a":
            body = f"{fmt.GATED_PARTIALS[0]} = {act.partial_a_latex}"
        else:
            body = f"{fmt.GATED_PARTIALS[1]} = {act.partial_b_latex}"
    elif isinstance(act, VectorActivation):
        if which == "f":
            body = rf"{sym}(z)_i = {act.formula}"
        else:
            body = rf"\frac{{\partial\, {sym}(z)_i}}{{\partial z_j}} = {act.jacobian_formula}"
    elif which == "f":
        body = f"{sym}(x) = {act.latex}"
    else:
        body = f"{sym}'(x) = {act.derivative_latex}"
    return f"$$\n{body}\n$$"


# ---------------------------------------------------------------------------
# Figures and cards
# ---------------------------------------------------------------------------


def _figure_size(stem: str) -> tuple[int, int] | None:
    """The SVG size of a figure, so the page reserves its space before it loads."""
    if stem in actlib.names():
        return plotting.svg_size(plotting.FUNCTION_FIGSIZE)
    if stem == "derivatives-overview":
        return plotting.svg_size(plotting.OVERVIEW_FIGSIZE)
    if stem.startswith("family-"):
        return plotting.svg_size(plotting.FAMILY_FIGSIZE)
    # A figure cut to its content (the experiments, the accuracy panels): its size is in
    # the file its generator wrote, which gen-files cached before any page is rendered.
    for output in _generated_outputs():
        svg = output / FIGURES / f"{stem}.light.svg"
        if svg.is_file():
            return plotting.svg_file_size(svg)
    return None


def _generated_outputs() -> list[Path]:
    """The generators' up-to-date outputs. Never runs one: a generator may itself call
    the macros (the accuracy page draws its figure with figure_markdown)."""
    from scripts.generators import GENERATORS
    from scripts.shared import build

    modules = [importlib.import_module(f"scripts.generators.{n}") for n in GENERATORS]
    return [out for m in modules if (out := build.cached(m)) is not None]


def _alt(text: str) -> str:
    return text.replace("[", r"\[").replace("]", r"\]").replace("\n", " ")


def figure_markdown(stem: str, alt: str, page_dir: str, size: tuple[int, int] | None = None) -> str:
    """The light and dark variants of a generated figure, as Markdown images, with the
    figure's size (given, or found) so that the page holds its room while it loads."""
    if not alt.strip():
        raise ValueError(f"figure({stem!r}): give an alt text that describes the figure")
    size = size or _figure_size(stem)
    attrs = 'loading="lazy"'
    if size is not None:
        attrs = f'width="{size[0]}" height="{size[1]}" {attrs}'
    lines = []
    for theme in plotting.THEMES:
        path = posixpath.relpath(f"{FIGURES}/{stem}.{theme.name}.svg", page_dir or ".")
        lines.append(f"![{_alt(alt)}]({path}#only-{theme.name}){{ {attrs} }}")
    return "\n".join(lines)


def figure_alt(act: AnyActivation) -> str:
    """Alt text of an activation's figure: what is drawn, and what it shows."""
    lo, hi = (fmt.number(v) for v in plotting.FUNCTION_XLIM)
    if isinstance(act, GatedActivation):
        gate, a = actlib.get(act.gate).display_name, fmt.number(plotting.GATED_VALUE)
        return (
            f"Graph of {act.display_name} of the two inputs (a, b) = ({a}, b), for the gate "
            f"input b from {lo} to {hi}: f solid, its partial derivative with respect to b "
            f"dashed ({a} times the slope of {gate}), and its partial derivative with "
            f"respect to a, which is {gate} itself."
        )
    if isinstance(act, VectorActivation):
        return (
            f"Graph of the first output of {act.display_name} for the two logits (x, 0), "
            f"solid, and of its derivative with respect to x, dashed, for x from {lo} to {hi}."
        )
    note = fmt.drawn_at(act)
    props = analysis.properties(act, **dict(act.plot_params))
    bound = (
        "unbounded"
        if math.isinf(props.max_abs_derivative)
        else f"at most {fmt.number(props.max_abs_derivative)} in absolute value"
    )
    text = (
        f"Graph of {act.display_name}{', ' + note if note else ''}: f(x) solid and its "
        f"derivative f'(x) dashed, for x from {lo} to {hi}. "
        f"f' is {fmt.number(props.derivative_at_zero)} at 0 and {bound}."
    )
    if props.kinks:
        text += f" Dots mark {breaks_phrase(props.kink_orders)} and the value f' takes there."
    if analysis.vanishing_within(props, *plotting.FUNCTION_XLIM):
        text += f" Shaded: where |f'| < {fmt.number(analysis.VANISHING)}."
    return text


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


def _breaks_label(kink_orders: Mapping[float, int]) -> str:
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


def _fact_rows(act: Activation) -> list[tuple[str, str]]:
    props = analysis.properties(act)
    rows = [
        ("Range", f"${latex_values(props.output_set)}$"),
        ("$f'(0)$", f"${fmt.latex_number(act.derivative_at_zero)}$"),
    ]
    where = analysis.where_reached(act, act.argmax_abs_derivative, act.max_abs_derivative)
    rows.append(
        (
            r"Largest $\lvert f' \rvert$",
            f"${fmt.latex_number(act.max_abs_derivative)}$ at ${fmt.latex_where(where)}$",
        )
    )
    if act.kinks:
        kinks = ", ".join(
            f"$f'({fmt.latex_number(x)}) = {fmt.latex_number(v)}$" for x, v in act.kinks.items()
        )
        rows.append((_breaks_label(props.kink_orders), kinks))
    rows.append(("Smoothness", f"${fmt.latex_continuity(act.continuity)}$"))
    if act.params:
        rows.append(("Defaults", ", ".join(default_text(act, k) for k in act.params)))
    rows.append(("Frameworks", fmt.table_text(act.frameworks)))
    return rows


def card_markdown(act: AnyActivation, page_dir: str) -> str:
    """The generated header of an activation's section."""
    if isinstance(act, GatedActivation):
        gate = actlib.get(act.gate)
        link = posixpath.relpath(f"functions/{gate.family}.md", page_dir or ".")
        rows = [
            ("Range", f"${fmt.latex_interval(act.output_range)}$"),
            ("Gate", f"[{gate.display_name}]({link}#{gate.name}) of the second half"),
            ("By the value", fmt.table_math(f"{fmt.GATED_PARTIALS[0]} = {act.partial_a_latex}")),
            (
                "By the gate input",
                fmt.table_math(f"{fmt.GATED_PARTIALS[1]} = {act.partial_b_latex}"),
            ),
        ]
        if act.params:
            rows.append(("Defaults", ", ".join(default_text(act, k) for k in act.params)))
        rows.append(("Frameworks", fmt.table_text(act.frameworks)))
    elif isinstance(act, VectorActivation):
        rows = [
            ("Range of each output", f"${fmt.latex_interval(act.output_range)}$"),
            (
                "Jacobian",
                f"{fmt.table_math(f'{act.jacobian_lhs} = {act.jacobian_formula}')}, "
                f"{fmt.table_math(act.jacobian_where)}",
            ),
            ("Frameworks", fmt.table_text(act.frameworks)),
        ]
    else:
        rows = _fact_rows(act)
    # The explorer draws functions of one input, and a gated unit against its gate input.
    explorer = (
        ""
        if isinstance(act, VectorActivation)
        else f'<div class="explorer" data-explorer="compact" data-functions="{act.name}"></div>\n'
    )
    table = "| Property | Value |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    return (
        f'<div class="act-card" markdown>\n\n'
        f"{figure_markdown(act.name, figure_alt(act), page_dir)}\n\n"
        f"{table}\n\n"
        f"{explorer}\n"
        f"</div>"
    )


def family_members(family: str) -> list[Activation | VectorActivation]:
    """The registry's members of a family, in teaching order (what its figure draws)."""
    members = [a for a in map(actlib.get, actlib.names()) if a.family == family]
    if not members:
        raise ValueError(f"no activation is in the family {family!r}; families: {FAMILIES}")
    return members


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def family_figure_markdown(family: str, shapes: str, page_dir: str) -> str:
    """The family's figure, its alt text naming every member it draws, from the registry,
    then ``shapes``: what the curves look like, in words."""
    names = _listed([a.display_name for a in family_members(family)])
    return figure_markdown(
        f"family-{family}", f"{names} with their derivatives: {shapes}", page_dir
    )


def family_api() -> str:
    """mkdocstrings blocks for the forward and derivative functions of every family
    module, in teaching order (the API page's "formulas, as implemented")."""
    blocks = []
    for family in FAMILIES:
        vector = family in ("softmax", "glu")
        kind = ["_forward$", "_jacobian$", "_vjp$"] if vector else None
        filters = json.dumps(kind or ["_forward$", "_backward$"])
        blocks.append(
            f"::: actlib.families.{family}\n"
            "    options:\n"
            "      heading_level: 3\n"
            "      show_root_heading: true\n"
            "      members_order: source\n"
            f"      filters: {filters}\n"
        )
    return "\n".join(blocks)


# ---------------------------------------------------------------------------
# Registration with mkdocs-macros
# ---------------------------------------------------------------------------


def _page_line(env: Any, expression: str) -> str:
    """``docs/PAGE.md:LINE``, the first line of the page that holds ``expression``."""
    page = getattr(env, "page", None)
    if page is None:
        return ""
    name = f"docs/{page.file.src_uri}"
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8").splitlines()
    line = next((i for i, text in enumerate(source, 1) if expression in text), None)
    return name if line is None else f"{name}:{line}"


def define_env(env: Any) -> None:
    def page_dir() -> str:
        page = getattr(env, "page", None)
        return posixpath.dirname(page.file.src_uri) if page is not None else ""

    @env.macro
    def card(name: str) -> str:
        return card_markdown(lookup(name, "card"), page_dir())

    @env.macro
    def figure(stem: str, alt: str) -> str:
        return figure_markdown(stem, alt, page_dir())

    def calc_on_page(
        expression: str, digits: int | None = None, sci: int | None = None, fraction: bool = False
    ) -> str:
        return calc(expression, digits, sci, _page_line(env, expression), fraction)

    env.macro(calc_on_page, "calc")

    env.macro(formula)
    env.macro(fact)
    env.macro(family_api)
    env.macro(fact_keys)

    @env.macro
    def experiment(page: str, key: str) -> str:
        """A number an experiment page quotes in its prose, from the experiment's results."""
        from scripts.generators import experiment_results

        return experiment_results.quoted(page, key)

    @env.macro
    def family_figure(family: str, shapes: str) -> str:
        return family_figure_markdown(family, shapes, page_dir())
