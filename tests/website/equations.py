r"""Every equation a reader reads is a claim, and a claim is checked.

:func:`check_page` reads a Markdown page top to bottom, takes every math span (``$...$``
and ``$$...$$``) that states a relation (``=``, ``\approx``, ``<``, ``\le``, ``>``, ``\ge``,
``\ne``) and verifies it with SymPy and mpmath: both sides are read as expressions, the
page's own definitions and the named functions (``latex_functions``) are substituted, and
the relation must hold at many points, evaluated with 50 significant digits.

What a span may use
    ``x`` and any other letter are variables, sampled at seeded random points (Latin
    letters in (-4, 4), Greek letters, the parameters, in (0.1, 3)); the named functions
    (sigma, tanh, softplus, Phi, ...); primes (``\sigma'(x)``, ``u''(x)``) are derivatives;
    ``\lim_{x \to a}`` is a limit; a ``cases`` block is a piecewise function; a series
    ``\sum_{n \ge 0}`` runs to infinity; ``\mathbb E[g(z)]`` of a normal variable (declared
    by a span ``z \sim \mathcal N(0, 1)`` earlier in the section, or in E's subscript) is the
    integral of g against its density, by quadrature; a let-bound function with a live
    parameter takes it after a semicolon, ``\operatorname{CELU}(x; \alpha)``.

Markers, on their own line before the paragraph or display they apply to (up to the next
blank line); a heading ends every definition and ``let``:

    ``<!-- define: u, v -->``
        In that paragraph the equations whose left side is ``u``, ``u(x)``, ``v`` or
        ``v(x)`` define it; later spans use the definition (a wrong definition makes the
        steps that use it fail).
    ``<!-- let: f = elu alpha=1.5 -->``
        Until the next heading of the same or a higher level, ``f`` is that actlib
        activation, read from its metadata formula (its derivative from the formula's).
    ``<!-- assume: x > 0 -->``
        The next span that states a relation holds where these conditions do (several,
        separated by ``;``); the points are drawn there.
    ``<!-- unchecked: REASON -->``
        The next span that states a relation is not a claim a test can read (notation, a schematic
        shape, a floating-point statement checked elsewhere). The reason is required, and
        :func:`unchecked_markers` lists them all for review.

What is not a claim, by rule (no marker needed)
    * a condition or a location: a relation between a bare variable and constants or other
      bare variables (``x > 0``, ``-3 < x < 3``, ``x = 0``, ``\lvert x \rvert \ge 3``);
      ``\approx`` is never a condition;
    * set membership (``p \in (0, 1)``), which also restricts where that variable is drawn
      in the rest of the section;
    * a span with a macro (``{{ fact(...) }}``): its value comes from actlib at build time.

An ``\approx`` holds to half a unit in the last digit written on its literal side
(``\approx 709.78``: within 0.005), or to 1% where neither side is a literal number. An
``=`` holds to 30 significant digits.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy.core.function import AppliedUndef
from sympy.parsing.latex import parse_latex

import actlib
from scripts.shared import latex_functions as lf

DIGITS = 50
EQUAL_REL = mpmath.mpf(10) ** -30
SAMPLES = 12
APPROX_REL = 0.01

# Functions a page may name beyond those of the formulas (latex_functions.NAMED_FUNCTIONS).
_T = sympy.Symbol("t", real=True)
_X = sympy.Symbol("x")
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

_RELATION_TOKENS = [
    (r"\\approx(?![a-zA-Z])", "approx"),
    (r"\\neq?(?![a-zA-Z])", "ne"),
    (r"\\leq?(?![a-zA-Z])|\\leqslant(?![a-zA-Z])", "le"),
    (r"\\geq?(?![a-zA-Z])|\\geqslant(?![a-zA-Z])", "ge"),
    (r"\\lt(?![a-zA-Z])|<", "lt"),
    (r"\\gt(?![a-zA-Z])|>", "gt"),
    (r"=", "eq"),
]
_RELATION = re.compile("|".join(f"(?:{p})" for p, _ in _RELATION_TOKENS))
# What joins two statements in one span: implications, and a comma or quad between them.
_STATEMENT_BREAK = re.compile(
    r"\\(?:Longrightarrow|Rightarrow|implies|iff|Longleftrightarrow)(?![a-zA-Z])"
    r"|,\s*\\q?quad(?![a-zA-Z])|\\qquad(?![a-zA-Z])|\\text\{\s*(?:and|so|hence|i\.e\.)\s*\}"
)
# A condition written after a statement: "\quad \text{for } x > 0".
_TRAILING_CONDITION = re.compile(
    r"(?:,\s*)?(?:\\q?quad\s*)?\\text\{\s*(?:for|if|when|where)\s*\}(?P<cond>[^&]*)$"
)
_MARKER = re.compile(r"<!--\s*(define|let|assume|unchecked|vectors|arbitrary)\s*:(.*?)-->", re.S)
_HEADING = re.compile(r"^(#{1,6})\s", re.M)
_DISPLAY = re.compile(r"\$\$(.*?)\$\$", re.S)
# Inline math may wrap onto the next line of its paragraph, never across a blank line.
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)((?:[^$\n]|\n(?![ \t]*\n))+?)(?<!\\)\$")
_BLANK = re.compile(r"\n[ \t]*\n")
_NOT_TEXT = [
    re.compile(r"\A---\n.*?\n---\n", re.S),  # front matter
    re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1", re.S | re.M),  # fenced code
    re.compile(r"`[^`\n]*`"),  # inline code
]
_GREEK = re.compile(r"\\(alpha|beta|gamma|delta|epsilon|zeta|eta|theta|kappa|lambda|mu|nu|xi|"
                    r"rho|tau|omega|psi|chi)(?![a-zA-Z])")  # fmt: skip


class ClaimError(AssertionError):
    """A claim that is false, or that the checker cannot read; the message says where."""


class NoCaseHolds(sympy.Function):
    """The value of a cases block at an x that none of its conditions covers."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return NoCaseHolds(self.args[0])


def _no_case_holds(x: Any) -> Any:
    raise ClaimError(f"no case of the cases block holds at x = {mpmath.nstr(x, 8)}")


@dataclass(frozen=True)
class Span:
    page: str
    line: int
    latex: str
    display: bool
    before_macro: bool = False  # "$f'(0) =$ {{ fact(...) }}": the macro completes it

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


@dataclass(frozen=True)
class Marker:
    page: str
    line: int
    kind: str
    text: str
    start: int  # offset in the page
    end: int  # offset of the end of the block it applies to


@dataclass
class Scope:
    """What a span may use: definitions, let-bound activations, assumptions, domains."""

    functions: dict[str, sympy.Lambda] = field(default_factory=dict)
    values: dict[sympy.Symbol, sympy.Expr] = field(default_factory=dict)
    domains: dict[sympy.Symbol, tuple[float, float]] = field(default_factory=dict)
    lets: dict[str, tuple[int, Binding]] = field(default_factory=dict)
    # A let in a subsection (g = identity) hides the page's (g = sigmoid) for that subsection only.
    hidden_lets: list[tuple[str, tuple[int, Binding]]] = field(default_factory=list)
    bound: dict[sympy.Symbol, tuple[int, sympy.Expr]] = field(default_factory=dict)
    literals: dict[str, str] = field(default_factory=dict)  # define: \mathbb{E}[a]
    # A parameter a let keeps as a symbol is drawn from its slider's range, while the let lasts.
    parameters: dict[sympy.Symbol, tuple[int, tuple[float, float]]] = field(default_factory=dict)
    vectors: Vectors | None = None  # <!-- vectors: ... -->, until its heading closes
    components: dict[str, sympy.Lambda] = field(default_factory=dict)  # define: s_i
    normal: dict[str, tuple[str, str]] = field(default_factory=dict)  # z \sim N(mean, variance)
    # <!-- let: s = softmax -->: the components of s, and softmax as a function of a vector.
    vector_lets: dict[str, tuple[int, VectorBinding]] = field(default_factory=dict)
    # define: y with sum_i y_i = 1: the last component, in terms of the others
    constraints: dict[sympy.Basic, sympy.Expr] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    span: Span
    kind: str  # "checked", "defined", "condition", "computed", "unchecked"
    detail: str = ""


# ---------------------------------------------------------------------------
# Reading a page
# ---------------------------------------------------------------------------


def _blank_out(text: str) -> str:
    for pattern in _NOT_TEXT:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def tokens(page: str, text: str) -> Iterator[tuple[int, str, Any]]:
    """(offset, kind, payload) for headings, markers and math spans, in page order."""
    clean = _blank_out(text)
    found: list[tuple[int, str, Any]] = []
    for m in _HEADING.finditer(clean):
        found.append((m.start(), "heading", len(m.group(1))))
    for m in _MARKER.finditer(clean):
        block = _BLANK.search(clean, m.end())
        end = block.start() if block else len(clean)
        line = _line(clean, m.start())
        found.append((m.start(), "marker", Marker(page, line, m[1], m[2].strip(), m.start(), end)))
    without_comments = re.sub(r"<!--.*?-->", lambda m: " " * len(m.group(0)), clean, flags=re.S)
    for m in _DISPLAY.finditer(without_comments):
        found.append((m.start(), "span", Span(page, _line(clean, m.start()), m[1], True)))
    inline_text = _DISPLAY.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), without_comments)
    for m in _INLINE.finditer(inline_text):
        completed = inline_text[m.end() :].lstrip().startswith("{{")
        span = Span(page, _line(clean, m.start()), m[1], False, completed)
        found.append((m.start(), "span", span))
    yield from sorted(found, key=lambda t: t[0])


# ---------------------------------------------------------------------------
# LaTeX -> SymPy
# ---------------------------------------------------------------------------

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
    greek = {f"\\{g}" for g in _GREEK.findall(latex)}
    # A subscripted name before "(" is a product too: W_2 (W_1 x + b_1) is W_2 times it.
    subscripted = set(re.findall(r"(?<![\\A-Za-z])[A-Za-z]_(?:\{\w+\}|\w)", latex))
    names = letters | greek | {s for s in subscripted if s[0] not in calls}
    return sorted(names - {c for c in calls} - {f"\\{c}" for c in calls})


def _replace_literal(text: str, literal: str, replacement: str) -> str:
    """``text`` with ``literal`` (written without spaces) replaced, whatever its spacing."""
    pattern = r"\s*".join(re.escape(c) for c in literal)
    return re.sub(pattern, lambda _: replacement, text)


# "z \sim \mathcal N(0, 1)": z is standard normal in the expectations of the section.
_NORMAL = re.compile(
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
        if m["under"] and (given := _NORMAL.match(m["under"])):
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
        expr = parse_latex(re.sub(r"\\(?:left|right)(?![A-Za-z])", "", prepared), strict=True)
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


def _extract_cases(latex: str, scope: Scope) -> tuple[str, dict[str, sympy.Expr]]:
    pieces: dict[str, sympy.Expr] = {}
    out = latex
    for index, m in enumerate(reversed(list(re.finditer(lf._CASES.pattern, latex, re.S)))):
        name = f"Xi_{{{index}}}"  # one symbol to the parser, replaced by the Piecewise
        rows = lf._cases(m.group(1))
        args = []
        for case in rows:
            expr = parse(case.expr, scope)
            cond = _condition(case.condition, scope)
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
        args.append((NoCaseHolds(_X), True))
        pieces[name] = sympy.Piecewise(*args)
        # A command: bare letters would be read as a product of one-letter symbols.
        out = out[: m.start()] + f" \\{name} " + out[m.end() :]
    return out, pieces


def _condition(latex: str, scope: Scope) -> sympy.Basic:
    text = latex.strip().rstrip(".,;")
    parts, seps = _split(text, _RELATION)  # not a relation inside braces: \sum_{j \le k}
    ops = [_op(t) for t in seps]
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


def _op(token: str) -> str:
    for pattern, name in _RELATION_TOKENS:
        if re.fullmatch(pattern, token):
            return name
    raise ValueError(token)


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
        return sympy.Lambda(_X, value).xreplace({}), primes
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
                body = sympy.diff(fn(_T), _T, primes)
                replacements[call] = body.subs(_T, call.args[0])
            else:
                replacements[call] = fn(*call.args)
        expr = expr.xreplace(replacements)
    for symbol in expr.free_symbols:
        base = symbol.name.rstrip("'")
        value = scope.values.get(sympy.Symbol(base))
        if base != symbol.name and value is not None:
            # u' of a variable defined as u = (expression in x): its derivative in x
            primes = len(symbol.name) - len(base)
            expr = expr.xreplace({symbol: sympy.diff(value, _X, primes)})
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
        return expr.doit().xreplace(scope.constraints)
    for _ in range(10):
        new = _components(expr.xreplace(values), scope)
        if new == expr:
            break
        expr = new
    # The parser leaves 2/3 as the unevaluated 2 * 3**-1, which lambdify would compute
    # in float64; doit() makes it the rational 2/3 (and evaluates limits and derivatives).
    return expr.doit().xreplace(scope.constraints)


# ---------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    sides: list[str]
    ops: list[str]
    condition: str  # a trailing "\text{for } ..." condition, or ""


def _top_level(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Where ``pattern`` matches outside every (), {} and [] pair."""
    depth_at = []
    depth = 0
    i = 0
    while i < len(text):
        depth_at.append(depth)
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in "{}[]()":
            depth_at.append(depth)
            i += 2
            continue
        depth += (text[i] in "({[") - (text[i] in ")}]")
        i += 1
    depth_at.append(depth)
    return [
        (m.start(), m.end())
        for m in pattern.finditer(text)
        if depth_at[m.start()] == 0 and not re.search(r"\\left\s*$", text[: m.start()])
    ]


def _split(text: str, pattern: re.Pattern[str]) -> tuple[list[str], list[str]]:
    at = _top_level(text, pattern)
    pieces, seps, start = [], [], 0
    for a, b in at:
        pieces.append(text[start:a])
        seps.append(text[a:b])
        start = b
    pieces.append(text[start:])
    return pieces, seps


def statements(latex: str) -> list[Statement]:
    """The relations a span states, each as a chain ``side op side op side ...``."""
    body = re.sub(r"\\(?:begin|end)\{(?:aligned|align\*?|gathered|split)\}", " ", latex)
    cases = list(re.finditer(lf._CASES.pattern, body, re.S))
    protected = body
    for index, m in reversed(list(enumerate(cases))):
        protected = protected[: m.start()] + f"@CASES{index}@" + protected[m.end() :]
    rows, _ = _split(protected, re.compile(r"\\\\"))
    chains: list[str] = []
    for row in rows:
        row = row.replace("&", " ").strip()
        if not row:
            continue
        if chains and _RELATION.match(row):
            chains[-1] += " " + row
        else:
            chains.append(row)
    out = []
    for chain in chains:
        for part in _split(chain, _STATEMENT_BREAK)[0]:
            part = part.strip().rstrip(".,;").strip()
            condition = ""
            if cond := _TRAILING_CONDITION.search(part):
                condition = cond["cond"].strip().rstrip(".,;")
                part = part[: cond.start()].strip().rstrip(",")
            # A cases block goes back in after the split: its conditions are not relations.
            sides, seps = _split(part, _RELATION)
            if not seps:
                continue
            for index, m in enumerate(cases):
                sides = [s.replace(f"@CASES{index}@", m.group(0)) for s in sides]
            out.append(Statement([s.strip() for s in sides], [_op(s) for s in seps], condition))
    return out


# ---------------------------------------------------------------------------
# Evaluating
# ---------------------------------------------------------------------------

# A bare variable may carry a sign: "x < -\lambda" and "x = +\lambda" are locations too.
_SIMPLE_VARIABLE = re.compile(
    r"^\s*[-+−]?\s*(?:\\[lr]vert\s*|\\left\s*\|\s*|\|\s*)?"
    r"(?:[A-Za-z]|\\[a-zA-Z]+)(?:_\{?\w+\}?)?"
    r"(?:\s*\\[lr]vert|\s*\\right\s*\||\s*\|)?\s*$"
)
_CONSTANT = re.compile(
    r"^\s*[-+−]?\s*(?:\d+(?:\.\d+)?|\\infty|\\pi|\\tfrac\d\d|\\frac\{\d+\}\{\d+\}"
    r"|10\^\{?[-−]?\d+\}?)\s*$"
)


_RANGE = re.compile(r"^\s*\d+\s*,\s*\\[lc]?dots\s*,\s*\w+(?:\s*/\s*\d+)?\s*$")  # ..., K/2
# A point given by its coordinates, each a constant: "z = (1000, 0)".
_POINT = re.compile(rf"^\s*\((?:{_CONSTANT.pattern[1:-1]},)+{_CONSTANT.pattern[1:-1]}\)\s*$")


def is_condition(statement: Statement, scope: Scope) -> bool:
    """A bound or a location: bare variables against constants (and each other)."""
    if "approx" in statement.ops:
        return False
    sides = [s.strip() for s in statement.sides]
    if statement.ops == ["eq"] and sides[0] == "x" and not re.search(r"(?<![\\A-Za-z])x", sides[1]):
        return True  # a place on the x-axis: "x = k\pi/\omega for every integer k"
    if statement.ops == ["eq"] and _SIMPLE_VARIABLE.match(sides[0]) and _POINT.match(sides[1]):
        return True  # an example input: "for z = (1, 10^{-20})"
    variables = [s for s in statement.sides if _SIMPLE_VARIABLE.match(s)]
    others = [s for s in statement.sides if not _SIMPLE_VARIABLE.match(s)]
    if (
        set(statement.ops) == {"eq"}
        and len(variables) == 1
        and all(_RANGE.match(o) for o in others)
    ):
        return True  # an index's range: "i = 1, \dots, K"
    if not variables or any(not _CONSTANT.match(o) for o in others):
        return False
    # An inequality on a defined name (t < 1 with t = tanh(x)) is a claim about it, and so
    # is an equality with a signed one (u = -v with both defined).
    names = {re.sub(r"[\\|{}\s+\-−]|[lr]vert|left|right", "", v).split("_")[0] for v in variables}
    defined = names & {str(k) for k in scope.values} | names & set(scope.functions)
    if set(statement.ops) == {"eq"}:
        signed = any(v.strip()[:1] in "-+−" for v in variables)
        return not (signed and defined)  # a location: "at t = 0", "x = 3", "x = -\lambda"
    return not defined


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


_MP_EXTRA = {
    "Heaviside": lambda x, h=0.5: mpmath.mpf(1) if x > 0 else (mpmath.mpf(0) if x < 0 else h),
    "sign": mpmath.sign,
    "erfc": mpmath.erfc,
    "erf": mpmath.erf,
    "Max": max,
    "Min": min,
    "NoCaseHolds": lambda x: _no_case_holds(x),
}


@functools.cache
def _numeric(expr: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> Callable[..., Any]:
    return sympy.lambdify(symbols, expr, modules=[_MP_EXTRA, "mpmath"])


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
    return (0.1, 3.0) if _GREEK.fullmatch("\\" + symbol.name) else (-4.0, 4.0)


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
        low, high = lower.get(symbol), upper.get(symbol)
        if low is None:
            low = high - max(8.0, 4 * abs(high))  # type: ignore[operator]
        if high is None:
            high = low + max(8.0, 4 * abs(low))
        out[symbol] = (low, high)
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
        sympy.lambdify(symbols, c, modules=[_MP_EXTRA, "mpmath"])
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
    conditions = [_condition(c, scope) for c in texts if c.strip()]
    for at, sides_at, conditions_at in _index_cases(sides, conditions, scope):
        _check_sides(statement, sides_at, conditions_at, scope, where + at)
    return " ".join(statement.sides)


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


# ---------------------------------------------------------------------------
# Vectors: index notation over a small fixed length
# ---------------------------------------------------------------------------

# ``<!-- vectors: z, s, y; K = 3 -->`` lasts until the next heading of the same or a higher
# level: z_i, s_j, y_1 are components of vectors of length K, and i, j, k, l are indices;
# a sum without limits runs over all K, ``\max_k z_k`` is the largest component,
# ``\delta_{ij}`` is Kronecker's. A relation with free indices must hold at every value.
_INDICES = {c: sympy.Symbol(c, integer=True, positive=True) for c in "ijkl"}
# A relation between whole vectors (g = dL/ds, dL/dz = s - y) holds at every entry: a bare
# vector name is its component at this index, a free index like any other.
_ENTRY = sympy.Symbol("entry", integer=True, positive=True)
_VECTORS_SPEC = re.compile(
    r"^(?P<names>[^;]+);\s*K\s*=\s*(?P<length>\d)\s*(?:;(?P<definitions>.*))?$", re.S
)
_COMPONENT = re.compile(r"^(\w+)_\{(\w)\}$")
_KRONECKER = re.compile(r"^delta_\{(\w)\*?(\w)\}$")
# A declared name with two indices is a K x K matrix: w_{jk} (the weight from j to k).
_ENTRY_OF_MATRIX = re.compile(r"^(\w+)_\{(\w)\*?(\w)\}$")


@dataclass(frozen=True)
class Vectors:
    level: int
    length: int
    names: frozenset[str]
    # "; p = sparsemax(z); \tau = ...": definitions that last as long as the marker does
    definitions: tuple[str, ...] = ()


def _vectors(spec: str, level: int) -> Vectors:
    m = _VECTORS_SPEC.match(spec)
    if not m or not 2 <= int(m["length"]) <= 5:
        raise ClaimError(f"malformed vectors marker {spec!r}; use <!-- vectors: z, s; K = 3 -->")
    definitions = tuple(d.strip() for d in (m["definitions"] or "").split(";") if d.strip())
    return Vectors(level, int(m["length"]), frozenset(_names(m["names"])), definitions)


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


@dataclass(frozen=True)
class VectorBinding:
    """What ``<!-- let: s = softmax -->`` binds in a vectors scope: s_i is actlib's
    formula of the activation in the logits z, and ``softmax(u)`` that formula at u."""

    activation: str
    component: sympy.Lambda  # i -> the i-th output, in the logits z

    def at(self, argument: sympy.Expr) -> sympy.Expr:
        """The activation of a vector given at one entry (z + c: z_entry + c), at that entry."""
        body = self.component.expr.xreplace({self.component.variables[0]: _ENTRY})
        return body.replace(
            lambda e: isinstance(e, sympy.Indexed) and str(e.base.label) == "z",
            lambda e: argument.xreplace({_ENTRY: e.indices[0]}),
        )


def _vector_activation(spec: str, vectors: Vectors | None) -> tuple[str, VectorBinding] | None:
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


def _arbitrary(spec: str, scope: Scope, seed: str) -> None:
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


def _constrain(statement: Statement, scope: Scope, name: str) -> None:
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
    return sympy.Integer(letter) if letter.isdigit() else _INDICES[letter]


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
            if m[2].isdigit() or m[2] in _INDICES:
                meaning[symbol] = sympy.IndexedBase(_vector_name(m, scope.vectors))[_index(m[2])]
        elif (m := _ENTRY_OF_MATRIX.match(name)) and _vector_name(m, scope.vectors):
            matrix = sympy.IndexedBase(_vector_name(m, scope.vectors))
            meaning[symbol] = matrix[_index(m[2]), _index(m[3])]  # w_{jk}
        elif (m := _KRONECKER.match(name)) and {m[1], m[2]} <= {*_INDICES, *"12345"}:
            meaning[symbol] = sympy.KroneckerDelta(_index(m[1]), _index(m[2]))
        elif name in _INDICES:
            meaning[symbol] = _INDICES[name]
        elif name in scope.vectors.names:
            meaning[symbol] = sympy.IndexedBase(name)[_ENTRY]
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


def _index_cases(
    sides: list[sympy.Expr], conditions: list[sympy.Basic], scope: Scope
) -> list[tuple[str, list[sympy.Expr], list[sympy.Basic]]]:
    """(where, sides, conditions) at each value of the free indices (one case if none)."""
    if scope.vectors is None:
        return [("", sides, conditions)]
    everything = [*sides, *conditions]
    indices = {*_INDICES.values(), _ENTRY}
    free = sorted({s for e in everything for s in e.free_symbols} & indices, key=str)

    def plain(expr: sympy.Basic, at: dict[sympy.Symbol, int]) -> sympy.Basic:
        expr = sympy.sympify(expr.subs(at)).doit().xreplace(scope.constraints)
        return expr.replace(
            lambda e: isinstance(e, sympy.Indexed) and all(n.is_Integer for n in e.indices),
            lambda e: sympy.Symbol(f"{e.base.label}_{''.join(map(str, e.indices))}"),
        )

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
    exact = _nearest_in_simplex(tuple(mpmath.mpf(v) for v in z))
    rounded = [float(v) for v in z]
    computed = actlib.sparsemax(np.array(rounded))
    # actlib's sparsemax is within a few float64 epsilons of the exact value (absolute, for
    # the float64 logits it is given); logits rounded to float64 move it by their rounding.
    moved = max(abs(mpmath.mpf(r) - v) for r, v in zip(rounded, z, strict=True))
    allowed = 8 * 2.0**-52 + 2 * moved
    worst = max(abs(mpmath.mpf(c) - e) for c, e in zip(computed, exact, strict=True))
    if worst > allowed:
        raise ClaimError(
            f"actlib.sparsemax({rounded}) = {computed.tolist()}, but the nearest point of the "
            f"simplex is {[mpmath.nstr(e, 17) for e in exact]}"
        )
    return exact[int(i) - 1]


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
_MP_EXTRA.update(
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


def _vector_definitions(scope: Scope, page: str) -> None:
    """Read the definitions a vectors marker carries (see _APPLIED)."""
    assert scope.vectors is not None
    for clause in scope.vectors.definitions:
        lhs, _, rhs = (part.strip() for part in clause.partition("="))
        component = re.fullmatch(r"\\?(\w+)_\{?([a-z])\}?", lhs)
        if (m := _DRAWN.match(clause)) and m[1] in scope.vectors.names:
            for n in range(1, scope.vectors.length + 1):
                scope.domains[sympy.Symbol(f"{m[1]}_{n}")] = (_number(m[2]), _number(m[3]))
        elif (m := _APPLIED.match(clause)) and m[2] in VECTOR_FUNCTIONS:
            entries = [sympy.IndexedBase(m[3])[n] for n in range(1, scope.vectors.length + 1)]
            index = _INDICES["i"]
            scope.components[m[1]] = sympy.Lambda(index, VECTOR_FUNCTIONS[m[2]](index, *entries))
        elif component and component[1] in scope.vectors.names:
            scope.components[component[1]] = sympy.Lambda(_INDICES[component[2]], parse(rhs, scope))
        else:
            _define(Statement([lhs, rhs], ["eq"], ""), scope, Span(page, 0, clause, False))


def _vector_tuple(statement: Statement, scope: Scope) -> list[Statement] | None:
    """``p = (1, 0)`` with p a declared vector: one equality per component."""
    if scope.vectors is None or statement.ops != ["eq"]:
        return None
    name, value = (side.strip() for side in statement.sides)
    m = re.fullmatch(r"\((.*)\)", value)
    if name not in scope.vectors.names or not m:
        return None
    if name not in {*scope.components, *scope.vector_lets}:
        return None  # an input, not a claim: "for z = (1, 10^{-20})" (see is_condition)
    entries = _split(m[1], re.compile(","))[0]
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


# ---------------------------------------------------------------------------
# A page
# ---------------------------------------------------------------------------


def _activation_lambda(spec: str) -> Binding:
    """``f = elu alpha=1.5`` -> ("f", Lambda(t, f(t)))."""
    name, _, rest = spec.partition("=")
    words = rest.split()
    if not name.strip() or not words:
        raise ClaimError(f"malformed let marker {spec!r}; use <!-- let: f = NAME [p=v ...] -->")
    act = actlib.get(words[0])
    params: dict[str, Any] = {}
    live: dict[str, sympy.Symbol] = {}  # parameters kept as symbols: beta=\beta
    ranges: dict[sympy.Symbol, tuple[float, float]] = {}
    for word in words[1:]:
        key, _, value = word.partition("=")
        if key not in act.params:
            raise ClaimError(f"{act.name} has no parameter {key!r}")
        if re.fullmatch(r"\\?[A-Za-z]+", value):
            symbol = lf._parse(value, ())
            live[act.params[key].symbol] = symbol
            slider = act.params[key].slider
            ranges[symbol] = (float(slider[0]), float(slider[1])) if slider else (0.1, 3.0)
            continue
        try:
            params[key] = float(value)
        except ValueError:
            params[key] = value.strip("'\"")
    symbols = {**lf.activation_symbols(act, params), **live}
    bound = {
        lf.symbol_of(param.symbol): sympy.Float(value)
        for param_name, param in act.params.items()
        if param.symbol not in live
        and isinstance(value := params.get(param_name, param.default), (int, float))
        and not isinstance(value, bool)
    }
    # A constant (SELU's lambda and alpha) is its float64 value wherever the page writes it.
    constants = getattr(act, "constants", {})
    bound.update({lf.symbol_of(k): sympy.Float(v) for k, v in constants.items()})
    return Binding(
        _let_name(name),
        _piecewise(act.formula, symbols),
        _piecewise(act.derivative_formula, symbols),
        ranges,
        bound,
    )


def _piecewise(formula: Any, symbols: dict[str, Any]) -> sympy.Lambda:
    pieces = lf.live_branches(formula, symbols)
    if len(pieces) == 1:
        body = pieces[0].expr
    else:
        body = sympy.Piecewise(*((p.expr, p.condition) for p in pieces))
    return sympy.Lambda(_T, body.xreplace({lf.X: _T}))


@dataclass(frozen=True)
class Binding:
    """What ``<!-- let: f = NAME ... -->`` binds: f, f' as actlib prints them, and the
    parameters: a live one (``beta=\\beta``) is drawn from its range, another is its value."""

    name: str
    function: sympy.Lambda
    derivative: sympy.Lambda
    ranges: dict[sympy.Symbol, tuple[float, float]]
    bound: dict[sympy.Symbol, sympy.Expr]


def _let_name(name: str) -> str:
    """The name a call parses to: ``ReLU6`` is read as ``ReLU_{6}`` (see _OWN_REWRITES)."""
    name = re.sub(r"(?<=[A-Za-z])_(?=[A-Za-z])", "", name.strip())  # sparse_plus: sparseplus
    return re.sub(r"^([A-Za-z]+)(\d+)$", r"\1_{\2}", name)


_MEMBERSHIP = re.compile(
    r"^\s*(?P<var>[A-Za-z]|\\[a-z]+)\s*\\in\s*(?P<open>[(\[])\s*(?P<low>[^,]+),\s*(?P<high>[^)\]]+)[)\]]\s*$"
)


def _number(latex: str) -> float:
    text = latex.strip().replace("\\infty", "oo")
    if text in ("oo", "+oo"):
        return 50.0
    if text == "-oo":
        return -50.0
    return float(sympy.sympify(text))


def check_page(path: Path, root: Path) -> list[Outcome]:
    """Check every relation on one page; return what was done with each span.

    Raises :class:`ClaimError` listing every claim that is false or unreadable.
    """
    page = path.relative_to(root.parent).as_posix()  # docs/functions/logistic.md
    text = path.read_text(encoding="utf-8")
    scope = Scope()
    active: list[Marker] = []
    outcomes: list[Outcome] = []
    errors: list[str] = []
    found = list(tokens(page, text))
    defined: set[int] = set()  # offsets of spans already read as definitions
    for offset, kind, payload in found:
        for marker in active:
            if marker.end <= offset and marker.kind in ("unchecked", "assume"):
                errors.append(
                    f"{page}:{marker.line}: the {marker.kind} marker precedes no relation"
                )
        active = [m for m in active if m.end > offset]
        if kind == "heading":
            level = payload
            scope.functions.clear()
            scope.components.clear()
            scope.constraints.clear()
            scope.vector_lets = {k: v for k, v in scope.vector_lets.items() if v[0] < level}
            if scope.vectors is not None and scope.vectors.level >= level:
                scope.vectors = None
            scope.values.clear()
            scope.domains.clear()
            scope.literals.clear()
            scope.normal.clear()
            scope.lets = {k: v for k, v in scope.lets.items() if v[0] < level}
            for name, outer in reversed(scope.hidden_lets):
                if outer[0] < level and name not in scope.lets:
                    scope.lets[name] = outer
            scope.hidden_lets = [
                h for h in scope.hidden_lets if h[1][0] < level and scope.lets.get(h[0]) != h[1]
            ]
            scope.parameters = {k: v for k, v in scope.parameters.items() if v[0] < level}
            scope.bound = {k: v for k, v in scope.bound.items() if v[0] < level}
            if scope.vectors is not None and scope.vectors.definitions:
                _vector_definitions(scope, page)  # read without error at the marker
            continue
        if kind == "marker":
            if payload.kind == "let":
                try:
                    vector_let = _vector_activation(payload.text, scope.vectors)
                    if vector_let is not None:
                        level = _current_level(text, payload.start)
                        scope.vector_lets[vector_let[0]] = (level, vector_let[1])
                        continue
                    binding = _activation_lambda(payload.text)
                except (ClaimError, KeyError, lf.FormulaError) as err:
                    errors.append(f"{page}:{payload.line}: {err}")
                    continue
                level = _current_level(text, payload.start)
                if binding.name in scope.lets and scope.lets[binding.name][0] < level:
                    scope.hidden_lets.append((binding.name, scope.lets[binding.name]))
                scope.lets[binding.name] = (level, binding)
                scope.parameters.update({k: (level, r) for k, r in binding.ranges.items()})
                scope.bound.update({k: (level, v) for k, v in binding.bound.items()})
            elif payload.kind == "vectors":
                try:
                    scope.vectors = _vectors(payload.text, _current_level(text, payload.start))
                    _vector_definitions(scope, page)
                except ClaimError as err:
                    scope.vectors = None
                    errors.append(f"{page}:{payload.line}: {err}")
            elif payload.kind == "arbitrary":
                try:
                    _arbitrary(payload.text, scope, page)
                except ClaimError as err:
                    errors.append(f"{page}:{payload.line}: {err}")
            elif payload.kind == "unchecked" and not payload.text:
                errors.append(f"{page}:{payload.line}: an unchecked marker needs its reason")
            else:
                active.append(payload)
            if payload.kind == "define":
                # A paragraph may use a name before the words that define it ("write
                # sigma = u / v with u = ..."): its definitions are read first.
                names = _names(payload.text)
                for at, what, span in found:
                    if what == "span" and offset < at < payload.end:
                        try:
                            if _read_definitions(span, scope, names):
                                defined.add(at)
                        except ClaimError as err:
                            errors.append(str(err))
                        except Exception as err:  # any failure to read is a finding, with its place
                            errors.append(f"{span.where}: cannot read the definition: {err}")
                paragraph = [
                    (at, sp)
                    for at, what, sp in found
                    if what == "span" and offset < at < payload.end
                ]
                try:
                    solved = _solve_for(names, [sp for _, sp in paragraph], scope)
                    defined.update(at for at, sp in paragraph if sp in solved)
                except ClaimError as err:
                    errors.append(f"{page}:{payload.line}: {err}")
            continue
        span: Span = payload
        skip = next((m for m in active if m.kind == "unchecked"), None)
        if skip is not None and _states_relation(span):
            # An unchecked marker covers the one span after it that states a relation.
            active.remove(skip)
            outcomes.append(Outcome(span, "unchecked", skip.text))
            continue
        # An assume marker, too, covers the one span after it that states a relation.
        assumed = [m for m in active if m.kind == "assume"] if _states_relation(span) else []
        active = [m for m in active if m not in assumed]
        try:
            outcomes.append(_check_span(span, scope, [*active, *assumed], offset in defined))
        except ClaimError as err:
            message = str(err)
            errors.append(message if message.startswith(span.where) else f"{span.where}: {message}")
        except Exception as err:  # any failure to read is a finding, with its place
            errors.append(
                f"{span.where}: cannot check `{span.latex.strip()}`: {type(err).__name__}: {err}"
            )
    if errors:
        raise ClaimError("\n".join(errors))
    return outcomes


def _current_level(text: str, offset: int) -> int:
    headings = [len(m[1]) for m in _HEADING.finditer(_blank_out(text)[:offset])]
    return headings[-1] if headings else 0


def _states_relation(span: Span) -> bool:
    try:
        return "{{" not in span.latex and bool(statements(span.latex.strip()))
    except Exception:  # a span the splitter cannot read states what the marker says it does
        return True


def _names(text: str) -> set[str]:
    return {n.strip().lstrip("\\") for n in text.split(",") if n.strip()}


def _head(side: str) -> str:
    """The name a left side defines: ``u`` for ``u(x)``, ``u`` or ``\\alpha``."""
    return re.sub(r"\s|(?:\\left)?\(.*\)$", "", _spelled(side)).lstrip("\\")


def _defines(side: str, names: set[str]) -> bool:
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


def _solve_for(names: set[str], spans: list[Span], scope: Scope) -> set[Span]:
    """A name of a define marker that no equation of its paragraph starts with is defined
    by the first equation that holds it, solved for it: "z_i - m = h + \\ell" defines ell."""
    used: set[Span] = set()
    equations = [st for span in spans for st in statements(span.latex) if st.ops[0] == "eq"]
    direct = {name for name in names for st in equations if _defines(st.sides[0], {name})}
    for name in names - direct - (scope.vectors.names if scope.vectors else set()):
        symbol = _parse_or_none("\\" + name) if name.isalpha() and len(name) > 1 else None
        symbol = symbol if isinstance(symbol, sympy.Symbol) else _parse_or_none(name)
        if not isinstance(symbol, sympy.Symbol) or symbol in scope.values:
            continue
        spelled = rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])"
        for span in spans:
            found = [st for st in statements(span.latex) if st.ops == ["eq"]]
            if len(found) != 1 or not re.search(spelled, span.latex):
                continue
            sides = [parse(side, scope, expand=False) for side in found[0].sides]
            if len(found) == 1 and any(symbol in side.free_symbols for side in sides):
                solutions = sympy.solve(sides[0] - sides[1], symbol)
                if len(solutions) == 1:
                    scope.values[symbol] = solutions[0]
                    used.add(span)
                    break
    return used


def _read_definitions(span: Span, scope: Scope, names: set[str]) -> bool:
    """Record the definitions a span states of ``names``; whether it stated any."""
    if "{{" in span.latex:
        return False
    any_defined = False
    for statement in statements(span.latex):
        if _defines(statement.sides[0], names) and statement.ops[0] == "eq":
            _define(statement, scope, span)
            any_defined = True
        elif scope.vectors is not None and statement.ops == ["eq"]:
            # A constraint on a vector's components: "y_i \ge 0 with \sum_i y_i = 1"
            for name in names & scope.vectors.names:
                if re.search(rf"(?<![\\A-Za-z]){name}_", statement.sides[0]):
                    _constrain(statement, scope, name)
                    any_defined = True
    return any_defined


def _check_span(span: Span, scope: Scope, active: list[Marker], defined: bool = False) -> Outcome:
    latex = span.latex.strip()
    if "{{" in latex or "{%" in latex:
        return Outcome(span, "computed")
    if span.before_macro and re.search(rf"(?:{_RELATION.pattern})\s*$", latex):
        return Outcome(span, "computed")
    if m := _NORMAL.match(latex):
        scope.normal[m["var"]] = (m["mean"], m["variance"])
        return Outcome(span, "condition", "distribution")
    if m := _MEMBERSHIP.match(latex):
        var = lf._parse(m["var"], ())
        low, high = _number(m["low"]), _number(m["high"])
        scope.domains[var] = (low + 1e-9 * (m["open"] == "("), high)
        return Outcome(span, "condition", "membership")
    if "\\in" in latex and not _RELATION.search(latex.replace("\\in", "")):
        return Outcome(span, "condition", "membership")
    found = statements(latex)
    if not found:
        return Outcome(span, "none")
    defines = {n for m in active if m.kind == "define" for n in _names(m.text)}
    assumed = [m.text for m in active if m.kind == "assume"]
    accounts = []
    for statement in _both_signs(found):
        if _defines(statement.sides[0], defines) and statement.ops[0] == "eq":
            if not defined:
                _define(statement, scope, span)
            rest = Statement(statement.sides[1:], statement.ops[1:], statement.condition)
            if rest.ops:
                accounts.append(check_statement(rest, scope, assumed, span.where))
            continue
        if (components := _vector_tuple(statement, scope)) is not None:
            accounts += [check_statement(c, scope, assumed, span.where) for c in components]
            continue
        if is_condition(statement, scope):
            accounts.append("condition")
            continue
        accounts.append(check_statement(statement, scope, assumed, span.where))
    return Outcome(span, "checked", "; ".join(accounts))


def _both_signs(found: list[Statement]) -> list[Statement]:
    """A statement with \\pm (\\mp) is two: one with + (-), one with - (+)."""
    out = []
    for st in found:
        text = " ".join(st.sides)
        if "\\pm" not in text and "\\mp" not in text:
            out.append(st)
            continue
        for plus, minus in (("+", "-"), ("-", "+")):

            def sub(side: str, plus: str = plus, minus: str = minus) -> str:
                return re.sub(r"\\mp(?![a-z])", minus, re.sub(r"\\pm(?![a-z])", plus, side))

            out.append(Statement([sub(s) for s in st.sides], st.ops, sub(st.condition)))
    return out


def _define(statement: Statement, scope: Scope, span: Span) -> None:
    lhs = _spelled(statement.sides[0].strip())
    # A vector's definition keeps the components of others (a loss in s), see _meaning.
    rhs = parse(statement.sides[1], scope, expand=False)
    vector = re.fullmatch(r"\\?(\w+)_\{?([a-z])\}?", lhs)
    if scope.vectors is not None and vector and _vector_name(vector, scope.vectors):
        index = _INDICES[vector[2]]
        scope.components[_vector_name(vector, scope.vectors)] = sympy.Lambda(index, rhs)
    elif scope.vectors is not None and lhs in scope.vectors.names:
        scope.components[lhs] = sympy.Lambda(_ENTRY, rhs)  # g = dL/ds, at every entry
    elif m := re.fullmatch(r"\\?(\w+)\s*(?:\\left)?\(\s*(\w)\s*(?:\\right)?\)", lhs):
        arg = sympy.Symbol(m[2])
        scope.functions[m[1]] = sympy.Lambda(_T, rhs.xreplace({arg: _T}))
    elif m := re.fullmatch(r"\\?(\w+)\s*(?:\\left)?\(([\w\s,{}]+,[\w\s,{}]+)(?:\\right)?\)", lhs):
        # y(x_1, x_2) = ...: a function of several variables
        args = [lf._parse(a.strip(), ()) for a in m[2].split(",")]
        dummies = sympy.symbols(f"t0:{len(args)}", real=True)
        body = rhs.xreplace(dict(zip(args, dummies, strict=True)))
        scope.functions[m[1]] = sympy.Lambda(dummies, body)
    elif isinstance(symbol := _parse_or_none(lhs), sympy.Symbol):
        scope.values[symbol] = rhs
    else:
        # Any other left side (\mathbb{E}[a]) stands, as written, for its right side.
        scope.literals[re.sub(r"\s+", "", lhs)] = statement.sides[1]


def _parse_or_none(latex: str) -> sympy.Basic | None:
    try:
        return lf._parse(latex, ())
    except lf.FormulaError:
        return None


def unchecked_markers(docs: Path) -> list[str]:
    """Every ``unchecked`` marker on the pages, as "page:line: reason", for review."""
    out = []
    for path in sorted(docs.rglob("*.md")):
        text = _blank_out(path.read_text(encoding="utf-8"))
        for m in _MARKER.finditer(text):
            if m[1] == "unchecked":
                out.append(
                    f"{path.relative_to(docs).as_posix()}:{_line(text, m.start())}: {m[2].strip()}"
                )
    return out
