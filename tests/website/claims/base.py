"""What every part of the equation checker shares: its precision, the error it raises, a span and a
marker of a page, and the scope a span is read in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy

DIGITS = 50


EQUAL_REL = mpmath.mpf(10) ** -30


SAMPLES = 12


APPROX_REL = 0.01


# Functions a page may name beyond those of the formulas (latex_functions.NAMED_FUNCTIONS).
DUMMY = sympy.Symbol("t", real=True)


X_SYMBOL = sympy.Symbol("x")


GREEK = re.compile(r"\\(alpha|beta|gamma|delta|epsilon|zeta|eta|theta|kappa|lambda|mu|nu|xi|"
                    r"rho|tau|omega|psi|chi)(?![a-zA-Z])")  # fmt: skip


class ClaimError(AssertionError):
    """A claim that is false, or that the checker cannot read; the message says where."""


class NoCaseHolds(sympy.Function):
    """The value of a cases block at an x that none of its conditions covers."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return NoCaseHolds(self.args[0])


def no_case_holds(x: Any) -> Any:
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


# ``<!-- vectors: z, s, y; K = 3 -->`` lasts until the next heading of the same or a higher
# level: z_i, s_j, y_1 are components of vectors of length K, and i, j, k, l are indices;
# a sum without limits runs over all K, ``\max_k z_k`` is the largest component,
# ``\delta_{ij}`` is Kronecker's. A relation with free indices must hold at every value.
INDICES = {c: sympy.Symbol(c, integer=True, positive=True) for c in "ijkl"}


# A relation between whole vectors (g = dL/ds, dL/dz = s - y) holds at every entry: a bare
# vector name is its component at this index, a free index like any other.
ENTRY = sympy.Symbol("entry", integer=True, positive=True)


@dataclass(frozen=True)
class Vectors:
    level: int
    length: int
    names: frozenset[str]
    # "; p = sparsemax(z); \tau = ...": definitions that last as long as the marker does
    definitions: tuple[str, ...] = ()


@dataclass(frozen=True)
class VectorBinding:
    """What ``<!-- let: s = softmax -->`` binds in a vectors scope: s_i is actlib's
    formula of the activation in the logits z, and ``softmax(u)`` that formula at u."""

    activation: str
    component: sympy.Lambda  # i -> the i-th output, in the logits z

    def at(self, argument: sympy.Expr) -> sympy.Expr:
        """The activation of a vector given at one entry (z + c: z_entry + c), at that entry."""
        body = self.component.expr.xreplace({self.component.variables[0]: ENTRY})
        return body.replace(
            lambda e: isinstance(e, sympy.Indexed) and str(e.base.label) == "z",
            lambda e: argument.xreplace({ENTRY: e.indices[0]}),
        )


@dataclass(frozen=True)
class Binding:
    """What ``<!-- let: f = NAME ... -->`` binds: f, f' as actlib prints them, and the
    parameters: a live one (``beta=\\beta``) is drawn from its range, another is its value."""

    name: str
    function: sympy.Lambda
    derivative: sympy.Lambda
    ranges: dict[sympy.Symbol, tuple[float, float]]
    bound: dict[sympy.Symbol, sympy.Expr]
