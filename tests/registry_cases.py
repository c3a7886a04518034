"""What the registry-wide tests loop over, and how they report a failure.

Every test that checks "each activation" takes its list from here, and this list comes
from ``actlib.names()``: a newly registered activation is tested with no new test code.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import actlib

ELEMENTWISE = actlib.names(kind="elementwise")
GATED = actlib.names(kind="gated")
VECTOR = actlib.names(kind="vector")


def param_sets(name: str) -> list[dict[str, Any]]:
    """The parameter choices worth testing: the defaults, every allowed value of a
    categorical parameter, the plotting parameters (chosen where the shape shows), and
    the two ends of the explorer's sliders (a reader can pick them, so they must work)."""
    act = actlib.get(name)
    params = getattr(act, "params", {})
    sets: list[dict[str, Any]] = [{}]
    for pname, param in params.items():
        sets += [{pname: choice} for choice in param.choices or () if choice != param.default]
    sets.append(dict(getattr(act, "plot_params", {})))
    for end in (0, 1):
        sets.append({k: p.slider[end] for k, p in params.items() if p.slider is not None})
    unique: list[dict[str, Any]] = []
    for candidate in sets:  # drop repeats, and sets that only restate the defaults
        if candidate and {**act.defaults, **candidate} == act.defaults:
            continue
        if candidate not in unique:
            unique.append(candidate)
    return unique


def label(name: str, params: dict[str, Any]) -> str:
    """``gelu(approximate='tanh')``: how a test id and a failure message name a case."""
    return f"{name}({', '.join(f'{k}={v!r}' for k, v in params.items())})"


def cases(names: list[str] = ELEMENTWISE) -> list[Any]:
    """``pytest.param(name, params)`` for every name and each of its parameter sets."""
    return [
        pytest.param(name, params, id=label(name, params))
        for name in names
        for params in param_sets(name)
    ]


def first_failure(x: Any, actual: Any, expected: Any, bad: np.ndarray) -> str:
    """Describe the first input where ``bad`` is true, for an assertion message."""
    i = tuple(np.argwhere(np.atleast_1d(bad))[0])

    def pick(values: Any) -> Any:
        return np.atleast_1d(np.asarray(values, dtype=object))[i]

    return (
        f"{int(np.count_nonzero(bad))} failing point(s); first at x = {pick(x)!r}: "
        f"got {pick(actual)!r}, expected {pick(expected)!r}"
    )
