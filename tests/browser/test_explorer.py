"""The interactive explorer in headless Chromium: its math is actlib's, and it works.

The explorer draws with JavaScript formulas, so that a slider redraws at once: the
stable forms written in docs/javascripts/lib/formulas.js, and, for an activation without
one, the formulas its registry entry prints, compiled to JavaScript at build time by
scripts/generators/explorer_data.py. tests/modules/test_formulas.py pins both to actlib
under Node, every element-wise activation at several parameter values; here the bundle
the site ships is held to actlib too, every activation at its defaults, so that what the
page draws with is what Node tested. The gated linear units are drawn with their gates'
formulas against the gate input b, the value a a parameter: their three curves are pinned
to actlib's own f(a, b) and Jacobian. The rest drives the UI as a reader would:
mouse-free, with the keyboard.

Fixtures (``page``, ``page_log``, ``site_dir``, ``site_url``) are described in conftest.py.
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pytest

import actlib
from actlib import Case
from actlib._core import _ALIASES
from scripts.generators import explorer_data
from scripts.generators.explorer_data import js_expression, js_formulas
from scripts.render.cells import FAMILY_TITLES
from scripts.shared.plotting import DARK, GATED_VALUE, LIGHT
from tests.browser.test_accessibility import AXE, describe
from tests.modules.test_formulas import (
    CARD_RANGE,
    dense_grid,
    grid,
    printed_for,
    printed_tolerance,
    tolerance,
)
from tests.registry_cases import ELEMENTWISE, GATED

pytestmark = pytest.mark.browser

EXPLORER = "explorer/"
PHONE = {"width": 375, "height": 812}
BUDGET_BYTES = 100_000  # the explorer's code and data on one page, uncompressed
EXPLORER_FILES = (
    "javascripts/explorer.js",
    "javascripts/explorer-data.js",
    "javascripts/explorer-higher.js",
    "stylesheets/explorer.css",
)


def js_evaluate(
    page,
    name: str,
    params: dict[str, Any],
    xs: np.ndarray,
    printed: bool = False,
    wrt: str | None = None,
) -> dict[str, Any]:
    """f and f' as the explorer draws them; with ``printed``, by the printed formula; f''
    (``d2f``) and d f / d ``wrt`` (``dp``) where the registry prints them."""
    return page.evaluate(
        """([name, params, xs, printed, wrt]) => {
            try { return window.actlibExplorer.evaluate(name, params, xs, { printed, wrt }); }
            catch (err) { return { error: err.message }; }
        }""",
        [name, params, xs.tolist(), printed, wrt],
    )


def case_label(name: str, params: dict[str, Any]) -> str:
    return f"{name}({', '.join(f'{k}={v!r}' for k, v in params.items())})"


def first_disagreement(xs, got, want, tol) -> str:
    bad = ~(np.abs(got - want) <= tol)
    i = int(np.argmax(bad))
    rel = abs(got[i] - want[i]) / abs(want[i]) if want[i] else math.inf
    return (
        f"{int(bad.sum())} of {xs.size} points disagree; first at x = {float(xs[i])!r}: "
        f"JavaScript {float(got[i])!r}, actlib {float(want[i])!r} (relative difference {rel:.2e})"
    )


def assert_agrees(case: str, result: dict, act, params: dict, xs: np.ndarray, tol_of) -> None:
    """The explorer's f and f' at ``xs`` (``result``) agree with actlib's within ``tol_of``."""
    assert "error" not in result, f"{case}: {result.get('error')}"
    for kind, want in (("f", act(xs, **params)), ("df", act.derivative(xs, **params))):
        got = np.array(result[kind], dtype=float)
        tol = tol_of(xs, want)
        assert np.all(np.abs(got - want) <= tol), (
            f"{case} {kind}: {first_disagreement(xs, got, want, tol)}"
        )


# ---------------------------------------------------------------------------
# One implementation of the math
# ---------------------------------------------------------------------------


def test_the_shipped_bundle_draws_every_activation_as_actlib(page):
    """The explorer the site ships (explorer.js, bundled from lib/formulas.js) with the
    registry data the build wrote: every element-wise activation, at its defaults, over a
    card's range, agrees with actlib within the tolerance lib/formulas.js is held to under
    Node (tests/modules/test_formulas.py): its stable forms', else its printed formulas'."""
    page.goto(EXPLORER)
    assert page.evaluate("window.actlibExplorer.names()") == ELEMENTWISE
    stable = set(page.evaluate("Object.keys(window.actlibExplorer.formulas)"))
    for name in ELEMENTWISE:
        act = actlib.get(name)
        xs = grid(*CARD_RANGE, act.kinks, tails=False)
        result = js_evaluate(page, name, act.defaults, xs)
        tol_of = tolerance if name in stable else printed_tolerance
        assert_agrees(f"{case_label(name, act.defaults)}, shipped", result, act, {}, xs, tol_of)


# ---------------------------------------------------------------------------
# The gated linear units: f(a, b) = a g(b) against b, by their gates' formulas
# ---------------------------------------------------------------------------

# The value a: the figures' (the default), negative ones, the ends of its slider, and 0.
GATED_VALUES = [GATED_VALUE, -1.25, -2.0, 2.0, 0.0]
PARTIAL_A, PARTIAL_B = "\u2202f/\u2202a", "\u2202f/\u2202b"


def gated_cases(act: actlib.GatedActivation) -> list[dict[str, Any]]:
    """Each value a at the unit's defaults, and two of them at each other choice of its
    own parameters (GEGLU's approximate="tanh")."""
    cases: list[dict[str, Any]] = [{"a": a} for a in GATED_VALUES]
    for name, param in act.params.items():
        for choice in param.choices or ():
            if choice != param.default:
                cases += [{"a": a, name: choice} for a in (GATED_VALUE, -1.25)]
    return cases


def gated_actlib(act: actlib.GatedActivation, params: dict[str, Any], bs: np.ndarray) -> dict:
    """f, df/db and df/da at z = (a, b) for each b, from actlib's f and Jacobian."""
    own = {k: v for k, v in params.items() if k != "a"}
    bs = np.asarray(bs, dtype=float)
    z = act.join(np.full_like(bs, params["a"])[:, None], bs[:, None])
    # where join puts b in a pair: second in halves (a, b), first where interleaved (b, a)
    b_at = int(np.argmax(act.join(np.zeros((1, 1)), np.ones((1, 1)))[0]))
    jacobian = act.jacobian(z, **own)  # shape (n, 1, 2)
    return {
        "f": act(z, **own)[:, 0],
        "df": jacobian[:, 0, b_at],
        "da": jacobian[:, 0, 1 - b_at],
    }


def test_explorer_data_lists_each_gated_unit_with_its_gate(page):
    page.goto(EXPLORER)
    data = page.evaluate("window.actlibExplorerData.gated")
    assert [entry["name"] for entry in data] == GATED, "the gated units are not actlib's"
    for entry in data:
        act = actlib.get(entry["name"])
        assert (entry["display"], entry["family"], entry["gate"]) == (
            act.display_name,
            act.family,
            act.gate,
        )
        params = entry["params"]
        assert list(params) == ["a", *act.params], "the value a, then the unit's own"
        assert params["a"]["default"] == GATED_VALUE, "the explorer opens on the figures' a"
        lo, hi, _ = params["a"]["slider"]
        assert lo < 0 < GATED_VALUE < hi, "a moves across 0 and both signs"
        assert {k: params[k]["default"] for k in act.params} == act.defaults


@pytest.mark.parametrize("name", GATED)
def test_gated_units_match_actlib(page, name):
    """f = a g(b), df/db = a g'(b) and df/da = g(b) as the explorer draws them agree with
    actlib's f and Jacobian at z = (a, b), to 1e-9 relative, tails included."""
    act = actlib.get(name)
    gate = actlib.get(act.gate)
    bs = dense_grid([*gate.kinks, *GATED_VALUES])
    page.goto(EXPLORER)
    for params in gated_cases(act):
        result = js_evaluate(page, name, params, bs)
        case = case_label(name, params)
        assert "error" not in result, f"{case}: {result.get('error')}"
        for kind, want in gated_actlib(act, params, bs).items():
            assert kind in result, f"{case}: the explorer gives no {kind}"
            got = np.array(result[kind], dtype=float)
            tol = tolerance(bs, want)
            assert np.all(np.abs(got - want) <= tol), (
                f"{case} {kind}: {first_disagreement(bs, got, want, tol)}"
            )


def run_js(browser, code: str, xs: list[float], p: dict, c: dict) -> list[float]:
    """A compiled expression in x, p and c, evaluated at each x in a blank page."""
    blank = browser.new_page()
    try:
        return blank.evaluate(f"([xs, p, c]) => xs.map((x) => {code})", [xs, p, c])
    finally:
        blank.close()


def test_compiler_keeps_a_parameter_live_in_a_piecewise_formula(browser):
    celu = (Case("x", "x > 0"), Case(r"\alpha \left(e^{x/\alpha} - 1\right)", r"x \le 0"))
    code = js_expression(celu, {r"\alpha": "p.alpha"})
    xs = [-3.0, -0.5, 0.0, 0.25, 2.0]
    for alpha in (0.5, 2.0):
        got = run_js(browser, code, xs, {"alpha": alpha}, {})
        want = [x if x > 0 else alpha * math.expm1(x / alpha) for x in xs]
        assert got == pytest.approx(want, rel=1e-14, abs=0), f"alpha = {alpha}"


def test_compiler_reads_chained_conditions_parameters_and_constants(browser):
    clipped = (
        Case("m", r"x \le m"),
        Case(r"\lambda x", "m < x < M"),
        Case("M", r"x \ge M"),
    )
    code = js_expression(clipped, {"m": "p.lo", "M": "p.hi", r"\lambda": r'c["\\lambda"]'})
    xs = [-5.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0]
    got = run_js(browser, code, xs, {"lo": -1.0, "hi": 1.0}, {"\\lambda": 3.0})
    assert got == [-1.0, -1.0, -1.5, 0.0, 1.5, 1.0, 1.0]


@pytest.mark.parametrize(
    ("formula", "culprit"),
    [(r"\operatorname{foo}(x)", "foo"), ("x!", "factorial"), ("x + y", "y")],
)
def test_a_formula_that_cannot_be_compiled_fails_the_build(tmp_path, monkeypatch, formula, culprit):
    """Named, with what is wrong, and before anything is written."""
    broken = dataclasses.replace(actlib.get("elu"), derivative_formula=formula)
    with pytest.raises(ValueError, match=rf"^elu: its printed f'.*{culprit}"):
        js_formulas(broken)
    registry = explorer_data.elementwise()
    monkeypatch.setattr(explorer_data, "elementwise", lambda: [*registry, broken])
    with pytest.raises(ValueError, match=r"^elu: "):
        explorer_data.generate(tmp_path)
    assert not list(tmp_path.iterdir()), "a failed build wrote files"


def test_a_gated_unit_whose_gate_lacks_its_parameter_fails_the_build():
    """The explorer hands a gated unit's parameters, but the value a, to its gate; one its
    gate lacks is drawn only by the unit's own printed formulas, which must use it."""
    gamma = actlib.Param(1.0, r"\gamma", slider=(0.5, 2.0, 0.1))
    broken = dataclasses.replace(actlib.get("swiglu"), params={"gamma": gamma})
    assert not explorer_data.drawn_as_printed(broken)
    with pytest.raises(ValueError, match=r"^swiglu: .* silu, which has no gamma$"):
        explorer_data.gated_data(broken)
    assert explorer_data.gated_data(actlib.get("geglu"))["gate"] == "gelu"
    # the same parameter, written into the printed formulas: drawn by them
    own = dataclasses.replace(
        broken,
        formula=r"\gamma\,a_i\,b_i\,\sigma(b_i)",
        partial_a=r"\gamma\,b_i\,\sigma(b_i)",
        partial_b=r"\gamma\,a_i\,\sigma(b_i)\,\bigl(1 + b_i\,(1 - \sigma(b_i))\bigr)",
    )
    assert explorer_data.drawn_as_printed(own)
    assert explorer_data.gated_data(own)["own"] is True
    assert "p.gamma" in explorer_data.js_gated_formulas(own)


# ---------------------------------------------------------------------------
# The readout, as the explorer formats it
# ---------------------------------------------------------------------------

MINUS = "\u2212"


def format_number(value: float, digits: int = 6) -> str:
    """explorer.js's formatNumber: 6 significant digits, trailing zeros dropped, fixed
    notation for 1e-3 <= |v| < 1e5, else 1.23457e-18, and U+2212 for minus."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "\u221e" if value > 0 else MINUS + "\u221e"
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e5:
        text = f"{value:.{digits}g}"
    else:
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


def test_format_number_matches_the_javascript(page):
    """The Python twin above formats as the page does, so the readout test can use it."""
    page.goto(EXPLORER)
    values = [0.25, -0.15, 1.0, 4.25e-18, -1e-5, 123456.7, 0.001, 0.00099999, 99999.96, 1 / 3]
    got = page.evaluate("(vs) => vs.map((v) => window.actlibExplorer.formatNumber(v))", values)
    assert got == [format_number(v) for v in values]


def explorer_state(page, selector: str) -> dict[str, Any]:
    """The view of the explorer at ``selector``, once it has mounted (near the screen)."""
    state = page.wait_for_function(
        "(sel) => window.actlibExplorer?.stateOf(document.querySelector(sel))",
        arg=selector,
    )
    return state.json_value()


def readout_rows(page, explorer) -> dict[str, tuple[str, ...]]:
    """Each row's f and f' (df/db for a gated unit), f'' and d f / d theta while they are
    drawn, and df/da when a gated unit is drawn."""
    rows = {}
    for row in explorer.locator(".explorer__values tbody tr").all():
        name = row.get_attribute("data-function")
        kinds = ("f", "df", "d2f", "dp", "da")
        cells = [row.locator(f".explorer__{kind}") for kind in kinds]
        rows[name] = tuple(cell.inner_text() for cell in cells if cell.count())
    return rows


def assert_readout_matches_actlib(page, selector: str) -> dict[str, Any]:
    """Every row of the readout equals actlib's f(x) and f'(x), formatted as displayed; a
    gated unit's, f, df/db and df/da at (a, b = x). With gated units only, x is called b."""
    explorer = page.locator(selector)
    state = explorer_state(page, selector)
    x = state["x"]
    gated = [name for name in state["functions"] if name in GATED]
    variable = "b" if gated == state["functions"] else "x"
    assert explorer.locator(".explorer__x").inner_text() == f"{variable} = {format_number(x)}"
    rows = readout_rows(page, explorer)
    assert list(rows) == state["functions"]
    elementwise = [actlib.get(n) for n in state["functions"] if n not in GATED]
    columns = ["f", "df"]
    # f'' and d f / d theta have a column while shown and drawn for some function
    drawn = {
        "d2f": [a for a in elementwise if second_printed(a, state["params"][a.name])],
        "dp": [a for a in elementwise if wrt_of(state, a) is not None],
    }
    columns += [kind for kind in ("d2f", "dp") if state["show"][kind] and drawn[kind]]
    columns += ["da"] if gated else []
    for name, cells in rows.items():
        act = actlib.get(name)
        params = state["params"][name]
        want: dict[str, str] = {}
        if name in GATED:
            values = gated_actlib(act, params, np.array([x]))
            want = {kind: format_number(float(values[kind][0])) for kind in ("f", "df", "da")}
        else:
            want["f"] = format_number(float(act(x, **params)))
            want["df"] = format_number(float(act.derivative(x, **params)))
            if act in drawn["d2f"]:
                want["d2f"] = format_number(float(act.second_derivative(x, **params)))
            if act in drawn["dp"]:
                wrt = wrt_of(state, act)
                want["dp"] = format_number(float(act.param_derivative(x, wrt, **params)))
        # an empty cell where a function has no such value (df/da: it has one input)
        assert cells == tuple(want.get(kind, "") for kind in columns), (
            f"{name}({params}) at x = {x!r}, columns {columns}"
        )
    return state


def second_printed(act: actlib.Activation, params: dict[str, Any]) -> bool:
    """Whether the explorer has f'' for ``act`` at ``params``: printed, for them."""
    return bool(act.second_derivative_formula) and printed_for(act, {**act.defaults, **params})


def wrt_of(state: dict[str, Any], act: actlib.Activation) -> str | None:
    """The parameter the explorer's d f / d theta of ``act`` is taken by: the view's
    choice, else the first printed; None if it has none."""
    printed = [key for key in act.params if key in act.param_derivative_formulas]
    if not printed or not printed_for(act, {**act.defaults, **state["params"][act.name]}):
        return None
    return state.get("wrt", {}).get(act.name) or printed[0]


def wait_until_drawn(explorer) -> None:
    """The explorer loads and its plot is drawn when it comes near the screen: bring it
    there and wait."""
    explorer.scroll_into_view_if_needed()
    explorer.locator(".explorer__plot").scroll_into_view_if_needed()
    explorer.locator(".explorer__curve").first.wait_for()


def press(page, key: str, times: int) -> None:
    for _ in range(times):
        page.keyboard.press(key)


FULL = ".explorer[data-explorer=full]"


def test_select_slide_and_move_the_cursor_from_the_keyboard(page, page_log):
    page.goto(EXPLORER)
    explorer = page.locator(FULL)
    explorer_state(page, FULL)  # mounted: count() does not wait
    assert explorer.locator(".explorer__plot").count() == 1

    # Select a function: Leaky ReLU, by keyboard (focus its box, press space).
    explorer.get_by_role("checkbox", name="Leaky ReLU", exact=True).focus()
    page.keyboard.press("Space")
    assert "leaky_relu" in explorer_state(page, FULL)["functions"]

    # Move its slider: 9 steps of 0.01 from the default 0.01.
    slider = explorer.get_by_role("slider", name=re.compile("negative_slope"))
    slider.focus()
    press(page, "ArrowRight", 9)
    slope = explorer_state(page, FULL)["params"]["leaky_relu"]["negative_slope"]
    assert slope == pytest.approx(0.1)

    # GELU's tanh approximation from its select.
    explorer.get_by_role("combobox", name=re.compile("approximate")).select_option("tanh")
    assert explorer_state(page, FULL)["params"]["gelu"]["approximate"] == "tanh"

    # Move the cursor: from x = 1 on the page's [-3, 3], 32 steps of 0.05 (a nice step near
    # a hundredth of the range) to the left.
    explorer.locator(".explorer__plot").focus()
    press(page, "ArrowLeft", 32)
    state = assert_readout_matches_actlib(page, FULL)
    assert state["x"] == -0.6
    plot = explorer.locator(".explorer__plot")
    assert plot.get_attribute("aria-valuetext") == f"x = {MINUS}0.6"

    # Home and End go to the edges of the range; the readout follows.
    page.keyboard.press("End")
    assert assert_readout_matches_actlib(page, FULL)["x"] == 3
    page.keyboard.press("Home")
    assert assert_readout_matches_actlib(page, FULL)["x"] == -3
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_readout_follows_the_pointer(page, page_log):
    page.goto(EXPLORER)
    wait_until_drawn(page.locator(FULL))
    box = page.locator(f"{FULL} .explorer__plot").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    state = assert_readout_matches_actlib(page, FULL)
    assert -3 < state["x"] < 0
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_readout_is_announced_and_the_plot_described(page):
    page.goto(EXPLORER)
    explorer = page.locator(FULL)
    wait_until_drawn(explorer)
    readout = explorer.locator(".explorer__readout")
    assert readout.get_attribute("aria-live") == "polite"
    plot = explorer.locator(".explorer__plot")
    assert plot.get_attribute("role") == "slider" and plot.get_attribute("tabindex") == "0"
    caption = page.locator("#" + plot.get_attribute("aria-describedby"))
    assert "Shaded where" in caption.inner_text()


def test_zoom_and_range_presets(page):
    page.goto(EXPLORER)
    explorer = page.locator(FULL)
    explorer.get_by_role("combobox", name="x range").select_option(label=f"{MINUS}40 to 40")
    state = explorer_state(page, FULL)
    assert (state["lo"], state["hi"]) == (-40, 40)
    explorer.get_by_role("button", name="Zoom in").click()
    state = explorer_state(page, FULL)
    assert state["hi"] - state["lo"] == pytest.approx(40)
    assert state["lo"] <= state["x"] <= state["hi"]


# ---------------------------------------------------------------------------
# Permalink
# ---------------------------------------------------------------------------


def reopen_from_permalink(page, explorer):
    """Open the full explorer's permalink in a new tab: (the tab, its explorer, the view
    it had), once it shows the same view and readout."""
    before = explorer_state(page, FULL)
    before_rows = readout_rows(page, explorer)
    hash_ = explorer.locator(".explorer__permalink").get_attribute("href")
    assert hash_.startswith("#fn=")
    page.wait_for_function("(h) => location.hash === h", arg=hash_)  # the address bar too
    fresh = page.context.new_page()
    fresh.goto(EXPLORER + hash_)
    restored = fresh.locator(FULL)
    assert explorer_state(fresh, FULL) == before
    assert readout_rows(fresh, restored) == before_rows
    return fresh, restored, before


def test_permalink_restores_the_view(page, page_log, site_url):
    page.goto(EXPLORER)
    explorer = page.locator(FULL)
    explorer.get_by_role("checkbox", name="ELU", exact=True).check()
    explorer.get_by_role("checkbox", name="Sigmoid", exact=True).uncheck()
    slider = explorer.get_by_role("slider", name=re.compile("alpha"))
    slider.focus()
    press(page, "ArrowLeft", 5)  # alpha 1.0 -> 0.5
    explorer.get_by_label(re.compile(r"^f\u2032\(x\)")).uncheck()
    explorer.locator(".explorer__plot").focus()
    press(page, "ArrowLeft", 60)  # x 1 -> -2 in steps of 0.05 on [-3, 3]
    fresh, restored, before = reopen_from_permalink(page, explorer)
    assert restored.get_by_role("checkbox", name="ELU", exact=True).is_checked()
    assert not restored.get_by_role("checkbox", name="Sigmoid", exact=True).is_checked()
    assert not restored.get_by_label(re.compile(r"^f\u2032\(x\)")).is_checked()
    assert restored.get_by_role("slider", name=re.compile("alpha")).input_value() == "0.5"
    assert before["params"]["elu"]["alpha"] == 0.5 and before["x"] == -2
    fresh.close()
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_a_gated_unit_from_the_keyboard_and_its_permalink(page, page_log):
    """Select SwiGLU alone, move its value a and the cursor from the keyboard, hide
    df/da: the readout is actlib's at (a, b), and the permalink restores the view."""
    page.goto(EXPLORER)
    explorer = page.locator(FULL)
    explorer.get_by_role("checkbox", name="SwiGLU", exact=True).focus()
    page.keyboard.press("Space")
    for name in ("Sigmoid", "ReLU", "GELU"):  # the page's own functions
        explorer.get_by_role("checkbox", name=name, exact=True).uncheck()
    assert explorer_state(page, FULL)["functions"] == ["swiglu"]

    slider = explorer.get_by_role("slider", name=re.compile(r"^a \("))
    slider.focus()
    press(page, "ArrowLeft", 30)  # a = 0.5 -> -1 in steps of 0.05
    assert explorer_state(page, FULL)["params"]["swiglu"]["a"] == pytest.approx(-1)
    explorer.locator(".explorer__plot").focus()
    press(page, "ArrowLeft", 40)  # b = 1 -> -1 in steps of 0.05 on [-3, 3]
    state = assert_readout_matches_actlib(page, FULL)
    assert state["x"] == -1
    plot = explorer.locator(".explorer__plot")
    assert plot.get_attribute("aria-valuetext") == f"b = {MINUS}1"
    wait_until_drawn(explorer)
    assert explorer.locator(".explorer__curve").count() == 3
    legend = explorer.locator(".explorer__key").all_inner_texts()
    assert legend == ["f", PARTIAL_B, PARTIAL_A]
    caption = explorer.locator(".explorer__caption").inner_text()
    assert f"SwiGLU at a = {MINUS}1" in caption and f"{MINUS}3 \u2264 b \u2264 3" in caption

    explorer.get_by_role("checkbox", name=PARTIAL_A, exact=True).uncheck()
    assert explorer.locator(".explorer__curve").count() == 2
    assert "swiglu.a=-1" in explorer.locator(".explorer__permalink").get_attribute("href")
    fresh, restored, _ = reopen_from_permalink(page, explorer)
    assert restored.get_by_role("checkbox", name="SwiGLU", exact=True).is_checked()
    assert not restored.get_by_role("checkbox", name=PARTIAL_A, exact=True).is_checked()
    assert restored.get_by_role("slider", name=re.compile(r"^a \(")).input_value() == "-1"
    fresh.close()
    assert not page_log.problems(), "\n".join(page_log.problems())


DOUBLE_PRIME = "\u2033"
SECOND_TOGGLE = f"f{DOUBLE_PRIME}(x)"


def partial_of(key: str) -> str:
    return f"\u2202f/\u2202{key}"


THETA = "\u03b8"
WRT_CHOICE = f"{partial_of(THETA)} for {THETA} ="


def test_second_derivative_and_parameter_derivative_from_the_keyboard(page, page_log):
    """Leaky ReLU alone; its f'' and d f / d a layers switched on from the keyboard: drawn,
    in the legend and the caption, read out as actlib computes them, and restored by the
    permalink. With ReLU alone (no parameter) the d f / d theta toggle is not offered."""
    page.goto(EXPLORER)
    explorer = page.locator(FULL)
    explorer.get_by_role("checkbox", name="Leaky ReLU", exact=True).focus()
    page.keyboard.press("Space")
    for name in ("Sigmoid", "ReLU", "GELU"):  # the page's own functions
        explorer.get_by_role("checkbox", name=name, exact=True).focus()
        page.keyboard.press("Space")
    assert explorer_state(page, FULL)["functions"] == ["leaky_relu"]
    slope = partial_of("negative_slope")
    for toggle in (SECOND_TOGGLE, slope):
        explorer.get_by_role("checkbox", name=toggle, exact=True).focus()
        page.keyboard.press("Space")
    state = explorer_state(page, FULL)
    assert state["show"]["d2f"] and state["show"]["dp"], state["show"]
    slider = explorer.get_by_role("slider", name=re.compile("negative_slope"))
    slider.focus()
    press(page, "ArrowRight", 9)  # 0.01 -> 0.1
    explorer.locator(".explorer__plot").focus()
    press(page, "ArrowLeft", 32)  # x = 1 -> -0.6 in steps of 0.05 on [-3, 3]
    state = assert_readout_matches_actlib(page, FULL)
    assert state["x"] == -0.6
    assert readout_rows(page, explorer)["leaky_relu"][3] == format_number(-0.6)  # d f / d a = x
    wait_until_drawn(explorer)
    assert explorer.locator(".explorer__curve").count() == 4
    legend = explorer.locator(".explorer__key").all_inner_texts()
    assert legend == ["f", "f\u2032", f"f{DOUBLE_PRIME}", slope]
    caption = explorer.locator(".explorer__caption").inner_text()
    assert f"f{DOUBLE_PRIME}" in caption and slope in caption, caption

    assert "d2f" in explorer.locator(".explorer__permalink").get_attribute("href")
    fresh, restored, _ = reopen_from_permalink(page, explorer)
    for toggle in (SECOND_TOGGLE, slope):
        assert restored.get_by_role("checkbox", name=toggle, exact=True).is_checked(), toggle
    wait_until_drawn(restored)
    assert restored.locator(".explorer__curve").count() == 4
    fresh.close()

    # ReLU has f'' but no parameter: the f'' toggle stays, the d f / d theta one goes.
    explorer.get_by_role("checkbox", name="ReLU", exact=True).check()
    explorer.get_by_role("checkbox", name="Leaky ReLU", exact=True).uncheck()
    assert explorer.get_by_role("checkbox", name=SECOND_TOGGLE, exact=True).is_visible()
    assert explorer.locator(".explorer__toggle--dp").is_hidden()
    assert_readout_matches_actlib(page, FULL)
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_the_parameter_of_d_f_d_theta_is_chosen_and_kept_by_the_permalink(page, page_log):
    """A function with two parameter derivatives: the second chosen from the keyboard in
    its select, drawn and read out as actlib's, and kept by the permalink."""
    two = [
        name
        for name in ELEMENTWISE
        if len(
            [k for k in actlib.get(name).params if k in actlib.get(name).param_derivative_formulas]
        )
        >= 2
    ]
    if not two:
        pytest.skip("no activation has printed derivatives by two parameters yet")
    act = actlib.get(two[0])
    keys = [k for k in act.params if k in act.param_derivative_formulas]
    page.goto(f"{EXPLORER}#fn={act.name}&show=f,dp")
    explorer = page.locator(FULL)
    choice = explorer.get_by_role("combobox", name=WRT_CHOICE, exact=True)
    assert choice.input_value() == keys[0]
    choice.focus()
    page.keyboard.press("ArrowDown")  # the next option: the second parameter
    state = explorer_state(page, FULL)
    assert state["wrt"] == {act.name: keys[1]}, state["wrt"]
    assert_readout_matches_actlib(page, FULL)
    legend = explorer.locator(".explorer__key").all_inner_texts()
    assert legend == ["f", partial_of(keys[1])]
    assert f"wrt.{act.name}={keys[1]}" in explorer.locator(".explorer__permalink").get_attribute(
        "href"
    )
    fresh, restored, _ = reopen_from_permalink(page, explorer)
    assert restored.get_by_role("combobox", name=WRT_CHOICE, exact=True).input_value() == keys[1]
    fresh.close()
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_bad_permalink_falls_back_to_defaults(page, page_log):
    page.goto(EXPLORER + "#fn=nope,relu,elu&relu.alpha=3&elu.alpha=99&x=abc&lo=5&hi=-5")
    state = explorer_state(page, FULL)
    assert state["functions"] == ["relu", "elu"]
    assert state["params"]["elu"] == actlib.get("elu").defaults  # 99 is off the slider
    assert (state["lo"], state["hi"]) == (-3, 3)  # the page's range (data-range)
    assert_readout_matches_actlib(page, FULL)
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_heading_links_keep_their_hash(page):
    """Until the reader changes something, the explorer leaves the address bar alone."""
    page.goto(EXPLORER + "#how-to-use-it")
    page.wait_for_timeout(500)
    assert page.evaluate("location.hash") == "#how-to-use-it"


# ---------------------------------------------------------------------------
# The function picker and the y-range
# ---------------------------------------------------------------------------

DRAWN = ELEMENTWISE + GATED  # the vector functions take a vector, not one x: not drawn


def picker_groups(explorer) -> list[tuple[str, list[str]]]:
    """Each family group of the picker: its accessible name and the functions it lists."""
    return explorer.locator(".explorer__family").evaluate_all(
        """(groups) => groups.map((g) => [
            document.getElementById(g.getAttribute("aria-labelledby")).textContent,
            [...g.querySelectorAll("input[type=checkbox]")].map((b) => b.value)])"""
    )


def shown_in_picker(explorer) -> list[str]:
    return explorer.locator(".explorer__chip").evaluate_all(
        "(chips) => chips.filter((c) => c.checkVisibility()).map((c) => c.control.value)"
    )


def test_picker_lists_every_function_once_under_its_family_title(page, page_log):
    """Every function actlib can draw is in the picker exactly once, under the title of its
    family's page, the families in the site's order, each a group named by that title."""
    page.goto(EXPLORER)
    explorer = page.locator(FULL)
    explorer_state(page, FULL)
    groups = picker_groups(explorer)
    listed = [name for _, names in groups for name in names]
    assert sorted(listed) == sorted(DRAWN) and len(listed) == len(set(listed)), (
        f"{EXPLORER}: the picker lists {listed}, not each of actlib's {DRAWN} once"
    )
    for title, names in groups:
        for name in names:
            family = actlib.get(name).family
            assert title == FAMILY_TITLES[family], (
                f"{EXPLORER}: {name} is listed under {title!r}, its family's page is "
                f"{FAMILY_TITLES[family]!r}"
            )
        assert explorer.get_by_role("group", name=title, exact=True).count() == 1, title
    order = [title for title, _ in groups]
    assert order == [t for t in FAMILY_TITLES.values() if t in order]
    assert not page_log.problems(), "\n".join(page_log.problems())


def filter_finds(query: str) -> list[str]:
    """The functions a query names, in the picker's order: those whose name, display name
    or alias (actlib.get's other spellings) contains it, case, spaces and punctuation aside."""
    key = re.sub(r"[^a-z0-9]", "", query.lower())
    aliases = {name: [a for a, n in _ALIASES.items() if n == name] for name in DRAWN}
    order = [n for family in FAMILY_TITLES for n in DRAWN if actlib.get(n).family == family]
    return [
        name
        for name in order
        if any(
            key in re.sub(r"[^a-z0-9]", "", spelling.lower())
            for spelling in (name, actlib.get(name).display_name, *aliases[name])
        )
    ]


def test_filter_narrows_the_picker_and_enter_adds_the_first_match(page, page_log):
    """As the page says: type an alias (swish, hard_tanh) in Filter, press Enter to add the
    first match; the down arrow goes to the list; a chip takes its function off the plot."""
    page.goto(EXPLORER)
    explorer = page.locator(FULL)
    explorer_state(page, FULL)  # mounted: the picker is read at once, not waited for
    assert len(shown_in_picker(explorer)) == len(DRAWN)
    search = explorer.get_by_role("searchbox", name="Filter")
    search.fill("swish")
    assert filter_finds("swish") == ["silu", "hardswish"]  # the alias, and the name
    assert shown_in_picker(explorer) == filter_finds("swish")
    assert explorer.locator(".explorer__matches").inner_text() == "2 matches"
    search.press("Enter")
    assert explorer_state(page, FULL)["functions"] == ["sigmoid", "relu", "silu", "gelu"]
    assert explorer.get_by_role("button", name="Remove SiLU (Swish)").count() == 1

    search.fill("hard_tanh")
    assert shown_in_picker(explorer) == filter_finds("hard_tanh") == ["hardtanh"]
    search.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "hardtanh"
    page.keyboard.press("Space")
    assert "hardtanh" in explorer_state(page, FULL)["functions"]

    search.fill("no such function")
    assert shown_in_picker(explorer) == []
    assert explorer.locator(".explorer__matches").inner_text() == "no function matches"
    search.fill("")
    assert len(shown_in_picker(explorer)) == len(DRAWN)

    explorer.get_by_role("button", name="Remove ReLU").click()
    state = explorer_state(page, FULL)
    assert state["functions"] == ["sigmoid", "silu", "gelu", "hardtanh"]
    assert not explorer.get_by_role("checkbox", name="ReLU", exact=True).is_checked()
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Remove SiLU (Swish)", "the keyboard stays among the chips"
    for name in ("Sigmoid", "SiLU (Swish)", "GELU"):
        explorer.get_by_role("button", name=f"Remove {name}").click()
    assert explorer_state(page, FULL)["functions"] == ["hardtanh"]
    assert explorer.get_by_role("button", name="Remove Hardtanh").is_disabled()
    assert_readout_matches_actlib(page, FULL)
    assert not page_log.problems(), "\n".join(page_log.problems())


def drawn_extremes(state: dict[str, Any]) -> tuple[float, float]:
    """The smallest and largest finite value of the curves the view draws, from actlib,
    on 4001 points of its x-range with the kinks inside it."""
    lo, hi = state["lo"], state["hi"]
    values = []
    for name in state["functions"]:
        act, params = actlib.get(name), state["params"][name]
        kinks = [k for k in getattr(act, "kinks", ()) if lo <= k <= hi]
        xs = np.unique(np.concatenate([np.linspace(lo, hi, 4001), kinks]))
        if name in GATED:
            curves = gated_actlib(act, params, xs)
        else:
            with np.errstate(over="ignore"):
                curves = {"f": act(xs, **params), "df": act.derivative(xs, **params)}
        values += [curves[kind] for kind in curves if state["show"][kind]]
    finite = np.concatenate(values)
    finite = finite[np.isfinite(finite)]
    return float(finite.min()), float(finite.max())


# The y-range holds the curves with at most this much room: 5% to spare at each end.
LOOSEST = 1.25


def assert_y_fits(page, what: str) -> tuple[float, float]:
    """The plot's y-range contains every curve drawn and is at most LOOSEST times their span."""
    state = explorer_state(page, FULL)
    got = page.wait_for_function(
        "(sel) => window.actlibExplorer.yRangeOf(document.querySelector(sel))", arg=FULL
    ).json_value()
    low, high = drawn_extremes(state)
    where = (
        f"{EXPLORER} {what}: y from {got[0]!r} to {got[1]!r}, the curves from {low!r} to {high!r}"
    )
    assert got[0] <= low and high <= got[1], f"{where}: a curve leaves the plot"
    assert got[1] - got[0] <= LOOSEST * (high - low), (
        f"{where}: more than {LOOSEST} times their span"
    )
    return got[0], got[1]


@pytest.mark.parametrize(
    "view",
    [
        "",
        "#fn=sigmoid",
        "#fn=gelu&lo=-3&hi=3&show=df",
        "#fn=elu,softsign&elu.alpha=2&lo=-3&hi=3&show=f,df,shade",
        "#fn=swiglu&swiglu.a=-1&show=f,df,da",
        "#fn=exponential,binary_step&lo=-40&hi=40",
        "#fn=sigmoid&lo=2&hi=8&show=f",  # far from 0: a range from 0 would be 9 times too tall
    ],
)
def test_y_range_fits_the_curves_drawn(page, page_log, view):
    page.goto(EXPLORER + view)
    wait_until_drawn(page.locator(FULL))
    assert_y_fits(page, f"opened at {view or 'its defaults'}")
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_y_range_follows_the_view_until_set_by_hand(page, page_log, site_url):
    """y refits as functions, parameters and the x-range change; bounds typed by the reader
    hold through all of these and go into the permalink; Fit y fits again."""
    page.goto(EXPLORER)
    explorer = page.locator(FULL)
    wait_until_drawn(explorer)
    assert_y_fits(page, "on load")
    for name in ("ReLU", "GELU"):
        explorer.get_by_role("checkbox", name=name, exact=True).uncheck()
    assert_y_fits(page, "with Sigmoid alone")
    explorer.get_by_role("checkbox", name="Leaky ReLU", exact=True).check()
    slider = explorer.get_by_role("slider", name=re.compile("negative_slope"))
    slider.focus()
    press(page, "End", 1)  # the steepest slope on the slider
    assert explorer_state(page, FULL)["params"]["leaky_relu"]["negative_slope"] > 0.01
    assert_y_fits(page, "with Leaky ReLU's slope moved")
    explorer.get_by_role("combobox", name="x range").select_option(label=f"{MINUS}3 to 3")
    assert_y_fits(page, "on -3 to 3")

    explorer.get_by_role("spinbutton", name="y from").fill("-2")
    explorer.get_by_role("spinbutton", name="to", exact=True).fill("5")
    explorer.get_by_role("spinbutton", name="to", exact=True).press("Enter")
    y_range = "(sel) => window.actlibExplorer.yRangeOf(document.querySelector(sel))"
    assert page.evaluate(y_range, FULL) == [-2, 5]
    explorer.get_by_role("checkbox", name="ELU", exact=True).check()
    explorer.get_by_role("combobox", name="x range").select_option(label=f"{MINUS}8 to 8")
    assert page.evaluate(y_range, FULL) == [-2, 5], "the reader's y-range is kept"
    href = explorer.locator(".explorer__permalink").get_attribute("href")
    assert "&ylo=-2&yhi=5&" in href
    fresh, restored, _ = reopen_from_permalink(page, explorer)
    wait_until_drawn(restored)
    assert fresh.evaluate(y_range, FULL) == [-2, 5]
    fresh.close()

    explorer.get_by_role("button", name="Fit y to the curves drawn").click()
    assert page.evaluate(y_range, FULL) != [-2, 5]
    assert_y_fits(page, "after Fit y")
    assert "ylo" not in explorer.locator(".explorer__permalink").get_attribute("href")
    assert not page_log.problems(), "\n".join(page_log.problems())


# ---------------------------------------------------------------------------
# The compact explorer in each card, and instant navigation
# ---------------------------------------------------------------------------


def family_page(name: str) -> str:
    return f"functions/{actlib.get(name).family}/"


def test_compact_explorer_in_a_card(page, page_log):
    page.goto(family_page("leaky_relu"))
    selector = ".explorer[data-explorer=compact][data-functions=leaky_relu]"
    explorer = page.locator(selector)
    wait_until_drawn(explorer)  # a card's explorer loads as it nears the screen
    assert explorer.locator(".explorer__functions").count() == 0, "compact has no multi-select"
    slider = explorer.get_by_role("slider", name=re.compile("negative_slope"))
    slider.focus()
    press(page, "ArrowRight", 19)  # 0.01 -> 0.2
    explorer.locator(".explorer__plot").focus()
    press(page, "ArrowLeft", 20)  # 1 -> -3 in steps of 0.2
    state = assert_readout_matches_actlib(page, selector)
    assert state["functions"] == ["leaky_relu"] and state["x"] == -3

    # Its link opens the full explorer on the same view.
    href = explorer.locator(".explorer__permalink").get_attribute("href")
    page.goto(href)
    assert urlsplit(page.url).path.endswith("/" + EXPLORER)
    assert explorer_state(page, FULL) == state
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_every_card_mounts_a_compact_explorer(page, page_log):
    families = sorted({family_page(n) for n in ELEMENTWISE + GATED})
    seen = []
    for url in families:
        page.goto(url)
        for explorer in page.locator(".explorer[data-explorer=compact]").all():
            name = explorer.get_attribute("data-functions")
            wait_until_drawn(explorer)
            curves = 3 if name in GATED else 2  # f and f'; or f, df/db and df/da
            assert explorer.locator(".explorer__curve").count() == curves, name
            assert explorer.locator(".explorer__values tbody tr").count() == 1, name
            assert_readout_matches_actlib(page, f".explorer[data-functions={name}]")
            seen.append(name)
    assert sorted(seen) == sorted(ELEMENTWISE + GATED), "each activation's card has one explorer"
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_explorers_far_down_mount_only_as_they_near_the_screen(page, page_log):
    """A family page's first screen pays for none of the explorers further down."""
    page.goto(family_page("relu"))
    page.wait_for_load_state("networkidle")
    explorers = page.locator(".explorer")
    mounted = page.locator(".explorer[data-explorer-mounted]")
    assert explorers.count() > 3 and mounted.count() < explorers.count()
    wait_until_drawn(explorers.last)
    assert "explorerMounted" in explorers.last.evaluate("(e) => ({...e.dataset})")
    assert set(count_ui(page)) <= {0, 1}, "an explorer mounted twice"
    assert not page_log.problems(), "\n".join(page_log.problems())


def count_ui(page) -> list[int]:
    """For each explorer on the page: how many plots it holds (1 when mounted once)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(".explorer")]
            .map((e) => e.querySelectorAll(".explorer__plot").length)"""
    )


def test_survives_instant_navigation(page, page_log, instant_navigation):
    page.goto(EXPLORER)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")
    # Material takes over links once it has read the sitemap; on a loaded machine that
    # can come a moment after the network falls quiet.
    page.wait_for_timeout(500)
    assert count_ui(page) == [1]

    # Away to a family page and back, by clicking links: Material swaps the content
    # without reloading the document (the marker survives), and document$ fires again.
    rectifier = family_page("relu")
    page.locator(f'nav.md-nav--primary a[href$="{rectifier.split("/")[1]}/"]').first.click()
    page.wait_for_url(re.compile(re.escape(rectifier) + "$"))
    wait_until_drawn(page.locator(".explorer[data-functions=relu]"))  # the new content
    assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
    # each explorer mounts once, as it nears the screen: those far down not yet
    assert count_ui(page)[0] == 1 and set(count_ui(page)) <= {0, 1}
    assert_readout_matches_actlib(page, ".explorer[data-functions=relu]")

    page.locator('nav.md-nav--primary a[href$="explorer/"]').first.click()
    page.wait_for_url(re.compile(re.escape(EXPLORER) + "$"))
    page.wait_for_selector(f"{FULL} .explorer__plot")
    assert page.evaluate("window.__sameDocument") is True
    assert count_ui(page) == [1]
    page.locator(f"{FULL} .explorer__plot").focus()
    press(page, "ArrowRight", 3)
    assert assert_readout_matches_actlib(page, FULL)["x"] == pytest.approx(1.15)
    assert not page_log.problems(), "\n".join(page_log.problems())


# ---------------------------------------------------------------------------
# Themes, phones, budget
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colours_are_the_figures_colours(page, scheme):
    theme = {"light": LIGHT, "dark": DARK}[scheme]
    page.emulate_media(color_scheme=scheme)
    page.goto(family_page("relu"))
    explorer = page.locator(".explorer[data-functions=relu]")
    wait_until_drawn(explorer)
    strokes = explorer.locator(".explorer__curve").evaluate_all(
        "(paths) => paths.map((p) => getComputedStyle(p).stroke)"
    )
    assert strokes == [rgb(theme.f), rgb(theme.df)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_a_busy_explorer(page, scheme):
    """The page-wide axe test sees the explorer as it loads; this one sees it with
    several functions, their sliders and GELU's select, a hidden layer, the picker
    filtered, the cursor moved, and hovered controls, in both schemes."""
    page.emulate_media(color_scheme=scheme)
    page.goto(EXPLORER)
    explorer = page.locator(FULL)
    for name in ("Leaky ReLU", "ELU", "Softplus", "Hardtanh"):
        explorer.get_by_role("checkbox", name=name, exact=True).check()
    explorer.get_by_label(re.compile(r"^f\(x\)")).uncheck()
    explorer.get_by_role("searchbox", name="Filter").fill("relu")  # some families and boxes hidden
    wait_until_drawn(explorer)
    explorer.locator(".explorer__plot").focus()
    press(page, "ArrowLeft", 3)
    explorer.get_by_role("button", name="Zoom in").hover()
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async (sel) => (await axe.run(document.querySelector(sel))).violations", FULL
    )
    assert not violations, f"explorer ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_gated_units(page, scheme):
    """GEGLU alone (its a slider, its approximate select, three layers, b for x), then
    beside ReLU (an empty df/da cell in ReLU's row)."""
    page.emulate_media(color_scheme=scheme)
    page.goto(EXPLORER + "#fn=geglu")
    explorer = page.locator(FULL)
    explorer.get_by_role("combobox", name=re.compile("approximate")).select_option("tanh")
    slider = explorer.get_by_role("slider", name=re.compile(r"^a \("))
    slider.focus()
    press(page, "ArrowRight", 4)
    wait_until_drawn(explorer)
    page.add_script_tag(path=str(AXE))
    run = "async (sel) => (await axe.run(document.querySelector(sel))).violations"
    violations = page.evaluate(run, FULL)
    assert not violations, f"GEGLU ({scheme}):\n{describe(violations)}"
    explorer.get_by_role("checkbox", name="ReLU", exact=True).check()
    assert explorer.locator(".explorer__values tbody tr").count() == 2
    violations = page.evaluate(run, FULL)
    assert not violations, f"GEGLU and ReLU ({scheme}):\n{describe(violations)}"


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.mark.parametrize("view", ["", "#fn=geglu,relu"])
def test_works_on_a_phone(page, page_log, view):
    page.set_viewport_size(PHONE)
    page.goto(EXPLORER + view)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wait_until_drawn(page.locator(FULL))
    box = page.locator(f"{FULL} .explorer__plot").bounding_box()
    assert box["width"] <= PHONE["width"]
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    assert assert_readout_matches_actlib(page, FULL)["x"] > 0
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_touch_moves_the_cursor(browser, site_url):
    context = browser.new_context(base_url=site_url, viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(EXPLORER)
        wait_until_drawn(page.locator(FULL))
        box = page.locator(f"{FULL} .explorer__plot").bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] * 0.25, box["y"] + box["height"] / 2)
        assert assert_readout_matches_actlib(page, FULL)["x"] < 0
    finally:
        context.close()


def test_size_budget_and_no_other_host(site_dir, page, page_log):
    sizes = {path: (site_dir / path).stat().st_size for path in EXPLORER_FILES}
    assert sum(sizes.values()) <= BUDGET_BYTES, sizes
    page.goto(EXPLORER)
    page.wait_for_load_state("networkidle")
    assert not page_log.external_requests
