r"""Exact values of f'' and of every parameter derivative $\partial f / \partial \theta$,
stored in ``higher.npz`` beside ``reference.npz``.

    .venv/bin/python -m scripts.reference.higher        # (re)write the file

What ``reference.npz`` is to f and f', this file is to f'' and $\partial f/\partial\theta$:
the SymPy/mpmath oracles' values (``oracles.second_derivative``,
``oracles.parameter_derivative``: ``sympy.diff`` of the textbook f, never actlib), rounded
to ``hi + lo`` (``reference_file.split``), with the condition number
$|x g'(x) / g(x)|$ of each value g (from ``oracles.third_derivative`` and the parameter
derivative's own derivative in x), at a quarter of the reference points (subnormals, the
tails, +-max) and around every zero of g. Kinks are left out (those of f' and, at the
defaults, those actlib's analysis finds): f'' and the parameter derivatives do not exist
there (``tests/actlib/test_higher_derivatives.py`` checks the value actlib returns there
against the one-sided limits instead).

The file is a cache of a slow computation (Mish's f'' takes half a minute), not a second
source of truth: :func:`exact` computes a setting the file does not hold, at the same
points, by the same code. Rerun this script after an oracle, a parameter's default or the
registry changes, so that the tests need not.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import mpmath
import numpy as np

import actlib
from scripts.reference import oracles
from scripts.reference.exact_values import common_points, neighbourhood, sign_changes
from scripts.reference.reference_file import condition, setting_key, split, write_npz

FILE = Path(__file__).with_name("higher.npz")
SECOND = "second"
PARAM = "d/"  # "d/alpha": the derivative with respect to the parameter alpha


@dataclass(frozen=True)
class Exact:
    """The exact values of one quantity at one setting: ``hi + lo`` and the condition number."""

    x: np.ndarray
    hi: np.ndarray
    lo: np.ndarray
    cond: np.ndarray


def key(name: str, params: dict[str, Any], quantity: str) -> str:
    """``"gelu[approximate=tanh]:second"``, ``"elu:d/alpha"``."""
    return f"{setting_key(name, params)}:{quantity}"


def _oracle(name: str, params: dict[str, Any], quantity: str) -> tuple[Any, Any]:
    """(g, g') for the quantity: f'' and f''', or d f/d theta and its derivative in x."""
    if quantity == SECOND:
        return oracles.second_derivative(name, **params), oracles.third_derivative(name, **params)
    return oracles.parameter_derivative(name, quantity.removeprefix(PARAM), **params)


@cache
def _base_points() -> np.ndarray:
    every = common_points()
    return np.unique(np.concatenate([every[:6], every[::4], -every[:6]]))


def compute(name: str, params: dict[str, Any], quantity: str) -> Exact:
    """The quantity's exact values at the points, off the kinks, with 30-digit oracles."""
    g, dg = _oracle(name, params, quantity)
    zeros = []
    with mpmath.workdps(30):  # findroot's own precision; every oracle call sets its own
        for a, b in sign_changes(g.expr):
            root = mpmath.findroot(
                g, (mpmath.mpf(a), mpmath.mpf(b)), solver="anderson", verify=False
            )
            zeros += neighbourhood(float(root))
    x = np.unique(np.concatenate([_base_points(), zeros]))
    # where f' jumps, and (at the defaults) where actlib's analysis finds f'' jumps too
    kinks = oracles.kinks(name, **params) + ([] if params else list(actlib.get(name).kinks))
    x = x[np.isfinite(x) & ~np.isin(x, kinks)]
    hi, lo, cond = (np.empty_like(x) for _ in range(3))
    for i, xi in enumerate(x):
        value = g(xi)
        hi[i], lo[i] = split(value)
        finite = np.isfinite(hi[i]) and value != 0
        cond[i] = condition(float(xi), value, dg(xi)) if finite else 0.0
    return Exact(x, hi, lo, cond)


@cache
def _stored() -> dict[str, Exact]:
    if not FILE.exists():
        return {}
    with np.load(FILE) as data:
        keys = json.loads(str(data["index"]))
        return {
            k: Exact(*(data[f"{k}/{part}"] for part in ("x", "hi", "lo", "cond"))) for k in keys
        }


@cache
def _computed(name: str, frozen: tuple[tuple[str, Any], ...], quantity: str) -> Exact:
    return compute(name, dict(frozen), quantity)


def exact(name: str, params: dict[str, Any], quantity: str) -> Exact:
    """The stored values, or (not stored yet) computed now, at the same points."""
    stored = _stored().get(key(name, params, quantity))
    if stored is not None:
        return stored
    return _computed(name, tuple(sorted(params.items())), quantity)


def settings() -> list[tuple[str, dict[str, Any], str]]:
    """What the tests measure: f'' at each parameter set of ``exact_values.parameter_sets``,
    and the derivative by each real parameter at the defaults."""
    import actlib
    from scripts.reference.exact_values import parameter_sets

    out = []
    for name in actlib.names(kind="elementwise"):
        act = actlib.get(name)
        out += [(name, params, SECOND) for params in parameter_sets(name)]
        out += [(name, {}, PARAM + p) for p, spec in act.params.items() if spec.choices is None]
    return out


def main() -> None:
    arrays: dict[str, np.ndarray] = {}
    keys = []
    for name, params, quantity in settings():
        start = time.perf_counter()
        found = compute(name, params, quantity)
        k = key(name, params, quantity)
        keys.append(k)
        arrays |= {f"{k}/{part}": getattr(found, part) for part in ("x", "hi", "lo", "cond")}
        print(f"{k:50s} {found.x.size:5d} points  {time.perf_counter() - start:6.1f} s", flush=True)
    arrays["index"] = np.array(json.dumps(keys))
    write_npz(FILE, arrays)
    print(f"wrote {FILE} ({FILE.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
