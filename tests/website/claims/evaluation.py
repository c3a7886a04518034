"""Whether a relation holds: both sides evaluated with mpmath at seeded points drawn where the
conditions hold.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable
from typing import Any

import mpmath
import sympy

from tests.website.claims.base import (
    APPROX_REL,
    DIGITS,
    EQUAL_REL,
    GREEK,
    SAMPLES,
    ClaimError,
    Scope,
)
from tests.website.claims.notation import MP_EXTRA, index_cases, parse, parse_condition
from tests.website.claims.statements import Statement

_LITERAL = re.compile(
    r"^\s*(?P<sign>[-−])?\s*(?P<mant>\d+(?:\.(?P<dec>\d+))?)"
    r"(?:\s*\\times\s*10\^\{?(?P<exp>[-−]?\d+)\}?)?\s*$"
)


def _approx_tolerance(left: str, right: str, a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
    for side in (right, left):
        if m := _LITERAL.match(side.replace("{,}", "")):
            decimals = len(m["dec"] or "")
            exponent = int((m["exp"] or "0").replace("−", "-"))
            return mpmath.mpf(0.5) * mpmath.mpf(10) ** (exponent - decimals) * (1 + 1e-9)
    return APPROX_REL * max(abs(a), abs(b))


def _holds(op: str, a: Any, b: Any, tolerance: Any, relative: Any = EQUAL_REL) -> bool:
    slack = relative * (1 + abs(a) + abs(b))
    if op == "eq":
        return abs(a - b) <= slack
    if op == "approx":
        return abs(a - b) <= tolerance
    if op == "ne":
        return abs(a - b) > slack
    if op == "lt":
        return a < b
    if op == "le":
        return a <= b + slack
    if op == "gt":
        return a > b
    if op == "ge":
        return a + slack >= b
    raise ValueError(op)


@functools.cache
def _numeric(expr: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> Callable[..., Any]:
    return sympy.lambdify(symbols, expr, modules=[MP_EXTRA, "mpmath"])


def _real(value: Any) -> Any:
    value = mpmath.mpmathify(value)
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > EQUAL_REL * (1 + abs(value.real)):
            return None
        value = value.real
    if not mpmath.isfinite(value):
        return value if mpmath.isinf(value) else None
    return value


def _domain(symbol: sympy.Symbol, scope: Scope) -> tuple[float, float]:
    if symbol in scope.domains:
        return scope.domains[symbol]
    if symbol in scope.parameters:
        return scope.parameters[symbol][1]
    return (0.1, 3.0) if GREEK.fullmatch("\\" + symbol.name) else (-4.0, 4.0)


def _bounds(conditions: list[sympy.Basic]) -> dict[sympy.Symbol, tuple[float, float]]:
    """Where to draw a variable that a condition bounds by a number (x > 10: (10, 50))."""
    lower: dict[sympy.Symbol, float] = {}
    upper: dict[sympy.Symbol, float] = {}
    for condition in conditions:
        parts = condition.args if isinstance(condition, sympy.And) else (condition,)
        for rel in parts:
            if not isinstance(rel, sympy.core.relational.Relational) or rel.rel_op == "!=":
                continue
            if isinstance(rel.rhs, (sympy.Symbol, sympy.Abs)) and rel.lhs.is_number:
                rel = rel.reversed
            if isinstance(rel.lhs, sympy.Abs) and rel.rel_op in ("<", "<="):
                inner = rel.lhs.args[0]
                if isinstance(inner, sympy.Symbol) and rel.rhs.is_number:
                    lower[inner], upper[inner] = -float(rel.rhs), float(rel.rhs)  # |x| < c
                continue
            if rel.rel_op == "==" and isinstance(rel.lhs, sympy.Symbol) and rel.rhs.is_number:
                lower[rel.lhs] = upper[rel.lhs] = float(rel.rhs)  # "assume: b = 4" fixes b
                continue
            if isinstance(rel.lhs, sympy.Symbol) and rel.rhs.is_number and rel.rhs.is_finite:
                side = lower if rel.rel_op in (">", ">=") else upper
                side[rel.lhs] = float(rel.rhs)
    out = {}
    for symbol in {*lower, *upper}:
        if symbol not in lower:
            high = upper[symbol]
            out[symbol] = (high - max(8.0, 4 * abs(high)), high)
        elif symbol not in upper:
            low = lower[symbol]
            out[symbol] = (low, low + max(8.0, 4 * abs(low)))
        else:
            out[symbol] = (lower[symbol], upper[symbol])
    return out


def _points(
    symbols: tuple[sympy.Symbol, ...],
    scope: Scope,
    conditions: list[sympy.Basic],
    seed: str,
    count: int = SAMPLES,
    wider: dict[sympy.Symbol, tuple[float, float]] | None = None,
) -> list[dict[sympy.Symbol, Any]]:
    rng = random.Random(seed)
    bounds = {**(wider or {}), **_bounds(conditions)}
    accepted = []
    # An equation in one variable ("assume: f'(x) = 0", a minimum with no closed form) is
    # solved from each drawn point; the root must then meet the other conditions too.
    equations = [
        c
        for c in conditions
        if isinstance(c, sympy.Eq) and len(c.free_symbols) == 1 and not c.lhs.is_Symbol
    ]
    roots = [(next(iter(c.free_symbols)), _numeric(c.lhs - c.rhs, symbols)) for c in equations]
    # An equation in several variables ("assume: \sum_i y_i = 1") fixes the last of them.
    fixed = []
    for c in conditions:
        if isinstance(c, sympy.Eq) and len(c.free_symbols) > 1 and c not in equations:
            last = sorted(c.free_symbols, key=str)[-1]
            try:
                solved = sympy.solve(c.lhs - c.rhs, last)
            except NotImplementedError:  # p_1 = 0 with p = sparsemax(z): a test of the point
                solved = []
            if len(solved) == 1:
                fixed.append((c, last, _numeric(solved[0], symbols)))
    tests = [
        sympy.lambdify(symbols, c, modules=[MP_EXTRA, "mpmath"])
        for c in conditions
        if c not in equations and c not in [f[0] for f in fixed]
    ]
    for _ in range(400):
        point = {}
        for s in symbols:
            low, high = bounds.get(s) or _domain(s, scope)
            point[s] = mpmath.mpf(rng.uniform(low, high))
        with mpmath.workdps(DIGITS):
            for _, s, value in fixed:
                point[s] = value(*point.values())
            try:
                for s, residual in roots:
                    drawn = dict(point)
                    point[s] = mpmath.findroot(
                        lambda v, s=s, residual=residual, drawn=drawn: residual(
                            *{**drawn, s: v}.values()
                        ),
                        point[s],
                    )
            except (ValueError, ZeroDivisionError, OverflowError):
                continue  # no root from this start
            if all(bool(t(*point.values())) for t in tests):
                accepted.append(point)
        if len(accepted) == count:
            break
    return accepted


def _covering_breakpoints(
    sides: list[sympy.Expr], scope: Scope
) -> dict[sympy.Symbol, tuple[float, float]]:
    """A range for each variable that holds every number a piece's condition compares it
    with, and 2 beyond: ReLU6's piece x >= 6 lies outside the usual (-4, 4)."""
    found: dict[sympy.Symbol, list[float]] = {}
    for side in sides:
        for piecewise in side.atoms(sympy.Piecewise):
            for _, condition in piecewise.args:
                for rel in condition.atoms(sympy.core.relational.Relational):
                    for var, bound in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
                        if isinstance(var, sympy.Symbol) and bound.is_number and bound.is_finite:
                            found.setdefault(var, []).append(float(bound))
    out = {}
    for var, numbers in found.items():
        low, high = _domain(var, scope)
        out[var] = (min(low, min(numbers) - 2), max(high, max(numbers) + 2))
    return out


def check_statement(statement: Statement, scope: Scope, extra: list[str], where: str) -> str:
    """Check one chain of relations; return a one-line account, raise ClaimError if false."""
    sides = [parse(s, scope) for s in statement.sides]
    texts = [part for c in [*extra, statement.condition] for part in c.split(";")]
    conditions = [parse_condition(c, scope) for c in texts if c.strip()]
    for at, sides_at, conditions_at in index_cases(sides, conditions, scope):
        _check_sides_once(statement, sides_at, conditions_at, scope, where + at)
    return " ".join(statement.sides)


# What _check_sides found for each relation it was given: "" if it holds, else the message of
# its ClaimError. A page is checked again for each corruption of one span; every other relation
# reads as the same SymPy trees at the same place, and is not evaluated again.
_FOUND: dict[tuple[Any, ...], str] = {}


def _check_sides_once(
    statement: Statement,
    sides: list[sympy.Expr],
    conditions: list[sympy.Basic],
    scope: Scope,
    where: str,
) -> None:
    """_check_sides, evaluated once per input: the key holds all it reads (the texts seed the
    points and give the tolerance; of the scope, only the range each symbol is drawn from)."""
    drawn = set().union(*(e.atoms(sympy.Symbol) for e in [*sides, *conditions]))
    key = (
        where,
        tuple(statement.sides),
        tuple(statement.ops),
        tuple(sides),
        tuple(conditions),
        frozenset((s, _domain(s, scope)) for s in drawn),
    )
    if key not in _FOUND:
        try:
            _check_sides(statement, sides, conditions, scope, where)
            _FOUND[key] = ""
        except ClaimError as err:
            _FOUND[key] = str(err)
    if _FOUND[key]:
        raise ClaimError(_FOUND[key])


def _check_sides(
    statement: Statement,
    sides: list[sympy.Expr],
    conditions: list[sympy.Basic],
    scope: Scope,
    where: str,
) -> str:
    """Check a chain whose sides are read, at points where the conditions hold."""
    symbols = tuple(
        sorted(
            set().union(*(s.free_symbols for s in sides), *(c.free_symbols for c in conditions)),
            key=str,
        )
    )
    # A piece narrower than an eighth of the range is missed by 12 points one time in five;
    # a relation between piecewise functions is drawn at four times as many.
    count = SAMPLES * 4 if any(side.has(sympy.Piecewise) for side in sides) else SAMPLES
    seed = where + "|".join(statement.sides)
    wider = _covering_breakpoints(sides, scope)
    points = _points(symbols, scope, conditions, seed=seed, count=count, wider=wider)
    if symbols and len(points) < count // 2:
        raise ClaimError(f"{where}: too few points satisfy the conditions {conditions}")
    if not symbols:
        points = [{}]
    # An activation's constant (LeCun's 1.7159) enters as its float64 value: a side that
    # holds one is exact only to float64's precision.
    floats = any(side.atoms(sympy.Float) for side in sides)
    relative = mpmath.mpf(2) ** -50 if floats else EQUAL_REL
    for op, (i, j) in zip(
        statement.ops, zip(range(len(sides)), range(1, len(sides)), strict=False), strict=True
    ):
        a_fn, b_fn = _numeric(sides[i], symbols), _numeric(sides[j], symbols)
        evaluated = 0
        for point in points:
            with mpmath.workdps(DIGITS):
                try:
                    a = _real(a_fn(*point.values()))
                    b = _real(b_fn(*point.values()))
                except (ZeroDivisionError, ValueError, TypeError, OverflowError):
                    continue
                if a is None or b is None:
                    continue
                evaluated += 1
                tolerance = _approx_tolerance(statement.sides[i], statement.sides[j], a, b)
                if not _holds(op, a, b, tolerance, relative):
                    at = ", ".join(f"{k} = {mpmath.nstr(v, 8)}" for k, v in point.items())
                    raise ClaimError(
                        f"{where}: `{statement.sides[i]}` {op} `{statement.sides[j]}` is false"
                        + (f" at {at}" if at else "")
                        + f": the left side is {mpmath.nstr(a, 12)}, the right side "
                        f"{mpmath.nstr(b, 12)}"
                    )
        if evaluated < max(1, len(points) // 2):
            raise ClaimError(
                f"{where}: `{statement.sides[i]}` {op} `{statement.sides[j]}` could be "
                f"evaluated at only {evaluated} of {len(points)} points"
            )
    return " ".join(statement.sides)
