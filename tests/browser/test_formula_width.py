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


def edge_colours(page, index: int) -> dict[str, tuple[tuple, tuple]]:
    """The box's colours at its left and right edges, formula hidden, scrolled to its start
    and to its end."""
    box = page.locator("div.arithmatex").nth(index)
    colours = {}
    for scroll_to in ("start", "end"):
        box.evaluate(
            """(box, to) => {
              box.querySelector('math').style.visibility = 'hidden';
              box.scrollLeft = to === 'end' ? box.scrollWidth : 0;
              box.scrollIntoView({block: 'center', behavior: 'instant'});
            }""",
            scroll_to,
        )
        # A section off screen is not painted (content-visibility: auto): brought back into
        # view, it is painted over the next frames (on a busy machine, more than two), so the
        # screenshot is taken again, a frame apart, until two in a row agree.
        shot = None
        for _ in range(20):
            page.evaluate(
                "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            previous, shot = shot, box.screenshot()
            if shot == previous:
                break
        image = Image.open(io.BytesIO(shot)).convert("RGB")
        width, height = image.size
        middle = height // 2
        colours[scroll_to] = (
            image.getpixel((EDGE, middle)),
            image.getpixel((width - 1 - EDGE, middle)),
        )
    box.evaluate("box => box.querySelector('math').style.visibility = ''")
    return colours


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
    for box in page.evaluate(MEASURE):
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
        colours = edge_colours(page, box["index"])
        for scroll_to, shaded, plain in (("start", "right", "left"), ("end", "left", "right")):
            edges = dict(zip(("left", "right"), colours[scroll_to], strict=True))
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
