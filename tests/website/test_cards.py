"""The cards' f'' and d f / d theta rows: there exactly when the registry entry has the
formula, and each formula, read back from the card as the reader reads it, held to actlib
at sample points branch by branch (the formula checker of test_formulas.py)."""

from __future__ import annotations

import re

import pytest

import actlib
from scripts.render import cards
from scripts.shared.latex_functions import final_expression
from tests.registry_cases import ELEMENTWISE
from tests.website.test_formulas import check_activation

_ROW = re.compile(r"^\| (?P<label>[^|]+?) \| (?P<value>.+) \|$", re.M)


def _card_rows(name: str) -> dict[str, str]:
    """The card's Property | Value rows as {label: value}."""
    card = cards.card_markdown(actlib.get(name), "functions")
    return {m["label"]: m["value"] for m in _ROW.finditer(card)}


def _latex(cell: str, where: str) -> str | tuple[actlib.Case, ...]:
    """The formula of a cell that is one inline formula (table_math writes | as \\vert),
    read as a derivation's result is: a cases block as its Cases."""
    match = re.fullmatch(r"\$(.+)\$", cell)
    assert match, f"{where}: the cell {cell!r} is not one formula"
    return final_expression(match[1].replace(r"\vert ", "|"))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_the_card_gives_f_second_as_actlib_computes_it(name: str) -> None:
    act = actlib.get(name)
    rows = _card_rows(name)
    label = "$f''(x)$"
    if act.second is None:
        assert label not in rows, f"{name}: no f'' in actlib, yet the card shows {rows[label]!r}"
        return
    assert label in rows, f"{name}: actlib has f'', the card has no {label} row: {list(rows)}"
    check_activation(name, "second", {}, _latex(rows[label], f"{name}'s card, {label}"))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_the_card_gives_each_parameter_derivative_as_actlib_computes_it(name: str) -> None:
    act = actlib.get(name)
    rows = _card_rows(name)
    shown = {label: value for label, value in rows.items() if label.startswith(r"$\partial f")}
    expected = {
        rf"$\partial f / \partial {act.params[key].symbol}$": key
        for key in act.params
        if key in act.param_derivative_formulas
    }
    assert sorted(shown) == sorted(expected), (
        f"{name}: the card's parameter-derivative rows are {sorted(shown)}; actlib has "
        f"formulas for {sorted(act.param_derivative_formulas)}"
    )
    for label, key in expected.items():
        check_activation(name, f"d/{key}", {}, _latex(shown[label], f"{name}'s card, {label}"))
