"""What the registry-wide tests loop over, and how they report a failure.

Every test that checks "each activation" takes its list from here, and this list comes
from ``actlib.names()``: a newly registered activation is tested with no new test code.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import actlib
from scripts.reference.exact_values import parameter_sets as param_sets

ELEMENTWISE = actlib.names(kind="elementwise")
GATED = actlib.names(kind="gated")
VECTOR = actlib.names(kind="vector")


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


def central_jacobian(f: Any, z: np.ndarray) -> np.ndarray:
    """d f_i / d z_j for one vector z, by central differences (the step actually taken,
    after rounding z + h): what the vector and gated tests hold Jacobians and vjps to."""
    cols = []
    for j in range(z.size):
        h = 1e-6 * max(1.0, abs(z[j]))
        up, down = z.copy(), z.copy()
        up[j] += h
        down[j] -= h
        cols.append((f(up) - f(down)) / (up[j] - down[j]))
    return np.stack(cols, axis=-1)
