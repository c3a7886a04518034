"""The playground's layouts in headless Chromium: the classroom layout shows everything at
1366 x 768 with sliders a projector can be read from, and a phone still stacks it.

The classroom layout is issue 28's point 6: "controls, diagram, decision boundary and
charts fit a 1366 x 768 screen without scrolling; sliders at least 120 px long". It is
checked in its tallest state (eight hidden layers, an activation with two parameters,
Adam, a regularisation rate), in both colour schemes, by the boxes the browser lays out:
every part inside the window, nothing cut off inside its own box or spilling from its group.

The charts are read from their canvases as they draw (RECORD_CANVAS records every stroke,
filled rectangle and text): eight hidden layers differ in colour and dash with 3:1
contrast, every axis has its title, and the points are drawn by class (or by the sign of
a regression's target), the test points only while they are shown.

Fixtures (``page``, ``page_log``, ...) are described in conftest.py.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest

from tests.browser.test_accessibility import AXE, describe
from tests.browser.test_playground import ROOT, inspect, open_playground

pytestmark = pytest.mark.browser

CLASSROOM = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
MIN_SLIDER_PX = 120
# The tallest state: eight hidden layers of sixteen units, Hardtanh's two parameters, and
# every setting that shows only with another (Adam's two betas, the regularisation rate).
TALLEST = "#depth=8&width=16&fn=hardtanh&optimiser=adam&reg=l2&regRate=0.01"

# Each part the classroom layout must show, by what a reader would call it, and the least
# width and height (CSS px) at which it can be read from the back of a room.
PARTS = {
    "controls": (".playground__controls", 400, 300),
    "buttons": (".playground__bar", 300, 30),
    "diagram": (".playground__view--diagram canvas", 400, 250),
    "decision boundary": (".playground__view--boundary canvas", 200, 200),
    "loss chart": (".playground__view--loss canvas", 200, 180),
    "gradient chart": (".playground__view--norms canvas", 200, 180),
    "dead-unit chart": (".playground__view--dead canvas", 200, 180),
}

# Every element of the playground whose content is cut off or spills: a box whose content
# is wider or taller than the box itself while it hides the rest, and any part of the
# playground outside the window.
OVERFLOW = """([root, width, height]) => {
  const problems = [];
  const box = document.querySelector(root);
  // Left out: what is not drawn (display: none, a closed <details>'s content) and what is
  // inside a box kept for screen readers only (1 px, clipped).
  const forReadersOnly = (el) => {
    for (let a = el; a && a !== box; a = a.parentElement) {
      const r = a.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) return true;
    }
    return false;
  };
  for (const el of [box, ...box.querySelectorAll("*")]) {
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (forReadersOnly(el)) continue;
    const name = el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
      ? "." + el.className.trim().split(/\\s+/).join(".") : "");
    const outside = rect.left < -0.5 || rect.top < -0.5 ||
      rect.right > width + 0.5 || rect.bottom > height + 0.5;
    if (outside)
      problems.push(`${name} at ${rect.left.toFixed(0)},${rect.top.toFixed(0)} to ` +
        `${rect.right.toFixed(0)},${rect.bottom.toFixed(0)} is outside the window`);
    const group = el.parentElement && el.parentElement.closest(".playground__group");
    if (group && el.getClientRects().length) {
      const g = group.getBoundingClientRect();
      if (rect.left < g.left - 0.5 || rect.right > g.right + 0.5)
        problems.push(`${name} spills out of its group, ${rect.left.toFixed(0)} to ` +
          `${rect.right.toFixed(0)} in ${g.left.toFixed(0)} to ${g.right.toFixed(0)}`);
    }
    const clips = ["hidden", "clip", "auto", "scroll"];
    if (clips.includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      problems.push(`${name}: content ${el.scrollWidth} px wide in ${el.clientWidth} px`);
    if (clips.includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1)
      problems.push(`${name}: content ${el.scrollHeight} px tall in ${el.clientHeight} px`);
  }
  return problems;
}"""


def classroom_toggle(page):
    return page.get_by_role("button", name="Classroom layout")


def switched(page, on: bool) -> None:
    """Wait until the classroom layout is on (or off), as its toggle says: what the toggle
    does comes with the playground's extras, which the page fetches when the reader first
    reaches for it, so a test's click the instant the page is ready may come first."""
    page.wait_for_function(
        "(on) => document.querySelector('.playground__wide-toggle')"
        ".getAttribute('aria-pressed') === String(on)",
        arg=on,
        timeout=2000,
    )


def switch_classroom_layout(page, on: bool = True) -> None:
    classroom_toggle(page).click()
    switched(page, on)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_classroom_layout_fits_1366_by_768(page, page_log, scheme):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size(CLASSROOM)
    open_playground(page, TALLEST)
    state = inspect(page)["state"]
    assert (state["depth"], state["optimiser"], state["reg"]) == (8, "adam", "l2"), state
    toggle = classroom_toggle(page)
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    switched(page, True)
    assert toggle.get_attribute("aria-pressed") == "true"
    for _ in range(3):
        page.get_by_role("button", name="Step").click()
    problems = page.evaluate(OVERFLOW, [ROOT, CLASSROOM["width"], CLASSROOM["height"]])
    assert not problems, "\n".join(problems)
    for part, (selector, width, height) in PARTS.items():
        box = page.locator(f"{ROOT} {selector}").bounding_box()
        assert box, f"the classroom layout shows no {part} ({selector})"
        assert box["width"] >= width and box["height"] >= height, f"the {part} is {box}"
    # Nothing to scroll, neither the page nor the playground.
    scroll = page.evaluate(
        """(sel) => { const r = document.querySelector(sel);
          return [r.scrollHeight, r.clientHeight, r.scrollWidth, r.clientWidth]; }""",
        ROOT,
    )
    assert scroll[0] <= scroll[1] and scroll[2] <= scroll[3], f"the playground scrolls: {scroll}"
    # Every slider shown (one that does not apply, the regularisation rate without a
    # regularisation, is hidden; a closed <details>'s are not drawn).
    sliders = page.locator(f"{ROOT} input[type=range]").evaluate_all(
        """(all) => all.filter((s) => s.checkVisibility({ visibilityProperty: true }))
          .map((s) => [s.id, s.getBoundingClientRect().width])"""
    )
    assert len(sliders) >= 5
    short = [(name, width) for name, width in sliders if width < MIN_SLIDER_PX]
    assert not short, f"sliders under {MIN_SLIDER_PX} px at 1366 x 768: {short}"
    # The canvases are drawn at their new size, not stretched from the old one.
    for canvas in page.locator(f"{ROOT} canvas").all():
        size = canvas.evaluate(
            """(c) => [c.width / devicePixelRatio, c.clientWidth,
                       c.height / devicePixelRatio, c.clientHeight]"""
        )
        assert abs(size[0] - size[1]) <= 1 and abs(size[2] - size[3]) <= 1, size
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_classroom_layout_keeps_the_keyboard_in_it_and_leaves_by_escape(page, page_log):
    page.set_viewport_size(CLASSROOM)
    open_playground(page)
    toggle = classroom_toggle(page)
    toggle.focus()
    page.keyboard.press("Enter")
    switched(page, True)
    assert toggle.get_attribute("aria-pressed") == "true"
    # Tab through everything, round and round: focus never reaches the page the playground
    # covers (after its last control it goes to the browser's own, where it is the body's).
    seen = 0
    for _ in range(80):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """(sel) => document.activeElement === document.body ? "browser"
              : document.querySelector(sel).contains(document.activeElement) ? "inside"
              : document.activeElement.outerHTML.slice(0, 120)""",
            ROOT,
        )
        assert where in ("inside", "browser"), where
        seen += where == "inside"
    assert seen > 40
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-pressed") == "false"
    focused = page.evaluate("document.activeElement.className")
    assert "playground__wide-toggle" in focused, f"Escape leaves the focus on {focused}"
    # The page is back: its header and links take the keyboard again.
    assert page.evaluate("!document.querySelector('.md-header').closest('[inert]')")
    assert page.evaluate("getComputedStyle(document.body).overflow") != "hidden"
    # The setup and the training survive the switch both ways.
    page.get_by_role("button", name="Step").click()
    switch_classroom_layout(page, True)
    assert inspect(page)["step"] == 1
    switch_classroom_layout(page, False)
    assert inspect(page)["step"] == 1
    assert not page_log.problems(), "\n".join(page_log.problems())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_classroom_layout(page, scheme):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci`")
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size(CLASSROOM)
    open_playground(page, "#fn=hardtanh&depth=5")
    switch_classroom_layout(page)
    page.get_by_role("button", name="Step").click()
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    assert not violations, f"classroom layout ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("wide", [False, True], ids=["page", "classroom"])
def test_a_360_px_phone_stacks_it_without_sideways_scrolling(page, page_log, wide):
    page.set_viewport_size(PHONE)
    open_playground(page, TALLEST)
    if wide:  # chosen on a phone too, it must not break the page
        switch_classroom_layout(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"
    inner = page.locator(ROOT).evaluate("(r) => [r.scrollWidth, r.clientWidth]")
    assert inner[0] <= inner[1], f"the playground scrolls sideways: {inner}"
    # Stacked: the views one under another, each as wide as the column.
    views = page.locator(f"{ROOT} .playground__view").evaluate_all(
        "(all) => all.map((v) => v.getBoundingClientRect()).map((r) => [r.left, r.top, r.width])"
    )
    assert len(views) >= 5
    lefts = {round(left) for left, _, _ in views}
    assert len(lefts) == 1, f"on a phone the views stack in one column: lefts {sorted(lefts)}"
    tops = [top for _, top, _ in views]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    assert not page_log.problems(), "\n".join(page_log.problems())


# ---------------------------------------------------------------------------
# The charts: eight hidden layers told apart, axes titled
# ---------------------------------------------------------------------------

# What each chart's canvas was last drawn with: every stroke's colour, dash and width, every
# filled rectangle, and every text with where it went. A drawing starts with clearing the
# whole canvas, which starts its record afresh.
RECORD_CANVAS = """(() => {
  const log = new WeakMap();
  const fresh = () => ({ strokes: [], texts: [], rects: [] });
  const proto = CanvasRenderingContext2D.prototype;
  const { stroke, fillText, fillRect, clearRect } = proto;
  proto.fillRect = function (x, y, w, h) {
    if (!log.has(this.canvas)) log.set(this.canvas, fresh());
    log.get(this.canvas).rects.push([String(this.fillStyle), x, y, w, h]);
    return fillRect.call(this, x, y, w, h);
  };
  proto.clearRect = function (x, y, w, h) {
    if (x === 0 && y === 0) log.set(this.canvas, fresh());
    return clearRect.call(this, x, y, w, h);
  };
  proto.stroke = function (...args) {
    if (!log.has(this.canvas)) log.set(this.canvas, fresh());
    const dash = this.getLineDash().join(" ");
    log.get(this.canvas).strokes.push([String(this.strokeStyle), dash, this.lineWidth]);
    return stroke.apply(this, args);
  };
  proto.fillText = function (text, x, y, ...rest) {
    if (!log.has(this.canvas)) log.set(this.canvas, fresh());
    const at = this.getTransform().transformPoint(new DOMPoint(x, y));
    const { width, height } = this.canvas;
    log.get(this.canvas).texts.push([String(text), at.x / width, at.y / height]);
    return fillText.call(this, text, x, y, ...rest);
  };
  window.canvasRecord = (canvas) => log.get(canvas) || fresh();
})();"""

CHART = f"{ROOT} .playground__view--{{}} canvas"
AXIS_TITLES = {
    "loss": ("step", "loss"),
    "norms": ("step", "gradient norm \u2016\u2202L/\u2202W\u2016"),
    "dead": ("hidden layer", "dead share"),
}
SCHEMES = {"light": "light", "dark": "dark"}


def hex_rgb(colour: str) -> tuple[int, int, int]:
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    r, g, b = (int(float(v)) for v in re.findall(r"[\d.]+", colour)[:3])
    return r, g, b


def luminance(rgb: tuple[int, int, int]) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2's contrast ratio."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour, for the distance between two colours as seen."""

    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return math.dist(lab(a), lab(b))


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_eight_layers_differ_in_colour_and_dash(page, page_log, scheme):
    """The gradient chart with eight hidden layers: nine lines (the output's too), no two of
    one colour or one dash, each at least 3:1 against the chart's background; and the table
    of layers shows each layer's line as the chart draws it."""
    page.add_init_script(RECORD_CANVAS)
    page.emulate_media(color_scheme=scheme)
    open_playground(page, "#depth=8&width=4")
    step = page.get_by_role("button", name="Step")
    step.click()
    step.click()
    page.wait_for_timeout(100)
    themes = page.evaluate("window.actlibExplorerData.themes")
    grid = hex_rgb(themes[SCHEMES[scheme]]["grid"])
    background = hex_rgb(
        page.evaluate(
            """() => { const c = document.createElement('canvas').getContext('2d');
              const style = getComputedStyle(document.body);
              c.fillStyle = style.getPropertyValue('--md-default-bg-color');
              c.fillRect(0, 0, 1, 1);
              return '#' + [...c.getImageData(0, 0, 1, 1).data].slice(0, 3)
                .map((v) => v.toString(16).padStart(2, '0')).join(''); }"""
        )
    )
    record = page.locator(CHART.format("norms")).evaluate("(c) => window.canvasRecord(c)")
    lines = []  # (colour, dash) of each stroke that is not the grid, in order, once each
    for colour, dash, _ in record["strokes"]:
        if hex_rgb(colour) != grid and (colour, dash) not in lines:
            lines.append((colour, dash))
    assert len(lines) == 9, f"eight hidden layers and the output, nine lines; drawn: {lines}"
    colours = [hex_rgb(colour) for colour, _ in lines]
    dashes = [dash for _, dash in lines]
    assert len(set(colours)) == 9 and len(set(dashes)) == 9, lines
    for (a, b), (i, j) in zip(
        itertools.combinations(colours, 2), itertools.combinations(range(9), 2), strict=True
    ):
        assert delta_e(a, b) >= 15, f"lines {i + 1} and {j + 1} look alike: {lines[i]}, {lines[j]}"
    for (colour, dash), rgb in zip(lines, colours, strict=True):
        ratio = contrast(rgb, background)
        assert ratio >= 3, f"{colour} ({dash or 'solid'}) is {ratio:.2f}:1 on {background}"
    # The table's key: layer by layer, the same colour and dash as the chart's lines.
    swatches = page.locator(f"{ROOT} .playground__table .playground__swatch line").evaluate_all(
        """(all) => all.map((l) => [l.getAttribute('stroke'), l.getAttribute('stroke-dasharray')])
          .map(([stroke, dash]) => [stroke, dash === 'none' ? '' : dash])"""
    )
    assert [(hex_rgb(c), d) for c, d in swatches] == [(hex_rgb(c), d) for c, d in lines], (
        "the table's swatches are the chart's lines, in the order of the layers"
    )
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_every_chart_titles_its_axes(page, page_log):
    page.add_init_script(RECORD_CANVAS)
    open_playground(page, "#depth=3")
    page.get_by_role("button", name="Step").click()
    page.wait_for_timeout(100)
    for chart, (x_title, y_title) in AXIS_TITLES.items():
        texts = page.locator(CHART.format(chart)).evaluate("(c) => window.canvasRecord(c).texts")
        drawn = {text: (x, y) for text, x, y in texts}
        for title in (x_title, y_title):
            assert title in drawn, f"the {chart} chart has no axis titled {title!r}: {texts}"
            x, y = drawn[title]
            assert 0 <= x <= 1 and 0 <= y <= 1, f"{title!r} is drawn outside its canvas"
        # The x axis's title under the plot, the y axis's above it.
        assert drawn[x_title][1] > 0.8 and drawn[y_title][1] < 0.2, drawn
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_back_leaves_the_classroom_layout(page, page_log):
    """The browser's Back button, the one way out of the page that the layout leaves
    reachable, brings the page back before it goes."""
    page.set_viewport_size(CLASSROOM)
    open_playground(page)
    page.evaluate("history.pushState(null, '', location.href)")
    switch_classroom_layout(page)
    assert page.evaluate("document.documentElement.classList.contains('playground-wide-open')")
    page.go_back()
    page.wait_for_function("!document.querySelector('.playground--wide')")
    assert classroom_toggle(page).get_attribute("aria-pressed") == "false"
    assert not page.evaluate("document.documentElement.classList.contains('playground-wide-open')")
    assert page.evaluate("document.querySelectorAll('[inert]').length") == 0
    assert not page_log.problems(), "\n".join(page_log.problems())


def point_pixels(page, points: list[list[float]]) -> list[tuple[int, int, int]]:
    """The decision boundary's pixel at the centre of each point (x1, x2) of the plane."""
    return [
        tuple(rgb)
        for rgb in page.locator(CHART.format("boundary")).evaluate(
            """(canvas, points) => {
              const ctx = canvas.getContext('2d');
              const ratio = canvas.width / canvas.clientWidth;
              const size = Math.min(canvas.clientWidth, canvas.clientHeight);
              const left = (canvas.clientWidth - size) / 2, top = (canvas.clientHeight - size) / 2;
              const extent = 1.2;
              return points.map(([x, y]) => {
                const px = left + ((x + extent) / (2 * extent)) * size;
                const py = top + ((extent - y) / (2 * extent)) * size;
                return [...ctx.getImageData(Math.floor(px * ratio), Math.floor(py * ratio), 1, 1)
                  .data].slice(0, 3);
              });
            }""",
            points,
        )
    ]


def isolated(points: np.ndarray, others: np.ndarray, gap: float = 0.06) -> np.ndarray:
    """Which of `points` have no point of `others` (nor another of theirs) within `gap`."""
    both = np.vstack([points, others])
    distance = np.linalg.norm(points[:, None, :] - both[None, :, :], axis=2)
    distance[distance == 0] = np.inf  # a point is not its own neighbour
    return distance.min(axis=1) > gap


@pytest.mark.parametrize(
    ("setup", "task"),
    [("#data=gaussians&points=128", "classification"), ("#data=plane&points=128", "regression")],
)
def test_points_are_drawn_by_class_or_by_the_sign_of_their_target(page, page_log, setup, task):
    """A training point is filled with f's colour for class 1 (or a target >= 0) and f''s
    for class 0 (or a target < 0); test points are rings until the reader hides them."""
    open_playground(page, setup)
    snapshot = inspect(page)
    themes = page.evaluate("window.actlibExplorerData.themes.light")
    positive, negative = hex_rgb(themes["f"]), hex_rgb(themes["df"])
    train = np.array(snapshot["train"]["X"])
    test = np.array(snapshot["test"]["X"])
    y = np.array(snapshot["train"]["y"])
    if task == "regression":
        assert len(set(y)) > 2, "a regression's targets are not two classes"
    inside = (np.abs(train) < 1.1).all(axis=1) & isolated(train, test)
    assert inside.sum() >= 10
    want = [positive if (v >= 0.5 if task == "classification" else v >= 0) else negative for v in y]
    got = point_pixels(page, train[inside].tolist())
    assert got == [w for w, keep in zip(want, inside, strict=True) if keep]
    # The test points: rings, with nothing at their centre but the heat map; hidden, the
    # ring's pixels are the heat map's too.
    ring = test[(np.abs(test) < 1.1).all(axis=1) & isolated(test, train)][:10]
    radius = page.locator(CHART.format("boundary")).evaluate(
        "(c) => Math.max(2, Math.min(c.clientWidth, c.clientHeight) / 110) / "
        "(Math.min(c.clientWidth, c.clientHeight) / 2.4)"
    )
    on_ring = (ring + np.array([radius, 0])).tolist()
    shown = point_pixels(page, on_ring)
    assert sum(p in (positive, negative) for p in shown) >= len(ring) // 2, shown
    page.get_by_role("checkbox", name="Show test data").uncheck()
    page.wait_for_timeout(100)
    hidden = point_pixels(page, on_ring)
    assert not any(p in (positive, negative) for p in hidden), hidden
    assert "test points (hidden)" in page.locator(CHART.format("boundary")).get_attribute(
        "aria-label"
    )
    assert not page_log.problems(), "\n".join(page_log.problems())
