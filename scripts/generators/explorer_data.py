"""Write the explorer's registry data, ``javascripts/explorer-data.js``, from actlib, and the
playground's share of it, ``javascripts/playground-data.js``.

The list of activations, their display names, aliases, families (each under its page's
title, in the site's order), parameters (defaults, slider ranges, choices), SELU's
constants and the site's colours of f and f' all come from here, so a page and the
explorer can never disagree about them. The gated linear units
come as their gates: each names its element-wise gate g, which the explorer draws
with, and takes the value a as one more parameter, so f = a g(b) is drawn against b. So do f and f'
themselves: the LaTeX each registry entry prints is compiled to JavaScript (SymPy reads
it through ``latex_functions``, SymPy's JavaScript printer writes it), and the explorer
draws with it wherever ``docs/javascripts/explorer.js`` has no hand-written stable form.
f'' and each d f / d theta are compiled the same way, where the entry prints them, and are
always drawn as printed.
"""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sympy
from sympy.printing.codeprinter import PrintMethodNotImplementedError
from sympy.printing.jscode import JavascriptCodePrinter

import actlib
from actlib import Activation, Case, GatedActivation, Param, analysis
from actlib._core import _ALIASES
from actlib._types import Formula
from scripts import ROOT
from scripts.render.cells import FAMILY_TITLES
from scripts.shared import build, cache, latex_functions, plotting
from scripts.shared.latex_functions import FormulaError, live_branches

# The site's colours, and the LaTeX reader
INPUTS = ("scripts/shared/plotting.py", "scripts/shared/latex_functions.py")
TARGET = "javascripts/explorer-data.js"
# f'' and d f / d theta, in a file of their own: only a page that draws an explorer fetches
# it (explorer.js, when it mounts one), not the playground, which trains with f and f'.
HIGHER_TARGET = "javascripts/explorer-higher.js"
# The playground's share of the data: the element-wise functions and the colours, without
# the gated units and the families, which only the explorer draws and lists (some 0.5 KB
# less on the playground's page). A page with an explorer loads the whole explorer-data.js.
PLAYGROUND_TARGET = "javascripts/playground-data.js"
GLOBAL = "actlibExplorerData"
# What the compiled formulas call that Math lacks; explorer.js hands over its own.
SPECIAL_FUNCTIONS = ("erf", "erfc")
# A gated unit's value a, a slider in the explorer: by default the static figures' value.
VALUE = Param(plotting.GATED_VALUE, "a", slider=(-2.0, 2.0, 0.05))


def param_data(act: Activation | GatedActivation, name: str, param: Param) -> dict[str, Any]:
    """One parameter: its default and either its choices or its slider range."""
    entry: dict[str, Any] = {"default": param.default, "symbol": param.symbol}
    if param.choices is not None:
        entry["choices"] = list(param.choices)
    elif param.slider is not None:
        lo, hi, step = param.slider
        if not lo <= param.default <= hi:
            raise ValueError(
                f"{act.name}: the default {name}={param.default!r} lies outside its "
                f"slider range [{lo}, {hi}]"
            )
        entry["slider"] = [lo, hi, step]
    else:
        raise ValueError(
            f"{act.name}: parameter {name!r} needs Param.slider=(lo, hi, step) or "
            "Param.choices for the explorer"
        )
    return entry


def aliases(name: str) -> list[str]:
    """The other names actlib.get knows it by (Keras's and JAX's spellings, swish for
    silu): the explorer's filter finds a function by any of them."""
    return [alias for alias, target in _ALIASES.items() if target == name]


def activation_data(act: Activation) -> dict[str, Any]:
    return {
        "name": act.name,
        "display": act.display_name,
        "aliases": aliases(act.name),
        "family": act.family,
        "params": {name: param_data(act, name, p) for name, p in act.params.items()},
        # Fixed constants by their LaTeX symbol (SELU's \lambda and \alpha).
        "constants": dict(act.constants),
    }


def drawn_as_printed(act: GatedActivation) -> bool:
    """Whether a gated unit is drawn by its own printed formulas rather than as a g(b) with
    its gate's: when it has parameters its gate lacks and its printed f uses each of them
    (gpt-oss's clamped SwiGLU, whose limit and alpha reshape the gate and the value)."""
    gate = actlib.get(act.gate)
    foreign = set(act.params) - set(getattr(gate, "params", {}))
    return bool(foreign) and all(act.params[k].symbol in act.formula for k in foreign)


def gated_data(act: GatedActivation) -> dict[str, Any]:
    """A gated unit: its gate, and its parameters, the value a first; the others are the
    gate's, passed on by name (GEGLU's approximate is GELU's), as glu.py does, unless
    the unit is drawn by its own printed formulas (``own``)."""
    gate = actlib.get(act.gate)
    if not isinstance(gate, Activation):
        raise ValueError(f"{act.name}: its gate {act.gate!r} is not an element-wise activation")
    foreign = sorted(set(act.params) - set(gate.params))
    own = drawn_as_printed(act)
    if (foreign and not own) or "a" in act.params:
        raise ValueError(
            f"{act.name}: the explorer passes its parameters but the value a to the gate "
            f"{gate.name}, which has no {', '.join(foreign) or 'a'}"
        )
    params = {"a": VALUE, **act.params}
    return {
        "name": act.name,
        "display": act.display_name,
        "aliases": aliases(act.name),
        "family": act.family,
        "gate": gate.name,
        "params": {name: param_data(act, name, p) for name, p in params.items()},
        **({"own": True} if own else {}),
    }


def js_gated_formulas(act: GatedActivation) -> str:
    """``{f, df, da}`` of a gated unit drawn by its printed formulas, against its gate input
    ``x`` = b_i, the value a_i read as ``p.a``: f, d f / d b and d f / d a as printed."""
    symbols = {p.symbol: f"p.{name}" for name, p in act.params.items() if p.choices is None}
    symbols["a"] = "p.a"

    def in_b(formula: Formula) -> Formula:
        def swap(text: str) -> str:
            return text.replace("a_i", "a").replace("b_i", "x")

        if isinstance(formula, str):
            return swap(formula)
        return tuple(Case(swap(c.expr), swap(c.condition)) for c in formula)

    printed = [("f", "f", act.formula), ("df", "d f / d b", act.partial_b)]
    printed.append(("da", "d f / d a", act.partial_a))
    return (
        "{"
        + ",".join(
            f"{key}:{_compiled(act, label, in_b(formula), symbols)}"
            for key, label, formula in printed
        )
        + "}"
    )


# ---------------------------------------------------------------------------
# The printed formulas, compiled to JavaScript
# ---------------------------------------------------------------------------


class _Printer(JavascriptCodePrinter):
    """SymPy's JavaScript printer; an unknown function is an error, never a comment."""

    def __init__(self) -> None:
        super().__init__({"strict": True, "user_functions": {f: f for f in SPECIAL_FUNCTIONS}})


# Reading LaTeX is SymPy's ANTLR parser, in Python: nine tenths of this generator's time, and
# run again after any edit to actlib, which changes no printed formula. Each formula's code
# is kept in .cache/javascript-formulas/, by the formula, its symbols and what reads and
# prints it: the reader, this file, actlib's Case, and the pinned SymPy and ANTLR.
_FORMULA_CODE = cache.Store("javascript-formulas", ".js")


@functools.cache
def _formula_code_state() -> str:
    code = [
        cache.code_digest(path)
        for path in (
            Path(latex_functions.__file__),
            Path(__file__),
            Path(actlib.__file__).parent / "_types.py",
        )
    ]
    return cache.digest(*code, (ROOT / "requirements.lock").read_bytes(), sys.version)


def js_expression(formula: str | tuple[Case, ...], symbols: dict[str, str]) -> str:
    """:func:`compile_js_expression`, kept from build to build (``.cache/javascript-formulas/``)."""
    key = cache.digest(_formula_code_state(), repr(formula), json.dumps(sorted(symbols.items())))
    if (stored := _FORMULA_CODE.get(key)) is not None:
        return stored.decode("utf-8")
    code = compile_js_expression(formula, symbols)
    _FORMULA_CODE.put(key, code.encode("utf-8"))
    return code


def compile_js_expression(formula: str | tuple[Case, ...], symbols: dict[str, str]) -> str:
    r"""A formula (LaTeX, or a tuple of Cases) as one JavaScript expression in ``x``.

    ``symbols`` maps each LaTeX symbol to the JavaScript that reads its value
    (``\alpha`` -> ``p.alpha``), so that a slider moves it. A piecewise formula becomes
    nested ternaries, its conditions as printed; they split the real line (checked by
    tests/website/test_formulas.py), so the closing ``NaN`` is reached by NaN alone.
    """
    live = {latex: sympy.Symbol(js, real=True) for latex, js in symbols.items()}
    printer = _Printer()
    pieces = live_branches(formula, live)
    if len(pieces) == 1 and pieces[0].condition is sympy.true:
        return printer.doprint(pieces[0].expr)
    code = "NaN"
    for piece in reversed(pieces):
        code = f"{printer.doprint(piece.condition)} ? {printer.doprint(piece.expr)} : {code}"
    return code


def _compiled(act: Activation, label: str, formula: Formula, symbols: dict[str, str]) -> str:
    """One printed formula as ``(x,p,c)=>...``; one that cannot be compiled fails the build."""
    try:
        body = js_expression(formula, symbols)
    except (FormulaError, PrintMethodNotImplementedError) as err:
        raise ValueError(
            f"{act.name}: its printed {label}, `{actlib.to_latex(formula)}`, cannot be "
            f"compiled to JavaScript: {err}"
        ) from None
    return f"(x,p,c)=>{body}"


def _symbols(act: Activation) -> dict[str, str]:
    symbols = {p.symbol: f"p.{name}" for name, p in act.params.items() if p.choices is None}
    return symbols | {latex: f"c[{json.dumps(latex)}]" for latex in act.constants}


def js_formulas(act: Activation) -> str:
    """``{f, df[, at]}`` of an activation as a JavaScript object literal, its functions of
    ``(x, p, c)``: p the parameters by name, c the constants by LaTeX symbol.

    A categorical parameter has no symbol: the printed formula is the function at its
    default (GELU's is the exact form), so the entry says where it holds (``at``).
    """
    symbols = _symbols(act)
    # f' as printed, not diff(f): it is what the page shows, with actlib's value at a kink.
    printed = [("f", "f", act.formula), ("df", "f'", act.derivative_formula)]
    entry = [f"{key}:{_compiled(act, label, formula, symbols)}" for key, label, formula in printed]
    at = {name: p.default for name, p in act.params.items() if p.choices is not None}
    if at:
        entry.append(f"at:{json.dumps(at, separators=(',', ':'))}")
    return "{" + ",".join(entry) + "}"


def js_higher_formulas(act: Activation) -> str:
    """``{[d2f][, dp]}``: f'' and, in ``dp``, d f / d theta for each real parameter, where
    the registry entry prints them (they hold where its f and f' do: ``at``)."""
    symbols = _symbols(act)
    entry = []
    if act.second is not None and act.second_derivative_formula:
        second = _compiled(act, "f''", act.second_derivative_formula, symbols)
        entry.append(f"d2f:{second}")
    partials = [
        f"{json.dumps(name)}:{_compiled(act, f'd f / d {name}', formula, symbols)}"
        for name, formula in act.param_derivative_formulas.items()
    ]
    if partials:
        entry.append("dp:{" + ",".join(partials) + "}")
    return "{" + ",".join(entry) + "}"


def families() -> list[dict[str, Any]]:
    """The families the explorer can draw, in the site's order, each with its page's title
    and its drawable members in teaching order (the vector functions are not drawn)."""
    drawable = {act.name for act in [*elementwise(), *gated()]}
    groups = []
    for family, title in FAMILY_TITLES.items():
        members = [act.name for act in actlib.family(family) if act.name in drawable]
        if members:
            groups.append({"family": family, "title": title, "members": members})
    untitled = drawable - {name for group in groups for name in group["members"]}
    if untitled:
        raise ValueError(
            f"the explorer would leave out {', '.join(sorted(untitled))}: their family has no "
            "title in scripts/render/cells.py FAMILY_TITLES"
        )
    return groups


def explorer_data() -> dict[str, Any]:
    themes = {
        theme.name: {k: v for k, v in asdict(theme).items() if k != "name"}
        for theme in plotting.THEMES
    }
    return {
        "functions": [activation_data(a) for a in elementwise()],
        "gated": [gated_data(a) for a in gated()],
        "families": families(),
        "themes": themes,
        "vanishingThreshold": analysis.VANISHING,
    }


def playground_data() -> dict[str, Any]:
    """What the playground reads of :func:`explorer_data`; ``playgroundOnly`` tells the
    page's loader that an explorer still needs explorer-data.js."""
    return {**explorer_data(), "gated": [], "families": [], "playgroundOnly": True}


def elementwise() -> list[Activation]:
    return [actlib.get(name) for name in actlib.names(kind="elementwise")]


def gated() -> list[GatedActivation]:
    return [actlib.get(name) for name in actlib.names(kind="gated")]


def to_script(data: dict[str, Any], formulas: dict[str, str]) -> str:
    """The data and the formulas as JavaScript; compact, as every page with an explorer loads it.

    The formulas are a function of the special functions they call, so that they use
    the explorer's own: ``printed({erf, erfc})`` gives ``{name: {f, df[, at]}}``.
    """
    try:
        body = json.dumps(data, separators=(",", ":"), allow_nan=False, ensure_ascii=False)
    except ValueError as err:  # NaN or infinity: not valid in JavaScript source as JSON
        raise ValueError(f"explorer data must be finite numbers: {err}") from None
    entries = "".join(f"{json.dumps(name)}:{code},\n" for name, code in formulas.items())
    special = ",".join(SPECIAL_FUNCTIONS)
    return (
        "// Generated by scripts/generators/explorer_data.py from actlib.\n"
        f"window.{GLOBAL} = {body};\n"
        "// f and f' as each registry entry prints them, compiled from its LaTeX.\n"
        f"window.{GLOBAL}.printed = ({{{special}}}) => ({{\n{entries}}});\n"
    )


def to_higher_script(formulas: dict[str, str]) -> str:
    """f'' and d f / d theta as JavaScript, added to the data ``to_script`` defines."""
    entries = "".join(f"{json.dumps(name)}:{code},\n" for name, code in formulas.items())
    special = ",".join(SPECIAL_FUNCTIONS)
    return (
        "// Generated by scripts/generators/explorer_data.py from actlib.\n"
        "// f'' and d f / d theta as each registry entry prints them, compiled from its LaTeX.\n"
        f"window.{GLOBAL}.printedHigher = ({{{special}}}) => ({{\n{entries}}});\n"
    )


def generate(out: Path) -> None:
    # Every formula compiles before anything is written: a bad one fails the build.
    elementwise_formulas = {act.name: js_formulas(act) for act in elementwise()}
    gated_formulas = {act.name: js_gated_formulas(act) for act in gated() if drawn_as_printed(act)}
    higher = {act.name: js_higher_formulas(act) for act in elementwise()}
    path = out / TARGET
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        to_script(explorer_data(), elementwise_formulas | gated_formulas), encoding="utf-8"
    )
    (out / HIGHER_TARGET).write_text(to_higher_script(higher), encoding="utf-8")
    (out / PLAYGROUND_TARGET).write_text(
        to_script(playground_data(), elementwise_formulas), encoding="utf-8"
    )


if __name__ == "__main__":
    build.main(sys.modules[__name__])
