"""Measure actlib's error in ULP against the committed high-precision reference.

One module serves the accuracy test (``tests/actlib/test_accuracy.py``), the printed report
(``scripts/reports/accuracy.py``) and the site's accuracy page (``scripts/generators/accuracy.py``),
so all three measure the same way and hold the same targets.

The reference (``reference.npz``, read through ``reference_file.py``) holds, per function
and parameter setting, the points ``x`` and the exact values of f and f' there as
unevaluated sums ``hi + lo`` of two float64 (``hi`` is the correctly rounded value; where
it is subnormal, 0 or the smallest normal number, ``lo`` counts in units of 2^-1074).

Error of a float64 result y: ``|y - (hi + lo)| / ulp``, where ulp is the spacing of
float64 numbers at the exact value (2^-1074 among the subnormals and at 0, where the error
is ``|(y - hi) / 2^-1074 - lo|``). Error of a
float32 result: how many float32 numbers lie between it and the correctly rounded float32
value (0 means correctly rounded). A NaN where a number is due, or a wrong infinity,
counts as an infinite error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from scripts.reference.reference_file import (
    CONDITIONED,
    REFERENCE,
    REGENERATE,
    SMALLEST_NORMAL,
    SUBNORMAL_SPACING,
    Setting,
    condition,
    read,
    setting,
    setting_key,
    split,
)

F64_TARGET = 4.0  # max ULP error of f and f' in float64
F32_TARGET = 1  # max float32 ULPs from the correctly rounded value
# CONDITIONED (reference_file.py) may add the condition number to the float64 target.


def load(path: Path = REFERENCE) -> dict[str, Setting]:
    """Every setting in the reference file, by key, completed by the defaults of any
    element-wise activation the file does not hold yet.

    The file is a cache of a slow computation, not a second source of truth: a missing
    setting is computed now, by the same code and at the same points as
    ``make_reference.py`` would write it (seconds for most functions; rerun the script to
    store it).
    """
    settings = read(path)
    for key, arrays in _compute_missing(frozenset(settings)).items():
        settings[key] = setting({"key": key, "name": key, "params": {}}, arrays)
    return settings


@cache
def _compute_missing(present: frozenset[str]) -> dict[str, dict[str, np.ndarray]]:
    # exact_values imports the oracles and SymPy: only when something is missing
    from scripts.reference import exact_values

    return exact_values.missing_defaults(present)


def ulp_error64(y: np.ndarray, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """Error of float64 ``y`` in ULP of the exact value ``hi + lo``."""
    y, hi, lo = (np.asarray(a, dtype=np.float64) for a in (y, hi, lo))
    mag = np.abs(hi)
    mantissa, exponent = np.frexp(mag)
    ulp = np.ldexp(1.0, np.maximum(exponent - 53, -1074))
    # just below a power of two (hi rounded up onto it), the spacing is half as wide
    below = (mantissa == 0.5) & (np.sign(lo) == -np.sign(hi)) & (lo != 0)
    ulp = np.where(below, np.maximum(ulp / 2, SUBNORMAL_SPACING), ulp)
    tiny = mag <= SMALLEST_NORMAL  # lo counts in units of the spacing there
    with np.errstate(over="ignore", invalid="ignore"):
        err = np.where(tiny, np.abs((y - hi) / SUBNORMAL_SPACING - lo), np.abs((y - hi) - lo) / ulp)
    exact_inf = np.isinf(hi) & (y == hi)
    err = np.where(exact_inf, 0.0, err)
    return np.where(np.isnan(err), np.inf, err)


def round_to_float32(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """The correctly rounded float32 value of ``hi + lo``."""
    with np.errstate(over="ignore"):
        c = hi.astype(np.float32)
    towards = np.where(hi > c, np.inf, -np.inf).astype(np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        n = np.nextafter(c, towards)
        midpoint = (c.astype(np.float64) + n.astype(np.float64)) / 2
        # hi exactly halfway: astype chose the even one; lo says which way the truth lies
        toward_n = np.sign(lo) == np.sign(n.astype(np.float64) - hi)
        tie_goes_to_n = (hi == midpoint) & (lo != 0) & toward_n
    return np.where(tie_goes_to_n, n, c)


def _ordered(a: np.ndarray) -> np.ndarray:
    bits = a.astype(np.float32).view(np.int32).astype(np.int64)
    return np.where(bits < 0, -(bits & 0x7FFFFFFF), bits)


def ulp_distance32(y: np.ndarray, exact: np.ndarray) -> np.ndarray:
    """Number of float32 steps between ``y`` and ``exact`` (both float32); NaN is inf."""
    y = np.asarray(y, dtype=np.float32)
    exact = np.asarray(exact, dtype=np.float32)
    distance = np.abs(_ordered(y) - _ordered(exact)).astype(np.float64)
    return np.where(np.isnan(y) | np.isnan(exact), np.inf, distance)


def float32_points(x: np.ndarray) -> np.ndarray:
    """The points that are float32 numbers (and finite in float32)."""
    with np.errstate(over="ignore"):
        x32 = x.astype(np.float32)
    return np.isfinite(x32) & (x32.astype(np.float64) == x)


@dataclass(frozen=True)
class Measure:
    """The worst error of one quantity (f or f', in one precision) over the points."""

    max_error: float  # in ULP
    worst_x: float
    # float64 of gelu and mish: the largest error beyond the condition number
    max_excess: float
    target: float
    points: int

    @property
    def passed(self) -> bool:
        return self.max_excess <= self.target


def _measure(errors: np.ndarray, x: np.ndarray, allowance: np.ndarray, target: float) -> Measure:
    if errors.size == 0:
        return Measure(0.0, math.nan, 0.0, target, 0)
    excess = errors - allowance
    worst = int(np.argmax(excess))
    return Measure(
        max_error=float(np.max(errors)),
        worst_x=float(x[worst]),
        max_excess=float(excess[worst]),
        target=target,
        points=int(errors.size),
    )


@dataclass(frozen=True)
class Row:
    """One line of the accuracy table."""

    key: str
    f64_f: Measure
    f64_df: Measure
    f32_f: Measure
    f32_df: Measure

    @property
    def passed(self) -> bool:
        return all(m.passed for m in (self.f64_f, self.f64_df, self.f32_f, self.f32_df))


Evaluate = Callable[[np.ndarray], np.ndarray]


def measure(setting: Setting, f: Evaluate, df: Evaluate) -> Row:
    """Errors of ``f`` and ``df`` (functions of an array, any float dtype) at the points."""
    x = setting.x
    rows = []
    for fn, (hi, lo), cond in ((f, setting.f, setting.cond_f), (df, setting.df, setting.cond_df)):
        known = ~np.isnan(hi)
        allowance = np.zeros_like(x) if setting.name not in CONDITIONED else cond
        err64 = ulp_error64(fn(x[known]), hi[known], lo[known])
        rows.append(_measure(err64, x[known], allowance[known], F64_TARGET))
        is32 = float32_points(x) & known
        y32 = fn(x[is32].astype(np.float32))
        if np.asarray(y32).dtype != np.float32:
            raise TypeError(f"{setting.key}: float32 in gave {np.asarray(y32).dtype} out")
        err32 = ulp_distance32(y32, round_to_float32(hi[is32], lo[is32]))
        rows.append(_measure(err32, x[is32], np.zeros_like(err32), F32_TARGET))
    return Row(setting.key, f64_f=rows[0], f32_f=rows[1], f64_df=rows[2], f32_df=rows[3])


def measure_actlib(setting: Setting) -> Row:
    """:func:`measure` for actlib's own f and f' at the setting's parameters."""
    import actlib

    act = actlib.get(setting.name)
    return measure(
        setting,
        lambda x: act(x, **setting.params),
        lambda x: act.derivative(x, **setting.params),
    )


def measure_all(path: Path = REFERENCE) -> list[Row]:
    """A row per reference setting, in registry order (defaults first).

    Raises ``LookupError`` naming any element-wise activation without reference data.
    """
    import actlib

    settings = load(path)
    names = actlib.names(kind="elementwise")
    missing = [n for n in names if setting_key(n, {}) not in settings]
    if missing:
        raise LookupError(f"no reference data for {', '.join(missing)}: {REGENERATE}")
    order = {n: i for i, n in enumerate(names)}
    ranked = sorted(
        settings.values(), key=lambda s: (order.get(s.name, len(order)), bool(s.params))
    )
    return [measure_actlib(s) for s in ranked if s.name in order]


def cell(m: Measure, conditioned: bool) -> str:
    """A table cell: the max error, and for gelu and mish what is left beyond the
    condition number (κ)."""
    if m.points == 0:
        return "—"
    text = f"{m.max_error:.3g}" if m.max_error >= 10 else f"{m.max_error:.2f}"
    if conditioned and m.max_excess != m.max_error:
        text += f" (κ + {max(m.max_excess, 0.0):.2f})"
    return text


def table(rows: list[Row]) -> tuple[list[str], list[list[str]]]:
    """``(header, rows of cells)`` of the accuracy table, shared by the report and the site."""
    header = ["function", "float64 f", "float64 f'", "float32 f", "float32 f'", "target", "status"]
    body = []
    for row in rows:
        conditioned = row.key.partition("[")[0] in CONDITIONED
        target = (
            f"{F64_TARGET:g} + κ / {F32_TARGET}"
            if conditioned
            else f"{F64_TARGET:g} / {F32_TARGET}"
        )
        cells = [cell(m, conditioned) for m in (row.f64_f, row.f64_df)]
        cells += [cell(m, False) for m in (row.f32_f, row.f32_df)]
        body.append([row.key, *cells, target, "ok" if row.passed else "FAIL"])
    return header, body


# ---------------------------------------------------------------------------
# Between the reference points
# ---------------------------------------------------------------------------

OFF_GRID_SEED = 20261201
OFF_GRID_POINTS = 2000  # per setting


def off_grid_points(n: int = OFF_GRID_POINTS, seed: int = OFF_GRID_SEED) -> np.ndarray:
    """Random points (seeded) between the reference points, in four equal bands: uniform on
    [-1, 1], [-8, 8] (float32 numbers) and [-40, 40], and log-uniform magnitudes from 1e-6
    to 1e3 (either sign), where the stable forms switch branches and the tails start."""
    rng = np.random.default_rng(seed)
    k = n // 4
    magnitudes = 10.0 ** rng.uniform(-6.0, 3.0, n - 3 * k) * rng.choice([-1.0, 1.0], n - 3 * k)
    # the [-8, 8] band is rounded to float32, so that the float32 columns have points too
    bulk32 = rng.uniform(-8.0, 8.0, k).astype(np.float32).astype(np.float64)
    bands = [rng.uniform(-1.0, 1.0, k), bulk32, rng.uniform(-40.0, 40.0, k)]
    return np.sort(np.concatenate([*bands, magnitudes]))


def off_grid(setting: Setting, n: int = OFF_GRID_POINTS, seed: int = OFF_GRID_SEED) -> Setting:
    """The setting's function at :func:`off_grid_points` instead of its reference points,
    with exact values from the same oracles (30 correct digits), skipping its kinks."""
    from scripts.reference.oracles import kinks, oracle, second_derivative

    x = off_grid_points(n, seed)
    x = x[~np.isin(x, kinks(setting.name, **setting.params))]
    f, df = oracle(setting.name, **setting.params)
    d2 = second_derivative(setting.name, **setting.params)
    conditioned = setting.name in CONDITIONED
    arrays = {k: np.empty_like(x) for k in ("f_hi", "f_lo", "df_hi", "df_lo", "cf", "cdf")}
    for i, xi in enumerate(x):
        fv, dfv = f(xi), df(xi)
        arrays["f_hi"][i], arrays["f_lo"][i] = split(fv)
        arrays["df_hi"][i], arrays["df_lo"][i] = split(dfv)
        if conditioned:
            arrays["cf"][i] = condition(float(xi), fv, dfv)
            arrays["cdf"][i] = condition(float(xi), dfv, d2(xi))
    return Setting(
        key=setting.key,
        name=setting.name,
        params=setting.params,
        x=x,
        f=(arrays["f_hi"], arrays["f_lo"]),
        df=(arrays["df_hi"], arrays["df_lo"]),
        cond_f=arrays["cf"] if conditioned else None,
        cond_df=arrays["cdf"] if conditioned else None,
    )


def measure_all_off_grid(
    path: Path = REFERENCE, n: int = OFF_GRID_POINTS, seed: int = OFF_GRID_SEED
) -> list[Row]:
    """:func:`measure_all` at :func:`off_grid_points` instead of the reference points
    (about a minute and a half: the exact values are computed now)."""
    import actlib

    settings = load(path)
    names = actlib.names(kind="elementwise")
    order = {name: i for i, name in enumerate(names)}
    ranked = sorted(
        (s for s in settings.values() if s.name in order),
        key=lambda s: (order[s.name], bool(s.params)),
    )
    return [measure_actlib(off_grid(s, n, seed)) for s in ranked]


def where_cell(m: Measure, conditioned: bool) -> str:
    """A cell of the off-grid table: :func:`cell`, and the x of the worst error."""
    if m.points == 0:
        return "—"
    return f"{cell(m, conditioned)} at x = {m.worst_x:.6g}"
