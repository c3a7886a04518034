"""The home page's guide to choosing, where it says which activations have a continuous f'':
each function it recommends there has one, as actlib computes it (the summary table's f''
column reads the same continuity)."""

from __future__ import annotations

import re

import actlib
from scripts import ROOT

HOME = ROOT / "docs" / "index.md"
_LINK = re.compile(r"\]\(functions/\w+\.md#(\w+)\)")


def _section(heading: str) -> str:
    text = HOME.read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n### ", start + len(heading))
    return text[start : end if end >= 0 else None]


def _assert_smooth_to_second_order(names: list[str], where: str) -> None:
    assert names, f"{where}: no function linked"
    for name in names:
        order = actlib.get(name).continuity
        assert order >= 2, (
            f"docs/index.md, {where}: recommends {name} for its continuous f'', but actlib "
            f"computes it C^{order}"
        )


def test_the_smooth_choices_for_a_loss_in_f_second_have_a_continuous_f_second() -> None:
    section = _section("### Where the second derivative matters")
    sentence = re.search(
        r"Choose an activation whose \$f''\$ is\s+continuous:(.*?)\.\n", section, re.S
    )
    assert sentence, "docs/index.md: the sentence naming the smooth choices is gone"
    _assert_smooth_to_second_order(_LINK.findall(sentence[1]), "the smooth choices")


def test_the_table_row_for_a_loss_on_derivatives_names_smooth_functions() -> None:
    row = next(
        line
        for line in HOME.read_text(encoding="utf-8").splitlines()
        if line.startswith("| A loss on derivatives of the network")
    )
    recommended = row.split("|")[2]
    _assert_smooth_to_second_order(_LINK.findall(recommended), "the hidden-layer table's row")


def test_relu_the_counterexample_has_no_continuous_f_second() -> None:
    """The section's example of an activation with no f'' to give is piecewise linear."""
    relu = actlib.get("relu")
    assert relu.continuity < 2
    x = [-3.0, -0.5, 0.5, 3.0]
    assert list(relu.second_derivative(x)) == [0.0] * len(x)
