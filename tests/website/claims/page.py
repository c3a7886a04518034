"""A page checked top to bottom: markers open and close scopes, definitions are read before the
spans that use them, and every relation is checked or accounted for.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import pickle
import re
from pathlib import Path
from typing import Any

import sympy

import actlib
from scripts.shared import latex_functions as lf
from tests.website.claims.base import DUMMY, Binding, ClaimError, Marker, Outcome, Scope, Span
from tests.website.claims.evaluation import check_statement
from tests.website.claims.notation import (
    NORMAL,
    arbitrary_function,
    constrain,
    defines_one_of,
    marker_names,
    number_of,
    parse,
    parse_or_none,
    record_definition,
    vector_activation,
    vector_definitions,
    vector_tuple,
    vectors_marker,
)
from tests.website.claims.reading import current_level, tokens
from tests.website.claims.statements import (
    RELATION,
    Statement,
    both_signs,
    is_condition,
    statements,
)


@functools.cache
def _activation_lambda(spec: str) -> Binding:
    """``f = elu alpha=1.5`` -> ("f", Lambda(t, f(t))), read once per marker text: actlib's
    registry does not change during a run."""
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
        if re.fullmatch(r"\\?[A-Za-z]+(_\{?[A-Za-z0-9]+\}?)?", value):
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
    return sympy.Lambda(DUMMY, body.xreplace({lf.X: DUMMY}))


def _let_name(name: str) -> str:
    """The name a call parses to: ``ReLU6`` is read as ``ReLU_{6}`` (see _OWN_REWRITES)."""
    name = re.sub(r"(?<=[A-Za-z])_(?=[A-Za-z])", "", name.strip())  # sparse_plus: sparseplus
    return re.sub(r"^([A-Za-z]+)(\d+)$", r"\1_{\2}", name)


_MEMBERSHIP = re.compile(
    r"^\s*(?P<var>[A-Za-z]|\\[a-z]+)\s*\\in\s*(?P<open>[(\[])\s*(?P<low>[^,]+),\s*(?P<high>[^)\]]+)[)\]]\s*$"
)


# A folder that the processes of one test run share (tests/conftest.py sets it): each page's
# check is kept there under its name and text, so that a page checked by one pytest-xdist
# worker (test_equations.py) is not checked again by another (test_prose_numbers.py).
SHARED: Path | None = None


def check_page(path: Path, root: Path) -> list[Outcome]:
    """Check every relation on one page; return what was done with each span.

    Raises :class:`ClaimError` listing every claim that is false or unreadable.
    """
    page = path.relative_to(root.parent).as_posix()  # docs/functions/logistic.md
    text = path.read_text(encoding="utf-8")
    if SHARED is None:
        return _check_text(page, text)
    SHARED.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{page}\0{text}".encode()).hexdigest()
    kept = SHARED / f"{key}.pickle"
    with open(SHARED / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first process checks it, the others wait
        if not kept.exists():
            try:
                found: tuple[list[Outcome], str] = (_check_text(page, text), "")
            except ClaimError as err:
                found = ([], str(err))
            kept.write_bytes(pickle.dumps(found))
    outcomes, error = pickle.loads(kept.read_bytes())
    if error:
        raise ClaimError(error)
    return outcomes


def _check_text(page: str, text: str) -> list[Outcome]:
    """check_page of a page's name (docs/functions/logistic.md) and text."""
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
                vector_definitions(scope, page)  # read without error at the marker
            continue
        if kind == "marker":
            if payload.kind == "let":
                try:
                    vector_let = vector_activation(payload.text, scope.vectors)
                    if vector_let is not None:
                        level = current_level(text, payload.start)
                        scope.vector_lets[vector_let[0]] = (level, vector_let[1])
                        continue
                    binding = _activation_lambda(payload.text)
                except (ClaimError, KeyError, lf.FormulaError) as err:
                    errors.append(f"{page}:{payload.line}: {err}")
                    continue
                level = current_level(text, payload.start)
                if binding.name in scope.lets and scope.lets[binding.name][0] < level:
                    scope.hidden_lets.append((binding.name, scope.lets[binding.name]))
                scope.lets[binding.name] = (level, binding)
                scope.parameters.update({k: (level, r) for k, r in binding.ranges.items()})
                scope.bound.update({k: (level, v) for k, v in binding.bound.items()})
            elif payload.kind == "vectors":
                try:
                    scope.vectors = vectors_marker(payload.text, current_level(text, payload.start))
                    vector_definitions(scope, page)
                except ClaimError as err:
                    scope.vectors = None
                    errors.append(f"{page}:{payload.line}: {err}")
            elif payload.kind == "arbitrary":
                try:
                    arbitrary_function(payload.text, scope, page)
                except ClaimError as err:
                    errors.append(f"{page}:{payload.line}: {err}")
            elif payload.kind == "unchecked" and not payload.text:
                errors.append(f"{page}:{payload.line}: an unchecked marker needs its reason")
            else:
                active.append(payload)
            if payload.kind == "define":
                # A paragraph may use a name before the words that define it ("write
                # sigma = u / v with u = ..."): its definitions are read first.
                names = marker_names(payload.text)
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


def _states_relation(span: Span) -> bool:
    try:
        return "{{" not in span.latex and bool(statements(span.latex.strip()))
    except Exception:  # a span the splitter cannot read states what the marker says it does
        return True


def _solve_for(names: set[str], spans: list[Span], scope: Scope) -> set[Span]:
    """A name of a define marker that no equation of its paragraph starts with is defined
    by the first equation that holds it, solved for it: "z_i - m = h + \\ell" defines ell."""
    used: set[Span] = set()
    equations = [st for span in spans for st in statements(span.latex) if st.ops[0] == "eq"]
    direct = {name for name in names for st in equations if defines_one_of(st.sides[0], {name})}
    for name in names - direct - (scope.vectors.names if scope.vectors else set()):
        symbol = parse_or_none("\\" + name) if name.isalpha() and len(name) > 1 else None
        symbol = symbol if isinstance(symbol, sympy.Symbol) else parse_or_none(name)
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
        if defines_one_of(statement.sides[0], names) and statement.ops[0] == "eq":
            record_definition(statement, scope, span)
            any_defined = True
        elif scope.vectors is not None and statement.ops == ["eq"]:
            # A constraint on a vector's components: "y_i \ge 0 with \sum_i y_i = 1"
            for name in names & scope.vectors.names:
                if re.search(rf"(?<![\\A-Za-z]){name}_", statement.sides[0]):
                    constrain(statement, scope, name)
                    any_defined = True
    return any_defined


def _check_span(span: Span, scope: Scope, active: list[Marker], defined: bool = False) -> Outcome:
    latex = span.latex.strip()
    if "{{" in latex or "{%" in latex:
        return Outcome(span, "computed")
    if span.before_macro and re.search(rf"(?:{RELATION.pattern})\s*$", latex):
        return Outcome(span, "computed")
    if m := NORMAL.match(latex):
        scope.normal[m["var"]] = (m["mean"], m["variance"])
        return Outcome(span, "condition", "distribution")
    if m := _MEMBERSHIP.match(latex):
        var = lf._parse(m["var"], ())
        low, high = number_of(m["low"]), number_of(m["high"])
        scope.domains[var] = (low + 1e-9 * (m["open"] == "("), high)
        return Outcome(span, "condition", "membership")
    if "\\in" in latex and not RELATION.search(latex.replace("\\in", "")):
        return Outcome(span, "condition", "membership")
    found = statements(latex)
    if not found:
        return Outcome(span, "none")
    defines = {n for m in active if m.kind == "define" for n in marker_names(m.text)}
    assumed = [m.text for m in active if m.kind == "assume"]
    accounts = []
    for statement in both_signs(found):
        if defines_one_of(statement.sides[0], defines) and statement.ops[0] == "eq":
            if not defined:
                record_definition(statement, scope, span)
            rest = Statement(statement.sides[1:], statement.ops[1:], statement.condition)
            if rest.ops:
                accounts.append(check_statement(rest, scope, assumed, span.where))
            continue
        if (components := vector_tuple(statement, scope)) is not None:
            accounts += [check_statement(c, scope, assumed, span.where) for c in components]
            continue
        if is_condition(statement, scope):
            accounts.append("condition")
            continue
        accounts.append(check_statement(statement, scope, assumed, span.where))
    return Outcome(span, "checked", "; ".join(accounts))
