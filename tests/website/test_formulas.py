r"""The formulas the site prints are the formulas actlib computes.

Every formula is read by SymPy's LaTeX parser (through ``latex_functions``, the one place
that gives the named functions their meaning), evaluated on a grid, and compared with
actlib's own numbers:

* the metadata formulas (``formula``, ``derivative_formula``; softmax's ``formula`` and
  ``jacobian_formula``), at the default parameters and at the plotting parameters;
* piecewise formulas branch by branch, conditions included: the conditions split the real
  line exactly (no gap, no overlap), and at a kink the branch that applies gives actlib's
  convention;
* ``second_derivative_formula`` and each of ``param_derivative_formulas`` the same way;
* every derivation result marked ``<!-- check: NAME KIND [param=value ...] -->`` on the
  hand-written pages (KIND is ``f``, ``derivative``, ``second`` or ``d/PARAM``, the
  derivative with respect to the parameter PARAM), and every element-wise activation has
  at least one ``derivative``.

The steps before a marked result, and every other relation on the pages, are checked by
``test_equations.py``; the numbers in the prose by ``test_prose_numbers.py``.

How close is close enough
    A formula agrees with actlib at x when

        |F(x) - A(x)| <= 1e-12 |F(x)| + 8 eps |x F'(x)| + tiny,

    F being the formula's exact value (mpmath), A actlib's float64 result, eps float64's
    machine epsilon and tiny its smallest normal number. Where F is well conditioned
    (condition number |x F'/F| <= 100) the middle term is below 2e-13 |F|: the check is
    a relative one at 1e-12. Where F is ill conditioned (near a zero of F, such as SiLU'
    at x = -1.28) no float64 code can do better than the rounding of x itself, which
    moves F by about eps |x F'|: that term admits it and nothing more. The last term
    admits subnormal results, which carry no relative precision. No point is skipped.

    F is first evaluated in float64 with NumPy; only at the points where that disagrees
    with actlib is it evaluated again with mpmath (:class:`Exact`). The textbook forms
    the site prints cancel in float64 (sigma (1 - sigma) at x = 40 gives 0; the true
    value is 4.2e-18), so the float64 value alone proves nothing there.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy

import actlib
from scripts import ROOT
from scripts.shared.latex_functions import (
    INDEX_I,
    INDEX_J,
    LOGITS,
    PROBABILITIES,
    Branch,
    FormulaError,
    K,
    X,
    activation_symbols,
    branches,
    final_expression,
    vector_expression,
)
from tests.registry_cases import ELEMENTWISE, GATED, VECTOR, label

DOCS = ROOT / "docs"

REL_TOL = 1e-12
EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)

KINDS = {
    "f": "formula",
    "derivative": "derivative_formula",
    "second": "second_derivative_formula",
}
PARAM_KIND = "d/"  # "d/alpha": the derivative of f with respect to its parameter alpha
USAGE = "<!-- check: NAME f|derivative|second|d/PARAM [param=value ...] -->"


def is_kind(kind: str) -> bool:
    return kind in KINDS or kind.startswith(PARAM_KIND)


def metadata_formula(act: actlib.Activation, kind: str) -> Any:
    """The printed formula of a kind: f, f', f'' or a parameter derivative."""
    if kind.startswith(PARAM_KIND):
        return act.param_derivative_formulas.get(kind.removeprefix(PARAM_KIND))
    return getattr(act, KINDS[kind])


def computed(act: actlib.Activation, kind: str) -> Callable[..., Any]:
    """actlib's function of x (and the parameters) for a kind."""
    if kind.startswith(PARAM_KIND):
        param = kind.removeprefix(PARAM_KIND)
        return lambda xs, **params: act.param_derivative(xs, param, **params)
    return {"f": act, "derivative": act.derivative, "second": act.second_derivative}[kind]


def kind_label(kind: str) -> str:
    if kind.startswith(PARAM_KIND):
        return f"df/d{kind.removeprefix(PARAM_KIND)}"
    return {"f": "f", "derivative": "f'", "second": "f''"}[kind]


# ---------------------------------------------------------------------------
# Comparing a formula with actlib
# ---------------------------------------------------------------------------


class FormulaMismatch(AssertionError):
    """A formula and actlib disagree; the message says where."""


@dataclass(frozen=True)
class Disagreement:
    x: float
    formula_value: float
    actlib_value: float
    count: int  # how many grid points disagree

    def describe(self) -> str:
        return (
            f"first disagreement (outward from 0) at x = {self.x!r}: the formula gives "
            f"{self.formula_value!r}, "
            f"actlib gives {self.actlib_value!r} ({self.count} point(s) disagree)"
        )


@functools.cache
def _float64(expr: sympy.Expr) -> Callable[[np.ndarray], np.ndarray]:
    return sympy.lambdify(X, expr, modules=["scipy", "numpy"])


@dataclass(frozen=True)
class Exact:
    """A SymPy expression in x, evaluated by mpmath to 30 significant digits."""

    expr: sympy.Expr
    fn: Callable[[mpmath.mpf], mpmath.mpf]

    def __call__(self, x: float) -> mpmath.mpf:
        # Only an absolute error far below float64's smallest normal (1e-308) matters, since
        # smaller results are compared absolutely. A printed form's terms are at most about
        # e^{2|x|} (0.87 |x| digits) before they cancel, so 400 + 0.9 |x| digits give that
        # whatever cancels or vanishes next to 1 (e^{-700} in tanh(ln(1 + e^x)), e^{-x^2/2}
        # in erf(x / sqrt 2) / 2 + 1/2). 50 more digits must agree, as a guard.
        dps = 400 + int(0.9 * abs(x))
        values = []
        for digits in (dps, dps + 50):
            with mpmath.workdps(digits):
                values.append(self.fn(mpmath.mpf(x)))
        low, high = values
        if abs(high - low) > abs(high) * mpmath.mpf(1e-30) + mpmath.mpf(1e-330):
            raise ArithmeticError(f"{self.expr} did not settle to 30 digits at x = {x!r}")
        return high


@functools.cache
def _exact(expr: sympy.Expr) -> Exact:
    return Exact(expr, sympy.lambdify(X, expr, modules="mpmath"))


@functools.cache
def _exact_slope(expr: sympy.Expr) -> Exact:
    # Max/Min differentiate to Heaviside, which mpmath does not know; Piecewise it knows.
    slope = sympy.diff(expr, X).rewrite(sympy.Piecewise)
    return _exact(slope)


def _agrees(expr: sympy.Expr, x: float, actual: float) -> tuple[bool, float]:
    """Whether ``expr`` at ``x`` agrees with actlib's ``actual`` (see the module docstring)."""
    value = _exact(expr)(x)
    if math.isnan(actual):
        return False, float(value)
    error = abs(value - mpmath.mpf(actual))
    if error <= REL_TOL * abs(value) + TINY:
        return True, float(value)
    # Only now is the slope worth its cost: the allowance for an ill-conditioned point.
    slack = 8 * EPS * abs(x * _exact_slope(expr)(x)) if math.isfinite(actual) else 0.0
    return bool(error <= REL_TOL * abs(value) + TINY + slack), float(value)


def disagreement(expr: sympy.Expr, xs: np.ndarray, actual: np.ndarray) -> Disagreement | None:
    """The grid point nearest 0 where ``expr`` and actlib's values ``actual`` disagree."""
    with np.errstate(all="ignore"):
        quick = np.broadcast_to(np.asarray(_float64(expr)(xs), dtype=float), xs.shape)
        close = (quick == actual) | (np.abs(quick - actual) <= REL_TOL * np.abs(quick))
    failures = []
    # Scan outward from x = 0, so that the point reported is the simplest one.
    order = np.argsort(np.abs(xs[~close]), kind="stable")
    for x, a in zip(xs[~close][order], actual[~close][order], strict=True):
        ok, value = _agrees(expr, float(x), float(a))
        if not ok:
            failures.append((float(x), value, float(a)))
    if not failures:
        return None
    return Disagreement(*failures[0], count=len(failures))


def holds(condition: sympy.Basic, xs: np.ndarray) -> np.ndarray:
    """Where a branch's condition holds on the grid."""
    if condition is sympy.true:
        return np.ones(xs.shape, dtype=bool)
    return np.broadcast_to(sympy.lambdify(X, condition, modules="numpy")(xs), xs.shape)


def boundaries(pieces: Iterable[Branch]) -> list[float]:
    """The finite ends of the branches' conditions: where a piecewise formula switches."""
    ends = set()
    for piece in pieces:
        if piece.condition is not sympy.true:
            ends |= {float(b) for b in piece.region.boundary if b.is_finite}
    return sorted(ends)


def grid(special: Iterable[float] = ()) -> np.ndarray:
    """x on [-8, 8] in steps of 1/20 (exact at every integer, so at the kinks -3, 0, 3, 6),
    the tails out to +-700 (where exp(-x) is still a normal float64) and +-1e4, and the
    ``special`` points: kinks, switch points of piecewise formulas, parameter values."""
    tails = np.geomspace(8.0, 700.0, 25)
    points = [np.arange(-160, 161) / 20, tails, -tails, [-1e4, 1e4], list(special)]
    return np.unique(np.concatenate([np.asarray(p, dtype=float) for p in points]))


def check_formula(
    what: str,
    formula: Any,
    symbols: Mapping[str, Any],
    code: Callable[[np.ndarray], Any],
    special: Iterable[float] = (),
) -> None:
    """Check a formula (LaTeX string or tuple of Cases) against ``code`` on the grid.

    ``what`` names the function for the message (``"softsign: f'"``). A piecewise formula
    is checked branch by branch, each where its condition holds; the conditions must split
    the real line exactly. Raises :class:`FormulaMismatch` naming the function, the
    formula and the first point where they disagree.
    """
    try:
        pieces = branches(formula, symbols)
    except FormulaError as err:
        raise FormulaMismatch(f"{what}: cannot read the formula: {err}") from None
    if len(pieces) > 1:
        check_partition(what, pieces)
    xs = grid([*special, *boundaries(pieces)])
    actual = np.asarray(code(xs), dtype=float)
    for piece in pieces:
        where = holds(piece.condition, xs)
        found = disagreement(piece.expr, xs[where], actual[where])
        if found is not None:
            branch = f" (branch where {piece.condition_latex})" if piece.condition_latex else ""
            raise FormulaMismatch(
                f"{what}: the formula `{piece.expr_latex}`{branch} disagrees with actlib; "
                f"{found.describe()}"
            )


def check_partition(what: str, pieces: list[Branch]) -> None:
    """The branches' conditions cover the real line exactly once (kinks included)."""
    sets = [p.region for p in pieces]
    gap = sympy.Complement(sympy.S.Reals, sympy.Union(*sets))
    if gap != sympy.S.EmptySet:
        raise FormulaMismatch(f"{what}: no branch covers x in {gap}")
    for (first, first_set), (second, second_set) in combinations(zip(pieces, sets, strict=True), 2):
        overlap = sympy.Intersection(first_set, second_set)
        if overlap != sympy.S.EmptySet:
            raise FormulaMismatch(
                f"{what}: the conditions `{first.condition_latex}` and "
                f"`{second.condition_latex}` both hold for x in {overlap}"
            )


def check_activation(name: str, kind: str, params: Mapping[str, Any], formula: Any) -> None:
    """Check ``formula`` as the ``kind`` (f, f', f'', d/PARAM) of ``name`` at ``params``."""
    act = actlib.get(name)
    code = computed(act, kind)
    symbols = activation_symbols(act, params)
    special = [*act.kinks, *symbols.values()]
    check_formula(
        f"{label(act.name, dict(params))}: {kind_label(kind)}",
        formula,
        symbols,
        lambda xs: code(xs, **params),
        special,
    )


# ---------------------------------------------------------------------------
# 1-2. The metadata formulas, branch by branch
# ---------------------------------------------------------------------------


def metadata_param_sets(name: str) -> list[dict[str, Any]]:
    """Where the metadata formulas hold: the defaults and the plotting parameters.

    A categorical parameter picks a different function (GELU's ``approximate="tanh"``)
    that the metadata formula does not describe; its derivation on the page is marked
    with that parameter and checked there.
    """
    act = actlib.get(name)
    plot = {k: v for k, v in act.plot_params.items() if v != act.defaults[k]}
    return [{}, plot] if plot else [{}]


def _formula_cases() -> list[Any]:
    return [
        pytest.param(name, params, kind, id=f"{label(name, params)}-{kind}")
        for name in ELEMENTWISE
        for params in metadata_param_sets(name)
        for kind in [*KINDS, *(PARAM_KIND + p for p in actlib.get(name).param_derivative_formulas)]
        # a missing f'' fails in tests/actlib/test_higher_derivatives.py, by name
        if metadata_formula(actlib.get(name), kind)
    ]


@pytest.mark.parametrize(("name", "params", "kind"), _formula_cases())
def test_metadata_formula_matches_actlib(name: str, params: dict, kind: str) -> None:
    act = actlib.get(name)
    check_activation(name, kind, params, metadata_formula(act, kind))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_second_derivative_formula_gives_actlibs_value_at_a_kink(name: str) -> None:
    """f'' does not exist where f' jumps: the printed branch whose condition holds there
    gives what ``act.second_derivative`` returns (the side the backward function takes)."""
    act = actlib.get(name)
    if not act.second_derivative_formula:
        pytest.fail(f"{name} has no printed f''")
    pieces = branches(act.second_derivative_formula, activation_symbols(act, {}))
    for x0 in act.kinks:
        applying = [p for p in pieces if bool(p.condition.subs(X, x0))]
        assert len(applying) == 1, f"{name}: {len(applying)} branches of f'' apply at x = {x0}"
        value = float(applying[0].expr.subs(X, x0))
        got = float(act.second_derivative(x0))
        assert math.isclose(value, got, rel_tol=4 * EPS, abs_tol=0.0), (
            f"{name}: at the kink x = {x0} the printed f'' (`{applying[0].expr_latex}` where "
            f"{applying[0].condition_latex}) gives {value}, actlib's f'' gives {got}"
        )


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_formula_gives_the_kink_convention(name: str) -> None:
    """At each kink, the branch whose condition holds gives the value in ``act.kinks``."""
    act = actlib.get(name)
    pieces = branches(act.derivative_formula, activation_symbols(act, {}))
    for x0, convention in act.kinks.items():
        applying = [p for p in pieces if bool(p.condition.subs(X, x0))]
        assert len(applying) == 1, f"{name}: {len(applying)} branches of f' apply at x = {x0}"
        value = float(applying[0].expr.subs(X, x0))
        # The exact value of the printed branch, rounded once, may sit an ULP or two from
        # actlib's float arithmetic (SELU's lambda * alpha): hold it to the 4-ULP contract.
        assert math.isclose(value, convention, rel_tol=4 * EPS, abs_tol=0.0), (
            f"{name}: at the kink x = {x0} the printed f' (`{applying[0].expr_latex}` where "
            f"{applying[0].condition_latex}) gives {value}, the kinks metadata says {convention}"
        )


# ---------------------------------------------------------------------------
# 3. Derivation results on the hand-written pages
# ---------------------------------------------------------------------------

_MARKER = re.compile(r"^\s*<!--\s*check:(?P<spec>.*?)-->\s*$")


@dataclass(frozen=True)
class Marker:
    """A ``<!-- check: NAME KIND [param=value ...] -->`` and the block after it."""

    where: str  # "docs/functions/logistic.md:59"
    spec: str
    display: str | None  # the body of the $$ block right after it; None if there is none

    def parse(self) -> tuple[str, str, dict[str, Any]]:
        """``(name, kind, params)``; a malformed spec fails with what is expected."""
        words = self.spec.split()
        usage = USAGE
        if len(words) < 2 or not is_kind(words[1]):
            raise FormulaMismatch(f"{self.where}: malformed marker {self.spec!r}; use {usage}")
        params: dict[str, Any] = {}
        for word in words[2:]:
            key, sep, value = word.partition("=")
            if not sep:
                raise FormulaMismatch(f"{self.where}: {word!r} is not param=value; use {usage}")
            try:
                params[key] = float(value)
            except ValueError:
                params[key] = value.strip("'\"")
        return words[0], words[1], params


def markers(docs: Path = DOCS) -> list[Marker]:
    """Every check marker on the hand-written pages, with the display block it marks."""
    found = []
    for page in sorted(docs.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            match = _MARKER.match(line)
            if match:
                where = f"{page.relative_to(docs.parent).as_posix()}:{number}"
                found.append(Marker(where, match["spec"].strip(), _display_after(lines, number)))
    return found


def _display_after(lines: list[str], marker_line: int) -> str | None:
    """The body of the ``$$`` block that starts on the line after the marker, if any."""
    rest = lines[marker_line:]
    if not rest or not rest[0].strip().startswith("$$"):
        return None
    first = rest[0].strip()[2:]
    if first.rstrip().endswith("$$"):  # $$ ... $$ on one line
        return first.rstrip()[:-2]
    body = [first]
    for line in rest[1:]:
        if line.strip().endswith("$$"):
            body.append(line.strip()[:-2])
            return "\n".join(body)
        body.append(line)
    return None


def check_marked_result(marker: Marker) -> None:
    """Check one marked derivation result against actlib, as the metadata formulas are."""
    name, kind, params = marker.parse()
    if marker.display is None:
        raise FormulaMismatch(f"{marker.where}: the check marker is not followed by a $$ block")
    try:
        act = actlib.get(name)
    except KeyError as err:
        raise FormulaMismatch(f"{marker.where}: {err.args[0]}") from None
    if not isinstance(act, actlib.Activation):
        raise FormulaMismatch(
            f"{marker.where}: {name} is a vector function; markers check element-wise results"
        )
    try:
        result = final_expression(marker.display)
        act(0.0, **params)  # unknown or invalid parameters fail here, with actlib's message
        computed(act, kind)(0.0, **params)  # and an unknown d/PARAM or a missing f''
    except (FormulaError, TypeError, ValueError, NotImplementedError) as err:
        raise FormulaMismatch(f"{marker.where}: {err}") from None
    try:
        check_activation(act.name, kind, params, result)
    except FormulaMismatch as err:
        raise FormulaMismatch(f"{marker.where}: {err}") from None


MARKERS = markers()


@pytest.mark.parametrize("marker", MARKERS, ids=[m.where for m in MARKERS])
def test_marked_derivation_result_matches_actlib(marker: Marker) -> None:
    check_marked_result(marker)


def test_every_activation_has_a_checked_derivative_on_its_page() -> None:
    checked = set()
    for marker in MARKERS:
        name, kind, _ = marker.parse()
        if kind == "derivative" and name in [*actlib.names(), "linear", "swish"]:
            checked.add(actlib.get(name).name)
    missing = [
        f"{name} (docs/functions/{actlib.get(name).family}.md)"
        for name in ELEMENTWISE
        if name not in checked
    ]
    assert not missing, (
        "these activations have no derivation result marked with "
        "'<!-- check: NAME derivative -->' on the pages: " + ", ".join(missing)
    )


# ---------------------------------------------------------------------------
# Softmax and log-softmax: formula and Jacobian, entry by entry
# ---------------------------------------------------------------------------

# Logits where every output is well conditioned (no s_i near 1, so the Jacobian's
# s_i (1 - s_i) loses nothing), and, for f only, the extreme ones actlib must survive.
MODERATE_LOGITS = [[0.5, -1.25, 2.0, 0.0], [3.0, 1.0, -2.0, 0.125], [-0.75, -0.75, 0.25]]
EXTREME_LOGITS = [[1000.0, 0.0], [-1000.0, -1000.0], [1e-3, 500.0, -500.0]]


def entmax_threshold(logits: list[float], alpha: float, digits: int) -> mpmath.mpf:
    """The tau of alpha-entmax, sum_i max((alpha - 1) z_i - tau, 0)^(1/(alpha - 1)) = 1,
    by bisection in mpmath (the sum falls as tau rises; it is >= 1 at max - 1, 0 at max)."""
    with mpmath.workdps(digits + 10):
        x = [(mpmath.mpf(alpha) - 1) * mpmath.mpf(v) for v in logits]
        lo, hi = max(x) - 1, max(x)
        for _ in range(4 * digits):
            tau = (lo + hi) / 2
            total = mpmath.fsum(max(v - tau, 0) ** (1 / (mpmath.mpf(alpha) - 1)) for v in x)
            lo, hi = (tau, hi) if total > 1 else (lo, tau)
        return (lo + hi) / 2


def with_values(act: Any, latex: str, logits: list[float], digits: int) -> str:
    """A vector formula with its parameters' symbols set to their defaults and, for
    entmax, its threshold tau (a number per row of logits, computed here) written out."""
    for param in getattr(act, "params", {}).values():
        latex = latex.replace(param.symbol, f"({float(param.default)!r})")
    if act.name == "entmax":
        tau = entmax_threshold(logits, act.defaults["alpha"], digits)
        latex = latex.replace(r"\tau", f"({mpmath.nstr(tau, digits)})")
    return latex


def symbol_s(name: str, z: list[sympy.Float]) -> list[sympy.Expr]:
    """What ``s_k`` stands for in ``name``'s formulas (its ``jacobian_where``), computed
    exactly here: the softmax of the logits for softmax and log-softmax, the softmin for
    softmin, for sparsemax the indicator of its support (the sort-based threshold); for
    softmax with a sink the softmax of [z_0, z] without the sink's entry, at the default
    z_0; for entmax p_i^(2 - alpha) on the support, at the default alpha."""
    if name == "softmax_sink":
        sink = sympy.Float(actlib.get(name).defaults["sink"])
        total = sympy.exp(sink) + sum(sympy.exp(v) for v in z)
        return [sympy.exp(v) / total for v in z]
    if name == "entmax":
        alpha = actlib.get(name).defaults["alpha"]
        digits = z[0]._prec * 3 // 10
        tau = sympy.Float(entmax_threshold([float(v) for v in z], alpha, digits), digits)
        power = 1 / sympy.Float(alpha - 1, digits)
        p = [sympy.Max((alpha - 1) * v - tau, 0) ** power for v in z]
        return [q ** sympy.Float(2 - alpha, digits) if q > 0 else sympy.Integer(0) for q in p]
    if name == "sparsemax":
        ranked = sorted(z, reverse=True)
        size = max(k for k in range(1, len(z) + 1) if 1 + k * ranked[k - 1] > sum(ranked[:k]))
        tau = (sum(ranked[:size]) - 1) / size
        return [sympy.Integer(1 if v > tau else 0) for v in z]
    sign = -1 if name == "softmin" else 1
    total = sum(sympy.exp(sign * v) for v in z)
    return [sympy.exp(sign * v) / total for v in z]


def vector_values(name: str, expr: sympy.Expr, logits: list[float], matrix: bool) -> np.ndarray:
    """``expr`` at every index i (and j, for a ``matrix``) for these logits, to 40 digits.

    ``s_k`` is what the page defines it to be for ``name``: :func:`symbol_s`.
    """
    n = len(logits)
    # e^{z_k - max z} must not vanish next to 1 (log-softmax of [0, 500] is -e^{-500})
    digits = 40 + int(0.45 * (max(logits) - min(logits)))
    z = [sympy.Float(v, digits) for v in logits]  # a float enters at its exact binary value
    s = symbol_s(name, z)
    values = {
        **{LOGITS[k + 1]: z[k] for k in range(n)},
        **{PROBABILITIES[k + 1]: s[k] for k in range(n)},
    }
    shape = (n, n) if matrix else (n,)
    out = np.empty(shape)
    for index in np.ndindex(*shape):
        bound = {INDEX_I: index[0] + 1, K: n}
        if len(index) == 2:
            bound[INDEX_J] = index[1] + 1
        out[index] = float(expr.subs(bound).doit().xreplace(values).evalf(digits))
    return out


def check_vector_formula(act: Any, which: str, latex: str, logits: list[float]) -> None:
    """Check a vector function's ``formula`` or ``jacobian_formula`` against actlib."""
    try:
        digits = 40 + int(0.45 * (max(logits) - min(logits)))  # as vector_values reads them
        readable = vector_expression(with_values(act, latex, logits, digits))
        expected = vector_values(act.name, readable, logits, matrix=which != "f")
    except FormulaError as err:
        raise FormulaMismatch(f"{act.name}: {which}: cannot read the formula: {err}") from None
    code = act if which == "f" else act.jacobian
    actual = np.asarray(code(np.asarray(logits)), dtype=float)
    if expected.shape != actual.shape:
        raise FormulaMismatch(
            f"{act.name}: {which}: the formula `{latex}` gives shape {expected.shape}, "
            f"actlib {actual.shape}"
        )
    bad = ~(np.abs(expected - actual) <= REL_TOL * np.abs(expected) + TINY)
    if bad.any():
        index = tuple(int(k) for k in np.argwhere(bad)[0])
        raise FormulaMismatch(
            f"{act.name}: {which}: the formula `{latex}` disagrees with actlib at "
            f"z = {logits}, entry {index}: the formula gives {float(expected[index])!r}, "
            f"actlib gives {float(actual[index])!r}"
        )


@pytest.mark.parametrize("name", VECTOR)
@pytest.mark.parametrize("which", ["f", "jacobian"])
def test_vector_formula_matches_actlib(name: str, which: str) -> None:
    act = actlib.get(name)
    latex = act.formula if which == "f" else act.jacobian_formula
    for logits in MODERATE_LOGITS + (EXTREME_LOGITS if which == "f" else []):
        check_vector_formula(act, which, latex, logits)


GATED_VALUE = -1.25  # the value a_i at which a gated unit's formulas are read, in b_i = x


def _in_b(formula: Any) -> Any:
    """A gated unit's formula as one in x = b_i, with the value a_i as the symbol a."""

    def swap(text: str) -> str:
        return text.replace("a_i", "a").replace("b_i", "x")

    if isinstance(formula, str):
        return swap(formula)
    return tuple(actlib.Case(swap(c.expr), swap(c.condition)) for c in formula)


def check_gated_formula(name: str, which: str, formula: Any) -> None:
    """Check a gated unit's ``formula``, ``partial_a`` or ``partial_b`` against actlib,
    along z = (a, x) with a = GATED_VALUE: against f, and the Jacobian's two columns."""
    act = actlib.get(name)
    # z's columns for a and b: the halves (a, b), or gpt-oss's interleaved pairs (b, a)
    by_a, by_b = (0, 1) if act.split == "halves" else (1, 0)

    def code(xs: np.ndarray) -> np.ndarray:
        z = act.join(np.full_like(xs, GATED_VALUE)[..., None], xs[..., None])
        if which == "formula":
            return act(z)[..., 0]
        return act.jacobian(z)[..., 0, by_a if which == "partial_a" else by_b]

    symbols = {p.symbol: float(p.default) for p in act.params.values() if p.choices is None}
    special = list(actlib.get(act.gate).kinks)
    check_formula(f"{name}: {which}", _in_b(formula), {**symbols, "a": GATED_VALUE}, code, special)


@pytest.mark.parametrize("name", GATED)
@pytest.mark.parametrize("which", ["formula", "partial_a", "partial_b"])
def test_gated_formula_matches_actlib(name: str, which: str) -> None:
    check_gated_formula(name, which, getattr(actlib.get(name), which))


def test_a_corrupted_gated_partial_fails() -> None:
    """SwiGLU's partial by b printed without the value a_i is caught."""
    real = actlib.swiglu.partial_b
    assert real.startswith("a_i")
    with pytest.raises(FormulaMismatch, match=r"swiglu: partial_b.*x = -?\d"):
        check_gated_formula("swiglu", "partial_b", real.removeprefix("a_i"))


# ---------------------------------------------------------------------------
# The checks bite: corrupted copies fail, naming the function and a point
# ---------------------------------------------------------------------------


def test_a_corrupted_metadata_formula_fails() -> None:
    """Softsign' printed as 1 - f^2 (a real error in other references) is caught."""
    act = actlib.get("softsign")
    check_activation("softsign", "derivative", {}, act.derivative_formula)  # the real one passes
    corrupted = r"1 - \left(\frac{x}{1+|x|}\right)^2"
    with pytest.raises(FormulaMismatch, match=r"softsign\(\): f'.*x = -?\d") as caught:
        check_activation("softsign", "derivative", {}, corrupted)
    assert "1+|x|" in str(caught.value), "the message should quote the formula"


def test_a_corrupted_derivation_result_fails(tmp_path: Path) -> None:
    """The sigmoid's derivation with a lost sign, on a copy of its page, is caught."""
    text = (DOCS / "functions" / "logistic.md").read_text(encoding="utf-8")
    copy = tmp_path / "docs" / "functions" / "logistic.md"
    copy.parent.mkdir(parents=True)
    copy.write_text(text, encoding="utf-8")
    real = next(m for m in markers(tmp_path / "docs") if m.spec == "sigmoid derivative")
    check_marked_result(real)  # the real one passes
    result = final_expression(real.display or "")
    assert isinstance(result, str) and " - " in result, f"no minus sign to lose in {result!r}"
    lost_sign = result.replace(" - ", " + ", 1)
    copy.write_text(text.replace(result, lost_sign), encoding="utf-8")
    corrupted = next(m for m in markers(tmp_path / "docs") if m.spec == "sigmoid derivative")
    assert final_expression(corrupted.display or "") == lost_sign
    with pytest.raises(FormulaMismatch, match=r"logistic\.md:\d+: sigmoid\(\): f'.*x = -?\d"):
        check_marked_result(corrupted)


@pytest.mark.parametrize(
    ("cases", "complaint"),
    [
        ((("1", r"x \ge 0"), ("0", r"x \le 0")), r"both hold for x in \{0\}"),
        ((("1", "x > 0"), ("0", "x < 0")), r"no branch covers x in \{0\}"),
        ((("1", r"x \ge 0"), ("0", "x < 0")), r"where x \\ge 0\).*at x = 0\.0"),
    ],
    ids=["overlap", "gap", "wrong-kink-convention"],
)
def test_corrupted_piecewise_conditions_fail(cases: tuple, complaint: str) -> None:
    """ReLU' with overlapping conditions, a gap at 0, or f'(0) = 1 against actlib's 0."""
    corrupted = tuple(actlib.Case(expr, condition) for expr, condition in cases)
    with pytest.raises(FormulaMismatch, match=rf"relu\(\): f'.*{complaint}"):
        check_activation("relu", "derivative", {}, corrupted)


def test_a_formula_is_compiled_to_javascript_once_per_formula_and_symbols(tmp_path, monkeypatch):
    """The explorer's code of a printed formula comes from the cache when the formula and
    its symbols are as before, and is what compiling gives; one that cannot be read fails
    every time."""
    from scripts.generators import explorer_data

    monkeypatch.setattr(explorer_data._FORMULA_CODE, "folder", tmp_path)
    compiled = []
    compile_code = explorer_data.compile_js_expression

    def counted(formula: Any, symbols: dict[str, str]) -> str:
        compiled.append(formula)
        return compile_code(formula, symbols)

    monkeypatch.setattr(explorer_data, "compile_js_expression", counted)
    celu = actlib.get("celu").formula
    first = explorer_data.js_expression(celu, {r"\alpha": "p.alpha"})
    assert explorer_data.js_expression(celu, {r"\alpha": "p.alpha"}) == first
    assert len(compiled) == 1, "the same formula was compiled twice"
    assert first == compile_code(celu, {r"\alpha": "p.alpha"})
    other = explorer_data.js_expression(celu, {r"\alpha": "p.a"})
    assert len(compiled) == 2 and "p.a" in other and "p.alpha" not in other
    for _ in range(2):
        with pytest.raises(FormulaError):
            explorer_data.js_expression(r"\frac{x}{", {})
    assert len(compiled) == 4, "a formula that cannot be read was kept"
