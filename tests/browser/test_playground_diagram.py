"""The playground's network diagram in headless Chromium, held to actlib.nn.

The diagram (docs/javascripts/playground/diagram.js) draws the network the playground
trains: a unit per button over a canvas, the mean |dL/dw| into each unit and its dead or
alive state in the button's name, and the weights into each layer in the table of layers
under the charts. Each is checked
here against what actlib.nn computes from the page's own weights at test time
(``MLP.from_weights``, ``train_step``), not against the page's own numbers; a weight typed
into the diagram's form must change the model the page trains, and its loss; the dead
units must be crossed out on the canvas, where a live unit's heat map never is.

Fixtures (``page``, ``page_log``, ...) are described in conftest.py.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from actlib import nn
from tests.browser.test_accessibility import AXE, describe
from tests.browser.test_playground import ROOT, inspect, open_playground
from tests.browser.test_playground_layout import RECORD_CANVAS, hex_rgb

pytestmark = pytest.mark.browser

UNIT = f"{ROOT} .playground__unit"
SMALL = "#data=xor&points=128&depth=2&width=5&fn=elu&init=he&lr=0.3"
MINUS = "\u2212"
NUMBER = r"[\d.e\u2212]+"


def weights_form_shown(page) -> None:
    """Wait for the weights' form a unit's button opens: it comes with the playground's
    extras (playground-extras.js), fetched when the reader first reaches for the
    playground, so a test's click, the instant the page is ready, may come first."""
    page.locator(f"{ROOT} .playground__weights legend").wait_for(timeout=2000)


def number(text: str) -> float:
    return float(text.replace(MINUS, "-"))


def step(page, times: int = 1) -> None:
    for _ in range(times):
        page.get_by_role("button", name="Step").click()


def units(page) -> list[dict[str, Any]]:
    """Every unit button: its layer and unit (from 0), and what its name says."""
    found = page.locator(UNIT).evaluate_all(
        """(all) => all.map((b) => [Number(b.dataset.layer), Number(b.dataset.unit),
                                    b.getAttribute('aria-label')])"""
    )
    out = []
    for layer, unit, label in found:
        gradient = re.search(rf"mean \|\u2202L/\u2202w\| ({NUMBER})", label or "")
        out.append(
            {
                "layer": layer,
                "unit": unit,
                "label": label,
                "gradient": number(gradient.group(1)) if gradient else None,
                "dead": "dead" in (label or ""),
            }
        )
    return out


def table_rows(page) -> list[list[str]]:
    """The table of layers: layer, gradient norm, dead units, weights into it."""
    return page.locator(f"{ROOT} .playground__layers tbody tr").evaluate_all(
        "(rows) => rows.map((r) => [...r.cells].map((c) => c.textContent))"
    )


def network(state: dict[str, Any], weights, biases) -> nn.MLP:
    """actlib's network with the page's weights and its activation in every hidden layer."""
    hidden = len(weights) - 1
    params = state.get("params", {})
    return nn.MLP.from_weights(
        [np.array(w) for w in weights],
        [np.array(b) for b in biases],
        [(state["fn"], params)] * hidden,
    )


def reference_step(snapshot: dict[str, Any]) -> nn.StepReport:
    """What actlib.nn's step sees from the page's weights at this snapshot, full batch."""
    net = network(snapshot["state"], snapshot["weights"], snapshot["biases"])
    X = np.array(snapshot["train"]["X"])
    y = np.array(snapshot["train"]["y"])[:, None]
    return nn.train_step(net, X, y, nn.SGD(snapshot["state"]["lr"]))


def canvas_pixels(page) -> str:
    return page.locator(f"{ROOT} .playground__diagram-canvas").evaluate("(c) => c.toDataURL()")


def test_diagram_draws_the_network_and_follows_training(page, page_log):
    open_playground(page, SMALL)
    start = inspect(page)
    sizes = [2, 5, 5, 1]
    assert [len(w) for w in start["weights"]] == sizes[:-1]
    found = units(page)
    assert [(u["layer"], u["unit"]) for u in found] == [
        (layer, unit) for layer in range(3) for unit in range(sizes[layer + 1])
    ], "one button per unit with weights into it, layer by layer"
    assert found[0]["label"].startswith("layer 1, unit 1")
    assert found[-1]["label"].startswith("the output unit")
    # Its words: a row per layer, and the weights into it from the model the page trains.
    rows = table_rows(page)
    assert [row[0] for row in rows] == ["layer 1", "layer 2", "output"]
    for row, w in zip(rows, start["weights"], strict=True):
        lo, hi = (number(v) for v in re.findall(NUMBER, row[3]))
        assert lo == pytest.approx(np.min(w), rel=5e-3) and hi == pytest.approx(np.max(w), rel=5e-3)
    before = canvas_pixels(page)

    step(page)
    after = inspect(page)
    assert after["step"] == 1
    assert canvas_pixels(page) != before, "the drawing follows the weights"
    # Each unit's mean |dL/dw| is the one actlib's step finds from the same weights.
    report = reference_step(start)
    shown = units(page)
    for u in shown:
        want = report.unit_gradients[u["layer"]][u["unit"]]
        assert u["gradient"] == pytest.approx(want, rel=5e-3), u["label"]
    rows = table_rows(page)
    for row, w in zip(rows, after["weights"], strict=True):
        lo, hi = (number(v) for v in re.findall(NUMBER, row[3]))
        assert lo == pytest.approx(np.min(w), rel=5e-3) and hi == pytest.approx(np.max(w), rel=5e-3)
    canvas = page.locator(f"{ROOT} .playground__diagram-canvas")
    assert canvas.get_attribute("role") == "img"
    assert "2 hidden layers of 5, 5 units" in canvas.get_attribute("aria-label")
    # Another network, another drawing: a third hidden layer.
    page.get_by_role("slider", name="Hidden layers").focus()
    page.keyboard.press("ArrowRight")
    assert len(inspect(page)["weights"]) == 4
    assert len(units(page)) == 5 + 5 + 5 + 1
    assert [row[0] for row in table_rows(page)] == ["layer 1", "layer 2", "layer 3", "output"]
    assert "3 hidden layers of 5, 5, 5 units" in canvas.get_attribute("aria-label")
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_a_weight_typed_by_keyboard_changes_the_model(page, page_log):
    open_playground(page, SMALL)
    start = inspect(page)
    # From Reset, Tab reaches the diagram's one tab stop.
    page.get_by_role("button", name="Reset").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('playground__unit')"):
            break
    else:
        pytest.fail("Tab never reached the diagram's units")
    page.keyboard.press("ArrowRight")  # layer 2, unit 1
    page.keyboard.press("ArrowDown")  # layer 2, unit 2
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label.startswith("layer 2, unit 2"), label
    page.keyboard.press("Enter")
    weights_form_shown(page)
    form = page.locator(f"{ROOT} .playground__weights")
    assert form.is_visible()
    assert form.locator("legend").inner_text() == "Weights into layer 2, unit 2"
    boxes = form.get_by_role("spinbutton")
    assert boxes.count() == 5
    shown = [float(v) for v in boxes.evaluate_all("(all) => all.map((b) => b.value)")]
    want = [row[1] for row in start["weights"][1]]  # W_2[k][1]: into unit 2 from each k
    assert shown == pytest.approx(want, rel=1e-5)
    focused = page.evaluate("document.activeElement.labels[0].textContent")
    assert focused == "from layer 1, unit 1"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # to "from layer 1, unit 3": W_2[2][1], off the diagonal
    focused = page.evaluate("document.activeElement.labels[0].textContent")
    assert focused == "from layer 1, unit 3"
    page.keyboard.press("Control+A")
    page.keyboard.type("3.5")
    page.keyboard.press("Tab")  # the change is taken when the box is left
    after = inspect(page)
    changed = np.array(start["weights"][1])
    changed[2][1] = 3.5
    assert np.array_equal(np.array(after["weights"][1]), changed), "exactly that weight is 3.5"
    for layer in (0, 2):
        assert after["weights"][layer] == start["weights"][layer]
    assert after["step"] == 0
    # The page's loss is the loss of actlib's network with that weight.
    net = network(after["state"], after["weights"], after["biases"])
    X = np.array(after["train"]["X"])
    y = np.array(after["train"]["y"])[:, None]
    loss, _ = nn.binary_cross_entropy_with_logits(net(X), y)
    assert after["now"]["train"] == pytest.approx(loss, rel=1e-12)
    readout = page.locator(f"{ROOT} .playground__readout").inner_text()
    assert f"train loss {loss:.4g}" in readout.replace(MINUS, "-"), readout
    rows = table_rows(page)
    assert rows[1][3].endswith("to 3.5"), rows[1]
    # Something that is not a number is refused, with the reason, and changes nothing.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.press("Tab")
    message = form.locator(".playground__weight-message").inner_text()
    assert "must be a number" in message and "3.5" in message
    assert inspect(page)["weights"][1] == after["weights"][1]
    # Escape closes the form and gives the focus back to the unit.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Escape")
    assert not form.is_visible()
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label.startswith("layer 2, unit 2"), label
    # Training goes on from the edited weights.
    step(page)
    assert inspect(page)["step"] == 1
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_dead_units_are_named_and_crossed_out(page, page_log):
    """The dying-ReLU case: by step 10 the page's text says the last hidden layer is dead."""
    open_playground(page, "#dying-relu")
    step(page, 9)
    before = inspect(page)
    step(page)
    report = reference_step(before)
    dead = [np.asarray(layer) for layer in report.dead]
    assert dead[-1].all(), "the case's claim: every unit of the last hidden layer is dead"
    shown = units(page)
    for u in shown:
        hidden = u["layer"] < len(dead)
        want = bool(dead[u["layer"]][u["unit"]]) if hidden else False
        assert u["dead"] == want, u["label"]
    rows = table_rows(page)
    for row, layer in zip(rows[:-1], dead, strict=True):
        count = int(layer.sum())
        assert row[2] == f"{count} of {len(layer)}", row
    # Crossed out on the canvas: the centre of a dead unit's map, where the cross's two
    # strokes meet, is the foreground colour; a live unit's map is a blend of the
    # background and the two class colours there, never the foreground.
    centres = page.evaluate(
        """(sel) => {
          const canvas = document.querySelector(sel + ' .playground__diagram-canvas');
          const ctx = canvas.getContext('2d');
          const ratio = canvas.width / canvas.clientWidth;
          const stage = canvas.getBoundingClientRect();
          return [...document.querySelectorAll(sel + ' .playground__unit')].map((b) => {
            const r = b.getBoundingClientRect();
            const x = Math.round((r.left - stage.left + r.width / 2) * ratio);
            const y = Math.round((r.top - stage.top + r.width / 2) * ratio);
            return [...ctx.getImageData(x, y, 1, 1).data].slice(0, 3);
          });
        }""",
        ROOT,
    )
    hex_ = page.evaluate("window.actlibExplorerData.themes.light.foreground")
    foreground = [int(hex_[i : i + 2], 16) for i in (1, 3, 5)]
    for u, rgb in zip(shown, centres, strict=True):
        distance = max(abs(a - b) for a, b in zip(rgb, foreground, strict=True))
        assert (distance < 60) == u["dead"], f"{u['label']}: centre {rgb}, foreground {foreground}"
    assert not page_log.problems(), "\n".join(page_log.problems())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_diagram(page, scheme):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci`")
    page.emulate_media(color_scheme=scheme)
    open_playground(page, "#dying-relu")
    step(page, 10)
    page.locator(UNIT).first.click()
    weights_form_shown(page)  # the weights' form open
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    assert not violations, f"diagram ({scheme}):\n{describe(violations)}"


def test_the_inputs_are_the_chosen_features(page, page_log):
    open_playground(page, "#features=x1Squared,x2Squared,sinX1&depth=1&width=2")
    assert inspect(page)["state"]["features"] == ["x1Squared", "x2Squared", "sinX1"]
    canvas = page.locator(f"{ROOT} .playground__diagram-canvas")
    label = canvas.get_attribute("aria-label")
    assert "inputs x\u2081\u00b2, x\u2082\u00b2, sin 5x\u2081;" in label, label
    page.locator(UNIT).first.click()
    weights_form_shown(page)
    sources = page.locator(f"{ROOT} .playground__weights label").all_inner_texts()
    assert sources == ["from x\u2081\u00b2", "from x\u2082\u00b2", "from sin 5x\u2081"]
    # With the form open, another feature: the unit's weights now come from four inputs.
    page.get_by_role("checkbox", name="x\u2081", exact=True).check()
    sources = page.locator(f"{ROOT} .playground__weights label").all_inner_texts()
    assert sources[0] == "from x\u2081" and len(sources) == 4, sources
    boxes = page.locator(f"{ROOT} .playground__weights").get_by_role("spinbutton")
    shown = [float(v) for v in boxes.evaluate_all("(all) => all.map((b) => b.value)")]
    want = [row[0] for row in inspect(page)["weights"][0]]
    assert shown == pytest.approx(want, rel=1e-5)
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_weights_are_lines_by_sign_and_size(page, page_log):
    """As docs/playground.md says: solid where positive, dashed where negative (in f's and
    f''s colours), wider for larger."""
    page.add_init_script(RECORD_CANVAS)
    open_playground(page, SMALL)
    weights = np.concatenate([np.ravel(w) for w in inspect(page)["weights"]])
    themes = page.evaluate("window.actlibExplorerData.themes.light")
    positive, negative = hex_rgb(themes["f"]), hex_rgb(themes["df"])
    record = page.locator(f"{ROOT} .playground__diagram-canvas").evaluate(
        "(c) => window.canvasRecord(c)"
    )
    lines = [(hex_rgb(c), dash, width) for c, dash, width in record["strokes"]]
    signs = [s for s in lines if s[0] in (positive, negative)]
    assert {dash == "" for colour, dash, _ in signs if colour == positive} == {True}
    assert {dash != "" for colour, dash, _ in signs if colour == negative} == {True}
    assert len({width for *_, width in signs}) > 2, "more than two widths for the weights"
    # The largest |w| is drawn at the widest width there is, the smallest at the narrowest.
    widths = {colour: [w for c, _, w in signs if c == colour] for colour in (positive, negative)}
    biggest = weights[np.argmax(np.abs(weights))]
    smallest = weights[np.argmin(np.abs(weights))]
    all_widths = [w for *_, w in signs]
    assert max(widths[positive if biggest > 0 else negative]) == max(all_widths), biggest
    assert min(widths[positive if smallest > 0 else negative]) == min(all_widths), smallest
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_gradient_bars_are_on_a_log_scale(page, page_log):
    """Each unit's bar grows by the same length for every power of ten of its mean |dL/dw|
    (actlib's, from the page's weights), the largest gradient's the longest."""
    page.add_init_script(RECORD_CANVAS)
    open_playground(page, SMALL)
    start = inspect(page)
    step(page)
    gradients = np.concatenate(reference_step(start).unit_gradients)
    foreground = hex_rgb(page.evaluate("window.actlibExplorerData.themes.light.foreground"))
    record = page.locator(f"{ROOT} .playground__diagram-canvas").evaluate(
        "(c) => window.canvasRecord(c)"
    )
    # One bar per unit, in the order of the units' buttons (layer by layer).
    bars = np.array([w for colour, x, y, w, h in record["rects"] if hex_rgb(colour) == foreground])
    assert len(bars) == len(gradients) == len(units(page))
    assert np.argmax(bars) == np.argmax(gradients)
    inside = (bars > 1) & (bars < bars.max())  # neither the least drawn nor the full length
    assert inside.sum() >= 4, bars
    slope, intercept = np.polyfit(np.log10(gradients[inside]), bars[inside], 1)
    residual = bars[inside] - (slope * np.log10(gradients[inside]) + intercept)
    assert slope > 0 and np.abs(residual).max() < 0.05, (bars, gradients)
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_each_unit_map_has_a_scale_of_its_own(page, page_log):
    """As docs/playground.md says, each unit's map is on its own scale: the most coloured
    point of every unit's map is (nearly) the full f or f' colour, however small its
    outputs are beside its neighbours'."""
    open_playground(page, SMALL)
    step(page)
    themes = page.evaluate("window.actlibExplorerData.themes.light")
    full = [hex_rgb(themes["f"]), hex_rgb(themes["df"])]
    # Per unit, its map's pixels (inside its 1 px frame), read from the canvas.
    maps = page.evaluate(
        """(sel) => {
          const canvas = document.querySelector(sel + ' .playground__diagram-canvas');
          const ctx = canvas.getContext('2d');
          const ratio = canvas.width / canvas.clientWidth;
          const stage = canvas.getBoundingClientRect();
          return [...document.querySelectorAll(sel + ' .playground__unit')].map((b) => {
            const r = b.getBoundingClientRect();
            const x = Math.ceil((r.left - stage.left + 1) * ratio);
            const y = Math.ceil((r.top - stage.top + 1) * ratio);
            const side = Math.floor((r.width - 2) * ratio);
            return [...ctx.getImageData(x, y, side, side).data];
          });
        }""",
        ROOT,
    )
    spans = []
    for pixels in maps:
        rgb = np.array(pixels).reshape(-1, 4)[:, :3]
        nearest = min(np.abs(rgb - colour).max(axis=1).min() for colour in full)
        spans.append(nearest)
    assert max(spans) <= 40, f"a unit's map never reaches full colour: {spans}"
    assert not page_log.problems(), "\n".join(page_log.problems())


@pytest.mark.parametrize("batch", [1, 7, 30])
def test_dead_units_with_mini_batches_are_over_every_training_point(page, page_log, batch):
    """The page says a dead unit has f' = 0 "at every training point": with mini-batches
    too, the table's dead counts and the diagram's crossed-out units are actlib's
    dead_units over all the training points, from the page's weights as they are now,
    not over the last batch's few points."""
    open_playground(page, f"#data=xor&points=128&depth=2&width=8&fn=relu&lr=1&batch={batch}")
    step(page, 4)
    after = inspect(page)
    assert after["step"] == 4 and after["state"]["batch"] == batch
    net = network(after["state"], after["weights"], after["biases"])
    X = np.array(after["train"]["X"])
    dead = [int(np.sum(layer)) for layer in nn.dead_units(net, X)]
    rows = table_rows(page)
    width = after["state"]["width"]
    assert [row[2] for row in rows[:-1]] == [f"{d} of {width}" for d in dead], (rows, dead)
    assert after["dead"] == [d / width for d in dead]
    named = [u["dead"] for u in units(page) if u["layer"] < len(dead)]
    assert named == [bool(v) for layer in nn.dead_units(net, X) for v in layer]
    # The test tells the two apart: over the last batch's points alone, more units look
    # dead (a ReLU is flat on about half of any one point's units).
    if batch == 1:
        last = X[after["batches"][-1]]
        on_batch = [int(np.sum(layer)) for layer in nn.dead_units(net, last)]
        assert on_batch != dead, (on_batch, dead)
    assert not page_log.problems(), "\n".join(page_log.problems())


# Where the diagram draws each unit's tile of its strip of heat maps: the source's x (the
# tile's index times its side) and the destination rectangle, recorded as drawn.
RECORD_TILES = """(() => {
  const drawImage = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (image, ...args) {
    if (args.length === 8 && this.canvas.classList.contains('playground__diagram-canvas')) {
      const [sx, , side, , dx, dy, dw, dh] = args;
      (window.diagramTiles ||= {})[sx / side] = [dx, dy, dw, dh];
    }
    return drawImage.call(this, image, ...args);
  };
})();"""


def test_the_input_maps_show_the_chosen_features_over_the_plane(page, page_log):
    """Each input's heat map is its feature over the plane (x₁² and sin 5x₂ here), as the
    page says each unit's map is its output, not the raw x₁ and x₂ of the plane's points:
    the signed colour of each pixel of the map follows the feature's value there."""
    page.add_init_script(RECORD_TILES)
    open_playground(page, "#features=x1Squared,sinX2&depth=1&width=2")
    assert inspect(page)["state"]["features"] == ["x1Squared", "sinX2"]
    themes = page.evaluate("window.actlibExplorerData.themes.light")
    positive, negative = np.array(hex_rgb(themes["f"])), np.array(hex_rgb(themes["df"]))
    background = np.array(hex_rgb(page.evaluate("getComputedStyle(document.body).backgroundColor")))
    maps = page.evaluate(
        """(sel) => {
          const canvas = document.querySelector(sel + ' .playground__diagram-canvas');
          const ctx = canvas.getContext('2d');
          const ratio = canvas.width / canvas.clientWidth;
          return [0, 1].map((tile) => {
            const [x, y, w] = window.diagramTiles[tile];
            const inset = 2;  // inside the 1 px frame
            const side = Math.floor((w - 2 * inset) * ratio);
            const data = ctx.getImageData(Math.ceil((x + inset) * ratio),
                                          Math.ceil((y + inset) * ratio), side, side).data;
            // Where the pixels read lie in the map, in [0, 1], left to right.
            const at = [...Array(side).keys()].map((i) => (inset + (i + 0.5) / ratio) / w);
            return [side, at, [...data]];
          });
        }""",
        ROOT,
    )
    extent = 1.2  # the plane's half-width (datasets.js's EXTENT)
    features = {
        "x\u2081\u00b2": lambda x1, x2: x1 * x1,
        "sin 5x\u2082": lambda x1, x2: np.sin(5 * x2),
    }
    for (name, feature), (side, at, pixels) in zip(features.items(), maps, strict=True):
        rgb = np.array(pixels, dtype=float).reshape(side, side, 4)[:, :, :3]
        # Each pixel's signed colour: how far from the background toward f (+) or f' (-).
        toward = [
            ((rgb - background) @ (c - background)) / np.sum((c - background) ** 2)
            for c in (positive, negative)
        ]
        shown = np.where(toward[0] >= toward[1], toward[0], -toward[1])
        centre = np.array(at)
        x1 = -extent + 2 * extent * centre[None, :]
        x2 = extent - 2 * extent * centre[:, None]
        want = feature(x1, x2) + 0 * x1 * x2
        want = want / np.abs(want).max()
        correlation = np.corrcoef(shown.ravel(), want.ravel())[0, 1]
        assert correlation > 0.9, (
            f"the {name} input's map is not {name} over the plane: {correlation:.3f}"
        )
        clear = np.abs(want) > 0.5
        assert np.all(np.sign(shown[clear]) == np.sign(want[clear])), f"{name}: a sign differs"
    assert not page_log.problems(), "\n".join(page_log.problems())
