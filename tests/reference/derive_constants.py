"""Derive, from the oracles, the few numbers actlib stores to stay accurate near a zero of f'.

    .venv/bin/python tests/reference/derive_constants.py

Near the zero x0 of f' (the minimum of SiLU, GELU and Mish), f' = a - b with a ~ b, and
no float64 formula of that shape can be accurate. actlib instead evaluates f' there as a
Taylor polynomial in d = x - x0, with x0 stored as an unevaluated sum hi + lo so that d
is exact. This script computes x0 and the coefficients with mpmath from the textbook f'
(``tests/oracles.py``) and prints them as actlib writes them; ``tests/test_accuracy.py``
checks that actlib's copies agree.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from oracles import oracle, raw_mpmath

TAYLOR_TERMS = 12  # enough for 2^-60 relative on |d| <= 1/16 for all three
TAYLOR_WINDOW = 1.0 / 16.0

# name, parameters, a point near the zero of f'
ZEROS: dict[str, tuple[dict[str, Any], float]] = {
    "silu": ({}, -1.28),
    "gelu": ({}, -0.75),
    "gelu_tanh": ({"approximate": "tanh"}, -0.75),
    "mish": ({}, -1.19),
}


def zero_of_derivative(name: str) -> tuple[tuple[float, float], tuple[float, ...]]:
    """``((hi, lo), (c1, ..., cK))``: x0 = hi + lo and f'(x0 + d) ~ sum c_k d^k."""
    params, guess = ZEROS[name]
    _, df = oracle(name.removesuffix("_tanh"), **params)
    fn = raw_mpmath(df.expr)
    with mpmath.workdps(60):
        x0 = mpmath.findroot(fn, guess)
        coefficients = mpmath.taylor(fn, x0, TAYLOR_TERMS)[1:]
        hi = float(x0)
        return (hi, float(x0 - hi)), tuple(float(c) for c in coefficients)


def main() -> None:
    for name in ZEROS:
        (hi, lo), coefficients = zero_of_derivative(name)
        print(f"{name}: x0 = ({hi!r}, {lo!r})")
        print("    taylor = (" + ", ".join(repr(c) for c in coefficients) + ")")
    (hi, lo), _ = zero_of_derivative("silu")
    with mpmath.workdps(60):
        print(f"silu: e^x0 = {float(mpmath.exp(mpmath.mpf(hi) + lo))!r}")


if __name__ == "__main__":
    main()
