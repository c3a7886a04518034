"""Macros for the pages (mkdocs-macros): every number, formula and card on a page comes from actlib.

- ``{{ card("relu") }}``: the header of an activation's section (figure, key facts, explorer);
- ``{{ formula("relu") }}``, ``{{ formula("relu", "derivative") }}``: a display equation;
- ``{{ fact("silu", "min_value", digits=4) }}``: one number (or range) for the prose;
- ``{{ figure("derivatives-overview", "alt text") }}``: any generated figure, light and dark.

An unknown name or key raises, which fails the build (``on_error_fail`` in mkdocs.yml).
The formatting helpers here are shared with the summary table, so a number reads the
same everywhere on the site.
"""

from __future__ import annotations

import math
import posixpath
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _plotting  # cheap: matplotlib loads only when a figure is drawn

import actlib
from actlib import analysis
from actlib._core import SMOOTH, Activation, Interval, VectorActivation

FIGURES = "figures"

# The conventional symbols; every other function is named by its display name.
_SYMBOLS = {"sigmoid": r"\sigma", "tanh": r"\tanh"}

# ---------------------------------------------------------------------------
# Formatting: one way to write a number, an interval, a set of points
# ---------------------------------------------------------------------------


def format_number(value: float, digits: int | None = None) -> str:
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
    text = format_number(value, digits)
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


def latex_where(where: analysis.Where, digits: int | None = None) -> str:
    r"""Where a property holds, as LaTeX: ``x = 0``, ``x \to \infty``, ``x \in (0, \infty)``."""
    lo, hi = where.bounds
    if lo == hi:
        x = latex_number(lo, digits)
        return f"x = {x}" if where.attained else rf"x \to {x}"
    if not where.attained:  # approached at both ends only
        return r"x \to \pm\infty" if math.isinf(lo) and math.isinf(hi) else rf"x \to {lo}, {hi}"
    if math.isinf(lo) and math.isinf(hi):
        return r"\text{all } x"
    return rf"x \in {latex_interval(where.interval, digits)}"


def latex_continuity(order: int) -> str:
    """The order of continuity as the table and cards print it."""
    if order == SMOOTH:
        return r"C^\infty"
    if order < 0:
        return r"\text{discontinuous}"
    return f"C^{order}"


def escape_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", r"\|").replace("\n", " ")


def symbol(act: Activation | VectorActivation) -> str:
    """The function's name inside math: ``\\sigma``, ``\\operatorname{ReLU}``."""
    if act.name in _SYMBOLS:
        return _SYMBOLS[act.name]
    letters = "".join(c for c in act.display_name if c.isalnum())
    return rf"\operatorname{{{letters}}}"


# ---------------------------------------------------------------------------
# Looking things up, with errors that say what is valid
# ---------------------------------------------------------------------------


def lookup(name: str, macro: str) -> Activation | VectorActivation:
    try:
        return actlib.get(name)
    except (KeyError, TypeError) as err:
        raise ValueError(f"{macro}({name!r}): {err.args[0]}") from None


def _elementwise(name: str, macro: str) -> Activation:
    act = lookup(name, macro)
    if not isinstance(act, Activation):
        raise ValueError(f"{macro}({name!r}): {name} is a vector function; use card() or formula()")
    return act


# Keys that fact() computes from actlib's numbers (actlib.analysis), not from metadata.
COMPUTED = {
    "output_range": lambda p: p.output_range,
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


def render_value(value: Any, digits: int | None) -> str:
    """How fact() prints each kind of value."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Interval):
        return f"${latex_interval(value, digits)}$"
    if isinstance(value, analysis.Where):
        if value.is_point and value.attained:
            return format_number(value.interval.lo, digits)
        return f"${latex_where(value, digits)}$"
    if isinstance(value, (int, float)):
        return format_number(value, digits)
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
    if isinstance(act, VectorActivation):
        if key == "output_range":
            return render_value(act.output_range, digits)
        raise KeyError(
            f"{where}: {name} is a vector function; its facts are output_range, "
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
# Formulas
# ---------------------------------------------------------------------------


def formula(name: str, which: str = "f") -> str:
    """The metadata formula as a display equation (put the macro on its own line)."""
    act = lookup(name, "formula")
    allowed = (
        ("f", "derivative") if isinstance(act, Activation) else ("f", "derivative", "jacobian")
    )
    if which not in allowed:
        raise ValueError(f"formula({name!r}, {which!r}): which must be one of {allowed}")
    sym = symbol(act)
    if isinstance(act, VectorActivation):
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
    """The SVG size of a fixed-layout figure, so the page reserves its space."""
    if stem in actlib.names():
        return _plotting.svg_size(_plotting.FUNCTION_FIGSIZE)
    if stem == "derivatives-overview":
        return _plotting.svg_size(_plotting.OVERVIEW_FIGSIZE)
    if stem.startswith("family-"):
        return _plotting.svg_size(_plotting.FAMILY_FIGSIZE)
    return None


def _alt(text: str) -> str:
    return text.replace("[", r"\[").replace("]", r"\]").replace("\n", " ")


def figure_markdown(stem: str, alt: str, page_dir: str) -> str:
    """The light and dark variants of a generated figure, as Markdown images."""
    if not alt.strip():
        raise ValueError(f"figure({stem!r}): give an alt text that describes the figure")
    size = _figure_size(stem)
    attrs = 'loading="lazy"'
    if size is not None:
        attrs = f'width="{size[0]}" height="{size[1]}" {attrs}'
    lines = []
    for theme in _plotting.THEMES:
        path = posixpath.relpath(f"{FIGURES}/{stem}.{theme.name}.svg", page_dir or ".")
        lines.append(f"![{_alt(alt)}]({path}#only-{theme.name}){{ {attrs} }}")
    return "\n".join(lines)


def drawn_at(act: Activation) -> str:
    """'drawn at negative_slope = 0.1 (default 0.01)', or '' at the defaults."""
    shown = {k: v for k, v in act.plot_params.items() if v != act.defaults.get(k)}
    parts = [
        f"{k} = {_param_text(v)} (default {_param_text(act.defaults[k])})" for k, v in shown.items()
    ]
    return "drawn at " + ", ".join(parts) if parts else ""


def _default_text(act: Activation, key: str) -> str:
    """'`negative_slope` $a$ = 0.01 (plotted at 0.1)'."""
    param = act.params[key]
    text = f"`{key}` ${param.symbol}$ = {_param_text(param.default)}"
    shown = act.plot_params.get(key, param.default)
    return text + (f" (plotted at {_param_text(shown)})" if shown != param.default else "")


def _param_text(value: Any) -> str:
    return format_number(value) if isinstance(value, (int, float)) else repr(value)


def figure_alt(act: Activation | VectorActivation) -> str:
    """Alt text of an activation's figure: what is drawn, and what it shows."""
    lo, hi = (format_number(v) for v in _plotting.FUNCTION_XLIM)
    if isinstance(act, VectorActivation):
        return (
            f"Graph of the first output of {act.display_name} for the two logits (x, 0), "
            f"solid, and of its derivative with respect to x, dashed, for x from {lo} to {hi}."
        )
    note = drawn_at(act)
    props = analysis.properties(act, **dict(act.plot_params))
    text = (
        f"Graph of {act.display_name}{', ' + note if note else ''}: f(x) solid and its "
        f"derivative f'(x) dashed, for x from {lo} to {hi}. "
        f"f' is {format_number(props.derivative_at_zero)} at 0 and at most "
        f"{format_number(props.max_abs_derivative)} in absolute value."
    )
    if act.kinks:
        points = ", ".join(format_number(x) for x in act.kinks)
        text += f" Dots mark the kinks at x = {points} and the value f' takes there."
    if any(analysis.overlaps(v, *_plotting.FUNCTION_XLIM) for v in props.vanishing):
        text += f" Shaded: where |f'| < {format_number(analysis.VANISHING)}."
    return text


def _fact_rows(act: Activation) -> list[tuple[str, str]]:
    rows = [
        ("Range", f"${latex_interval(act.output_range)}$"),
        ("$f'(0)$", f"${latex_number(act.derivative_at_zero)}$"),
    ]
    where = analysis.where_reached(act, act.argmax_abs_derivative, act.max_abs_derivative)
    rows.append(
        (
            r"Largest $\lvert f' \rvert$",
            f"${latex_number(act.max_abs_derivative)}$ at ${latex_where(where)}$",
        )
    )
    if act.kinks:
        kinks = ", ".join(
            f"$f'({latex_number(x)}) = {latex_number(v)}$" for x, v in act.kinks.items()
        )
        rows.append(("At the kinks", kinks))
    rows.append(("Smoothness", f"${latex_continuity(act.continuity)}$"))
    if act.params:
        rows.append(("Defaults", ", ".join(_default_text(act, k) for k in act.params)))
    rows.append(("Frameworks", act.frameworks))
    return rows


def card_markdown(act: Activation | VectorActivation, page_dir: str) -> str:
    """The generated header of an activation's section."""
    if isinstance(act, VectorActivation):
        rows = [
            ("Range of each output", f"${latex_interval(act.output_range)}$"),
            ("Jacobian", rf"$\frac{{\partial s_i}}{{\partial z_j}} = {act.jacobian_formula}$"),
            ("Frameworks", act.frameworks),
        ]
        explorer = ""
    else:
        rows = _fact_rows(act)
        explorer = (
            f'<div class="explorer" data-explorer="compact" data-functions="{act.name}"></div>\n'
        )
    table = "| Property | Value |\n|---|---|\n" + "\n".join(
        f"| {escape_cell(k)} | {escape_cell(v)} |" for k, v in rows
    )
    return (
        f'<div class="act-card" markdown>\n\n'
        f"{figure_markdown(act.name, figure_alt(act), page_dir)}\n\n"
        f"{table}\n\n"
        f"{explorer}\n"
        f"</div>"
    )


# ---------------------------------------------------------------------------
# Registration with mkdocs-macros
# ---------------------------------------------------------------------------


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

    env.macro(formula)
    env.macro(fact)
