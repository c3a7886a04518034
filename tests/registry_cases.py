"""What the registry-wide tests loop over, and how they report a failure.

Every test that checks "each activation" takes its list from here, and this list comes
from ``actlib.names()``: a newly registered activation is tested with no new test code.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import actlib

ELEMENTWISE = [n for n in actlib.names() if isinstance(actlib.get(n), actlib.Activation)]
VECTOR = [n for n in actlib.names() if isinstance(actlib.get(n), actlib.VectorActivation)]


def param_sets(name: str) -> list[dict[str, Any]]:
    """The parameter choices worth testing: the defaults, every allowed value of a
    categorical parameter, and the plotting parameters (chosen where the shape shows)."""
    act = actlib.get(name)
    sets: list[dict[str, Any]] = [{}]
    for pname, param in getattr(act, "params", {}).items():
        sets += [{pname: choice} for choice in param.choices or () if choice != param.default]
    plot_params = dict(getattr(act, "plot_params", {}))
    if plot_params and {**act.defaults, **plot_params} != act.defaults:
        sets.append(plot_params)
    return sets


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
