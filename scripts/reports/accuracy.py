"""Print actlib's measured accuracy, one row per function and parameter setting.

    make accuracy          (or: .venv/bin/python -m scripts.reports.accuracy)

Columns: the largest error in ULP of f and f' over the reference points, in float64
(against the exact value) and float32 (float32 steps from the correctly rounded value).
For gelu and mish, "(κ + e)" is what is left beyond the condition number.

A second table measures the same between the reference points: 2000 random points per
setting (seeded; ``ulp.off_grid_points``: uniform on [-1, 1], [-8, 8] in float32, [-40, 40] and
log-uniform magnitudes from 1e-6 to 1e3), whose exact values the oracles compute now
(about a minute and a half in all; ``--no-off-grid`` skips it). It says how many points
each row sampled and where its worst float64 error is.

Exit status 1 if any row of either table misses its target; the measuring is
``scripts/reference/ulp.py``.
"""

from __future__ import annotations

import argparse
import sys

from scripts.reference import ulp


def _print(header: list[str], body: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    for line in [header, ["-" * w for w in widths], *body]:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())


def off_grid_table(rows: list[ulp.Row]) -> tuple[list[str], list[list[str]]]:
    header = ["function", "points", "float64 f: worst", "float64 f': worst", "float32 f / f'"]
    header += ["status"]
    body = []
    for row in rows:
        conditioned = row.key.partition("[")[0] in ulp.CONDITIONED
        cells = [ulp.where_cell(m, conditioned) for m in (row.f64_f, row.f64_df)]
        f32 = f"{ulp.cell(row.f32_f, False)} / {ulp.cell(row.f32_df, False)}"
        status = "ok" if row.passed else "FAIL"
        body.append([row.key, str(row.f64_f.points), *cells, f32, status])
    return header, body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-off-grid", action="store_true", help="skip the points between the reference points"
    )
    args = parser.parse_args()
    rows = ulp.measure_all()
    _print(*ulp.table(rows))
    failed = [r.key for r in rows if not r.passed]
    points = sum(r.f64_f.points for r in rows)
    print(f"\n{len(rows)} settings, {points} float64 points; ", end="")
    print(f"missing the target: {', '.join(failed)}" if failed else "every row meets its target")
    if args.no_off_grid:
        return 1 if failed else 0

    print(f"\nBetween the reference points: {ulp.OFF_GRID_POINTS} random points per setting")
    print(f"(seed {ulp.OFF_GRID_SEED}), exact values from the oracles; worst error and its x.\n")
    between = ulp.measure_all_off_grid()
    _print(*off_grid_table(between))
    missed = [r.key for r in between if not r.passed]
    points = sum(r.f64_f.points for r in between)
    print(f"\n{len(between)} settings, {points} float64 points between; ", end="")
    print(f"missing the target: {', '.join(missed)}" if missed else "every row meets its target")
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
