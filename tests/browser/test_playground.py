"""The training playground in headless Chromium: its model is the printed one, and it works.

``window.actlibPlayground.trace`` runs the page's model (hidden layers
``h_l = f(h_{l-1} W_l + b_l)``, one output logit, the mean binary cross-entropy with
logits, full-batch gradient descent) from given weights without touching the page. The
model's module (playground/model.js) is tested under Node against actlib.nn
(tests/modules/test_model.py); here the bundle the site ships is held to the same
reference (``reference_trace``, actlib.nn's train_step with actlib's f and f'), for every
element-wise activation in the registry: the loss after every step and every layer's
gradient norm, within 1e-9 relative. The rest drives the page as a reader would.

Fixtures (``page``, ``page_log``, ``site_dir``, ``site_url``) are described in conftest.py.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import zlib
from typing import Any

import numpy as np
import pytest

import actlib
from scripts import ROOT as REPO
from tests.browser.test_accessibility import AXE, describe
from tests.modules.playground_reference import reference_trace
from tests.registry_cases import ELEMENTWISE

pytestmark = pytest.mark.browser

PLAYGROUND = "playground/"
ROOT = "div.playground"
PHONE = {"width": 375, "height": 812}
RELATIVE = 1e-9
STEPS = 25

# ---------------------------------------------------------------------------
# The model as actlib.nn computes it
# ---------------------------------------------------------------------------


def reference(
    name: str,
    params: dict[str, Any],
    X: np.ndarray,
    y: np.ndarray,
    weights: list[np.ndarray],
    biases: list[np.ndarray],
    lr: float,
    steps: int,
) -> tuple[list[float], list[list[float]]]:
    """The loss after 0..steps steps, and the gradient norms each step used, by actlib.nn."""
    result = reference_trace(
        {
            "activation": name,
            "params": params,
            "X": X,
            "y": y,
            "weights": weights,
            "biases": biases,
            "lr": lr,
            "steps": steps,
        }
    )
    return [float(v) for v in result["loss"]], [
        [float(v) for v in row] for row in result["gradNorms"]
    ]


def problem(rng: np.random.Generator) -> dict[str, Any]:
    """32 points, labels 0/1, and modest weights of a 2-6-5-4-1 network."""
    X = rng.uniform(-1, 1, size=(32, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    sizes = [2, 6, 5, 4, 1]
    weights = [rng.normal(0, 0.7, size=(a, b)) for a, b in itertools.pairwise(sizes)]
    biases = [rng.normal(0, 0.1, size=b) for b in sizes[1:]]
    return {"X": X, "y": y, "weights": weights, "biases": biases, "lr": 0.03, "steps": STEPS}


def js_trace(page, name: str, params: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    return page.evaluate(
        """(args) => {
            try { return window.actlibPlayground.trace(args); }
            catch (err) { return { error: err.message }; }
        }""",
        {
            "activation": name,
            "params": params,
            "X": case["X"].tolist(),
            "y": case["y"].tolist(),
            "weights": [w.tolist() for w in case["weights"]],
            "biases": [v.tolist() for v in case["biases"]],
            "lr": case["lr"],
            "steps": case["steps"],
        },
    )


def assert_close(label: str, got: np.ndarray, want: np.ndarray) -> None:
    """Relative 1e-9; an exact 0 (f' = 0 everywhere) must be 0 in the browser too."""
    bad = ~(np.abs(got - want) <= RELATIVE * np.abs(want))
    if bad.any():
        index = np.unravel_index(int(np.argmax(bad)), bad.shape)
        raise AssertionError(
            f"{label}: {int(bad.sum())} of {bad.size} values differ; first at {index}: "
            f"browser {got[index]!r}, NumPy {want[index]!r}"
        )


def open_playground(page, hash_: str = "") -> None:
    page.goto(PLAYGROUND + hash_)
    page.wait_for_selector(f"{ROOT}.playground--mounted")


@pytest.fixture(scope="module")
def playground_page(browser, site_url):
    """One page for the many trace() comparisons (they never touch the page)."""
    context = browser.new_context(base_url=site_url, service_workers="block")
    page = context.new_page()
    open_playground(page)
    yield page
    context.close()


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_trace_matches_actlib_nn(playground_page, name):
    act = actlib.get(name)
    # A seed of its own per name: adding an activation does not change another's case.
    case = problem(np.random.default_rng(zlib.crc32(name.encode())))
    # Three exponential layers compound, e to the e to the e: from these weights the logit
    # is about 1e8 and the first step overflows. A quarter of them keeps it trainable.
    scale = 0.25 if name == "exponential" else 1.0
    case["weights"] = [scale * w for w in case["weights"]]
    params = dict(act.defaults)
    result = js_trace(playground_page, name, params, case)
    assert "error" not in result, result.get("error")
    losses, norms = reference(name, params, **case)
    assert len(result["loss"]) == STEPS + 1 and len(result["gradNorms"]) == STEPS
    assert all(len(row) == len(case["weights"]) for row in result["gradNorms"])
    assert_close(f"{name} loss", np.array(result["loss"]), np.array(losses))
    assert_close(f"{name} gradient norms", np.array(result["gradNorms"]), np.array(norms))
    if name == "binary_step":  # f' = 0: no gradient reaches any hidden layer
        assert all(row[:-1] == [0, 0, 0] and row[-1] > 0 for row in result["gradNorms"])


def test_trace_matches_actlib_nn_with_parameters(playground_page):
    """Non-default parameters reach f and f' (Leaky ReLU's slope, GELU's tanh form)."""
    for name, params in (
        ("leaky_relu", {"negative_slope": 0.2}),
        ("elu", {"alpha": 0.5}),
        ("gelu", {"approximate": "tanh"}),
        ("hardtanh", {"min_val": -0.5, "max_val": 2.0}),
    ):
        case = problem(np.random.default_rng(7))
        full = {**actlib.get(name).defaults, **params}
        result = js_trace(playground_page, name, full, case)
        losses, norms = reference(name, full, **case)
        assert_close(f"{name}{params} loss", np.array(result["loss"]), np.array(losses))
        assert_close(f"{name}{params} norms", np.array(result["gradNorms"]), np.array(norms))


def test_trace_with_zero_steps_and_bad_input(playground_page):
    case = problem(np.random.default_rng(1))
    result = js_trace(playground_page, "relu", {}, {**case, "steps": 0})
    losses, _ = reference("relu", {}, **{**case, "steps": 0})
    assert result["gradNorms"] == [] and len(result["loss"]) == 1
    assert_close("relu loss at step 0", np.array(result["loss"]), np.array(losses))
    wrong = {**case, "weights": [case["weights"][0][:1], *case["weights"][1:]]}
    assert "weights[0] must have 2 rows" in js_trace(playground_page, "relu", {}, wrong)["error"]
    assert (
        "hardtanh"
        in js_trace(playground_page, "hardtanh", {"min_val": 1.0, "max_val": 0.0}, case)[
            "error"
        ].lower()
    )


# ---------------------------------------------------------------------------
# The page: its training is trace()'s
# ---------------------------------------------------------------------------


def inspect(page) -> dict[str, Any]:
    return page.evaluate(
        "(sel) => window.actlibPlayground.inspect(document.querySelector(sel))", ROOT
    )


def test_page_trains_the_model_that_trace_runs(page, page_log):
    """Five presses of Step give the losses and norms trace() gives from the same start."""
    open_playground(page, "#data=xor&points=128&depth=2&width=5&fn=elu&init=he&lr=0.3")
    start = inspect(page)
    assert start["step"] == 0 and start["state"]["fn"] == "elu"
    assert len(start["train"]["X"]) == 64 and len(start["test"]["X"]) == 64
    for _ in range(5):
        page.get_by_role("button", name="Step").click()
    after = inspect(page)
    assert after["step"] == 5
    result = page.evaluate(
        "(args) => window.actlibPlayground.trace(args)",
        {
            "activation": "elu",
            "params": {"alpha": 1.0},
            "X": start["train"]["X"],
            "y": start["train"]["y"],
            "weights": start["weights"],
            "biases": start["biases"],
            "lr": 0.3,
            "steps": 5,
        },
    )
    # The history holds the loss after 0..4 steps, from each step's own forward pass;
    # the loss after the last step is computed when shown.
    assert after["history"]["steps"] == [0, 1, 2, 3, 4]
    assert after["history"]["train"] == result["loss"][:5]
    assert after["now"]["train"] == result["loss"][5]
    assert after["gradNorms"] == result["gradNorms"][-1]
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_datasets_are_seeded_split_and_noisy(page):
    open_playground(page)
    make = "(s) => window.actlibPlayground.dataset(s)"
    for data in ("xor", "circle", "spirals", "gaussians"):
        settings = {"data": data, "points": 256, "test": 25, "noise": 0, "seed": 3}
        first = page.evaluate(make, settings)
        assert first == page.evaluate(make, settings), f"{data}: the seed fixes the points"
        assert (len(first["train"]["X"]), len(first["test"]["X"])) == (192, 64)
        labels = first["train"]["y"] + first["test"]["y"]
        assert 0.35 < sum(labels) / len(labels) < 0.65, f"{data}: two balanced classes"
        other = page.evaluate(make, {**settings, "seed": 4})
        assert other != first
        noisy = page.evaluate(make, {**settings, "noise": 50})
        flipped = sum(
            a != b
            for a, b in zip(
                first["train"]["y"] + first["test"]["y"],
                noisy["train"]["y"] + noisy["test"]["y"],
                strict=True,
            )
        )
        assert flipped > 0, f"{data}: label noise flips labels"


# ---------------------------------------------------------------------------
# Controls, permalink, cases
# ---------------------------------------------------------------------------


def test_controls_work_by_keyboard(page, page_log):
    open_playground(page)
    play = page.get_by_role("button", name=re.compile("^(Play|Pause)$"))
    play.focus()
    page.keyboard.press("Space")  # play
    page.wait_for_function(
        "(sel) => window.actlibPlayground.inspect(document.querySelector(sel)).step > 3", arg=ROOT
    )
    assert play.get_attribute("aria-pressed") == "true" and play.inner_text() == "Pause"
    page.keyboard.press("Space")  # pause
    paused = inspect(page)
    assert not paused["running"]
    page.wait_for_timeout(200)
    assert inspect(page)["step"] == paused["step"], "paused means no more steps"

    page.keyboard.press("Tab")  # to Step
    page.keyboard.press("Enter")
    assert inspect(page)["step"] == paused["step"] + 1
    page.keyboard.press("Tab")  # to Reset
    page.keyboard.press("Enter")
    assert inspect(page)["step"] == 0

    depth = page.get_by_role("slider", name="Hidden layers")
    depth.focus()
    page.keyboard.press("ArrowRight")
    assert inspect(page)["state"]["depth"] == 4
    assert len(inspect(page)["weights"]) == 5
    page.get_by_role("combobox", name="Activation").focus()
    page.keyboard.press("ArrowDown")  # the next activation in the list
    assert inspect(page)["state"]["fn"] != "tanh"
    page.get_by_role("combobox", name="Activation").select_option("leaky_relu")
    slope = page.get_by_role("slider", name=re.compile("negative_slope"))
    slope.focus()
    page.keyboard.press("ArrowRight")
    assert inspect(page)["state"]["params"]["negative_slope"] == pytest.approx(0.02)
    rate = page.get_by_role("slider", name="Learning rate")
    rate.focus()
    page.keyboard.press("ArrowLeft")
    assert inspect(page)["state"]["lr"] == 0.1
    assert rate.get_attribute("aria-valuetext") == "0.1"
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_focus_is_visible(page):
    open_playground(page)
    page.get_by_role("button", name="Step").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused control shows an outline"


def test_permalink_restores_the_state(page, page_log):
    open_playground(page)
    page.get_by_role("combobox", name="Dataset").select_option("spirals")
    page.get_by_role("combobox", name="Activation").select_option("hardtanh")
    page.get_by_role("combobox", name="Initialisation").select_option("small")
    bound = page.get_by_role("slider", name=re.compile("max_val"))
    bound.focus()
    page.keyboard.press("ArrowRight")
    width = page.get_by_role("slider", name="Units per layer")
    width.focus()
    page.keyboard.press("End")
    page.get_by_role("slider", name="Label noise").focus()
    page.keyboard.press("ArrowRight")
    before = inspect(page)
    href = page.locator(".playground__permalink").get_attribute("href")
    assert href.startswith("#data=spirals")
    page.wait_for_function("(h) => location.hash === h", arg=href)

    fresh = page.context.new_page()
    open_playground(fresh, href)
    after = inspect(fresh)
    assert after["state"] == before["state"]
    assert after["state"]["width"] == 16 and after["state"]["noise"] == 5
    assert after["weights"] == before["weights"], "same seed, same initial weights"
    assert after["train"] == before["train"]
    assert fresh.get_by_role("combobox", name="Activation").input_value() == "hardtanh"
    assert fresh.get_by_role("slider", name="Units per layer").input_value() == "16"
    fresh.close()
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_bad_permalink_falls_back_to_defaults(page, page_log):
    open_playground(page, "#data=moons&depth=99&width=4&fn=nope&lr=7&relu.alpha=3&seed=-1")
    state = inspect(page)["state"]
    assert (state["data"], state["depth"], state["width"]) == ("circle", 3, 4)
    assert (state["fn"], state["lr"], state["seed"]) == ("tanh", 0.3, 1)
    assert not page_log.problems(), "\n".join(page_log.problems())


def story_links(site_dir) -> dict[str, str]:
    """The playground's cases each story page links to, by page."""
    pages = {
        "experiments/vanishing-gradients/": "vanishing-sigmoid",
        "experiments/dying-relu/": "dying-relu",
        "concepts/why-derivatives-matter/": "slopes-multiply",
    }
    found = {}
    for url, case in pages.items():
        html = (site_dir / url / "index.html").read_text()
        hrefs = re.findall(r'href="([^"]*playground/#[^"]*)"', html)
        assert hrefs, f"{url} links to no case of the playground"
        found[url] = hrefs[0]
        assert hrefs[0].endswith(f"playground/#{case}"), hrefs
    return found


def test_story_pages_link_to_their_case(page, page_log, site_dir):
    links = story_links(site_dir)
    expected = {
        "experiments/vanishing-gradients/": {"fn": "sigmoid", "depth": 8, "init": "small"},
        "experiments/dying-relu/": {"fn": "relu", "lr": 3},
        "concepts/why-derivatives-matter/": {"fn": "tanh", "depth": 8, "init": "small"},
    }
    for url, href in links.items():
        page.goto(url)
        case = href.rsplit("#", 1)[1]
        page.locator(f'article a[href$="playground/#{case}"]').first.click()
        page.wait_for_selector(f"{ROOT}.playground--mounted")
        state = inspect(page)["state"]
        for key, value in expected[url].items():
            assert state[key] == value, f"{url} -> {href}: {key}"
        # The reader lands on the playground itself.
        top = page.locator(ROOT).bounding_box()["y"]
        assert top < 400, f"{url} -> {href}: the playground is at y = {top}"
    assert not page_log.problems(), "\n".join(page_log.problems())


# ---------------------------------------------------------------------------
# Clean, accessible, calm, stable
# ---------------------------------------------------------------------------


def test_training_logs_nothing_and_asks_no_other_host(page, page_log):
    open_playground(page)
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(
        "(sel) => window.actlibPlayground.inspect(document.querySelector(sel)).step > 20", arg=ROOT
    )
    page.get_by_role("button", name="Pause").click()
    page.wait_for_load_state("networkidle")
    assert not page_log.problems(), "\n".join(page_log.problems())
    live = page.locator(".playground__live")
    assert live.get_attribute("aria-live") == "polite"
    assert re.match(r"Step \d+: train loss [\d.]+, test loss", live.inner_text())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing(page, scheme):
    page.emulate_media(color_scheme=scheme)
    open_playground(page, "#fn=hardtanh&depth=5")
    for _ in range(3):
        page.get_by_role("button", name="Step").click()
    page.get_by_role("button", name="Reset").hover()
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    assert not violations, f"playground ({scheme}):\n{describe(violations)}"


def test_canvases_have_text_alternatives(page):
    open_playground(page)
    page.get_by_role("button", name="Step").click()
    # The four charts' canvases; the diagram's has its own test (test_playground_diagram.py).
    labels = page.locator(f"{ROOT} canvas.playground__canvas").evaluate_all(
        "(cs) => cs.map((c) => [c.getAttribute('role'), c.getAttribute('aria-label')])"
    )
    assert len(labels) == 4
    for role, label in labels:
        assert role == "img" and label and "step" in label.lower()
    assert "layer 1" in labels[2][1] and "output" in labels[2][1]


def test_nothing_starts_by_itself_under_reduced_motion(browser, site_url):
    context = browser.new_context(base_url=site_url, reduced_motion="reduce")
    try:
        page = context.new_page()
        open_playground(page, "#dying-relu")
        page.wait_for_timeout(700)
        assert inspect(page)["step"] == 0 and not inspect(page)["running"]
    finally:
        context.close()


LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 500);
})"""


@pytest.mark.parametrize("width", [375, 800, 1024, 1280, 1600])
def test_no_layout_shift_when_it_mounts(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_playground(page, "#depth=8&fn=hardtanh")
    page.wait_for_load_state("networkidle")
    shift = page.evaluate(LAYOUT_SHIFT)
    assert shift == 0, f"cumulative layout shift {shift} at {width} px"
    box = page.locator(ROOT)
    reserved = box.evaluate("(e) => parseFloat(getComputedStyle(e).minHeight)")
    content = box.evaluate("(e) => e.scrollHeight")
    assert content <= reserved + 1, f"{width} px: content {content} px over the {reserved} px kept"


def test_works_on_a_phone(page, page_log):
    page.set_viewport_size(PHONE)
    open_playground(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for canvas in page.locator(f"{ROOT} canvas").all():
        box = canvas.bounding_box()
        assert 0 < box["x"] and box["x"] + box["width"] <= PHONE["width"]
    page.get_by_role("button", name="Step").click()
    assert inspect(page)["step"] == 1
    assert not page_log.problems(), "\n".join(page_log.problems())


# ---------------------------------------------------------------------------
# Loaded where it is used, mounted once
# ---------------------------------------------------------------------------


def test_only_the_playground_page_loads_its_assets(site_dir):
    for html in sorted(site_dir.rglob("*.html")):
        text = html.read_text()
        where = html.relative_to(site_dir).as_posix()
        has = 'class="playground' in text
        assert ("stylesheets/playground.css" in text) == has, where
        assert "playground.js" not in text or 'load("playground.js")' in text, where


def count_ui(page) -> list[int]:
    return page.evaluate(
        """() => [...document.querySelectorAll("div.playground")]
            .map((e) => e.querySelectorAll(".playground__views").length)"""
    )


def test_mounts_once_after_instant_navigation(page, page_log, instant_navigation):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("concepts/backpropagation/", wait_until="networkidle")
    assert not [u for u in requests if "playground" in u], "another page loads the playground"
    page.evaluate("window.__sameDocument = true")
    # Material takes over links once it has read the sitemap; on a loaded machine that
    # can come a moment after the network falls quiet.
    page.wait_for_timeout(500)

    page.locator('nav.md-nav--primary a[href$="playground/"]').first.click()
    page.wait_for_selector(f"{ROOT}.playground--mounted")
    assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
    assert count_ui(page) == [1]
    page.get_by_role("button", name="Play").click()

    # Away to the explorer and back. The explorer loads the whole registry data, of which
    # the playground loaded its share, and draws a gated unit, which the share lacks.
    page.locator('nav.md-nav--primary a[href$="explorer/"]').first.click()
    page.wait_for_selector(".explorer[data-explorer-mounted] .explorer__plot")
    assert sum(u.endswith("javascripts/explorer-data.js") for u in requests) == 1
    gated = "window.actlibExplorerData.gated.map((unit) => unit.name)"
    assert "swiglu" in page.evaluate(gated), page.evaluate(gated)
    page.locator('nav.md-nav--primary a[href$="playground/"]').first.click()
    page.wait_for_selector(f"{ROOT}.playground--mounted")
    assert page.evaluate("window.__sameDocument") is True
    assert count_ui(page) == [1]
    assert inspect(page)["step"] == 0 and not inspect(page)["running"], "a fresh playground"
    page.get_by_role("button", name="Step").click()
    assert inspect(page)["step"] == 1
    assert sum(u.endswith("javascripts/playground.js") for u in requests) == 1
    assert sum(u.endswith("javascripts/explorer.js") for u in requests) == 1
    assert page.locator('link[href$="stylesheets/playground.css"]').count() == 1
    assert not page_log.problems(), "\n".join(page_log.problems())


# The page's "How to use it" list states each initialisation's standard deviation; the test
# holds the playground's first weights to those formulas as the page writes them.
STATED_SPREAD = {
    "xavier": lambda n_in, n_out: math.sqrt(2 / (n_in + n_out)),
    "he": lambda n_in, n_out: math.sqrt(2 / n_in),
    "lecun": lambda n_in, n_out: math.sqrt(1 / n_in),
    "small": lambda n_in, n_out: 0.1,
}


@pytest.mark.parametrize("scheme", sorted(STATED_SPREAD))
def test_initial_weights_have_the_spread_the_page_states(page, scheme):
    """Every layer's first weights, divided by the stated deviation, have mean 0 and
    standard deviation 1 (pooled over about 1,800 weights: a 5% band is over 3 standard
    errors wide)."""
    open_playground(page, f"#depth=8&width=16&init={scheme}&seed=3")
    layers = [np.asarray(w, dtype=float) for w in inspect(page)["weights"]]
    scaled = np.concatenate([(w / STATED_SPREAD[scheme](*w.shape)).ravel() for w in layers])
    assert abs(scaled.mean()) < 0.1, f"{scheme}: mean of the scaled weights {scaled.mean()}"
    assert abs(scaled.std() - 1) < 0.05, (
        f"docs/playground.md: {scheme} initialisation: the weights' spread is "
        f"{scaled.std():.3f} times the one the page states"
    )


# ---------------------------------------------------------------------------
# The settings beyond the first playground: features, an activation per layer, the
# optimiser, regularisation, mini-batches, regression, position noise, the reader's data
# ---------------------------------------------------------------------------

# The seven input features, as the page names them (x₁, x₂, x₁², x₂², x₁x₂, sin 5x₁, sin 5x₂),
# computed here from the raw points. The sines are TensorFlow Playground's sin x, whose plane
# has half-width 6, on this one of half-width 1.2.
SINE_SCALE = 6 / 1.2
FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1Squared": lambda X: X[:, 0] ** 2,
    "x2Squared": lambda X: X[:, 1] ** 2,
    "x1TimesX2": lambda X: X[:, 0] * X[:, 1],
    "sinX1": lambda X: np.sin(SINE_SCALE * X[:, 0]),
    "sinX2": lambda X: np.sin(SINE_SCALE * X[:, 1]),
}


def feature_rows(points: list[list[float]], names: list[str]) -> list[list[float]]:
    X = np.array(points, dtype=float)
    return np.column_stack([FEATURES[name](X) for name in names]).tolist()


EVERY_OPTION = (
    "#data=bumps&points=128&test=50&spread=10&seed=3&features=x1,x2,x1Squared,sinX2"
    "&depth=2&width=5&fn=tanh&layer2=leaky_relu&layer2.leaky_relu.negative_slope=0.2"
    "&init=he&optimiser=adam&lr=0.01&beta1=0.8&beta2=0.99&reg=l2&regRate=0.01&batch=10"
)


def test_page_trains_what_trace_runs_with_every_option(page, page_log):
    """Regression on the bumps with position noise, four input features, an activation per
    layer, Adam, L2 and mini-batches of 10: five Steps give the weights and losses that
    trace() (held to actlib.nn) gives from the same start, the same features and batches."""
    open_playground(page, EVERY_OPTION)
    start = inspect(page)
    state = start["state"]
    assert (state["data"], state["optimiser"], state["reg"], state["batch"]) == (
        "bumps",
        "adam",
        "l2",
        10,
    )
    assert state["layers"] == {"2": {"fn": "leaky_relu", "params": {"negative_slope": 0.2}}}
    assert len(start["weights"][0]) == 4, "the network takes the four features"
    for _ in range(5):
        page.get_by_role("button", name="Step").click()
    after = inspect(page)
    batches = after["batches"]
    assert len(batches) == 5 and all(len(b) == 10 for b in batches)
    args = {
        "activations": [
            {"name": "tanh", "params": {}},
            {"name": "leaky_relu", "params": {"negative_slope": 0.2}},
        ],
        "X": feature_rows(start["train"]["X"], state["features"]),
        "y": start["train"]["y"],
        "weights": start["weights"],
        "biases": start["biases"],
        "lr": 0.01,
        "steps": 5,
        "task": "regression",
        "regularisation": "l2",
        "regularisationRate": 0.01,
        "optimiser": {"kind": "adam", "beta1": 0.8, "beta2": 0.99},
        "batches": batches,
    }
    result = page.evaluate("(args) => window.actlibPlayground.trace(args)", args)
    want = reference_trace(args)
    assert_close("trace of the page's setup", np.array(result["loss"]), np.array(want["loss"]))
    assert after["now"]["train"] == result["loss"][5], "the page's loss after 5 steps"
    assert after["gradNorms"] == result["gradNorms"][-1]
    assert math.isnan(after["now"]["accuracy"]), "no accuracy for a regression"
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_new_settings_work_by_keyboard_and_the_permalink_keeps_them(page, page_log):
    open_playground(page)
    page.get_by_role("combobox", name="Optimiser").select_option("momentum")
    assert page.get_by_role("combobox", name="Momentum").is_visible()
    assert not page.get_by_role("combobox", name="Adam").first.is_visible()
    page.get_by_role("combobox", name="Regularisation").focus()
    page.keyboard.press("ArrowDown")  # none -> L1
    rate = page.get_by_role("slider", name="Regularisation rate")
    rate.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    batch = page.get_by_role("slider", name="Batch size")
    assert batch.get_attribute("aria-valuetext") == "full batch"
    batch.focus()
    page.keyboard.press("ArrowRight")
    page.get_by_role("slider", name="Position noise").focus()
    page.keyboard.press("ArrowRight")
    page.get_by_role("checkbox", name="x₁²").focus()
    page.keyboard.press("Space")
    page.get_by_role("group", name="Input features").get_by_role(
        "checkbox", name="x₂", exact=True
    ).focus()
    page.keyboard.press("Space")
    page.locator("summary", has_text="An activation per layer").click()
    page.get_by_role("combobox", name="Layer 2").select_option("relu")
    page.get_by_role("checkbox", name="Discretize output").focus()
    page.keyboard.press("Space")
    page.get_by_role("checkbox", name="Show test data").focus()
    page.keyboard.press("Space")
    state = inspect(page)["state"]
    assert state["optimiser"] == "momentum" and state["beta"] == 0.9
    assert (state["reg"], state["regRate"], state["batch"], state["spread"]) == ("l1", 0.003, 1, 5)
    assert state["features"] == ["x1", "x1Squared"]
    assert state["layers"] == {"2": {"fn": "relu", "params": {}}}
    assert state["discretize"] is True and state["showTest"] is False
    before = inspect(page)
    assert len(before["weights"][0]) == 2
    href = page.locator(".playground__permalink").get_attribute("href")
    page.wait_for_function("(h) => location.hash === h", arg=href)

    fresh = page.context.new_page()
    open_playground(fresh, href)
    after = inspect(fresh)
    assert after["state"] == before["state"]
    assert after["weights"] == before["weights"] and after["train"] == before["train"]
    fresh.locator("summary", has_text="An activation per layer").click()
    assert fresh.get_by_role("combobox", name="Layer 2").input_value() == "relu"
    assert fresh.get_by_role("checkbox", name="x₁²").is_checked()
    fresh.close()
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_a_form_that_is_slow_to_come_or_fails_to_says_so(page, page_log):
    """While playground-extras.js downloads, an opened form says it is loading; if the
    download fails, the form says so, and opening it again tries again."""
    held = []
    page.route("**/javascripts/playground-extras.js", lambda route: held.append(route))
    open_playground(page)
    box = page.locator(".playground__own")
    box.locator("summary").click()
    box.get_by_text("Loading the form…").wait_for()
    assert held, "opening the form asks for playground-extras.js"
    held.pop().abort("connectionfailed")
    alert = box.get_by_role("alert").filter(has_text="did not load")
    alert.wait_for()
    assert not box.get_by_text("Loading the form…").count(), "the note goes when the load ends"

    page.unroute("**/javascripts/playground-extras.js")
    box.locator("summary").click()  # closed
    box.locator("summary").click()  # and opened again
    box.get_by_role("button", name="Use this data").wait_for()
    assert not box.get_by_text("Loading the form…").count()
    failed = [m for m in page_log.console_errors if "ERR_CONNECTION_FAILED" in m]
    assert failed and len(failed) == len(page_log.console_errors), page_log.problems()
    assert not page_log.page_errors and not page_log.external_requests, page_log.problems()


def test_own_data_is_checked_before_it_is_used(page, page_log):
    """A CSV with a bad row is refused with the row and the problem, the setup untouched;
    a good one is split into train and test points and trained on."""
    open_playground(page)
    before = inspect(page)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.locator("summary", has_text="Your own data (CSV)").click()
    text = page.get_by_role("textbox", name="CSV text")
    text.wait_for()
    assert [u for u in requests if u.endswith("javascripts/playground-extras.js")], (
        "the own-data form comes with playground-extras.js, when it is opened"
    )
    text.fill("x1,x2,label\n0.1,0.2,1\n0.3,oops,0\n")
    page.get_by_role("button", name="Use this data").click()
    problems = page.locator(".playground__csv-problems")
    problems.locator("li").first.wait_for()
    assert "Line 3" in problems.inner_text(), problems.inner_text()
    assert inspect(page)["state"] == before["state"], "a bad file changes nothing"

    form = page.locator(".playground__own")
    assert "Your data stays in this browser: nothing is sent anywhere" in form.inner_text()
    rows = [[round(0.1 * i - 0.5, 2), round(0.05 * i, 2), i % 2] for i in range(10)]
    text.fill("\n".join(",".join(map(str, r)) for r in rows))
    asked = len(requests)
    page.get_by_role("button", name="Use this data").click()
    assert requests[asked:] == [], "using the data asks nothing of any server"
    now = inspect(page)
    assert now["state"]["data"] == "csv"
    points = sorted(now["train"]["X"] + now["test"]["X"])
    assert points == sorted([r[0], r[1]] for r in rows)
    assert len(now["test"]["X"]) == 5, "the test share, 50%, of the reader's points"
    page.get_by_role("button", name="Step").click()
    assert inspect(page)["step"] == 1
    # "a permalink keeps the rest of the setup but not the data"
    assert "a permalink keeps the rest of the setup but not the data" in form.inner_text()
    href = page.locator(".playground__permalink").get_attribute("href")
    fresh = page.context.new_page()
    open_playground(fresh, href)
    again = inspect(fresh)["state"]
    assert again["data"] == "circle", "the data is not in the link: the default dataset"
    assert {k: v for k, v in again.items() if k not in ("data", "ownTask")} == {
        k: v for k, v in now["state"].items() if k not in ("data", "ownTask")
    }
    fresh.close()
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_export_holds_the_trained_network(page, page_log):
    open_playground(page, "#depth=2&width=3&fn=elu")
    page.get_by_role("button", name="Step").click()
    page.locator("summary", has_text="Export the network").click()
    page.get_by_role("button", name="As JSON").click()
    page.wait_for_function(
        "() => document.querySelector('.playground__export textarea').value.startsWith('{')"
    )
    exported = json.loads(page.get_by_role("textbox", name="Exported").input_value())
    now = inspect(page)
    assert exported["weights"] == now["weights"] and exported["biases"] == now["biases"]
    assert exported["activations"] == [{"name": "elu", "params": {"alpha": 1.0}}] * 2
    assert exported["features"] == ["x1", "x2"] and exported["task"] == "classification"
    assert page.locator(".playground__download").get_attribute("href").startswith("blob:")
    assert not page_log.problems(), "\n".join(page_log.problems())


# "How to use it": "Changing the data or the network resets; changing the learning rate, the
# regularisation or the steps per frame does not."
KEEP_TRAINING = ["Learning rate", "Regularisation", "Steps per frame"]
START_OVER = ["Dataset", "Hidden layers", "Units per layer", "Activation", "Initialisation"]


def test_what_the_page_says_starts_training_over_does_and_nothing_else(page, page_log):
    text = " ".join((REPO / "docs" / "playground.md").read_text(encoding="utf-8").split())
    assert (
        "Changing the data or the network resets; changing the learning rate, the "
        "regularisation or the steps per frame does not." in text
    ), "the page's sentence changed: update this test with it"
    open_playground(page)
    root = page.locator(ROOT)

    def take_steps() -> None:
        before = inspect(page)["step"]
        for _ in range(3):
            root.get_by_role("button", name="Step").click()
        assert inspect(page)["step"] == before + 3

    def change(label: str) -> None:
        control = root.get_by_label(label, exact=True)
        if control.evaluate("(e) => e.tagName") == "SELECT":
            values = control.evaluate(
                "(e) => [...e.options].filter((o) => !o.disabled).map((o) => o.value)"
            )
            control.select_option(next(v for v in values if v != control.input_value()))
        else:
            control.focus()
            page.keyboard.press("ArrowRight")

    take_steps()
    for label in KEEP_TRAINING:
        change(label)
        assert inspect(page)["step"] == 3, f"changing {label} started training over"
    for label in START_OVER:
        take_steps()
        change(label)
        assert inspect(page)["step"] == 0, f"changing {label} did not start training over"
    assert not page_log.problems(), "\n".join(page_log.problems())
