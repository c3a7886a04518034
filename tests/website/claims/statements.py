"""A span's relations: the chains ``side op side ...`` it states, and which of them are conditions
rather than claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.shared import latex_functions as lf
from tests.website.claims.base import Scope

_RELATION_TOKENS = [
    (r"\\approx(?![a-zA-Z])", "approx"),
    (r"\\neq?(?![a-zA-Z])", "ne"),
    (r"\\leq?(?![a-zA-Z])|\\leqslant(?![a-zA-Z])", "le"),
    (r"\\geq?(?![a-zA-Z])|\\geqslant(?![a-zA-Z])", "ge"),
    (r"\\lt(?![a-zA-Z])|<", "lt"),
    (r"\\gt(?![a-zA-Z])|>", "gt"),
    (r"=", "eq"),
]


RELATION = re.compile("|".join(f"(?:{p})" for p, _ in _RELATION_TOKENS))


# What joins two statements in one span: implications, and a comma or quad between them.
_STATEMENT_BREAK = re.compile(
    r"\\(?:Longrightarrow|Rightarrow|implies|iff|Longleftrightarrow)(?![a-zA-Z])"
    r"|,\s*\\q?quad(?![a-zA-Z])|\\qquad(?![a-zA-Z])|\\text\{\s*(?:and|so|hence|i\.e\.)\s*\}"
)


# A condition written after a statement: "\quad \text{for } x > 0".
_TRAILING_CONDITION = re.compile(
    r"(?:,\s*)?(?:\\q?quad\s*)?\\text\{\s*(?:for|if|when|where)\s*\}(?P<cond>[^&]*)$"
)


def relation_name(token: str) -> str:
    for pattern, name in _RELATION_TOKENS:
        if re.fullmatch(pattern, token):
            return name
    raise ValueError(token)


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


def split_top_level(text: str, pattern: re.Pattern[str]) -> tuple[list[str], list[str]]:
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
    rows, _ = split_top_level(protected, re.compile(r"\\\\"))
    chains: list[str] = []
    for row in rows:
        row = row.replace("&", " ").strip()
        if not row:
            continue
        # A row that opens with a relation continues the chain; one that opens with an
        # operator (after the indent \quad) continues the side before it, broken over lines.
        if chains and (RELATION.match(row) or lf.CONTINUED_ROW.match(row)):
            chains[-1] += " " + row
        else:
            chains.append(row)
    out = []
    for chain in chains:
        for part in split_top_level(chain, _STATEMENT_BREAK)[0]:
            part = part.strip().rstrip(".,;").strip()
            condition = ""
            if cond := _TRAILING_CONDITION.search(part):
                condition = cond["cond"].strip().rstrip(".,;")
                part = part[: cond.start()].strip().rstrip(",")
            # A cases block goes back in after the split: its conditions are not relations.
            sides, seps = split_top_level(part, RELATION)
            if not seps:
                continue
            for index, m in enumerate(cases):
                sides = [s.replace(f"@CASES{index}@", m.group(0)) for s in sides]
            out.append(
                Statement([s.strip() for s in sides], [relation_name(s) for s in seps], condition)
            )
    return out


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


def both_signs(found: list[Statement]) -> list[Statement]:
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
