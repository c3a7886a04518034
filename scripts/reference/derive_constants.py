"""Derive, from the oracles, the few numbers actlib stores to stay accurate near a zero of f'.

    .venv/bin/python -m scripts.reference.derive_constants

Near the zero x0 of f' (the minimum of SiLU, GELU and Mish), f' = a - b with a ~ b, and
no float64 formula of that shape can be accurate. actlib instead evaluates f' there as a
Taylor polynomial in d = x - x0, with x0 stored as an unevaluated sum hi + lo so that d
is exact. This script computes x0 and the coefficients with mpmath from the textbook f'
(``scripts/reference/oracles.py``) and prints them as actlib writes them;
``tests/actlib/test_accuracy.py`` checks that actlib's copies agree.
"""

from __future__ import annotations

from typing import Any

import mpmath

from scripts.reference.oracles import oracle, raw_mpmath

TAYLOR_WINDOW = 0.5  # actlib uses the series for |x - x0| < 1/2
TAIL = 2.0**-60  # largest relative size of the first term left out, on that window

# name: (parameters, a point near the zero of f'). SiLU and Mish have exact rewritings
# instead (see actlib), so only x0 is needed for SiLU.
ZEROS: dict[str, tuple[dict[str, Any], float]] = {
    "silu": ({}, -1.28),
    "gelu": ({}, -0.75),
    "gelu_tanh": ({"approximate": "tanh"}, -0.75),
}


def zero_of_derivative(name: str) -> tuple[tuple[float, float], tuple[float, ...]]:
    """``((hi, lo), (c1, ..., cK))``: x0 = hi + lo and f'(x0 + d) ~ sum c_k d^k."""
    params, guess = ZEROS[name]
    _, df = oracle(name.removesuffix("_tanh"), **params)
    fn = raw_mpmath(df.expr)
    with mpmath.workdps(100):
        x0 = mpmath.findroot(fn, guess)
        c = mpmath.taylor(fn, x0, 48)
        # stop where every later term is below TAIL relative to the first, on the window
        terms = next(
            k
            for k in range(1, 47)
            if all(abs(c[j] / c[1]) * TAYLOR_WINDOW ** (j - 1) < TAIL for j in range(k + 1, 48))
        )
        hi = float(x0)
        return (hi, float(x0 - hi)), tuple(float(v) for v in c[1 : terms + 1])


def main() -> None:
    for name in ZEROS:
        (hi, lo), coefficients = zero_of_derivative(name)
        print(f"{name}: x0 = ({hi!r}, {lo!r})")
        if name != "silu":
            print("    taylor = (" + ", ".join(repr(c) for c in coefficients) + ")")
    (hi, lo), _ = zero_of_derivative("silu")
    with mpmath.workdps(60):
        print(f"silu: e^x0 = {float(mpmath.exp(mpmath.mpf(hi) + lo))!r}")


if __name__ == "__main__":
    main()
