"""Generator: the accuracy page (``reference/accuracy.md``) and the figure of actlib's error
beside the textbook formulas' (``figures/accuracy.{light,dark}.svg``).

Both are measured when the site is built, from the committed reference data, by the same
code as the accuracy test (``scripts/reference/ulp.py``); the textbook formulas are
``scripts/shared/naive.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

import actlib
from scripts.reference import ulp
from scripts.render.figures import figure_markdown
from scripts.shared import build
from scripts.shared import plotting as plot
from scripts.shared.naive import NAIVE

INPUTS = (
    "scripts/reference/reference.npz",
    "scripts/reference/ulp.py",
    "scripts/reference/reference_file.py",
    # an activation the reference file does not hold is measured against its oracle
    "scripts/reference/exact_values.py",
    "scripts/reference/oracles.py",
    "scripts/shared/latex_functions.py",
    "scripts/shared/naive.py",
    "scripts/shared/plotting.py",
    "scripts/render/figures.py",
)
PAGE = "reference/accuracy.md"
STEM = "accuracy"

# (function, "f" or "df"): where the textbook formula is known to go wrong
COMPARED = (
    ("sigmoid", "df"),
    ("tanh", "df"),
    ("softplus", "f"),
    ("silu", "df"),
    ("gelu", "f"),
    ("tanhshrink", "f"),
)
X_WINDOW = 800.0  # beyond it every one of these has under- or overflowed
ERROR_FLOOR, ERROR_CEILING = 0.1, 1e18  # plotted range; NaN and inf errors sit on top

ALT = (
    "Six panels, one per function: sigmoid', tanh', softplus, SiLU', GELU and tanhshrink. "
    "Each plots the largest error in ULP in slices of x from -800 to 800, for the textbook "
    "formula (dashed) and for "
    "actlib: the textbook errors climb to 10^15 ULP or to infinity in the tails (and near 0 "
    "for tanhshrink), while actlib's stay within a few ULP everywhere."
)


def errors(name: str, which: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x, textbook error, actlib error)`` in ULP at the reference points in the window."""
    setting = ulp.load()[name]
    keep = (np.abs(setting.x) <= X_WINDOW) & ~np.isnan(getattr(setting, which)[0])
    x = setting.x[keep]
    hi, lo = (a[keep] for a in getattr(setting, which))
    act = actlib.get(name)
    ours = act(x) if which == "f" else act.derivative(x)
    with np.errstate(all="ignore"):  # the textbook forms overflow and divide by 0
        theirs = NAIVE[name][0 if which == "f" else 1](x)
    return x, ulp.ulp_error64(theirs, hi, lo), ulp.ulp_error64(ours, hi, lo)


def envelope(x: np.ndarray, err: np.ndarray, bins: int = 120) -> tuple[np.ndarray, np.ndarray]:
    """The largest error in each of ``bins`` slices of x, equal in the plot's symlog scale."""
    scaled = np.sign(x) * np.log1p(np.abs(x))
    edges = np.linspace(-np.log1p(X_WINDOW), np.log1p(X_WINDOW), bins + 1)
    which = np.clip(np.digitize(scaled, edges) - 1, 0, bins - 1)
    shown = np.clip(np.nan_to_num(err, nan=np.inf), ERROR_FLOOR, ERROR_CEILING)
    worst = np.full(bins, np.nan)
    np.fmax.at(worst, which, shown)
    centres = (edges[:-1] + edges[1:]) / 2
    keep = ~np.isnan(worst)
    return np.sign(centres[keep]) * np.expm1(np.abs(centres[keep])), worst[keep]


# Per panel: its title, and the textbook formula's and actlib's error envelopes, (x, ULP).
Panels = list[tuple[str, tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]]


def panels() -> Panels:
    """What the figure draws, computed: drawn only if it changed (``plot.save_themed_kept``)."""
    shown = []
    for name, which in COMPARED:
        x, theirs, mine = errors(name, which)
        title = actlib.get(name).display_name + ("'" if which == "df" else "")
        shown.append((title, envelope(x, theirs), envelope(x, mine)))
    return shown


def draw(fig: Any, theme: plot.Theme, shown: Panels) -> None:
    axes = fig.subplots(3, 2, sharex=True, sharey=True)
    textbook, ours = theme.cycle[2], theme.cycle[0]
    for ax, (title, theirs, mine) in zip(axes.flat, shown, strict=True):
        curves = (
            (theirs, textbook, plot.DF_STYLE, "textbook formula"),
            (mine, ours, "-", "actlib"),
        )
        for err, colour, style, label in curves:
            ax.plot(*err, color=colour, linestyle=style, label=label, linewidth=1.6)
        ax.set_ylim(ERROR_FLOOR / 2, ERROR_CEILING * 5)
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_yscale("log")
        plot.style_axes(ax, theme)
        ax.set_title(title, loc="left")
        ax.set_yticks([1, 1e6, 1e12, ERROR_CEILING])
        ax.set_yticklabels(["1", "$10^6$", "$10^{12}$", "≥$10^{18}$"])
        ax.set_xticks([-100, -1, 0, 1, 100])
        ax.set_xticklabels(["-100", "-1", "0", "1", "100"])
    for ax in axes[:, 0]:
        ax.set_ylabel("error (ULP)")
    for ax in axes[-1, :]:
        ax.set_xlabel("x")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(
        handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.9), ncol=2,
        frameon=False, labelcolor=theme.foreground,
    )  # fmt: skip


def page(rows: list[ulp.Row], size: tuple[int, int]) -> str:
    header, body = ulp.table(rows)
    table = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    table += ["| " + " | ".join([f"`{r[0]}`", *r[1:]]) + " |" for r in body]
    points = rows[0].f64_f.points
    passed = all(r.passed for r in rows)
    verdict = "Every row meets its target." if passed else "**Some rows miss their target.**"
    return f"""---
description: >-
  Measured error of every actlib activation and its derivative, in ULP, against a
  high-precision mpmath reference over the whole float64 range, beside the textbook formulas.
---

# Accuracy

This page is measured when the site is built. Each activation f and its derivative f' is
evaluated by actlib at about {points} points per function and parameter setting, and compared
with the exact value. {verdict}

## How it is measured

- **The exact values** come from an independent second definition of every function: its
  textbook formula written in SymPy (`scripts/reference/oracles.py`), its derivative by
  `sympy.diff`,
  both evaluated in mpmath at rising precision until 30 digits agree. actlib is not used,
  except at a kink, where f' does not exist and the value checked is the convention that
  actlib documents. The values are committed (`scripts/reference/reference.npz`) and are
  regenerated only by running `scripts/reference/make_reference.py`.
- **The points** cover the whole float64 range: 0, subnormals, tiny values, the bulk, the
  tails, the thresholds where results under- or overflow, ±max, random points at every
  scale (fixed seed), each kink and each zero of f and f' with their closest neighbours.
- **Error in ULP** is |computed − exact| divided by the spacing of float64 numbers at the
  exact value (units in the last place). 0.5 is the best a float64 result can do; 1 or 2
  is the error of a good library function.
- **Subnormal results.** Where the exact value is subnormal, its remainder after rounding
  is smaller than the smallest float64, 2^−1074, so the reference stores that remainder
  counted in units of 2^−1074: the error there is measured against the exact value, not
  against its rounding, which could move it by half a ULP either way.
- **Targets.** float64: at most {ulp.F64_TARGET:g} ULP for f and f'. For GELU and Mish the
  target is {ulp.F64_TARGET:g} ULP plus the condition number κ = |x g'(x) / g(x)| of the
  function g being evaluated: rounding x itself already costs that much, and near a zero of
  g (GELU' at x ≈ −0.75) no float64 formula can do better. Their cells show the largest
  error and, as "(κ + e)", what is left beyond κ. float32: float32 in gives float32 out,
  at most {ulp.F32_TARGET} float32 step from the correctly rounded value (0 means correctly
  rounded); actlib computes in float64 and rounds once. float16 is done the same way and
  is not measured here.

What this does not show: the points are many but not all 2^64 inputs, so the table is a
measurement, not a proof. Between the reference points, `make accuracy` also measures
{ulp.OFF_GRID_POINTS} random points per setting (seeded: uniform on [−1, 1], [−8, 8] and
[−40, 40], and log-uniform magnitudes from 10⁻⁶ to 10³), with exact values from the same
oracles, and prints the worst error of each row and where it is; the slow tests of
`tests/actlib/test_accuracy.py` hold the functions with the most delicate stable forms to
their float64 targets at such points. GELU's exact form evaluates SciPy's `erfcx` and
`ndtr`: every error measured here includes theirs. Non-default
parameters are measured at powers of two (β = 2, α = 0.5); for other values the product
βx (softplus) or the quotient x / α (CELU) is rounded once before the exponential, which
adds up to about |βx| / 2 ULP where the result is tiny.

## The table

{chr(10).join(table)}

`make accuracy` prints the same table, and the test suite (`tests/actlib/test_accuracy.py`)
fails if any row misses its target.

## Beside the textbook formulas

The textbook formulas (sigmoid' as p (1 − p), tanh' as 1 − tanh², softplus as
log(1 + eˣ), ...) measured the same way, at the same points. Their errors reach 10^15 ULP
where a result rounds to 0 that should not, and infinity where they overflow or return NaN.

{figure_markdown(STEM, ALT, "reference", size)}
"""


def generate(out: Path) -> None:
    rows = ulp.measure_all()
    shown = panels()
    plot.save_themed_kept(
        shown,
        lambda fig, theme: draw(fig, theme, shown),
        out / "figures",
        STEM,
        (7.0, 8.5),
        drawn_by=Path(__file__),
        recolour=True,
    )
    size = plot.svg_file_size(out / "figures" / f"{STEM}.light.svg")
    (out / PAGE).parent.mkdir(parents=True, exist_ok=True)
    (out / PAGE).write_text(page(rows, size), encoding="utf-8")


if __name__ == "__main__":
    build.main(sys.modules[__name__])
