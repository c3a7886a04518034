"""Independent oracles: every element-wise activation written again, in SymPy, from its
textbook definition, and evaluated with mpmath to (at least) 30 correct digits.

f is typed from the papers, f' is ``sympy.diff`` of f, and the numbers come from mpmath.
Tests compare actlib against these. An activation not typed here (a new one, say) gets
the formula the site prints for it instead, read from the registry's LaTeX by
``scripts/shared/latex_functions.py``: that is text a reader checks, not actlib's code, so it is
still independent of what it tests (:func:`printed`; ``tests/actlib/test_oracles.py`` proves
that path against every typed oracle). Type an oracle here when the printed formula is
not enough: a categorical parameter's other choices (GELU's ``approximate="tanh"``), or
constants the registry can only hold rounded to float64.

Usage::

    from scripts.reference.oracles import oracle, kinks, limits, second_derivative, ORACLE_NAMES

    f, df = oracle("leaky_relu", negative_slope=0.1)  # parameters as in actlib
    f(0.5), df(-2.0)          # mpmath.mpf, correct to >= 30 significant digits
    float(df(1e-300))         # round once to float64 to compare with actlib
    f.expr, df.expr           # the SymPy expressions (in the Symbol ``X``)
    kinks("hardtanh", min_val=-2.0, max_val=2.0)  # [-2.0, 2.0]: points where f' jumps
    limits("silu")            # {"f": (f(-oo), f(+oo)), "df": (f'(-oo), f'(+oo))}

Arguments may be Python floats, NumPy floats or ``mpmath.mpf``; a float is taken at its
exact binary value. The call does not depend on the caller's ``mpmath.mp.dps``: it
evaluates at rising precision (40, 80, ... digits) until two successive results agree to
30 digits, so cancellation in a textbook form (``x - tanh(x)`` near 0,
``log(1 + exp(-x))`` in the tail) cannot fool it. If the result has not settled at the
top precision (2560 digits) but is below 1e-400 in magnitude (0 included), it is
returned as it is: so much cancellation means a true value that rounds to 0 in float64
(1 - tanh(x)^2 at x = 1000 is 1e-869). Otherwise the call raises ``ArithmeticError``.
Two successive non-zero results both below 1e-400 are returned at once, unconverged:
they round to 0 in float64 (and mpmath's erfc is very slow to settle out there).

Kink convention: at a kink (a point of :func:`kinks`) f' does not exist, and the
oracle's derivative there is just one of the one-sided Piecewise branches. It means
nothing: callers skip kink points and compare there against actlib's documented
convention (the ``kinks`` metadata) instead. ``binary_step`` has a jump at 0; its
derivative is 0 everywhere else.

Parameters with no oracle-level meaning (like ``approximate="tanh"``) select a different
textbook formula. An unknown name or parameter raises ``KeyError``/``TypeError``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import mpmath
import sympy as sp

X = sp.Symbol("x", real=True)

# SELU's constants (Klambauer et al., 2017), exact decimal strings from the paper's code.
SELU_ALPHA = sp.Rational("1.6732632423543772848170429916717")
SELU_SCALE = sp.Rational("1.0507009873554804934193349852946")
GELU_TANH_C = sp.Rational("0.044715")  # Hendrycks & Gimpel (2016), eq. for the tanh form

DIGITS = 30  # correct significant digits promised by every oracle call
_START_DPS, _MAX_DPS = 40, 2560
_NEGLIGIBLE = mpmath.mpf("1e-400")  # far below float64's smallest subnormal, 4.9e-324


def _pw(*pieces: tuple[sp.Expr, Any]) -> sp.Piecewise:
    return sp.Piecewise(*pieces)


class Softplus(sp.Function):
    """ln(1 + e^z), kept as one function so that mpmath evaluates it as log1p(exp(z)):
    written out, 1 + e^z rounds to 1 in the left tail at any fixed precision."""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return 1 / (1 + sp.exp(-self.args[0]))

    def _eval_rewrite_as_log(self, z: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sp.log(1 + sp.exp(z))


class Phi(sp.Function):
    """The standard normal CDF, (1 + erf(z / sqrt 2)) / 2, kept as one function.

    Written with erf or erfc, SymPy rewrites erfc(-z) as 2 - erfc(z), which cancels to
    0 in the left tail; mpmath's ``ncdf`` evaluates it without cancellation.
    """

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        z = self.args[0]
        return sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)

    def _eval_rewrite_as_erf(self, z: sp.Expr, **kwargs: Any) -> sp.Expr:
        return (1 + sp.erf(z / sp.sqrt(2))) / 2


class TanhExp(sp.Function):
    """tanh(e^z), kept as one function so that mpmath never forms e^z where it has more
    digits than memory (z = 1e20): past z = 1000, tanh(e^z) is 1 to 10^434 digits."""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sp.exp(self.args[0]) * Sech2Exp(self.args[0])

    def _eval_rewrite_as_log(self, z: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sp.tanh(sp.exp(z))


class Sech2Exp(sp.Function):
    """sech^2(e^z) = 1 - tanh^2(e^z), written as 4 e^{-2 e^z} / (1 + e^{-2 e^z})^2 for mpmath:
    the difference cancels once e^z passes 1, and past z = 1000 the value is below 10^-10^434."""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        z = self.args[0]
        return -2 * sp.exp(z) * TanhExp(z) * Sech2Exp(z)

    def _eval_rewrite_as_log(self, z: sp.Expr, **kwargs: Any) -> sp.Expr:
        return 1 - sp.tanh(sp.exp(z)) ** 2


# name -> (function of the parameters' SymPy values giving f(X), kinks of those values)
# Parameters are passed as exact SymPy numbers, so the expressions stay exact.
_DEFINITIONS: dict[str, tuple[dict[str, Any], Callable[..., sp.Expr], Callable[..., list]]] = {
    "identity": ({}, lambda: X, lambda: []),
    "binary_step": ({}, lambda: _pw((1, X >= 0), (0, True)), lambda: [0]),
    "sigmoid": ({}, lambda: 1 / (1 + sp.exp(-X)), lambda: []),
    "tanh": ({}, lambda: sp.tanh(X), lambda: []),
    "relu": ({}, lambda: _pw((X, X > 0), (0, True)), lambda: [0]),
    "leaky_relu": (
        {"negative_slope": 0.01},
        lambda negative_slope: _pw((X, X > 0), (negative_slope * X, True)),
        lambda negative_slope: [0],
    ),
    "elu": (
        {"alpha": 1.0},
        lambda alpha: _pw((X, X > 0), (alpha * (sp.exp(X) - 1), True)),
        lambda alpha: [0] if alpha != 1 else [],
    ),
    "celu": (
        {"alpha": 1.0},
        lambda alpha: _pw((X, X > 0), (alpha * (sp.exp(X / alpha) - 1), True)),
        lambda alpha: [],
    ),
    "selu": (
        {},
        lambda: SELU_SCALE * _pw((X, X > 0), (SELU_ALPHA * (sp.exp(X) - 1), True)),
        lambda: [0],
    ),
    "softplus": ({"beta": 1.0}, lambda beta: Softplus(beta * X) / beta, lambda beta: []),
    "log_sigmoid": ({}, lambda: -Softplus(-X), lambda: []),  # ln sigma(x)
    "silu": ({"beta": 1.0}, lambda beta: X / (1 + sp.exp(-beta * X)), lambda beta: []),
    "gelu": (
        {"approximate": "none"},
        lambda approximate: {
            "none": X * Phi(X),
            "tanh": X / 2 * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (X + GELU_TANH_C * X**3))),
        }[approximate],
        lambda approximate: [],
    ),
    "mish": ({}, lambda: X * sp.tanh(Softplus(X)), lambda: []),
    "relu6": ({}, lambda: _pw((0, X <= 0), (X, X < 6), (6, True)), lambda: [0, 6]),
    "hardtanh": (
        {"min_val": -1.0, "max_val": 1.0},
        lambda min_val, max_val: _pw((min_val, X <= min_val), (X, X < max_val), (max_val, True)),
        lambda min_val, max_val: [min_val, max_val],
    ),
    "hardsigmoid": (
        {},
        lambda: _pw((0, X <= -3), (X / 6 + sp.Rational(1, 2), X < 3), (1, True)),
        lambda: [-3, 3],
    ),
    "hardswish": (
        {},
        lambda: _pw((0, X <= -3), (X * (X + 3) / 6, X < 3), (X, True)),
        lambda: [-3, 3],
    ),
    "softsign": ({}, lambda: X / (1 + sp.Abs(X)), lambda: []),
    "tanhshrink": ({}, lambda: X - sp.tanh(X), lambda: []),
    # Sitzmann et al. (2020): sin(omega_0 x), the sine of a scaled input
    "sinusoid": ({"omega": 1.0}, lambda omega: sp.sin(omega * X), lambda omega: []),
    # Fernandez & Mali (2024): x tanh(e^x)
    "telu": ({}, lambda: X * TanhExp(X), lambda: []),
}

ORACLE_NAMES = tuple(_DEFINITIONS)


# An activation with no definition above is read from the formula the site prints for it
# (the registry's LaTeX, through scripts/shared/latex_functions.py): that is the text a reader
# checks, and it shares nothing with actlib's code, so it is still an independent oracle.
def _printed(name: str) -> Any:
    import actlib  # only its metadata: the printed formula, the parameters' names and defaults

    act = actlib.get(name)
    if not isinstance(act, actlib.Activation):
        raise KeyError(f"no oracle for {name!r}: it is not an element-wise activation")
    return act


def _printed_f(act: Any, params: dict[str, Any]) -> sp.Expr:
    from scripts.shared.latex_functions import activation_symbols, live_branches

    categorical = {n: v for n, v in params.items() if isinstance(v, str)}
    if any(v != act.params[n].default for n, v in categorical.items()):
        raise KeyError(
            f"no oracle for {act.name} at {categorical}: the site prints its formula only at "
            "the default choice; type this one into scripts/reference/oracles.py"
        )
    # a parameter given as a SymPy symbol stays one (for a derivative with respect to it)
    symbolic = {n: v for n, v in params.items() if isinstance(v, sp.Symbol)}
    numeric = {n: float(v) for n, v in params.items() if n not in categorical and n not in symbolic}
    exact = {s: sp.Rational(v) for s, v in activation_symbols(act, numeric).items()}
    exact.update({act.params[n].symbol: v for n, v in symbolic.items()})
    pieces = [(b.expr, b.condition) for b in live_branches(act.formula, exact)]
    if len(pieces) == 1:
        return pieces[0][0]
    # the printed conditions split the real line, so the last one is "otherwise"
    return sp.Piecewise(*pieces[:-1], (pieces[-1][0], True))


def _printed_kinks(f: sp.Expr) -> list[sp.Expr]:
    """Where the pieces of a printed piecewise f meet and f or f' jumps."""
    if not isinstance(f, sp.Piecewise):
        return []
    relations = [r for _, cond in f.args for r in sp.And(cond).atoms(sp.core.relational.Relational)]
    bounds = sorted({side for r in relations for side in r.args if side != X})
    ends = [bounds[0] - 1, *bounds, bounds[-1] + 1] if bounds else []

    def piece_at(t: sp.Expr) -> sp.Expr:
        return next(expr for expr, cond in f.args if cond is sp.true or cond.subs(X, t))

    jumps = []
    for before, point, after in zip(ends, ends[1:], ends[2:], strict=False):
        left, right = piece_at((before + point) / 2), piece_at((point + after) / 2)
        for a, b in ((left, right), (sp.diff(left, X), sp.diff(right, X))):
            if sp.simplify((a - b).subs(X, point)) != 0:
                jumps.append(point)
                break
    return jumps


def _softplus(z: Any) -> Any:
    return mpmath.log1p(mpmath.exp(z))


def _tanh_exp(z: Any) -> Any:
    return mpmath.mpf(1) if z > 1000 else mpmath.tanh(mpmath.exp(z))


def _sech2_exp(z: Any) -> Any:
    if z > 1000:
        return mpmath.mpf(0)
    small = mpmath.exp(-2 * mpmath.exp(z))
    return 4 * small / (1 + small) ** 2


def _ncdf(z: Any) -> Any:
    # mpmath's erfc overflows a float for |z| > 1e154; past 1e100, Phi is 0 or 1 to 1e200 digits
    if abs(z) > 1e100:
        return mpmath.mpf(0) if z < 0 else mpmath.mpf(1)
    return mpmath.ncdf(z)


@dataclass(frozen=True)
class Evaluator:
    """A SymPy expression in ``X``, callable on a number: an mpmath value to 30 digits."""

    expr: sp.Expr
    _fn: Callable[[Any], Any]

    def __call__(self, x: Any) -> mpmath.mpf:
        x = mpmath.mpf(float(x)) if not isinstance(x, mpmath.mpf) else x
        previous = None
        dps = _START_DPS
        while dps <= _MAX_DPS:
            with mpmath.workdps(dps):
                value = self._fn(+x)
            if previous is not None and value != 0 and previous != 0:
                if abs(value - previous) <= abs(value) * mpmath.mpf(10) ** -DIGITS:
                    return value
                if abs(value) < _NEGLIGIBLE and abs(previous) < _NEGLIGIBLE:
                    return value  # twice far below float64's range: 0 for every purpose
            previous, dps = value, 2 * dps
        if abs(value) < _NEGLIGIBLE:
            return value
        raise ArithmeticError(f"{self.expr} did not converge at x = {x}")


def _bind(name: str, params: dict[str, Any]) -> dict[str, Any]:
    if name in _DEFINITIONS:
        defaults = _DEFINITIONS[name][0]
    else:
        defaults = {n: p.default for n, p in _printed(name).params.items()}
    unknown = set(params) - set(defaults)
    if unknown:
        raise TypeError(f"{name} has no parameter(s) {sorted(unknown)}; it has {list(defaults)}")
    bound = {**defaults, **params}
    # a float parameter enters at its exact binary value, as actlib receives it
    return {k: sp.Rational(v) if isinstance(v, float) else v for k, v in bound.items()}


def _textbook_f(name: str, bound: dict[str, Any]) -> sp.Expr:
    if name in _DEFINITIONS:
        return _DEFINITIONS[name][1](**bound)
    return _printed_f(_printed(name), bound)


def raw_mpmath(expr: sp.Expr) -> Callable[[Any], Any]:
    """``expr`` as a plain mpmath function, evaluated at the caller's ``mpmath.mp.dps``."""
    return sp.lambdify(
        X,
        expr,
        modules=[
            {"Phi": _ncdf, "Softplus": _softplus, "TanhExp": _tanh_exp, "Sech2Exp": _sech2_exp},
            "mpmath",
        ],
    )


def _evaluator(expr: sp.Expr) -> Evaluator:
    # a derivative of |x| or sign(x) holds DiracDelta terms: the point mass at a kink is
    # no value at a point, and everywhere else they are 0
    expr = expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
    return Evaluator(expr, raw_mpmath(expr))


@cache
def _oracle(name: str, frozen_params: tuple[tuple[str, Any], ...]) -> tuple[Evaluator, ...]:
    f = _textbook_f(name, dict(frozen_params))
    df = sp.diff(f, X)
    return _evaluator(f), _evaluator(df), _evaluator(sp.diff(df, X))


def oracle(name: str, **params: Any) -> tuple[Evaluator, Evaluator]:
    """``(f, df)``: the textbook f of activation ``name`` and SymPy's derivative of it."""
    f, df, _ = _oracle(name, tuple(sorted(_bind(name, params).items())))
    return f, df


def second_derivative(name: str, **params: Any) -> Evaluator:
    """f'' by ``sympy.diff``, for condition numbers of f'."""
    return _oracle(name, tuple(sorted(_bind(name, params).items())))[2]


def third_derivative(name: str, **params: Any) -> Evaluator:
    """The third derivative by ``sympy.diff``, for condition numbers of f''."""
    f = _oracle(name, tuple(sorted(_bind(name, params).items())))[0].expr
    return _evaluator(sp.diff(f, X, 3))


THETA = sp.Symbol("theta", real=True)


def parameter_derivative(name: str, param: str, **params: Any) -> tuple[Evaluator, Evaluator]:
    """``(d f / d param, its derivative in x)``: ``sympy.diff`` of the textbook f with the
    parameter kept a symbol, then set to its value (the default unless given)."""
    bound = _bind(name, params)
    if param not in bound or isinstance(bound[param], str):
        raise TypeError(f"{name} has no real parameter {param!r}")
    return _parameter_derivative(name, param, tuple(sorted(bound.items())))


@cache
def _parameter_derivative(
    name: str, param: str, frozen_params: tuple[tuple[str, Any], ...]
) -> tuple[Evaluator, Evaluator]:
    bound = dict(frozen_params)
    f = _textbook_f(name, {**bound, param: THETA})
    dtheta = sp.diff(f, THETA).subs(THETA, bound[param])
    return _evaluator(dtheta), _evaluator(sp.diff(dtheta, X))


def kinks(name: str, **params: Any) -> list[float]:
    """Points where the textbook f' jumps (or f itself, for binary_step)."""
    bound = _bind(name, params)
    if name in _DEFINITIONS:
        return sorted(float(k) for k in _DEFINITIONS[name][2](**bound))
    return sorted(float(k) for k in _printed_kinks(_textbook_f(name, bound)))


def limits(name: str, **params: Any) -> dict[str, tuple[float, float]]:
    """``{"f": (f(-oo), f(+oo)), "df": (f'(-oo), f'(+oo))}`` by ``sympy.limit``.

    Where there is no limit, as for sin(x), whose values at infinity SymPy gives as the
    bounds ``AccumBounds(-1, 1)``, the entry is NaN: what actlib returns there.
    """
    f, df = oracle(name, **params)
    return {key: limits_of(ev) for key, ev in (("f", f), ("df", df))}


def limits_of(evaluator: Evaluator) -> tuple[float, float]:
    """``(g(-oo), g(+oo))`` of an oracle's function g (f'', a parameter derivative...),
    by ``sympy.limit``; NaN where there is none, as in :func:`limits`."""
    return tuple(_limit(_branch_at(evaluator.expr, end), end) for end in (-sp.oo, sp.oo))


def _limit(expr: sp.Expr, end: sp.Expr) -> float:
    value = sp.limit(expr, X, end)
    # oscillates between its bounds, perhaps growing (x cos x): no limit
    if isinstance(value, sp.AccumBounds) or value.has(sp.AccumBounds):
        return float("nan")
    return float(value)


def _branch_at(expr: sp.Expr, end: sp.Expr) -> sp.Expr:
    # sympy.limit cannot see through Piecewise: keep the branch that holds near x = end
    def pick(pw: sp.Piecewise) -> sp.Expr:
        return next(e for e, cond in pw.args if cond is sp.true or cond.subs(X, end))

    expr = expr.replace(lambda e: isinstance(e, sp.Piecewise), pick)
    return expr.rewrite(sp.erf).rewrite(sp.log)


def printed(name: str, **params: Any) -> tuple[Evaluator, Evaluator, list[float]]:
    """``(f, df, kinks)`` from the formula the site prints, whether or not one is typed above."""
    bound = _bind(name, params)
    f = _printed_f(_printed(name), bound)
    kinks = sorted(float(k) for k in _printed_kinks(f))
    return _evaluator(f), _evaluator(sp.diff(f, X)), kinks
