"""docs/javascripts/lib/formulas.js under Node, against actlib computed now.

The explorer and the playground draw and train with JavaScript formulas, so that a slider
redraws at once: the stable forms written in lib/formulas.js (FORMULAS), and, for an
activation without one, the formulas its registry entry prints, compiled to JavaScript at
build time by scripts/generators/explorer_data.py. formulas.test.mjs builds them as the
page does (``createFormulas`` over the registry data that ``explorer_data.generate`` writes,
the ``explorer_data_script`` fixture) and holds them to the values computed here:

- ``stable``: every stable form's f and f', at its defaults and each parameter case, on a
  dense grid with tails out to 1e300, to 1e-9 relative (``tolerance``); a case actlib
  rejects must be refused too; an activation without one is drawn by its printed formulas;
- ``printed``: every printed f, f', f'' and d f / d theta over a card's range, [-8, 8],
  where they hold (``printed_tolerance``), and none where they do not;
- ``erf``: erf and erfc against SciPy across their whole range.

A formula that drifts, or an activation the page cannot draw, fails these tests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import scipy.special

import actlib
from scripts import ROOT
from scripts.generators import explorer_data
from tests.modules.node_runner import run_node_test
from tests.registry_cases import ELEMENTWISE, GATED

FORMULAS_MODULE = ROOT / "docs" / "javascripts" / "lib" / "formulas.js"

RELATIVE = 1e-9
# Near a zero of f or f' inside the grid (SiLU', GELU', Mish' each cross 0), any two
# correct float64 evaluations differ by a few ulp of the terms that cancel there, which
# are about the size of the function a little way off. So the absolute part of the
# tolerance is 1e-13 (about 450 ulp) of the largest |value| within WINDOW of x: in a
# tail, where a value decays like e^-x or e^(-x^2/2), that neighbourhood is at most
# e^4 times larger out to x = 40, and the check stays relative there.
NEAR_ZERO = 1e-13
WINDOW = 0.1
# Below 1e-300 the results are within a few powers of two of underflow, where float64
# libraries legitimately differ in the last subnormal bits.
UNDERFLOW = 1e-300

# The printed formulas are textbook forms, which lose relative accuracy where their
# terms cancel: 1 - tanh^2(x) at the ends of the range, or GELU's Phi(x), which SymPy
# writes as 1 - erfc(x/sqrt 2)/2, below x = -5 (7% at x = -8). Measured over the default
# range they stay within 1e-15 of the largest |value| there, so the absolute part of the
# tolerance is 1e-12 of it: far below a pixel or a readout digit at that scale, and
# far below what a wrong sign, constant or branch would move a curve.
PRINTED_RELATIVE = 1e-9
PRINTED_SCALE = 1e-12

CARD_RANGE = (-8.0, 8.0)  # the x-range an explorer opens on without data-range (a card's)


def grid(lo: float, hi: float, extra: list[float], tails: bool) -> np.ndarray:
    """Steps of 0.01 over [lo, hi], with ``tails`` the far tails out to 1e300, and each
    point in ``extra`` (kinks, parameter values) with its two neighbouring floats."""
    bulk = np.linspace(lo, hi, round((hi - lo) / 0.01) + 1)
    far = np.logspace(-300, 300, 121) if tails else np.array([])
    special = np.array([0.0, *extra])
    neighbours = np.concatenate([np.nextafter(special, -np.inf), np.nextafter(special, np.inf)])
    points = np.unique(np.concatenate([bulk, far, -far, special, neighbours]))
    return points if tails else points[(lo <= points) & (points <= hi)]


def dense_grid(extra: list[float]) -> np.ndarray:
    return grid(-40.0, 40.0, extra, tails=True)


def tolerance(xs: np.ndarray, want: np.ndarray) -> np.ndarray:
    magnitude = np.abs(want)
    lo = np.searchsorted(xs, xs - WINDOW)
    hi = np.searchsorted(xs, xs + WINDOW, side="right")
    nearby = np.array([magnitude[a:b].max() for a, b in zip(lo, hi, strict=True)])
    return RELATIVE * magnitude + NEAR_ZERO * nearby + UNDERFLOW


def printed_tolerance(xs: np.ndarray, want: np.ndarray) -> np.ndarray:
    return PRINTED_RELATIVE * np.abs(want) + PRINTED_SCALE * np.abs(want).max()


def param_cases(act: actlib.Activation) -> list[dict[str, Any]]:
    """Defaults, then one parameter at a time at each end and the middle of its slider,
    and at each of its choices (both GELU forms)."""
    cases: list[dict[str, Any]] = [{}]
    for name, param in act.params.items():
        if param.choices is not None:
            values = list(param.choices)
        else:
            assert param.slider is not None, f"{act.name}.{name} has no slider range"
            lo, hi, step = param.slider
            values = [lo, round(lo + step * round((hi - lo) / step / 2), 12), hi]
        cases += [{name: v} for v in values if v != param.default]
    return cases


def accepts(act: actlib.Activation, params: dict[str, Any]) -> bool:
    try:
        act(0.0, **params)
    except ValueError:
        return False
    return True


def printed_for(act: actlib.Activation, params: dict[str, Any]) -> bool:
    """Whether the registry's printed formula describes these parameters: it is
    written in the numeric parameters' symbols, for each categorical one's default."""
    return all(params[k] == p.default for k, p in act.params.items() if p.choices is not None)


def case_label(name: str, params: dict[str, Any]) -> str:
    return f"{name}({', '.join(f'{k}={v!r}' for k, v in params.items())})"


def stable_names() -> list[str]:
    """The activations lib/formulas.js has a stable form of, as the module says itself."""
    node = shutil.which("node")
    assert node, "node is not on PATH: the browser modules' tests need Node 20 or later"
    module = json.dumps(FORMULAS_MODULE.as_uri())
    script = (
        f"const m = await import({module}); console.log(JSON.stringify(Object.keys(m.FORMULAS)))"
    )
    result = subprocess.run(
        [node, "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def measured(want: np.ndarray, tol: np.ndarray) -> dict[str, Any]:
    return {"want": want, "tol": tol}


def stable_case(act: actlib.Activation, params: dict[str, Any]) -> dict[str, Any]:
    full = {**act.defaults, **params}
    numeric = [v for v in full.values() if isinstance(v, float)]
    xs = dense_grid([*act.kinks, *numeric])
    case = {"label": case_label(act.name, full), "name": act.name, "params": full, "xs": xs}
    if not accepts(act, params):
        return case | {"rejected": True}
    f = np.asarray(act(xs, **params), dtype=float)
    df = np.asarray(act.derivative(xs, **params), dtype=float)
    return case | {"f": measured(f, tolerance(xs, f)), "df": measured(df, tolerance(xs, df))}


def printed_case(act: actlib.Activation, params: dict[str, Any]) -> dict[str, Any]:
    full = {**act.defaults, **params}
    numeric = [v for v in full.values() if isinstance(v, float)]
    xs = grid(*CARD_RANGE, [*act.kinks, *numeric], tails=False)
    case: dict[str, Any] = {"label": case_label(act.name, full), "name": act.name, "params": full}
    if not printed_for(act, full):
        return case | {"xs": xs[:3], "holds": False}

    def of(values: Any) -> dict[str, Any]:
        want = np.asarray(values, dtype=float)
        return measured(want, printed_tolerance(xs, want))

    case |= {"xs": xs, "holds": True}
    case["f"] = of(act(xs, **params))
    case["df"] = of(act.derivative(xs, **params))
    case["d2f"] = None if act.second is None else of(act.second_derivative(xs, **params))
    case["dp"] = {
        key: of(act.param_derivative(xs, key, **params))
        if key in act.param_derivative_formulas
        else None
        for key in act.params
    }
    return case


def erf_reference() -> dict[str, Any]:
    xs = np.unique(np.concatenate([np.linspace(-27, 27, 10801), np.logspace(-300, 1, 61)]))
    return {
        "xs": xs,
        **{
            name: measured(want, 1e-13 * np.abs(want) + UNDERFLOW)
            for name, want in (("erf", scipy.special.erf(xs)), ("erfc", scipy.special.erfc(xs)))
        },
    }


def test_formulas_match_actlib(explorer_data_script: Path) -> None:
    stable = set(stable_names())
    elementwise = [actlib.get(name) for name in ELEMENTWISE]
    reference = {
        "explorerData": str(explorer_data_script),
        "explorerHigher": str(explorer_data_script.parents[1] / explorer_data.HIGHER_TARGET),
        "elementwise": ELEMENTWISE,
        # the gated units drawn by their own printed formulas have them compiled too
        "printedNames": ELEMENTWISE
        + [n for n in GATED if explorer_data.drawn_as_printed(actlib.get(n))],
        "stable": [
            stable_case(act, params)
            for act in elementwise
            if act.name in stable
            for params in param_cases(act)
        ],
        # Without a stable form, f and f' are the printed ones: drawn on a card's range.
        "unstable": [
            {"name": act.name, "xs": grid(*CARD_RANGE, act.kinks, tails=False)}
            for act in elementwise
            if act.name not in stable
        ],
        "cases": [
            {"label": case_label(act.name, full), "name": act.name, "params": full}
            for act in elementwise
            for params in param_cases(act)
            if accepts(act, params)
            for full in [{**act.defaults, **params}]
        ],
        "printed": [
            printed_case(act, params)
            for act in elementwise
            for params in param_cases(act)
            if accepts(act, params)
        ],
        "erf": erf_reference(),
    }
    run_node_test("formulas.test.mjs", reference)
