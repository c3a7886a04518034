r"""Read the site's LaTeX as SymPy: the one place that says what each named function means.

Formulas are parsed by SymPy's LaTeX parser (``sympy.parsing.latex.parse_latex``, which
needs ``antlr4-python3-runtime``). This module only does what that parser cannot:

* before parsing, it rewrites the few constructs the grammar does not know
  (:data:`REWRITES` and :func:`_hoist_function_powers`, each with its reason);
* after parsing, it gives the named functions their meaning (:data:`NAMED_FUNCTIONS`),
  turns ``e`` into Euler's number, and substitutes an activation's parameters and
  constants for their symbols, so that the result is an expression in ``x`` alone.

Anything left over (an unknown function such as a bare ``f(x)``, an unknown symbol) is an
error that names it: a formula the checker cannot read is a formula nobody has checked.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import sympy
from sympy.core.function import AppliedUndef
from sympy.parsing.latex import parse_latex

from actlib import Case

X = sympy.Symbol("x", real=True)  # real: |x| differentiates to sign(x), not via re(x)

# The named functions the site's formulas may use (COMMON.md, convention 2), by the name
# the parser gives them. \tanh, \exp, \ln and e^{...} the parser already knows.
NAMED_FUNCTIONS: dict[str, Callable[..., sympy.Expr]] = {
    "sigma": lambda u: 1 / (1 + sympy.exp(-u)),  # logistic sigmoid
    # The standard normal CDF, as erfc: the same function as (1 + erf(u / sqrt 2)) / 2,
    # without its cancellation for negative u, so that float64 can evaluate it too.
    "Phi": lambda u: sympy.erfc(-u / sympy.sqrt(2)) / 2,
    "phi": lambda u: sympy.exp(-(u**2) / 2) / sympy.sqrt(2 * sympy.pi),  # its density
    "softplus": lambda u: sympy.log(1 + sympy.exp(u)),
    "sech": sympy.sech,
    "erf": sympy.erf,
    "max": sympy.Max,
    "min": sympy.Min,
}

# (pattern, replacement, why): applied in order before parsing.
REWRITES: list[tuple[str, str, str]] = [
    (
        r"\\operatorname\{(\w+)\}",
        r"\\\1",
        "the grammar has no \\operatorname; it reads \\softplus(x) as a call of softplus",
    ),
    (
        r"\\(?:big|Big|bigg|Bigg)[lr]?(?![a-zA-Z])",
        "",
        "delimiter sizes (\\bigl( ... \\bigr)) are typography; the delimiter stays",
    ),
    (r"\\[,;:!](?![a-zA-Z])|\\q?quad(?![a-zA-Z])|~", " ", "spacing is typography"),
    (r"\\(?:mathrm|text)\{e\}", "e", "an upright e is Euler's number, like e"),
    (r"\\left\\\{|\\\{", "(", "\\max\\{a, b\\}: the grammar only knows parentheses"),
    (r"\\right\\\}|\\\}", ")", "the closing brace of the same"),
    (r"\\[lr]vert(?![a-zA-Z])|\\vert(?![a-zA-Z])", "|", "\\lvert x \\rvert is |x|"),
    (r"[.,;]\s*$", "", "a display equation may end with punctuation"),
]

_RELATION = re.compile(
    r"\\leq?(?![a-zA-Z])|\\geq?(?![a-zA-Z])|\\lt(?![a-zA-Z])|"
    r"\\gt(?![a-zA-Z])|<|>"
)
_RELATIONS: dict[str, Callable[[Any, Any], sympy.Basic]] = {
    "<": sympy.StrictLessThan,
    r"\lt": sympy.StrictLessThan,
    ">": sympy.StrictGreaterThan,
    r"\gt": sympy.StrictGreaterThan,
    r"\le": sympy.LessThan,
    r"\leq": sympy.LessThan,
    r"\ge": sympy.GreaterThan,
    r"\geq": sympy.GreaterThan,
}


_CASES = re.compile(r"\\begin\{cases\}(.*?)\\end\{cases\}", re.S)


class FormulaError(ValueError):
    """A formula that cannot be read as a function of x: says which formula and why."""


@dataclass(frozen=True)
class Branch:
    """One piece of a formula: ``expr`` where ``condition`` holds (the whole line if True)."""

    expr_latex: str
    condition_latex: str
    expr: sympy.Expr
    condition: sympy.Basic

    @property
    def region(self) -> sympy.Set:
        """The set of x where the condition holds."""
        return region(self.condition)


def region(condition: sympy.Basic) -> sympy.Set:
    """The set of real x where a condition holds.

    A bound on x (``x \\le 3``) is read directly; SymPy's general ``as_set`` would solve
    it as an inequality, which takes a good part of a second each time.
    """
    if condition is sympy.true:
        return sympy.S.Reals
    if isinstance(condition, sympy.And):
        return sympy.Intersection(*(region(c) for c in condition.args))
    if isinstance(condition, sympy.core.relational.Relational):
        if condition.rhs == X and condition.lhs.is_number:
            condition = condition.reversed
        if condition.lhs == X and condition.rhs.is_number:
            bound = condition.rhs
            intervals = {
                ">": sympy.Interval.open(bound, sympy.oo),
                ">=": sympy.Interval(bound, sympy.oo),
                "<": sympy.Interval.open(-sympy.oo, bound),
                "<=": sympy.Interval(-sympy.oo, bound),
            }
            if condition.rel_op in intervals:
                return intervals[condition.rel_op]
    return condition.as_set()


# ---------------------------------------------------------------------------
# LaTeX -> SymPy
# ---------------------------------------------------------------------------


def _matching(text: str, open_at: int) -> int:
    """Index of the bracket that closes the one at ``open_at``."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    opener, closer = text[open_at], pairs[text[open_at]]
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == opener:
            depth += 1
        elif text[i] == closer:
            depth -= 1
            if depth == 0:
                return i
    raise FormulaError(f"unbalanced {opener!r} in `{text}`")


def _hoist_function_powers(text: str) -> str:
    r"""``\sech^2(u)`` -> ``\left(\sech(u)\right)^{2}``.

    The grammar accepts a power between a function and its argument only for the
    functions it knows (\tanh^2(x) works); our named functions need the explicit form.
    """
    names = "|".join(NAMED_FUNCTIONS)
    pattern = re.compile(rf"\\({names})\^(\{{[^{{}}]*\}}|\w)\s*(\\left\s*)?\(")
    while match := pattern.search(text):
        open_at = match.end() - 1
        close_at = _matching(text, open_at)
        power = match.group(2).strip("{}")
        call = f"\\{match.group(1)}{match.group(3) or ''}{text[open_at : close_at + 1]}"
        text = f"{text[: match.start()]}\\left({call}\\right)^{{{power}}}{text[close_at + 1 :]}"
    return text


def _multiply_variables(text: str, variables: Iterable[str]) -> str:
    r"""``x(1 + x)^2`` -> ``x \cdot (1 + x)^2``.

    The grammar reads a letter before a parenthesis as a function call, and the power
    then applies to the whole call; for x, a parameter or a constant it is a product.
    """
    for variable in variables:
        before = "" if variable.startswith("\\") else r"(?<![\\A-Za-z])"
        pattern = rf"{before}{re.escape(variable)}(?![A-Za-z])\s*(?=\\left\s*[(\[]|[(\[])"
        text = re.sub(pattern, lambda m: f"{m.group(0)} \\cdot ", text)
    return text


def preprocess(latex: str, variables: Iterable[str] = ("x",)) -> str:
    """Rewrite what SymPy's LaTeX grammar cannot read (see :data:`REWRITES`).

    ``variables`` are the LaTeX symbols that denote numbers (x, parameters, constants).
    """
    text = latex.strip()
    for pattern, replacement, _why in REWRITES:
        text = re.sub(pattern, replacement, text)
    return _multiply_variables(_hoist_function_powers(text), variables).strip()


@functools.cache
def _parsed(text: str) -> sympy.Basic:
    """SymPy's parse of ``text``, once per text: the tree is immutable, and the ANTLR
    parser is most of the time a formula takes to read (the explorer's reads the same
    conditions, ``x > 0`` and the like, many times)."""
    return parse_latex(text)


def _parse(latex: str, variables: Iterable[str] = ("x",)) -> sympy.Basic:
    text = preprocess(latex, variables)
    try:
        return _parsed(text)
    except Exception as err:  # the parser raises several types; all mean "unreadable"
        raise FormulaError(f"SymPy cannot parse `{latex}` (as `{text}`): {err}") from None


def symbol_of(latex_symbol: str) -> sympy.Symbol:
    """The SymPy symbol the parser makes of a parameter's LaTeX symbol (``\\alpha``, ``a``)."""
    parsed = _parse(latex_symbol, ())
    if not isinstance(parsed, sympy.Symbol):
        raise FormulaError(f"{latex_symbol!r} is not a single symbol")
    return parsed


class _Reader:
    """Reads LaTeX in x with the given symbols (LaTeX symbol -> value) substituted."""

    def __init__(self, symbols: Mapping[str, Any] | None, live: bool = False) -> None:
        symbols = symbols or {}
        self.variables = ["x", *symbols]
        self.values = {
            symbol_of(k): sympy.Float(v, 30) if isinstance(v, float) else v
            for k, v in symbols.items()
        }
        # With ``live``, a symbol that stands for a SymPy symbol may stay in the result.
        self.live = (
            {v for v in self.values.values() if isinstance(v, sympy.Symbol)} if live else set()
        )

    def read(self, latex: str, parsed: sympy.Basic | None = None) -> Any:
        expr = _parse(latex, self.variables) if parsed is None else parsed

        def meaning(call: AppliedUndef) -> sympy.Basic:
            name = call.func.__name__
            if name in NAMED_FUNCTIONS:
                return NAMED_FUNCTIONS[name](*call.args)
            raise FormulaError(
                f"unknown function {name!r} in `{latex}`; the formulas may use "
                f"{', '.join(NAMED_FUNCTIONS)}, tanh, exp, ln and e^{{...}}"
            )

        # Innermost calls first, so that an argument is interpreted before its caller.
        while calls := expr.atoms(AppliedUndef):
            innermost = [c for c in calls if not any(a.atoms(AppliedUndef) for a in c.args)]
            expr = expr.xreplace({c: meaning(c) for c in innermost})
        # The parser leaves e and \\pi as plain symbols.
        constants = {sympy.Symbol("e"): sympy.E, sympy.Symbol("pi"): sympy.pi, sympy.Symbol("x"): X}
        expr = expr.xreplace({**constants, **self.values})
        unknown = expr.free_symbols - {X} - self.live
        if unknown:
            raise FormulaError(
                f"unknown symbol(s) {', '.join(sorted(map(str, unknown)))} in `{latex}`: "
                "a formula may use x, its activation's parameter symbols and constants"
            )
        return expr


def expression(latex: str, symbols: Mapping[str, Any] | None = None) -> sympy.Expr:
    """Parse a formula in ``x``; ``symbols`` maps LaTeX symbols (``\\alpha``) to values."""
    return _expression(latex, _Reader(symbols))


def _expression(latex: str, reader: _Reader) -> sympy.Expr:
    parsed = _parse(latex, reader.variables)
    if isinstance(parsed, sympy.core.relational.Relational):
        raise FormulaError(f"`{latex}` is a relation, not an expression")
    return reader.read(latex, parsed)


def condition(latex: str, symbols: Mapping[str, Any] | None = None) -> sympy.Basic:
    r"""Parse a condition such as ``x > 0``, ``x \le m`` or the chained ``-3 < x < 3``.

    The grammar reads one relation at a time, so a chain is split at its relations and
    read as their conjunction.
    """
    return _condition(latex, _Reader(symbols))


def _condition(latex: str, reader: _Reader) -> sympy.Basic:
    text = preprocess(latex, ())
    operators = _RELATION.findall(text)
    if not operators:
        raise FormulaError(f"condition `{latex}` has no <, >, \\le or \\ge")
    sides = [reader.read(side) for side in _RELATION.split(text)]
    pairs = zip(operators, pairwise(sides), strict=True)
    relations = [_RELATIONS[op](a, b) for op, (a, b) in pairs]
    return sympy.And(*relations)


def branches(formula: Any, symbols: Mapping[str, Any] | None = None) -> list[Branch]:
    """A formula (a LaTeX string or a tuple of ``actlib.Case``) as a list of branches."""
    return _branches(formula, _Reader(symbols))


def live_branches(formula: Any, symbols: Mapping[str, Any]) -> list[Branch]:
    r""":func:`branches`, where a LaTeX symbol mapped to a SymPy symbol stays that symbol.

    For code that keeps a parameter live (the explorer's sliders move ``\alpha``): map
    ``\alpha`` to a symbol of your choosing rather than to a number. Any other symbol
    left over is still an error.
    """
    return _branches(formula, _Reader(symbols, live=True))


def _branches(formula: Any, reader: _Reader) -> list[Branch]:
    if isinstance(formula, str):
        return [Branch(formula, "", _expression(formula, reader), sympy.true)]
    return [
        Branch(c.expr, c.condition, _expression(c.expr, reader), _condition(c.condition, reader))
        for c in formula
    ]


# Vector formulas (softmax): logits z_i, outputs s_i, indices i and j, length K.
LOGITS = sympy.IndexedBase("z")
PROBABILITIES = sympy.IndexedBase("s")  # s_k is softmax(z)_k, as the softmax page defines it
INDEX_I, INDEX_J, K = sympy.symbols("i j K", integer=True)
_INDEXED = re.compile(r"^([sz])_\{(\w)\}$")
_KRONECKER = re.compile(r"^delta_\{(\w)\*?(\w)\}$")


def vector_expression(latex: str) -> sympy.Expr:
    r"""Parse a formula of softmax or log-softmax: in ``z_i``, ``s_i``, ``\delta_{ij}``, sums.

    ``z_i`` becomes ``LOGITS[i]``, ``s_i`` becomes ``PROBABILITIES[i]`` (softmax's output,
    in terms of which both Jacobians are written), ``\delta_{ij}`` the Kronecker delta.
    A sum without limits (``\sum_k``) runs over all K logits; ``\max`` and the other
    :data:`NAMED_FUNCTIONS` have their meaning.
    """
    indexed = [f"{base}_{{{i}}}" for base in "sz" for i in "ijk"]
    indexed += [f"{base}_{i}" for base in "sz" for i in "ijk"]
    text = re.sub(r"\\sum_(?:\{(\w)\}|(\w))(?!\s*\^)", r"\\sum_{\1\2=1}^{K}", latex)
    parsed = _parse(text, indexed)
    indices = {"i": INDEX_I, "j": INDEX_J, "k": sympy.Symbol("k", integer=True)}
    meaning: dict[sympy.Basic, sympy.Basic] = {sympy.Symbol("e"): sympy.E, sympy.Symbol("K"): K}
    for symbol in parsed.atoms(sympy.Symbol):  # bound summation indices included
        name = symbol.name
        if match := _INDEXED.match(name):
            base = LOGITS if match[1] == "z" else PROBABILITIES
            meaning[symbol] = base[indices[match[2]]]
        elif match := _KRONECKER.match(name):  # \delta_{ij} parses as delta_{i*j}
            meaning[symbol] = sympy.KroneckerDelta(indices[match[1]], indices[match[2]])
        elif name in indices:
            meaning[symbol] = indices[name]
    expr = parsed.xreplace(meaning)
    # the named functions (entmax's max), one level deep: no vector formula nests them
    named = [c for c in expr.atoms(AppliedUndef) if c.func.__name__ in NAMED_FUNCTIONS]
    expr = expr.xreplace({c: NAMED_FUNCTIONS[c.func.__name__](*c.args) for c in named})
    calls = expr.atoms(AppliedUndef)
    if calls:
        raise FormulaError(f"unknown function(s) {sorted(map(str, calls))} in `{latex}`")
    allowed = {*indices.values(), K, LOGITS.label, PROBABILITIES.label}
    unknown = {s for s in expr.free_symbols if not isinstance(s, sympy.Indexed)} - allowed
    if unknown:
        raise FormulaError(
            f"unknown symbol(s) {sorted(map(str, unknown))} in `{latex}`: a softmax formula "
            "may use z_i, s_i, \\delta_{ij}, K and sums over an index"
        )
    return expr


def activation_symbols(act: Any, params: Mapping[str, Any]) -> dict[str, Any]:
    """LaTeX symbol -> value for an activation's numeric parameters and its constants.

    A categorical parameter (GELU's ``approximate``) has no symbol in the formula; which
    formula it selects is up to the caller.
    """
    values = dict(act.constants)
    for name, param in act.params.items():
        value = params.get(name, param.default)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values[param.symbol] = float(value)
    return values


# ---------------------------------------------------------------------------
# Display blocks on the pages
# ---------------------------------------------------------------------------


def _top_level_split(text: str, separator: str) -> list[str]:
    """Split at ``separator`` where it is outside every (), {} and [] pair."""
    pieces, depth, start, i = [], 0, 0, 0
    while i < len(text):
        if depth == 0 and text.startswith(separator, i):
            pieces.append(text[start:i])
            i = start = i + len(separator)
            continue
        if text[i] == "\\":
            i += 2  # an escaped character (\{, \,, \\) never opens or closes a group
            continue
        depth += (text[i] in "({[") - (text[i] in ")}]")
        i += 1
    pieces.append(text[start:])
    return pieces


def _cases(body: str) -> tuple[Case, ...]:
    r"""The rows of a ``cases`` environment, ``expr & \text{if } condition``, as Cases."""
    rows = [r for r in _top_level_split(body, r"\\") if r.strip()]
    cases = []
    for row in rows:
        expr, sep, cond = row.partition("&")
        cond = re.sub(r"\\text\{\s*(?:if|for|when)\s*\}|[.,;]\s*$", " ", cond).strip()
        if not sep or not cond or "otherwise" in cond:
            raise FormulaError(
                f"cases row {row.strip()!r}: write it as 'expression & \\text{{if }} condition' "
                "with an explicit condition (not 'otherwise'), so that it can be checked"
            )
        cases.append(Case(expr.strip(), cond))
    return tuple(cases)


CONTINUED_ROW = re.compile(r"(?:\\q?quad\s*)*(?:[-+]|\\cdot(?![A-Za-z])|\\times(?![A-Za-z]))")


def final_expression(display: str) -> str | tuple[Case, ...]:
    r"""What a derivation concludes: the right-hand side of the last ``=`` of its last row.

    ``display`` is the body of a ``$$ ... $$`` block; in an ``aligned`` (or similar)
    environment the last row is the one after the last top-level ``\\``. A result that is
    a ``cases`` block comes back as a tuple of :class:`actlib.Case`, like a piecewise
    formula in the metadata.
    """
    found = list(_CASES.finditer(display))
    blocks = [m.group(1) for m in found]
    # Each cases block becomes a placeholder, so that its rows are not taken for the
    # rows of an aligned block.
    body = display
    for index, match in reversed(list(enumerate(found))):
        body = f"{body[: match.start()]} @CASES{index}@ {body[match.end() :]}"
    body = re.sub(r"\\(?:begin|end)\{\w+\*?\}(?:\{[^}]*\})?", " ", body)
    rows = [r.replace("&", " ").strip() for r in _top_level_split(body, r"\\") if r.strip()]
    if not rows:
        raise FormulaError(f"empty display block: {display!r}")
    # A result broken over lines: rows that open with an operator continue the one before.
    while len(rows) > 1 and CONTINUED_ROW.match(rows[-1]):
        rows[-2:] = [f"{rows[-2]} {rows[-1]}"]
    result = _top_level_split(rows[-1], "=")[-1].strip()
    placeholder = re.fullmatch(r"@CASES(\d+)@", result)
    if placeholder:
        return _cases(blocks[int(placeholder.group(1))])
    if "@CASES" in result:
        raise FormulaError(f"a cases block must be the whole result, in {display!r}")
    return result
