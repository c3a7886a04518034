"""The table of the kink-gradients page: for one activation, each way of writing it in
PyTorch, JAX and Keras, and the gradient its framework returns at each of actlib's kinks.

Every number in a cell is a transcribed backward rule (``scripts/shared/kink_gradients.py``)
evaluated at ``actlib.get(name).kinks``, at the activation's defaults; actlib's own value
at the kink heads the table, so the two read side by side.
"""

from __future__ import annotations

import actlib
from scripts.shared import formatting as fmt
from scripts.shared import kink_gradients as kg


def cell_values(name: str) -> list[tuple[kg.Formulation, list[float]]]:
    """Each formulation of ``name`` with its gradient at each kink, in kink order."""
    act = actlib.get(name)
    kinks = sorted(act.kinks)
    return [(f, [kg.gradient_at(f, k, act.defaults) for k in kinks]) for f in kg.formulations(name)]


def kink_table(name: str) -> str:
    """A Markdown table: framework, code, then one column per kink."""
    try:
        act = actlib.get(name)
    except (KeyError, TypeError) as err:
        raise ValueError(f"kink_table({name!r}): {err.args[0]}") from None
    kinks = sorted(act.kinks)
    heads = [f"gradient at ${fmt.latex_number(k)}$" for k in kinks]
    lines = [
        "| framework | code | " + " | ".join(heads) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in kinks) + " |",
        "| actlib | `actlib."
        + name
        + ".derivative(x)` | "
        + " | ".join(fmt.number(act.kinks[k]) for k in kinks)
        + " |",
    ]
    for formulation, values in cell_values(name):
        lines.append(
            f"| {formulation.framework} | `{fmt.table_text(formulation.code)}` | "
            + " | ".join(fmt.number(v) for v in values)
            + " |"
        )
    return "\n".join(lines)
