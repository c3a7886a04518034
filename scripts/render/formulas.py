"""An activation's formula as a display equation, from its metadata."""

from __future__ import annotations

from actlib import Activation, GatedActivation, VectorActivation
from scripts.render.numbers import lookup
from scripts.shared import formatting as fmt


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
