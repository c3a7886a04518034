"""Print actlib's measured accuracy, one row per function and parameter setting.

    make accuracy          (or: .venv/bin/python -m scripts.reports.accuracy)

Columns: the largest error in ULP of f and f' over the reference points, in float64
(against the exact value) and float32 (float32 steps from the correctly rounded value).
For gelu and mish, "(κ + e)" is what is left beyond the condition number. Exit status 1
if any row misses its target; the measuring is ``scripts/reference/ulp.py``.
"""

from __future__ import annotations

import sys

from scripts.reference import ulp


def main() -> int:
    rows = ulp.measure_all()
    header, body = ulp.table(rows)
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    for line in [header, ["-" * w for w in widths], *body]:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    failed = [r.key for r in rows if not r.passed]
    points = sum(r.f64_f.points for r in rows)
    print(f"\n{len(rows)} settings, {points} float64 points; ", end="")
    print(f"missing the target: {', '.join(failed)}" if failed else "every row meets its target")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
