"""The pages that are hardest to read on a small screen, read on one: the summary table at
360 px (issue 30) and the explorer at a laptop's and a phone's size.

Fixtures (``page``, ``page_log``, ...) are described in conftest.py.
"""

from __future__ import annotations

import pytest

import actlib

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 800}
SUMMARY = "reference/summary-table/"

# Every family's table, laid out (its section may still be a deferred placeholder) and
# scrolled to its right end: its width, and where its rows' name cells are, and whether
# the name cell is what the reader sees there (drawn over the scrolled cells, opaque).
TABLES = """() => [...document.querySelectorAll(".summary-table table")].map((table) => {
  table.scrollIntoView();
  const scroller = table.closest(".md-typeset__scrollwrap");
  scroller.scrollLeft = scroller.scrollWidth;
  const names = [...table.querySelectorAll("tbody tr")].map((row) => {
    const cell = row.cells[0];
    cell.scrollIntoView({ block: "center", inline: "nearest" });
    scroller.scrollLeft = scroller.scrollWidth;
    const box = cell.getBoundingClientRect();
    const seen = document.elementFromPoint(box.left + 2, box.top + box.height / 2);
    return {
      name: cell.textContent.trim(),
      left: box.left,
      right: box.right,
      seen: Boolean(seen && cell.contains(seen)),
      background: getComputedStyle(cell).backgroundColor,
    };
  });
  return { width: table.getBoundingClientRect().width, scrolled: scroller.scrollLeft, names,
           first: names.length ? names[0].name : "" };
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_summary_tables_fit_two_screens_and_keep_their_names_in_view(
    reused_page, reused_page_log, scheme
):
    reused_page.emulate_media(color_scheme=scheme)
    reused_page.set_viewport_size(NARROW)
    reused_page.goto(SUMMARY)
    tables = reused_page.evaluate(TABLES)
    assert tables, f"{SUMMARY}: no summary table found"
    screen = NARROW["width"]
    for table in tables:
        where = f"{SUMMARY} at {screen} px ({scheme}), the table of {table['first']}"
        assert table["width"] <= 2 * screen, (
            f"{where}: {table['width']:.0f} px wide, more than two screens ({2 * screen} px)"
        )
        for name in table["names"]:
            assert 0 <= name["left"] and name["right"] <= screen, (
                f"{where}: scrolled {table['scrolled']:.0f} px to the right, the name "
                f"{name['name']!r} spans {name['left']:.0f} to {name['right']:.0f} px, "
                f"outside the screen's 0 to {screen} px"
            )
            assert name["seen"], f"{where}: the name {name['name']!r} is covered when scrolled"
            assert name["background"] not in ("transparent", "rgba(0, 0, 0, 0)"), (
                f"{where}: the name cell of {name['name']!r} has no background "
                f"({name['background']}): the scrolled cells show through it"
            )
    assert not reused_page_log.problems(), "\n".join(reused_page_log.problems())


EXPLORER = "explorer/"
SIZES = {"laptop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}
# What each size shows on load: the plot and the values at its cursor (beside the plot on a
# laptop, under it on a phone).
IN_VIEW = ("plot", "readout")


@pytest.mark.parametrize("size", SIZES)
def test_explorer_plot_is_in_view_on_load(reused_page, reused_page_log, size):
    """The reader sees the plot and the values at its cursor without scrolling: all of
    each inside the first screen."""
    screen = SIZES[size]
    reused_page.set_viewport_size(screen)
    reused_page.goto(EXPLORER)
    explorer = reused_page.locator(".explorer[data-explorer=full]")
    explorer.locator(".explorer__curve").first.wait_for()
    assert reused_page.evaluate("window.scrollY") == 0
    for part in IN_VIEW:
        box = explorer.locator(f".explorer__{part}").bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= screen["height"], (
            f"{EXPLORER} at {screen['width']} x {screen['height']}: the {part} spans "
            f"{box['y']:.0f} to {box['y'] + box['height']:.0f} px down, outside the first "
            f"screen's {screen['height']} px"
        )
    assert not reused_page_log.problems(), "\n".join(reused_page_log.problems())


GATED = actlib.names(kind="gated")


def slider_count(name: str) -> int:
    """How many sliders the explorer gives a function: one per parameter with a slider
    range, and a gated unit one more, for its value a."""
    own = sum(1 for param in actlib.get(name).params.values() if param.slider)
    return own + (name in GATED)


SLIDERS = [name for name in actlib.names(kind="elementwise") + GATED if slider_count(name)]

# Each slider's row: where its label, slider and value are, and the label's line height.
SLIDER_ROWS = """(sel) => [...document.querySelectorAll(sel + " .explorer__param")]
  .filter((row) => row.querySelector("input[type=range]"))
  .map((row) => {
    const box = (el) => { const b = el.getBoundingClientRect();
                          return { top: b.top, bottom: b.bottom, left: b.left, right: b.right }; };
    const label = row.querySelector("label");
    return { name: label.textContent, label: box(label),
             line: parseFloat(getComputedStyle(label).lineHeight),
             slider: box(row.querySelector("input[type=range]")),
             value: box(row.querySelector("output")) };
  })"""


@pytest.mark.parametrize("width", [360, 390])
def test_explorer_slider_values_stay_beside_their_sliders(reused_page, reused_page_log, width):
    """On a phone each parameter's label is one line, and its value stands on the slider's
    line, to its right and inside the screen, not wrapped under it (issue 30)."""
    reused_page.set_viewport_size({"width": width, "height": 800})
    reused_page.goto(f"{EXPLORER}#fn={','.join(SLIDERS)}")
    explorer = reused_page.locator(".explorer[data-explorer=full]")
    explorer.locator(".explorer__param").first.wait_for()
    rows = reused_page.evaluate(SLIDER_ROWS, ".explorer[data-explorer=full]")
    sliders = sum(map(slider_count, SLIDERS))
    assert len(rows) == sliders, f"{EXPLORER}: {len(rows)} sliders laid out, actlib has {sliders}"
    for row in rows:
        where = f"{EXPLORER} at {width} px, the slider {row['name']!r}"
        label, slider, value = row["label"], row["slider"], row["value"]
        height = label["bottom"] - label["top"]
        assert height < 1.5 * row["line"], (
            f"{where}: its label is {height:.0f} px high, more than one {row['line']:.0f} px line"
        )
        middle = (value["top"] + value["bottom"]) / 2
        assert slider["top"] <= middle <= slider["bottom"], (
            f"{where}: its value's middle is {middle:.0f} px down, off the slider's line "
            f"({slider['top']:.0f} to {slider['bottom']:.0f} px)"
        )
        assert slider["right"] <= value["left"] and value["right"] <= width, (
            f"{where}: its value spans {value['left']:.0f} to {value['right']:.0f} px, the "
            f"slider ends at {slider['right']:.0f} px, the screen at {width} px"
        )
    assert not reused_page_log.problems(), "\n".join(reused_page_log.problems())
