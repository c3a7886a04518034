"""docs/javascripts/lib/format.js under Node: ``formatNumber(v, digits)`` prints ``digits``
significant digits without trailing zeros, in fixed notation for 1e-3 <= |v| < 1e5 and as
``d.ddde-n`` outside it, with U+2212 for minus. The expected strings are written here with
Python's decimal module, from the same rule.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from tests.modules.node_runner import run_node_test

MINUS = "\u2212"


def expected(value: float, digits: int) -> str:
    rounded = Decimal(f"{value:.{digits - 1}e}")  # digits significant, from the binary value
    if 1e-3 <= abs(value) < 1e5:
        text = format(rounded.normalize(), "f")
    else:
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


def test_format_number() -> None:
    rng = np.random.default_rng(7)
    # Random magnitudes from 1e-12 to 1e12 (exact ties, where Python and JavaScript round
    # differently, have probability 0), and the edges of the fixed range.
    values = list(rng.choice([-1.0, 1.0], 400) * 10.0 ** rng.uniform(-12, 12, 400))
    values += [20000.0, 12345.0, 99999.0, 1e5, 1e-3, 0.000999, 100.0, 0.5, -20000.0, 3.0]
    cases = [{"value": v, "digits": d, "text": expected(v, d)} for v in values for d in (1, 3, 6)]
    run_node_test("format.test.mjs", {"cases": cases})
