"""Write ``reference.npz``: exact values of f and f' for every element-wise activation.

    .venv/bin/python -m scripts.reference.make_reference

The points and their values are ``exact_values.py``'s (SymPy/mpmath oracles, never
actlib), the file's layout ``reference_file.py``'s. For gelu and mish the condition
numbers of f and f' are stored too (see ``reference_file.CONDITIONED``).

The file is a cache: ``ulp.load`` computes the defaults of an activation it does not
hold yet. Rerun this script to store them, which matters for the slow ones (Mish takes a
minute and a half), and after changing an oracle.
"""

from __future__ import annotations

import time
from typing import Any

import mpmath
import numpy as np

from scripts.reference import exact_values, reference_file


def main() -> None:
    mpmath.mp.dps = 30  # for findroot; every oracle call sets its own precision
    base = exact_values.common_points()
    stored: list[tuple[str, dict[str, Any], dict[str, np.ndarray]]] = []
    for name, params in exact_values.settings():
        start = time.perf_counter()
        arrays = exact_values.make_setting(name, params, base)
        stored.append((name, params, arrays))
        key = reference_file.setting_key(name, params)
        n = len(arrays["x"])
        print(f"{key:40s} {n:5d} points  {time.perf_counter() - start:6.1f} s", flush=True)
    path = reference_file.REFERENCE
    reference_file.write(path, stored)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
