"""An activation's card: the header of its section (figure, key facts, explorer). Its cells
are :mod:`scripts.render.cells`', the summary table's."""

from __future__ import annotations

import posixpath

import actlib
from actlib import Activation, GatedActivation, VectorActivation
from scripts.render import cells
from scripts.render.figures import figure_alt, figure_markdown
from scripts.shared import formatting as fmt

AnyActivation = Activation | GatedActivation | VectorActivation


def _fact_rows(act: Activation) -> list[tuple[str, str]]:
    rows = [
        ("Range", cells.output_range(act)),
        ("$f'(0)$", cells.slope_at_zero(act)),
        (r"Largest $\lvert f' \rvert$", cells.largest_slope(act)),
    ]
    if act.kinks:
        rows.append((cells.breaks_label(act.computed.kink_orders), cells.values_at_breaks(act)))
    rows.append(("Smoothness", cells.continuity(act)))
    # Only what the entry has: a function whose f'' or d f / d theta is not written yet
    # shows no row for it, rather than a placeholder.
    if act.second is not None:
        rows.append(("$f''(x)$", fmt.table_math(act.second_derivative_latex)))
    if act.params:
        rows.append(("Defaults", ", ".join(cells.default_text(act, k) for k in act.params)))
    rows += param_derivative_rows(act)
    rows.append(("Frameworks", fmt.table_text(act.frameworks)))
    return rows


def param_derivative_rows(act: Activation) -> list[tuple[str, str]]:
    r"""One row per real parameter with a derivative: ``$\partial f / \partial a$`` and its
    formula, in the order of the parameters."""
    return [
        (
            rf"$\partial f / \partial {act.params[key].symbol}$",
            fmt.table_math(act.param_derivative_latex(key)),
        )
        for key in act.params
        if key in act.param_derivative_formulas
    ]


def _gate_input(act: GatedActivation) -> str:
    """Where the gate reads its input b: the second half of z, or the first of each
    (gate, value) pair where the unit interleaves them (gpt-oss)."""
    if act.split == "interleaved":
        return "of the first input of each (gate, value) pair"
    return "of the second half"


def card_markdown(act: AnyActivation, page_dir: str) -> str:
    """The generated header of an activation's section."""
    if isinstance(act, GatedActivation):
        gate = actlib.get(act.gate)
        link = posixpath.relpath(f"functions/{gate.family}.md", page_dir or ".")
        rows = [
            ("Range", cells.output_range(act)),
            ("Gate", f"[{gate.display_name}]({link}#{gate.name}) {_gate_input(act)}"),
            ("By the value", fmt.table_math(f"{fmt.GATED_PARTIALS[0]} = {act.partial_a_latex}")),
            (
                "By the gate input",
                fmt.table_math(f"{fmt.GATED_PARTIALS[1]} = {act.partial_b_latex}"),
            ),
        ]
        if act.params:
            rows.append(("Defaults", ", ".join(cells.default_text(act, k) for k in act.params)))
        rows.append(("Frameworks", fmt.table_text(act.frameworks)))
    elif isinstance(act, VectorActivation):
        rows = [
            ("Range of each output", cells.output_range(act)),
            (
                "Jacobian",
                f"{fmt.table_math(f'{act.jacobian_lhs} = {act.jacobian_formula}')}, "
                f"{fmt.table_math(act.jacobian_where)}",
            ),
        ]
        if act.params:  # a sink, entmax's alpha
            rows.append(("Defaults", ", ".join(cells.default_text(act, k) for k in act.params)))
        rows.append(("Frameworks", fmt.table_text(act.frameworks)))
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
