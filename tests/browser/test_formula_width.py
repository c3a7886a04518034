"""On a 360 px phone: nothing moves as a page loads, nothing is wider than the screen, and
every display formula fits its box, or its box shows that it scrolls.

A page's first visit (an empty HTTP cache, in light) has its layout shift measured as on a
laptop (tests/browser/layout_shift.py) and its width read once it has loaded.

Each display formula (``div.arithmatex``, see scripts/website/math_hook.py) is measured on
every page at 360 px, in light and dark. One that fits leaves its box unscrolled. One that
does not must scroll in a box a keyboard can reach, and show it: with the formula hidden
(its room kept), the box's screenshot is shaded at an edge exactly where more of the
formula lies beyond it, at the start and at the end of its scroll
(docs/stylesheets/extra.css). Every box must also lie inside its section's block, whose
paint containment would clip whatever lies outside (the cue with it).

Fixtures (``page``, ``page_url``, ...) are described in conftest.py.
"""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image

from tests.browser.layout_shift import RECORD_LAYOUT_SHIFTS, layout_shift_failure
from tests.conftest import FORGET_STORAGE

pytestmark = pytest.mark.browser

WIDTH = 360
MATERIAL_SCHEMES = {"light": "default", "dark": "slate"}
# How far (sum of the three channels, 0-765) an edge's colour must be from the page's for
# a reader to see a shade there; the cue reaches about 50 in light and 45 in dark.
VISIBLE = 24
EDGE = 2  # px in from the box's side where the shade is read

MEASURE = """() => [...document.querySelectorAll('div.arithmatex')].map((box, index) => {
  box.scrollIntoView({block: 'center'});
  const rect = box.getBoundingClientRect();
  const column = (box.closest('.deferred') || box.closest('.md-typeset')).getBoundingClientRect();
  return {
    index,
    text: box.textContent.replace(/[\\u2061-\\u2064]/g, '').slice(0, 50),
    client: box.clientWidth,
    scroll: box.scrollWidth,
    left: rect.left, right: rect.right,
    columnLeft: column.left, columnRight: column.right,
    tabIndex: box.tabIndex,
  };
})"""


# Paints every section, keeping its paint containment (what content-visibility: auto keeps
# from being painted far from the screen is then in a screenshot of the whole page); hides
# the formulas of the boxes at the given indices (their room kept) and scrolls each to its
# start or end; returns each box's rectangle on the page, from the top of the page.
SCROLL_BOXES = """([indices, to]) => {
  const boxes = [...document.querySelectorAll('div.arithmatex')];
  if (!document.getElementById('paint-every-section')) {
    const style = document.createElement('style');
    style.id = 'paint-every-section';
    style.textContent = '.md-typeset .deferred { content-visibility: visible !important; '
      + 'contain: layout style paint }';
    document.head.append(style);
  }
  for (const index of indices) {
    const box = boxes[index];
    box.querySelector('math').style.visibility = 'hidden';
    box.scrollLeft = to === 'end' ? box.scrollWidth : 0;
  }
  // At the top, the header (sticky) and the other fixed parts lie over the page's top
  // edge alone, in a screenshot of the whole page.
  window.scrollTo({top: 0, behavior: 'instant'});
  return indices.map((index) => {
    const rect = boxes[index].getBoundingClientRect();
    const {width, height} = rect;
    return {left: rect.left + scrollX, top: rect.top + scrollY, width, height};
  });
}"""


def edge_colours(page, indices: list[int]) -> dict[int, dict[str, tuple[tuple, tuple]]]:
    """Each box's colours at its left and right edges, formula hidden, scrolled to its
    start and to its end, by its index.

    Read from screenshots of the page beyond the screen, each of a band of boxes near one
    another (a capture costs a fixed time plus its area). What changed is painted over the
    next frames (on a busy machine, more than two), so they are taken again, a frame apart,
    until two rounds in a row agree at the pixels read (elsewhere a chart may be drawing)."""
    colours: dict[int, dict[str, tuple[tuple, tuple]]] = {index: {} for index in indices}
    for scroll_to in ("start", "end"):
        rects = page.evaluate(SCROLL_BOXES, [indices, scroll_to])
        points = []
        for rect in rects:
            left, top = math.floor(rect["left"]), math.floor(rect["top"])
            right = math.ceil(rect["left"] + rect["width"]) - 1
            middle = top + math.ceil(rect["height"]) // 2
            points.append(((left + EDGE, middle), (right - EDGE, middle)))
        bands = edge_bands([y for pair in points for _, y in pair])
        read: list[tuple[tuple, tuple]] = []
        for _ in range(20):
            page.evaluate(
                "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            pixels = {}
            for top, bottom in bands:
                clip = {"x": 0, "y": top, "width": WIDTH, "height": bottom - top + 1}
                shot = page.screenshot(full_page=True, clip=clip)
                image = Image.open(io.BytesIO(shot)).convert("RGB")
                for x, y in (p for pair in points for p in pair if top <= p[1] <= bottom):
                    pixels[x, y] = image.getpixel((x, y - top))
            previous = read
            read = [(pixels[a], pixels[b]) for a, b in points]
            if read == previous:
                break
        for index, pair in zip(indices, read, strict=True):
            colours[index][scroll_to] = pair
    page.evaluate(
        "() => document.querySelectorAll('div.arithmatex math')"
        ".forEach((math) => { math.style.visibility = ''; })"
    )
    return colours


BAND_GAP = 1500  # px: rows further apart than this are read from separate screenshots


def edge_bands(rows: list[int]) -> list[tuple[int, int]]:
    """The page's rows to capture, as bands (first row, last row), that hold ``rows``."""
    bands: list[list[int]] = []
    for row in sorted(rows):
        if bands and row - bands[-1][1] <= BAND_GAP:
            bands[-1][1] = row
        else:
            bands.append([row, row])
    return [(top, bottom) for top, bottom in bands]


def page_colour(page) -> tuple[int, int, int]:
    """The page's background colour, as the screenshots show it."""
    background = page.evaluate(
        "() => getComputedStyle(document.body).getPropertyValue('--md-default-bg-color')"
    )
    return Image.new("RGB", (1, 1), _css_colour(page, background)).getpixel((0, 0))


def _css_colour(page, colour: str) -> tuple[int, int, int]:
    rgb = page.evaluate(
        """colour => {
          const probe = document.createElement('div');
          probe.style.color = colour;
          document.body.append(probe);
          const value = getComputedStyle(probe).color;
          probe.remove();
          return value.match(/\\d+/g).slice(0, 3).map(Number);
        }""",
        colour,
    )
    return tuple(rgb)


def distance(a: tuple, b: tuple) -> int:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


def test_on_a_phone_nothing_moves_overflows_or_hides_a_formula(page, page_url):
    """A reader's first visit on a 360 px phone (an empty HTTP cache), in light: nothing
    moves as it loads (the layout-shift bound of the laptop's first visit, test_pages.py)
    and, loaded, the page is no wider than the screen; then each display formula fits or
    shows that it scrolls. Then the same formulas as a reader whose system is in dark
    first opens the page. Each load is a first visit: the storage is emptied as it starts.
    """
    page.add_init_script(FORGET_STORAGE)
    page.add_init_script(RECORD_LAYOUT_SHIFTS)
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.emulate_media(color_scheme="light")
    failures = [layout_shift_failure(page, page_url, WIDTH)]  # loads the page
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if widths[0] > widths[1]:
        failures.append(
            f"{page_url or 'home'}: the page is {widths[0]} px wide on a {WIDTH} px phone"
        )
    failures += formula_failures(page, page_url, "light", loaded=True)
    failures += formula_failures(page, page_url, "dark")
    found = [failure for failure in failures if failure]
    assert not found, "\n".join(found)


def formula_failures(page, page_url: str, scheme: str, *, loaded: bool = False) -> list[str]:
    """What is wrong with the page's display formulas in ``scheme``, as lines naming it;
    the page is loaded first, in that scheme, unless it is ``loaded`` already."""
    if not loaded:
        # Material reads the system's scheme once, as its palette mounts (Material 9.8.1,
        # components/palette/index.ts): a page already loaded does not follow a change.
        page.emulate_media(color_scheme=scheme)
        response = page.goto(page_url)
        assert response is not None and response.ok
    shown = page.locator("body").get_attribute("data-md-color-scheme")
    assert shown == MATERIAL_SCHEMES[scheme], f"{page_url or 'home'} ({scheme}): {shown}"
    page.wait_for_function("() => !document.querySelector('.deferred:not(.deferred--measured)')")
    page.evaluate("document.fonts.ready")
    where = f"{page_url or 'home'} at {WIDTH} px ({scheme})"
    failures = []
    background = page_colour(page)
    boxes = page.evaluate(MEASURE)
    scrolling = [box for box in boxes if box["scroll"] > box["client"]]
    colours = edge_colours(page, [box["index"] for box in scrolling]) if scrolling else {}
    for box in boxes:
        name = f"display formula {box['index'] + 1} ({box['text']}...)"
        if box["left"] < box["columnLeft"] - 0.5 or box["right"] > box["columnRight"] + 0.5:
            failures.append(
                f"{name}: its box spans x = {box['left']:.0f} to {box['right']:.0f}, outside "
                f"its section's column {box['columnLeft']:.0f} to {box['columnRight']:.0f}, "
                "which clips it"
            )
        if box["scroll"] <= box["client"]:
            continue  # it fits
        if box["tabIndex"] < 0:
            failures.append(
                f"{name}: {box['scroll']} px wide in a {box['client']} px box that a keyboard "
                "cannot reach (no tabindex)"
            )
        for scroll_to, shaded, plain in (("start", "right", "left"), ("end", "left", "right")):
            edges = dict(zip(("left", "right"), colours[box["index"]][scroll_to], strict=True))
            if distance(edges[shaded], background) < VISIBLE:
                failures.append(
                    f"{name}: {box['scroll']} px wide in a {box['client']} px box; scrolled to "
                    f"its {scroll_to}, its {shaded} edge is {edges[shaded]}, the page's "
                    f"colour {background}: no cue that more lies beyond"
                )
            if distance(edges[plain], background) >= VISIBLE:
                failures.append(
                    f"{name}: scrolled to its {scroll_to}, its {plain} edge is shaded "
                    f"{edges[plain]} (page {background}), though nothing lies beyond it"
                )
    return [f"{where}:\n  " + "\n  ".join(failures)] if failures else []
