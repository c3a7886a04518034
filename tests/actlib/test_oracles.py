"""The oracles themselves: the printed-formula fallback is proven on every typed oracle.

An activation that no one has typed into ``scripts/reference/oracles.py`` is checked against the
formula the site prints for it (``oracles.printed``). That path is only trustworthy if it
agrees with the typed oracles wherever both exist: same values to 25 digits, same kinks.
"""

from __future__ import annotations

from typing import Any

import mpmath
import pytest

import actlib
from scripts.reference import oracles
from tests.registry_cases import cases

POINTS = [-750.0, -37.5, -7.3, -3.0, -1.0, -0.2, -1e-8, 0.0, 1e-8, 0.3, 1.0, 2.9, 5.5, 40.0, 700.0]
TYPED = [c for c in cases(list(oracles.ORACLE_NAMES)) if "approximate" not in c.values[1]]


def tolerance(name: str) -> mpmath.mpf:
    # The registry stores constants (SELU's lambda and alpha) as float64; the typed
    # oracle has the paper's 30 digits. Anything else must agree to the oracles' digits.
    return mpmath.mpf(2.0**-50) if actlib.get(name).constants else mpmath.mpf(10) ** -25


@pytest.mark.parametrize(("name", "params"), TYPED)
def test_printed_formula_oracle_agrees_with_the_typed_one(name: str, params: dict[str, Any]):
    printed_f, printed_df, kinks = oracles.printed(name, **params)
    typed_f, typed_df = oracles.oracle(name, **params)
    assert kinks == oracles.kinks(name, **params)
    for x in POINTS:
        for printed, typed, what in ((printed_f, typed_f, "f"), (printed_df, typed_df, "f'")):
            if what == "f'" and x in kinks:
                continue  # f' does not exist there: each oracle picks a one-sided branch
            want = typed(x)
            got = printed(x)
            assert abs(got - want) <= tolerance(name) * max(1, abs(want)), (
                f"{name}{params} {what}({x}): printed {got}, typed {want}"
            )


def test_a_choice_the_site_does_not_print_has_no_printed_oracle():
    with pytest.raises(KeyError, match="default choice"):
        oracles.printed("gelu", approximate="tanh")


def test_an_unknown_name_or_parameter_is_refused():
    with pytest.raises(KeyError, match="no activation named"):
        oracles.oracle("no_such_function")
    with pytest.raises(TypeError, match="has no parameter"):
        oracles.oracle("relu", alpha=1.0)
