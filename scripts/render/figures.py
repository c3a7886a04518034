"""A generated figure as Markdown: its light and dark images at their size, and its alt text."""

from __future__ import annotations

import math
import posixpath

import actlib
from actlib import Activation, GatedActivation, VectorActivation, analysis
from scripts.render.cells import breaks_phrase
from scripts.shared import formatting as fmt
from scripts.shared import plotting  # cheap: matplotlib loads only when a figure is drawn

AnyActivation = Activation | GatedActivation | VectorActivation

FIGURES = "figures"


def drawn_size(stem: str) -> tuple[int, int] | None:
    """The SVG size of a figure whose size is fixed before it is drawn (an activation's, the
    overview, a family's); None for a figure cut to its content, whose size only the
    file its generator wrote can tell."""
    if stem in actlib.names():
        return plotting.svg_size(plotting.FUNCTION_FIGSIZE)
    if stem == "derivatives-overview":
        return plotting.svg_size(plotting.OVERVIEW_FIGSIZE)
    if stem.startswith("family-"):
        return plotting.svg_size(plotting.FAMILY_FIGSIZE)
    return None


def _alt(text: str) -> str:
    return text.replace("[", r"\[").replace("]", r"\]").replace("\n", " ")


def figure_markdown(stem: str, alt: str, page_dir: str, size: tuple[int, int] | None = None) -> str:
    """The light and dark variants of a generated figure, as Markdown images, with the
    figure's size (given, or :func:`drawn_size`) so that the page holds its room while
    it loads."""
    if not alt.strip():
        raise ValueError(f"figure({stem!r}): give an alt text that describes the figure")
    size = size or drawn_size(stem)
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
            f"input b from {lo} to {hi}, in two panels, each with its own vertical scale: "
            f"above, f and its partial derivative with respect to a, which is {gate} "
            f"itself; below, dashed, its partial derivative with respect to b ({a} times "
            f"the slope of {gate})."
        )
    if isinstance(act, VectorActivation):
        return (
            f"Graph of the first output of {act.display_name} for the two logits (x, 0), "
            f"solid, above, and of its derivative with respect to x, dashed, below, each "
            f"panel with its own vertical scale, for x from {lo} to {hi}."
        )
    note = fmt.drawn_at(act)
    props = analysis.properties(act, **dict(act.plot_params))
    bound = (
        "unbounded"
        if math.isinf(props.max_abs_derivative)
        else f"at most {fmt.number(props.max_abs_derivative)} in absolute value"
    )
    text = (
        f"Graph of {act.display_name}{', ' + note if note else ''}: f(x) solid, above, and "
        f"its derivative f'(x) dashed, below, each panel with its own vertical scale, for x "
        f"from {lo} to {hi}. "
        f"f' is {fmt.number(props.derivative_at_zero)} at 0 and {bound}."
    )
    if props.kinks:
        text += f" Dots mark {breaks_phrase(props.kink_orders)} and the value f' takes there."
    if analysis.vanishing_within(props, *plotting.FUNCTION_XLIM):
        text += f" Shaded: where |f'| < {fmt.number(analysis.VANISHING)}."
    return text


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def family_figure_alt(family: str, shapes: str) -> str:
    """The family figure's alt text: every member it draws, from the registry, then
    ``shapes``: what the curves look like, in words."""
    names = _listed([a.display_name for a in actlib.family(family)])
    return f"{names} with their derivatives: {shapes}"
