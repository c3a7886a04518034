"""Framework defaults the site states, against the frameworks' own sources.

Keras has two leaky ReLUs with different defaults, read from Keras 3.15.1 (tag v3.15.1 of
keras-team/keras; the same in 3.0.0 and on the main branch, 3.16.0.dev):

- ``keras/src/layers/activations/leaky_relu.py``: the layer,
  ``class LeakyReLU(Layer)`` with ``def __init__(self, negative_slope=0.3, **kwargs)``
  (it still accepts Keras 2's ``alpha``, whose default there, in Keras 2.15's
  ``keras/layers/activation/leaky_relu.py``, was also 0.3);
- ``keras/src/activations/activations.py``: the function,
  ``def leaky_relu(x, negative_slope=0.2)``.

Wherever the site names one of them with a default, in an entry's notes (the cards and the
summary table print them) or on a page, the default must be that one; and a slope said to
be Keras' without naming which of the two is an error, as "0.2 in Keras 3" was.
"""

from __future__ import annotations

import re

import pytest

import actlib
from scripts import ROOT
from scripts.generators import summary_table
from tests.registry_cases import ELEMENTWISE, GATED, VECTOR

KERAS_VERSION = "3.15.1"
KERAS_DEFAULTS = {
    "keras.layers.LeakyReLU": ("negative_slope", 0.3),
    "keras.activations.leaky_relu": ("negative_slope", 0.2),
}
# A name, then (before any other name) its argument given a value: "LeakyReLU(negative_slope=0.3)",
# "`keras.activations.leaky_relu` defaults to `negative_slope=0.2`".
_STATED = re.compile(
    r"(?P<name>"
    + "|".join(map(re.escape, KERAS_DEFAULTS))
    + r")(?P<between>[^.;]{0,40}?)\b(?P<arg>negative_slope|alpha)`?\s*=\s*`?(?P<value>\d*\.?\d+)"
)
# A slope given to Keras 3 as a whole: "0.2 in Keras 3" (Keras 2 had one, the layer's alpha).
_UNNAMED = re.compile(r"\b\d*\.\d+ in Keras\b(?! 2)")


def stated_defaults(text: str) -> list[tuple[str, str, float]]:
    """Each (Keras name, argument, value) the text states as that name's default."""
    return [
        (m["name"], m["arg"], float(m["value"]))
        for m in _STATED.finditer(text)
        if not any(other in m["between"] for other in KERAS_DEFAULTS)
    ]


def wrong_defaults(text: str) -> list[str]:
    """What the text says about Keras' leaky ReLU defaults that the source contradicts."""
    problems = [
        f"{name}: {arg}={value:g}, but Keras {KERAS_VERSION} defaults it to "
        f"{KERAS_DEFAULTS[name][0]}={KERAS_DEFAULTS[name][1]:g}"
        for name, arg, value in stated_defaults(text)
        if value != KERAS_DEFAULTS[name][1]
    ]
    problems += [f"{m[0]!r} does not say which Keras object" for m in _UNNAMED.finditer(text)]
    return problems


def _sources() -> list[tuple[str, str]]:
    notes = [
        (f"actlib.{name}.frameworks", actlib.get(name).frameworks)
        for name in ELEMENTWISE + GATED + VECTOR
    ]
    pages = [
        (str(page.relative_to(ROOT)), page.read_text(encoding="utf-8"))
        for page in sorted((ROOT / "docs").rglob("*.md"))
    ]
    return notes + pages


@pytest.mark.parametrize(("where", "text"), _sources(), ids=lambda v: v if "/" in v else None)
def test_every_stated_keras_leaky_relu_default_is_keras_own(where: str, text: str) -> None:
    problems = wrong_defaults(text)
    assert not problems, f"{where}: " + "; ".join(problems)


def test_the_leaky_relu_note_gives_both_keras_defaults() -> None:
    """The card and the summary table print the note: a reader of either sees both."""
    note = actlib.leaky_relu.frameworks
    stated = {name: value for name, _, value in stated_defaults(note)}
    assert stated == {name: value for name, (_, value) in KERAS_DEFAULTS.items()}, note
    cell = summary_table.row(actlib.leaky_relu)[-1]
    assert note in cell, f"the summary table's Framework defaults cell lost the note: {cell!r}"


def test_the_checker_bites() -> None:
    old = (
        "Default slope: 0.01 in PyTorch (negative_slope) and JAX, 0.2 in Keras 3 "
        "(negative_slope; alpha=0.3 in Keras 2)."
    )
    assert wrong_defaults(old) == ["'0.2 in Keras' does not say which Keras object"]
    assert wrong_defaults("the layer keras.layers.LeakyReLU(negative_slope=0.2)")
    assert wrong_defaults("`keras.activations.leaky_relu` defaults to `negative_slope=0.3`")
    swapped = "keras.activations.leaky_relu and keras.layers.LeakyReLU(negative_slope=0.3)"
    assert stated_defaults(swapped) == [("keras.layers.LeakyReLU", "negative_slope", 0.3)]
    assert not wrong_defaults("keras.layers.LeakyReLU (`alpha=0.3` in Keras 2)")
