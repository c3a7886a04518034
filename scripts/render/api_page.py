"""The API page's generated parts: the keys ``fact()`` accepts, and the family modules'
documented functions."""

from __future__ import annotations

import json

from actlib.families import FAMILIES
from scripts.render.numbers import COMPUTED, MEANING, METADATA
from scripts.shared import formatting as fmt


def fact_keys() -> str:
    """The keys fact() accepts, with their meaning, as a Markdown table (the API page)."""
    rows = [f"| `{key}` | {fmt.table_text(MEANING[key])} |" for key in [*COMPUTED, *METADATA]]
    other = (
        "| a parameter's name (`negative_slope`) | its default |\n"
        "| a constant's symbol (SELU's `\\lambda`) | its value |"
    )
    return (
        "| key | what `fact(name, key)` prints |\n| --- | --- |\n" + "\n".join(rows) + "\n" + other
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
