"""The format of ``reference.npz``, the stored exact values, read and written here only.

The file holds, per function and parameter setting, the points ``x`` and the exact values
of f and f' there, each as an unevaluated sum ``hi + lo`` of two float64 (``hi`` is the
correctly rounded value, ``lo`` the rounded remainder; :func:`split`). Where ``|hi|`` is at
most the smallest normal number, 2^-1022, the remainder is below the smallest float64 and
``lo`` holds it in units of 2^-1074 instead (the spacing of float64 numbers there, on both
sides): ``exact = hi + lo * 2^-1074``, so that an error at a subnormal result is measured
against the exact value, not against its rounding. For the functions
in :data:`CONDITIONED` it holds the condition numbers of f and f' too (:func:`condition`).
An array is stored under ``KEY/PART`` (``gelu[approximate=tanh]/f_hi``); ``index`` lists
the settings' keys, names and parameters.

``exact_values.py`` computes what goes in, ``make_reference.py`` writes it, and ``ulp.py``
measures actlib against it; all three hold this one description of the file.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mpmath
import numpy as np

REFERENCE = Path(__file__).with_name("reference.npz")
REGENERATE = "run scripts/reference/make_reference.py"  # to store, or refresh, the cache
SMALLEST_NORMAL = 2.0**-1022
SUBNORMAL_SPACING = 2.0**-1074  # the spacing of float64 numbers at and below SMALLEST_NORMAL

# These may add the condition number |x g'(x) / g(x)| of the function g being evaluated
# (g = f or f') to the float64 target: their factor x cannot be rounded away (issue 2).
# xIELU's f crosses 0 near x = -2.43, where alpha_n (e^x - 1) and (alpha_n - beta) x cancel
# and no float64 x sits on the zero: its error there is the input's, x f'(x) / f(x).
CONDITIONED = frozenset({"gelu", "mish", "xielu"})


@dataclass(frozen=True)
class Setting:
    """One function at one parameter setting, with its reference values."""

    key: str  # "gelu" at the defaults, "gelu[approximate=tanh]" otherwise
    name: str
    params: dict[str, Any]
    x: np.ndarray
    f: tuple[np.ndarray, np.ndarray]  # (hi, lo)
    df: tuple[np.ndarray, np.ndarray]  # (hi, lo); NaN where no reference (see exact_values)
    cond_f: np.ndarray | None = field(default=None, repr=False)
    cond_df: np.ndarray | None = field(default=None, repr=False)


def setting_key(name: str, params: dict[str, Any]) -> str:
    if not params:
        return name
    return name + "[" + ",".join(f"{k}={v}" for k, v in sorted(params.items())) + "]"


def setting(entry: dict[str, Any], arrays: dict[str, np.ndarray]) -> Setting:
    """A :class:`Setting` from its index entry and its arrays (``f_hi``, ``df_lo``...)."""
    return Setting(
        key=entry["key"],
        name=entry["name"],
        params=entry["params"],
        x=arrays["x"],
        f=(arrays["f_hi"], arrays["f_lo"]),
        df=(arrays["df_hi"], arrays["df_lo"]),
        cond_f=arrays.get("cond_f"),
        cond_df=arrays.get("cond_df"),
    )


def read(path: Path = REFERENCE) -> dict[str, Setting]:
    """Every setting the file holds, by key."""
    if not path.exists():
        raise FileNotFoundError(f"no reference data at {path}: {REGENERATE}")
    with np.load(path) as data:
        index = json.loads(str(data["index"]))
        stored = {entry["key"]: entry for entry in index}
        parts = {
            key: {n.partition("/")[2]: data[n] for n in data.files if n.startswith(key + "/")}
            for key in stored
        }
    return {key: setting(entry, parts[key]) for key, entry in stored.items()}


def write(path: Path, settings: list[tuple[str, dict[str, Any], dict[str, np.ndarray]]]) -> None:
    """Store ``(name, params, arrays)`` per setting, in the given order."""
    arrays: dict[str, np.ndarray] = {}
    index = []
    for name, params, parts in settings:
        key = setting_key(name, params)
        arrays |= {f"{key}/{part}": values for part, values in parts.items()}
        index.append({"key": key, "name": name, "params": params})
    arrays["index"] = np.array(json.dumps(index))
    write_npz(path, arrays)


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An .npz that np.load reads, byte-identical from run to run (fixed zip dates)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asanyarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def to_float(value: mpmath.mpf) -> float:
    """Correctly rounded float64 (subnormals by one rounding at 2^-1074, not two)."""
    if value != 0 and abs(value) < SMALLEST_NORMAL:
        return float(int(mpmath.nint(value / SUBNORMAL_SPACING))) * SUBNORMAL_SPACING
    return float(value)


def split(value: mpmath.mpf) -> tuple[float, float]:
    """``(hi, lo)``: the correctly rounded float64 and the rounded remainder, counted in
    units of 2^-1074 where ``|hi|`` is at most 2^-1022 (see the module's docstring)."""
    hi = to_float(value)
    if np.isinf(hi):
        return hi, 0.0
    if abs(hi) <= SMALLEST_NORMAL:
        return hi, float((value - mpmath.mpf(hi)) / SUBNORMAL_SPACING)
    return hi, to_float(value - mpmath.mpf(hi))


def condition(x: float, g: mpmath.mpf, dg: mpmath.mpf) -> float:
    """|x g'(x) / g(x)|, inf where g = 0."""
    if g == 0:
        return np.inf if x * dg != 0 else 0.0
    with mpmath.workdps(30):
        return float(abs(mpmath.mpf(x) * dg / g))
