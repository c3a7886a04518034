"""LaTeX as SymPy, in a scope: the page's definitions, the named functions, primes, cases, limits,
expectations, and index notation over a small fixed length.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy.core.function import AppliedUndef
from sympy.parsing.latex import parse_latex

import actlib
from scripts.shared import latex_functions as lf
from tests.website.claims.base import (
    DUMMY,
    ENTRY,
    GREEK,
    INDICES,
    X_SYMBOL,
    ClaimError,
    NoCaseHolds,
    Scope,
    Span,
    VectorBinding,
    Vectors,
    no_case_holds,
)
from tests.website.claims.statements import RELATION, Statement, relation_name, split_top_level

EXTRA_FUNCTIONS: dict[str, Callable[..., sympy.Expr]] = {
    "logit": lambda p: sympy.log(p / (1 - p)),
    "sign": sympy.sign,
    "sgn": sympy.sign,
    "arctan": sympy.atan,
    "Tanh": sympy.tanh,
    "Exp": sympy.exp,
    "Ln": sympy.log,
    "Sin": sympy.sin,
    "Cos": sympy.cos,
    "Arctan": sympy.atan,
    "Tan": sympy.tan,
    "Sec": sympy.sec,
    "Sinh": sympy.sinh,
    "Cosh": sympy.cosh,
    "cosh": sympy.cosh,
    "sinh": sympy.sinh,
    "ReLU": lambda u: sympy.Max(0, u),
    "relu": lambda u: sympy.Max(0, u),
    "LogOnePlus": lambda u: sympy.log(1 + u),
    "ExpMinusOne": lambda u: sympy.exp(u) - 1,
    "max": sympy.Max,
}


_PRIMED_BUILTIN = re.compile(r"\\(tanh|exp|ln|sin|cos|tan|sec|arctan|sinh|cosh)(?=')")


_OWN_REWRITES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    # The grammar ends a command name at a digit (\ReLU6 is ReLU times 6); as a subscript
    # the digits stay part of the name, which a let marker spells the same way (_let_name).
    # log1p and expm1, named as in C and NumPy (a digit inside the name).
    (r"\\(?:mathrm|operatorname)\{log1p\}", r"\\LogOnePlus"),
    (r"\\(?:mathrm|operatorname)\{expm1\}", r"\\ExpMinusOne"),
    (r"\\(?:mathrm|operatorname)\{([A-Za-z]+)(\d+)\}", r"\\\1_{\2}"),
    # The grammar reads "_" as a subscript: \operatorname{sparse\_plus} is the name sparseplus,
    # which a let marker may spell sparse_plus (_let_name).
    (
        r"\\(?:mathrm|operatorname)\{([A-Za-z]+(?:\\_[A-Za-z]+)+)\}",
        lambda m: "\\" + m[1].replace("\\_", ""),
    ),
    # A name with a word as subscript, \operatorname{GELU}_{\tanh}: one name, GELUtanh, which
    # a let marker may spell GELU_tanh (_let_name).
    (
        r"\\(?:mathrm|operatorname)\{([A-Za-z]+)\}_\{\\(?:mathrm\{|text\{)?([A-Za-z]+)\}?\}",
        r"\\\1\2",
    ),
    (r"\\(?:mathrm|operatorname)\{(\w+)\}", r"\\\1"),
    (r"\\[dt]frac", r"\\frac"),
    (r"\\displaystyle", ""),
    (r"\\infty", r"\\infty "),
    # A series "x - x^3/6 + \dots" is its terms; an assume marker keeps x where the rest is
    # below the tolerance.
    (r"[-+]\s*(?:\\cdots|\\ldots|\\dots)", ""),
    (r"\\cdots|\\ldots|\\dots", ""),
    # A series over n >= 0 runs to infinity (SymPy sums it): \sum_{n \ge 0} is \sum_{n=0}^\infty.
    (r"\\sum_\{\s*([A-Za-z])\s*\\geq?\s*(\d+)\s*\}", r"\\sum_{\1=\2}^{\\infty}"),
    # A parameter after a semicolon, CELU(x; \alpha): the let's live parameter (_meaning).
    (r"(\\[A-Za-z]+\s*\([^;()]*);", r"\1,"),
    # \sqrt2 and \sqrt\pi take one token; the grammar wants braces.
    (r"\\sqrt\s*(\d|\\pi(?![A-Za-z]))", r"\\sqrt{\1}"),
    # x^* is the point that the span's assume marker pins (a root of f'); the grammar has no ^*.
    (r"(?<![\\A-Za-z])([A-Za-z])\^\*", r"\1"),
    # A partial derivative of a subscripted name, \frac{\partial f_i}{\partial a_i} or
    # \partial f / \partial a: the grammar reads only a single letter below \partial, and
    # would otherwise divide f_i by a_i (see _meaning).
    (
        r"\\frac\{\\partial\s*((?:[^{}]|\{[^{}]*\})+?)\}\{\\partial\s*((?:[^{}]|\{[^{}]*\})+?)\}",
        r"\\PartialD(\1, \2)",
    ),
    (
        r"\\partial\s*([A-Za-z](?:_\{?\w+\}?)?)\s*/\s*\\partial\s*([A-Za-z](?:_\{?\w+\}?)?)",
        r"\\PartialD(\1, \2)",
    ),
    # Matrix notation read on scalars (1 x 1 matrices): an identity of matrices holds for
    # scalars too, so a wrong sign or factor still fails; transposes and underbraces are
    # typography there, and the entrywise product is the product.
    (r"\\underbrace\{((?:[^{}]|\{[^{}]*\})*)\}_\{[^{}]*\}", r"\1"),
    (r"\^\{?\\top\}?", ""),
    (r"\\odot(?![A-Za-z])", r"\\cdot"),
    (r"\\mathcal\{([A-Za-z])\}", r"\1"),
    # Sized delimiters are typography: \bigl( is (.
    (r"\\[Bb]igg?[lr]?(?=\s*[()\[\]])", ""),
    # The positive part [u]_+ is max(u, 0); a control space "\ " is a space.
    (r"\[([^\[\]]*)\]_\{?\+\}?", r"\\max(\1, 0)"),
    (r"(?<!\\)\\ ", " "),
]


def _variables(latex: str, scope: Scope) -> list[str]:
    """The letters that stand for numbers: a letter before "(" is otherwise a call."""
    calls = set(scope.functions) | set(scope.lets) | set(lf.NAMED_FUNCTIONS) | set(EXTRA_FUNCTIONS)
    letters = set(re.findall(r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])", latex))
    greek = {f"\\{g}" for g in GREEK.findall(latex)}
    # A subscripted name before "(" is a product too: W_2 (W_1 x + b_1) is W_2 times it.
    subscripted = set(re.findall(r"(?<![\\A-Za-z])[A-Za-z]_(?:\{\w+\}|\w)", latex))
    names = letters | greek | {s for s in subscripted if s[0] not in calls}
    return sorted(names - {c for c in calls} - {f"\\{c}" for c in calls})


def _replace_literal(text: str, literal: str, replacement: str) -> str:
    """``text`` with ``literal`` (written without spaces) replaced, whatever its spacing."""
    pattern = r"\s*".join(re.escape(c) for c in literal)
    return re.sub(pattern, lambda _: replacement, text)


# "z \sim \mathcal N(0, 1)": z is standard normal in the expectations of the section.
NORMAL = re.compile(
    r"^\s*(?P<var>[A-Za-z])\s*\\sim\s*\\mathcal\s*\{?N\}?\s*\((?P<mean>[^,()]+),(?P<variance>[^,()]+)\)\s*$"
)


_EXPECTATION = re.compile(r"\\mathbb\s*\{?E\}?(?:_\{(?P<under>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\})?\s*")


def _expectations(text: str, scope: Scope) -> str:
    """``\\mathbb E[g(z)]`` of a normal z (declared in the span's subscript or earlier in the
    section) as ``\\NormalMean(g(z), z, mean, variance)``, an integral against its density."""
    while m := _EXPECTATION.search(text):
        opening = re.match(r"(?:\\[Bb]igg?l|\\left)?\[", text[m.end() :])
        if not opening:
            raise ClaimError(f"cannot read the expectation in `{text}`: write E[...]")
        depth, at = 1, m.end() + opening.end()
        start = at
        while depth and at < len(text):
            depth += (text[at] == "[") - (text[at] == "]")
            at += 1
        if depth:
            raise ClaimError(f"unbalanced brackets in `{text}`")
        body = re.sub(r"\\(?:[Bb]igg?r|right)\s*$", "", text[start : at - 1])
        declared = dict(scope.normal)
        if m["under"] and (given := NORMAL.match(m["under"])):
            declared = {given["var"]: (given["mean"], given["variance"])}
        used = [v for v in declared if re.search(rf"(?<![\\A-Za-z]){v}(?![A-Za-z])", body)]
        if len(used) != 1:
            raise ClaimError(
                f"the expectation in `{text}` needs one normal variable (z \\sim \\mathcal N(0, 1)"
                f" in its subscript or earlier in the section); it has {used or 'none'}"
            )
        mean, variance = declared[used[0]]
        mean_of = rf"\NormalMean({body}, {used[0]}, {mean}, {variance})"
        text = text[: m.start()] + mean_of + text[at:]
    return text


class _Quadrature(sympy.Integral):
    """An integral mpmath evaluates (lambdify prints it as mpmath.quad); doit() keeps it."""

    def doit(self, **hints: Any) -> sympy.Expr:
        return self.func(self.function.doit(**hints), *self.limits)


def _normal_mean(body: sympy.Expr, var: sympy.Symbol, mean: Any, variance: Any) -> sympy.Expr:
    """The integral of ``body`` against the normal density, split where a piece changes."""
    density = sympy.exp(-((var - mean) ** 2) / (2 * variance)) / sympy.sqrt(2 * sympy.pi * variance)
    cuts = sorted(
        {
            float(side)
            for rel in body.atoms(sympy.core.relational.Relational)
            if var in (rel.lhs, rel.rhs)
            for side in (rel.lhs, rel.rhs)
            if side.is_number and side.is_finite
        }
    )
    ends = [-sympy.oo, *(sympy.Rational(c) for c in cuts), sympy.oo]
    pieces = [_Quadrature(body * density, (var, a, b)) for a, b in itertools.pairwise(ends)]
    return sympy.Add(*pieces)


def parse(latex: str, scope: Scope, expand: bool = True) -> sympy.Expr:
    """One side of a relation as a SymPy expression, with the scope substituted (a defined
    vector's components only if ``expand``: a definition keeps them, see _meaning)."""
    text = latex
    for literal, meaning in scope.literals.items():
        text = _replace_literal(text, literal, rf"\left({meaning}\right)")
    text = _expectations(text, scope)
    if scope.vectors is not None:
        text = _vector_products(text, scope)
    for pattern, replacement in _OWN_REWRITES:
        text = re.sub(pattern, replacement, text)
    text = _partials(text)
    if scope.vectors is not None:
        text = _vector_text(text, scope.vectors)
    text = _PRIMED_BUILTIN.sub(lambda m: "\\" + m[1][0].upper() + m[1][1:], text)
    # The grammar lexes d before a letter or a command (dh, d \cdot d) as a differential; in a
    # span that writes no derivative or integral, d is a variable like any other letter.
    if not re.search(r"\\frac\{d|\\mathrm\{d\}|\\int|\\,d", text):
        text = re.sub(r"(?<![\\A-Za-z{])d(?!_)", "d_{0} ", text)
    text, pieces = _extract_cases(latex=text, scope=scope)
    prepared = lf.preprocess(text, _variables(text, scope))
    try:
        # strict: the lenient parser drops what follows an error (x^* (1 + x) is x); strict
        # mode rejects \left( and \right), which are typography.
        expr = _parse_latex(re.sub(r"\\(?:left|right)(?![A-Za-z])", "", prepared))
    except Exception as err:  # the parser raises several types; all mean "unreadable"
        raise ClaimError(f"SymPy cannot parse `{latex}` (as `{prepared}`): {err}") from None
    if isinstance(expr, sympy.core.relational.Relational):
        raise ClaimError(f"`{latex}` is read as a relation, not an expression")
    if sympy.Symbol("partial") in expr.free_symbols:
        raise ClaimError(f"cannot read the derivative in `{latex}` (as `{prepared}`)")
    # A decimal the page writes is that decimal exactly, not its nearest float64.
    expr = expr.xreplace({f: sympy.Rational(str(f)) for f in expr.atoms(sympy.Float)})
    expr = expr.xreplace({sympy.Symbol(k): v for k, v in pieces.items()})
    return _meaning(expr, scope, latex, expand)


@functools.cache
def _parse_latex(text: str) -> sympy.Expr:
    """SymPy's strict LaTeX parser, once per text: its result is an immutable tree, and its
    ANTLR parser takes most of a page's check (a corrupted page re-reads every other span)."""
    return parse_latex(text, strict=True)


def _extract_cases(latex: str, scope: Scope) -> tuple[str, dict[str, sympy.Expr]]:
    pieces: dict[str, sympy.Expr] = {}
    out = latex
    for index, m in enumerate(reversed(list(re.finditer(lf._CASES.pattern, latex, re.S)))):
        name = f"Xi_{{{index}}}"  # one symbol to the parser, replaced by the Piecewise
        rows = lf._cases(m.group(1))
        args = []
        for case in rows:
            expr = parse(case.expr, scope)
            cond = parse_condition(case.condition, scope)
            args.append((expr, cond))
        # A Piecewise takes the first row that holds, so a bound changed to make two rows
        # overlap (-1 < x to -2 < x) would pass unseen: on a page, the rows must not overlap.
        for (_, first), (_, second) in itertools.combinations(args, 2):
            both = sympy.And(first, second)
            if both is sympy.false or len(both.free_symbols) != 1:
                continue
            if both.as_set().measure > 0:
                raise ClaimError(
                    f"the cases in `{latex.strip()}` overlap: `{first}` and `{second}` both "
                    f"hold on {both.as_set()}"
                )
        # A page's cases block states the function everywhere: a gap between its conditions
        # (a bound changed from -3 to -5) is an error where it is sampled, not a skipped point.
        args.append((NoCaseHolds(X_SYMBOL), True))
        pieces[name] = sympy.Piecewise(*args)
        # A command: bare letters would be read as a product of one-letter symbols.
        out = out[: m.start()] + f" \\{name} " + out[m.end() :]
    return out, pieces


def parse_condition(latex: str, scope: Scope) -> sympy.Basic:
    text = latex.strip().rstrip(".,;")
    parts, seps = split_top_level(text, RELATION)  # not a relation inside braces: \sum_{j \le k}
    ops = [relation_name(t) for t in seps]
    if not ops:
        raise ClaimError(f"condition `{latex}` has no relation")
    sides = [parse(p, scope) for p in parts]
    rels = []
    for op, (a, b) in zip(ops, itertools.pairwise(sides), strict=True):
        rels.append(_RELATIONS_SYMPY[op](a, b))
    return sympy.And(*rels)


_RELATIONS_SYMPY: dict[str, Callable[[Any, Any], sympy.Basic]] = {
    "lt": sympy.StrictLessThan,
    "le": sympy.LessThan,
    "gt": sympy.StrictGreaterThan,
    "ge": sympy.GreaterThan,
    "eq": sympy.Eq,
    "ne": sympy.Ne,
    "approx": sympy.Eq,
}


def _function(name: str, scope: Scope, latex: str) -> tuple[Callable[..., sympy.Expr], int]:
    """The meaning of a called name, and how many primes it carries."""
    base = name.rstrip("'")
    primes = len(name) - len(base)
    if base in scope.functions:
        return scope.functions[base], primes
    for _, vector in scope.vector_lets.values():
        if base == vector.activation.replace("_", "") and not primes:
            return vector.at, 0
    if base in scope.lets:
        binding = scope.lets[base][1]
        # f' is the derivative actlib prints (and the tests hold to actlib): at a kink it
        # gives actlib's convention, where differentiating f's branches could not.
        if not primes and binding.ranges:
            # CELU(x; \alpha): the live parameters may follow x, in the marker's order.
            return _with_parameters(binding.function, tuple(binding.ranges)), 0
        return (binding.derivative, primes - 1) if primes else (binding.function, 0)
    if base in lf.NAMED_FUNCTIONS:
        return lf.NAMED_FUNCTIONS[base], primes
    if base in EXTRA_FUNCTIONS:
        return EXTRA_FUNCTIONS[base], primes
    value = scope.values.get(sympy.Symbol(base))
    if value is not None and primes:
        # u'(x) of a variable defined as u = (expression in x): its derivative in x
        return sympy.Lambda(X_SYMBOL, value), primes
    raise ClaimError(
        f"unknown function {base!r} in `{latex}`: define it (<!-- define: {base} -->), "
        "bind it to an activation (<!-- let: f = NAME -->) or mark the span unchecked"
    )


def _with_parameters(
    function: sympy.Lambda, live: tuple[sympy.Symbol, ...]
) -> Callable[..., sympy.Expr]:
    def call(x: sympy.Expr, *parameters: sympy.Expr) -> sympy.Expr:
        if len(parameters) > len(live):
            raise ClaimError(f"more arguments than the parameters {live} of the let")
        body = function.expr.xreplace(dict(zip(live, parameters, strict=False)))
        return sympy.Lambda(function.variables, body)(x)

    return call


def _meaning(expr: sympy.Basic, scope: Scope, latex: str, expand: bool = True) -> sympy.Expr:
    expr = _vector_symbols(expr, scope)
    while calls := expr.atoms(AppliedUndef):
        innermost = [c for c in calls if not any(a.atoms(AppliedUndef) for a in c.args)]
        replacements = {}
        for call in innermost:
            if call.func.__name__ == "PartialD":  # see _OWN_REWRITES; doit() below takes it
                replacements[call] = sympy.Derivative(*call.args)
                continue
            if call.func.__name__ == "NormalMean":  # see _expectations
                replacements[call] = _normal_mean(*call.args)
                continue
            fn, primes = _function(call.func.__name__, scope, latex)
            if primes:
                if len(call.args) != 1:
                    raise ClaimError(f"a primed call of several arguments in `{latex}`")
                body = sympy.diff(fn(DUMMY), DUMMY, primes)
                replacements[call] = body.subs(DUMMY, call.args[0])
            else:
                replacements[call] = fn(*call.args)
        expr = expr.xreplace(replacements)
    for symbol in expr.free_symbols:
        base = symbol.name.rstrip("'")
        value = scope.values.get(sympy.Symbol(base))
        if base != symbol.name and value is not None:
            # u' of a variable defined as u = (expression in x): its derivative in x
            primes = len(symbol.name) - len(base)
            expr = expr.xreplace({symbol: sympy.diff(value, X_SYMBOL, primes)})
    constants = {sympy.Symbol("e"): sympy.E, sympy.Symbol("pi"): sympy.pi}
    expr = expr.xreplace(constants)
    values = {**{k: v for k, (_, v) in scope.bound.items()}, **scope.values}
    for _ in range(10):  # definitions may refer to earlier ones
        new = expr.xreplace(values)
        if new == expr:
            break
        expr = new
    # dL/ds_i of a loss written in s (L = -sum_i y_i ln s_i) is taken with s as the
    # variable, before s is replaced by its definition in z.
    expr = _derivatives_by_components(expr, scope)
    if not expand:
        return _done(expr).xreplace(scope.constraints)
    for _ in range(10):
        new = _components(expr.xreplace(values), scope)
        if new == expr:
            break
        expr = new
    # The parser leaves 2/3 as the unevaluated 2 * 3**-1, which lambdify would compute
    # in float64; doit() makes it the rational 2/3 (and evaluates limits and derivatives).
    return _done(expr).xreplace(scope.constraints)


@functools.cache
def _done(expr: sympy.Basic) -> sympy.Basic:
    """``expr.doit()``, once per expression: a page checked again after one span changes
    reads its other spans as the same expressions."""
    return expr.doit()


MP_EXTRA = {
    "Heaviside": lambda x, h=0.5: mpmath.mpf(1) if x > 0 else (mpmath.mpf(0) if x < 0 else h),
    "sign": mpmath.sign,
    "erfc": mpmath.erfc,
    "erf": mpmath.erf,
    "Max": max,
    "Min": min,
    "NoCaseHolds": lambda x: no_case_holds(x),
}


_VECTORS_SPEC = re.compile(
    r"^(?P<names>[^;]+);\s*K\s*=\s*(?P<length>\d)\s*(?:;(?P<definitions>.*))?$", re.S
)


_COMPONENT = re.compile(r"^(\w+)_\{(\w)\}$")


_KRONECKER = re.compile(r"^delta_\{(\w)\*?(\w)\}$")


# A declared name with two indices is a K x K matrix: w_{jk} (the weight from j to k).
_ENTRY_OF_MATRIX = re.compile(r"^(\w+)_\{(\w)\*?(\w)\}$")


def vectors_marker(spec: str, level: int) -> Vectors:
    m = _VECTORS_SPEC.match(spec)
    if not m or not 2 <= int(m["length"]) <= 5:
        raise ClaimError(f"malformed vectors marker {spec!r}; use <!-- vectors: z, s; K = 3 -->")
    definitions = tuple(d.strip() for d in (m["definitions"] or "").split(";") if d.strip())
    return Vectors(level, int(m["length"]), frozenset(marker_names(m["names"])), definitions)


def _vector_text(text: str, vectors: Vectors) -> str:
    """A sum without limits runs over every index; ``\\max_k z_k`` lists the components."""
    text = _sorted_and_applied(text, vectors)
    text = re.sub(r"\\sum_(?:\{(\w)\}|(\w))(?!\s*\^)", r"\\sum_{\1\2=1}^{K}", text)

    def components(m: re.Match[str]) -> str:
        listed = ", ".join(f"{m[2]}_{{{n}}}" for n in range(1, vectors.length + 1))
        return rf"\max({listed})"

    return re.sub(r"\\max_\{?(\w)\}?\s*(\w)_\{?\1\}?", components, text)


def _vector_products(text: str, scope: Scope) -> str:
    """Vector notation read at one entry: ``\\mathbf 1`` is 1 there, the dot product
    ``g \\cdot s`` is the sum of the products, and a let-bound vector written as a function,
    ``s(-z)``, is its activation applied to the argument."""
    assert scope.vectors is not None
    names = scope.vectors.names
    if m := re.search(r"\\mathbf\s*\{?([02-9])", text):
        raise ClaimError(
            f"`\\mathbf {m[1]}` is no vector the checker knows (the ones are \\mathbf 1)"
        )
    text = re.sub(r"\\mathbf\s*\{?1\}?", " 1 ", text)
    free = next(
        (c for c in "lkji" if not re.search(rf"(?<![\\A-Za-z]){c}(?![A-Za-z])", text)), None
    )

    def dot(m: re.Match[str]) -> str:
        if not {m[1], m[2]} <= names or free is None:
            return m[0]
        return rf"\left(\sum_{{{free}=1}}^{{K}} {m[1]}_{{{free}}} {m[2]}_{{{free}}}\right)"

    text = re.sub(r"(?<![\\\w])([A-Za-z])\s*\\cdot\s*([A-Za-z])(?![\w{])", dot, text)
    for name, (_, binding) in scope.vector_lets.items():
        called = r"\operatorname{" + binding.activation.replace("_", r"\_") + "}"
        pattern = rf"(?<![\\\w]){name}(?=\s*(?:\\left\s*)?\()"
        text = re.sub(pattern, called.replace("\\", r"\\"), text)
    return text


@functools.cache
def vector_activation(spec: str, vectors: Vectors | None) -> tuple[str, VectorBinding] | None:
    """``s = softmax`` as a VectorBinding, or None if the activation acts on each input."""
    name, _, rest = spec.partition("=")
    words = rest.split()
    if not words or not isinstance(act := actlib.get(words[0]), actlib.VectorActivation):
        return None
    if vectors is None or not {name.strip(), "z"} <= vectors.names:
        raise ClaimError(
            f"let {spec.strip()!r}: {act.name} acts on vectors; declare {name.strip()} and "
            "the logits z in a vectors marker first"
        )
    formula = lf.vector_expression(act.formula).xreplace({lf.K: vectors.length})
    return name.strip(), VectorBinding(act.name, sympy.Lambda(lf.INDEX_I, formula))


def arbitrary_function(spec: str, scope: Scope, seed: str) -> None:
    """``L(s)``: L stands for any smooth function of the vector s; a relation that holds for
    every such L (the chain rule) is checked on a quadratic one with random coefficients."""
    m = re.fullmatch(r"\s*(\w+)\s*\(\s*(\w+)\s*\)\s*", spec)
    if not m or scope.vectors is None or m[2] not in scope.vectors.names:
        raise ClaimError(f"malformed arbitrary marker {spec!r}; use <!-- arbitrary: L(s) --> "
                         "with s declared in a vectors marker")  # fmt: skip
    rng = random.Random(seed + spec)
    base = sympy.IndexedBase(m[2])
    entries = [base[n] for n in range(1, scope.vectors.length + 1)]

    def coefficient() -> sympy.Rational:
        return sympy.Rational(rng.choice([-1, 1]) * rng.randint(1, 9), rng.randint(1, 9))

    linear = sum(coefficient() * a for a in entries)
    quadratic = sum(
        coefficient() * a * b for a, b in itertools.combinations_with_replacement(entries, 2)
    )
    scope.values[sympy.Symbol(m[1])] = linear + quadratic


def constrain(statement: Statement, scope: Scope, name: str) -> None:
    """``\\sum_i y_i = 1`` under ``define: y``: the last component is fixed by the others."""
    assert scope.vectors is not None
    last = sympy.IndexedBase(name)[scope.vectors.length]
    lhs, rhs = (parse(side, scope, expand=False) for side in statement.sides[:2])
    solutions = sympy.solve(lhs - rhs, last)
    if len(solutions) != 1:
        raise ClaimError(f"cannot solve `{' = '.join(statement.sides)}` for {name}_K")
    scope.constraints[last] = solutions[0]


def _derivatives_by_components(expr: sympy.Basic, scope: Scope) -> sympy.Basic:
    """Derivatives by a defined vector's components, taken while those are variables."""
    defined = {*scope.components, *scope.vector_lets}
    if not defined:
        return expr

    def by_defined(e: sympy.Basic) -> bool:
        return isinstance(e, sympy.Derivative) and any(
            isinstance(v, sympy.Indexed) and str(v.base.label) in defined for v in e.variables
        )

    def taken(e: sympy.Derivative) -> sympy.Expr:
        # The chain rule's dz_k/dy_j: every other defined vector is replaced by its definition
        # first (z_k by its sum of y_j), the variable's own vector held as the variable.
        held = {str(v.base.label) for v in e.variables if isinstance(v, sympy.Indexed)}
        others = {
            **{k: b.component for k, (_, b) in scope.vector_lets.items()},
            **scope.components,
        }
        others = {k: v for k, v in others.items() if k not in held}
        body = e.expr
        for _ in range(10):
            new = body.replace(
                lambda a: isinstance(a, sympy.Indexed) and str(a.base.label) in others,
                lambda a: others[str(a.base.label)](*a.indices),
            )
            if new == body:
                break
            body = new
        return sympy.Derivative(body.doit(), *e.variable_count).doit()

    return expr.replace(by_defined, taken)


def _vector_name(m: re.Match[str], vectors: Vectors) -> str | None:
    """The vector a component belongs to: z for z_k, or z_k if the marker declares z_k and
    z_j apart (two layers whose index letters tell them apart: z_j = ..., z_k = ...)."""
    written = m[1] + "_" + "".join(m.groups()[1:])
    if written in vectors.names:
        return written
    return m[1] if m[1] in vectors.names else None


def _index(letter: str) -> sympy.Expr:
    return sympy.Integer(letter) if letter.isdigit() else INDICES[letter]


def _vector_symbols(expr: sympy.Basic, scope: Scope) -> sympy.Basic:
    """z_{i} as the component z[i] of a declared vector, delta_{ij} as Kronecker's."""
    if scope.vectors is None:
        return expr
    meaning: dict[sympy.Basic, sympy.Basic] = {
        sympy.Symbol("K"): sympy.Integer(scope.vectors.length)
    }
    for symbol in expr.atoms(sympy.Symbol):
        name = symbol.name
        if (m := _COMPONENT.match(name)) and _vector_name(m, scope.vectors):
            if m[2].isdigit() or m[2] in INDICES:
                meaning[symbol] = sympy.IndexedBase(_vector_name(m, scope.vectors))[_index(m[2])]
        elif (m := _ENTRY_OF_MATRIX.match(name)) and _vector_name(m, scope.vectors):
            matrix = sympy.IndexedBase(_vector_name(m, scope.vectors))
            meaning[symbol] = matrix[_index(m[2]), _index(m[3])]  # w_{jk}
        elif (m := _KRONECKER.match(name)) and {m[1], m[2]} <= {*INDICES, *"12345"}:
            meaning[symbol] = sympy.KroneckerDelta(_index(m[1]), _index(m[2]))
        elif name in INDICES:
            meaning[symbol] = INDICES[name]
        elif name in scope.vectors.names:
            meaning[symbol] = sympy.IndexedBase(name)[ENTRY]
    return expr.xreplace(meaning)


def _components(expr: sympy.Basic, scope: Scope) -> sympy.Basic:
    """A defined vector's components (s_i = e^{z_i} / S) replaced by their definitions."""
    defined = {**{k: b.component for k, (_, b) in scope.vector_lets.items()}, **scope.components}
    if not defined:
        return expr
    return expr.replace(
        lambda e: isinstance(e, sympy.Indexed) and str(e.base.label) in defined,
        lambda e: defined[str(e.base.label)](*e.indices),
    )


def index_cases(
    sides: list[sympy.Expr], conditions: list[sympy.Basic], scope: Scope
) -> list[tuple[str, list[sympy.Expr], list[sympy.Basic]]]:
    """(where, sides, conditions) at each value of the free indices (one case if none)."""
    if scope.vectors is None:
        return [("", sides, conditions)]
    everything = [*sides, *conditions]
    indices = {*INDICES.values(), ENTRY}
    free = sorted({s for e in everything for s in e.free_symbols} & indices, key=str)

    constraints = frozenset(scope.constraints.items())

    def plain(expr: sympy.Basic, at: dict[sympy.Symbol, int]) -> sympy.Basic:
        return _at_indices(expr, frozenset(at.items()), constraints)

    out = []
    for values in itertools.product(range(1, scope.vectors.length + 1), repeat=len(free)):
        at = dict(zip(free, values, strict=True))
        held = [plain(c, at) for c in conditions]
        if sympy.false in held:
            continue  # "assume: i \ne j" leaves out i = j
        # "page.md:12: at i = 1: ...": the line stays where tools look for it, before a colon.
        where = ": at " + ", ".join(f"{k} = {v}" for k, v in at.items()) if at else ""
        out.append((where, [plain(s, at) for s in sides], [c for c in held if c is not sympy.true]))
    return out


@functools.cache
def _at_indices(
    expr: sympy.Basic,
    at: frozenset[tuple[sympy.Symbol, int]],
    constraints: frozenset[tuple[sympy.Basic, sympy.Expr]],
) -> sympy.Basic:
    """``expr`` at these values of its indices, its components as plain symbols (z_1), once
    per input: SymPy's doit() of the sums takes most of a vector page's check."""
    expr = sympy.sympify(expr.subs(dict(at))).doit().xreplace(dict(constraints))
    return expr.replace(
        lambda e: isinstance(e, sympy.Indexed) and all(n.is_Integer for n in e.indices),
        lambda e: sympy.Symbol(f"{e.base.label}_{''.join(map(str, e.indices))}"),
    )


# A vectors marker may say, after K, what its vectors are, one definition after each ";":
# ``p = sparsemax(z)`` makes p_i entry i of a function of z (VECTOR_FUNCTIONS); any other
# ``lhs = rhs`` is read as a define marker reads it (``s_i = ...``, ``\tau = ...``,
# ``\lvert S \rvert = ...``), and ``z_i \in (-1, 1)`` is where z's components are drawn.
# They hold as long as the marker does, across its subheadings.
_APPLIED = re.compile(r"^(\w+)\s*=\s*(\w+)\s*\(\s*(\w+)\s*\)$")


_SORTED = re.compile(r"(?<![\\A-Za-z])([A-Za-z])_\{\(([^{}()]+)\)\}")  # z_{(j)}: j-th largest


_TUPLE_CALL = re.compile(r"\\(\w+)\s*\(\s*\(([^()]*)\)\s*\)_\{?(\d)\}?")  # after \bigl( is (


# "z_i \in (-1, 1)": where z's components are drawn
_DRAWN = re.compile(r"^\\?(\w+)_\{?[a-z]\}?\s*\\in\s*\(([^,]+),([^)]+)\)$")


_AT_MOST = re.compile(r"\\sum_\{(\w)\s*\\le\s*([^{}]+?)\s*\}")


def _nearest_in_simplex(z: tuple[Any, ...]) -> list[Any]:
    """The point of the probability simplex nearest to z (see _simplex_projection), computed
    once per point at the working precision: every entry and slope of a relation asks for it."""
    return _simplex_projection(z, mpmath.mp.prec)


@functools.cache
def _simplex_projection(z: tuple[Any, ...], precision: int) -> list[Any]:
    """The point of the probability simplex nearest to z, found as sparsemax's definition
    states it, without its threshold: the minimiser lies inside one face of the simplex, where
    it is z's projection onto that face's plane, so it is the nearest of those projections
    that lie in the simplex (a vertex always does)."""
    best: tuple[Any, list[Any]] | None = None
    for size in range(1, len(z) + 1):
        for face in itertools.combinations(range(len(z)), size):
            shift = (1 - mpmath.fsum(z[n] for n in face)) / size
            p = [z[n] + shift if n in face else mpmath.mpf(0) for n in range(len(z))]
            distance = mpmath.fsum((a - b) ** 2 for a, b in zip(p, z, strict=True))
            if min(p) >= 0 and (best is None or distance < best[0]):
                best = (distance, p)
    assert best is not None
    return best[1]


def _sparsemax_entry(i: Any, *z: Any) -> Any:
    exact, mismatch = _checked_sparsemax(tuple(mpmath.mpf(v) for v in z), mpmath.mp.prec)
    if mismatch:
        raise ClaimError(mismatch)
    return exact[int(i) - 1]


@functools.cache
def _checked_sparsemax(z: tuple[Any, ...], precision: int) -> tuple[list[Any], str]:
    """The nearest point of the simplex to z, and what is wrong with actlib's sparsemax of z
    ("" if nothing), once per point and precision: a relation takes each of its K entries."""
    exact = _nearest_in_simplex(z)
    rounded = [float(v) for v in z]
    computed = actlib.sparsemax(np.array(rounded))
    # actlib's sparsemax is within a few float64 epsilons of the exact value (absolute, for
    # the float64 logits it is given); logits rounded to float64 move it by their rounding.
    moved = max(abs(mpmath.mpf(r) - v) for r, v in zip(rounded, z, strict=True))
    allowed = 8 * 2.0**-52 + 2 * moved
    worst = max(abs(mpmath.mpf(c) - e) for c, e in zip(computed, exact, strict=True))
    if worst > allowed:
        return exact, (
            f"actlib.sparsemax({rounded}) = {computed.tolist()}, but the nearest point of the "
            f"simplex is {[mpmath.nstr(e, 17) for e in exact]}"
        )
    return exact, ""


def _sparsemax_slope(i: Any, n: Any, *z: Any) -> Any:
    # Sparsemax is linear between changes of its support: a central difference is its slope.
    step = mpmath.mpf(10) ** -12
    up = [v + step * (m == int(n)) for m, v in enumerate(z, 1)]
    down = [v - step * (m == int(n)) for m, v in enumerate(z, 1)]
    rise = _nearest_in_simplex(tuple(up))[int(i) - 1] - _nearest_in_simplex(tuple(down))[int(i) - 1]
    return rise / (2 * step)


class SparsemaxEntry(sympy.Function):
    """Entry i (the first argument) of sparsemax of the rest, computed at each point."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        if argindex == 1:
            return sympy.S.Zero
        return SparsemaxSlope(self.args[0], argindex - 1, *self.args[1:])


class SparsemaxSlope(sympy.Function):
    """The derivative of sparsemax's entry i (the first argument) in its n-th logit."""


class SortedEntry(sympy.Function):
    """z_{(j)}: the j-th largest (j the first argument) of the rest."""


VECTOR_FUNCTIONS: dict[str, type[sympy.Function]] = {"sparsemax": SparsemaxEntry}


EXTRA_FUNCTIONS.update(
    {
        "SparsemaxEntry": SparsemaxEntry,
        "SortedEntry": SortedEntry,
        "clip": lambda u, low, high: sympy.Min(sympy.Max(u, low), high),
    }
)


MP_EXTRA.update(
    {
        "SparsemaxEntry": _sparsemax_entry,
        "SparsemaxSlope": _sparsemax_slope,
        # z_{(K+1)} is -inf: "the test fails at k + 1" holds at k = K, where there is none.
        "SortedEntry": lambda j, *z: ([*sorted(z, reverse=True), -mpmath.inf])[int(j) - 1],
    }
)


def _sorted_and_applied(text: str, vectors: Vectors) -> str:
    r"""``z_{(j)}`` is z's j-th largest component; ``\sparsemax\bigl((t, 0)\bigr)_1`` is entry 1
    of a function of VECTOR_FUNCTIONS at a vector written out; ``\sum_{j \le k}`` runs from 1."""

    def listed(name: str) -> str:
        return ", ".join(f"{name}_{{{n}}}" for n in range(1, vectors.length + 1))

    def sorted_entry(m: re.Match[str]) -> str:
        return rf"\SortedEntry({m[2]}, {listed(m[1])})" if m[1] in vectors.names else m[0]

    def applied(m: re.Match[str]) -> str:
        if m[1] not in VECTOR_FUNCTIONS:
            return m[0]
        return rf"\{VECTOR_FUNCTIONS[m[1]].__name__}({m[3]}, {m[2]})"

    text = _TUPLE_CALL.sub(applied, _SORTED.sub(sorted_entry, text))
    return _AT_MOST.sub(r"\\sum_{\1=1}^{\2}", text)


def vector_definitions(scope: Scope, page: str) -> None:
    """Read the definitions a vectors marker carries (see _APPLIED)."""
    assert scope.vectors is not None
    for clause in scope.vectors.definitions:
        lhs, _, rhs = (part.strip() for part in clause.partition("="))
        component = re.fullmatch(r"\\?(\w+)_\{?([a-z])\}?", lhs)
        if (m := _DRAWN.match(clause)) and m[1] in scope.vectors.names:
            for n in range(1, scope.vectors.length + 1):
                scope.domains[sympy.Symbol(f"{m[1]}_{n}")] = (number_of(m[2]), number_of(m[3]))
        elif (m := _APPLIED.match(clause)) and m[2] in VECTOR_FUNCTIONS:
            entries = [sympy.IndexedBase(m[3])[n] for n in range(1, scope.vectors.length + 1)]
            index = INDICES["i"]
            scope.components[m[1]] = sympy.Lambda(index, VECTOR_FUNCTIONS[m[2]](index, *entries))
        elif component and component[1] in scope.vectors.names:
            scope.components[component[1]] = sympy.Lambda(INDICES[component[2]], parse(rhs, scope))
        else:
            record_definition(
                Statement([lhs, rhs], ["eq"], ""), scope, Span(page, 0, clause, False)
            )


def vector_tuple(statement: Statement, scope: Scope) -> list[Statement] | None:
    """``p = (1, 0)`` with p a declared vector: one equality per component."""
    if scope.vectors is None or statement.ops != ["eq"]:
        return None
    name, value = (side.strip() for side in statement.sides)
    m = re.fullmatch(r"\((.*)\)", value)
    if name not in scope.vectors.names or not m:
        return None
    if name not in {*scope.components, *scope.vector_lets}:
        return None  # an input, not a claim: "for z = (1, 10^{-20})" (see is_condition)
    entries = split_top_level(m[1], re.compile(","))[0]
    if len(entries) != scope.vectors.length:
        raise ClaimError(
            f"`{name} = {value}` has {len(entries)} entries, the vectors {scope.vectors.length}"
        )
    return [
        Statement([f"{name}_{{{n}}}", entry.strip()], ["eq"], statement.condition)
        for n, entry in enumerate(entries, 1)
    ]


def _partials(text: str) -> str:
    r"""The operator ``\frac{\partial}{\partial B}`` applied to the rest of the side, as
    ``\PartialD`` (the other forms of a partial derivative are in _OWN_REWRITES)."""
    while (start := text.find(r"\frac{\partial}")) >= 0:
        _, after = _group(text, start + len(r"\frac"))
        denominator, end = _group(text, after)
        if not denominator.strip().startswith(r"\partial"):
            raise ClaimError(f"cannot read the derivative in `{text}`")
        variable = denominator.strip()[len(r"\partial") :].strip()
        text = text[:start] + rf"\PartialD({text[end:]}, {variable})"
    return text


def _group(text: str, at: int) -> tuple[str, int]:
    """The content of the ``{...}`` group at ``at``, and the offset after it."""
    while at < len(text) and text[at].isspace():
        at += 1
    if at >= len(text) or text[at] != "{":
        raise ClaimError(f"cannot read the derivative in `{text}`")
    depth, i = 0, at
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += (text[i] == "{") - (text[i] == "}")
        if depth == 0:
            return text[at + 1 : i], i + 1
        i += 1
    raise ClaimError(f"unbalanced braces in `{text}`")


def number_of(latex: str) -> float:
    text = latex.strip().replace("\\infty", "oo")
    if text in ("oo", "+oo"):
        return 50.0
    if text == "-oo":
        return -50.0
    return float(sympy.sympify(text))


def marker_names(text: str) -> set[str]:
    return {n.strip().lstrip("\\") for n in text.split(",") if n.strip()}


def _head(side: str) -> str:
    """The name a left side defines: ``u`` for ``u(x)``, ``u`` or ``\\alpha``."""
    return re.sub(r"\s|(?:\\left)?\(.*\)$", "", _spelled(side)).lstrip("\\")


def defines_one_of(side: str, names: set[str]) -> bool:
    """Whether a left side defines one of ``names``: ``u``, ``u(x)``, ``y(x_1, x_2)``, not
    a value at a point (``y(1, 0)`` is a claim about y)."""
    arguments = re.search(r"\((.*)\)\s*$", side)
    if arguments and re.search(r"(?<![A-Za-z_{])\d", arguments[1]):
        return False
    return _head(side) in names


def _spelled(side: str) -> str:
    """A left side as the parser names it: \\operatorname{GELU}_{\\tanh}(x) is GELUtanh(x)."""
    for pattern, replacement in _OWN_REWRITES:
        side = re.sub(pattern, replacement, side)
    return side


def record_definition(statement: Statement, scope: Scope, span: Span) -> None:
    lhs = _spelled(statement.sides[0].strip())
    # A vector's definition keeps the components of others (a loss in s), see _meaning.
    rhs = parse(statement.sides[1], scope, expand=False)
    vector = re.fullmatch(r"\\?(\w+)_\{?([a-z])\}?", lhs)
    if scope.vectors is not None and vector and _vector_name(vector, scope.vectors):
        index = INDICES[vector[2]]
        scope.components[_vector_name(vector, scope.vectors)] = sympy.Lambda(index, rhs)
    elif scope.vectors is not None and lhs in scope.vectors.names:
        scope.components[lhs] = sympy.Lambda(ENTRY, rhs)  # g = dL/ds, at every entry
    elif m := re.fullmatch(r"\\?(\w+)\s*(?:\\left)?\(\s*(\w)\s*(?:\\right)?\)", lhs):
        arg = sympy.Symbol(m[2])
        scope.functions[m[1]] = sympy.Lambda(DUMMY, rhs.xreplace({arg: DUMMY}))
    elif m := re.fullmatch(r"\\?(\w+)\s*(?:\\left)?\(([\w\s,{}]+,[\w\s,{}]+)(?:\\right)?\)", lhs):
        # y(x_1, x_2) = ...: a function of several variables
        args = [lf._parse(a.strip(), ()) for a in m[2].split(",")]
        dummies = sympy.symbols(f"t0:{len(args)}", real=True)
        body = rhs.xreplace(dict(zip(args, dummies, strict=True)))
        scope.functions[m[1]] = sympy.Lambda(dummies, body)
    elif isinstance(symbol := parse_or_none(lhs), sympy.Symbol):
        scope.values[symbol] = rhs
    else:
        # Any other left side (\mathbb{E}[a]) stands, as written, for its right side.
        scope.literals[re.sub(r"\s+", "", lhs)] = statement.sides[1]


@functools.cache
def parse_or_none(latex: str) -> sympy.Basic | None:
    try:
        return lf._parse(latex, ())
    except lf.FormulaError:
        return None
