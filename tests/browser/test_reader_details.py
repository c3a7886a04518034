"""Small things a reader meets on the way (issue 30): the sidebars keep the link they bring
into view clear of their titles, the playground's status line holds still while the
model trains, one line high, never under the back-to-top button, and each of its
parameter sliders keeps its value on its own line.

Fixtures (``page``, ``page_log``, ``instant_navigation``, ...) are described in conftest.py.
"""

from __future__ import annotations

import pytest

from tests.browser.test_playground import PLAYGROUND, open_playground

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 800}
SHORT_LAPTOP = {"width": 1366, "height": 560}
# Pages far down the navigation, where the sidebar has to scroll to show their link.
DEEP_PAGES = ["functions/sparse/", "functions/softmax/", "experiments/gradient-checks/"]

# Where a sidebar's focused or active link stands, against the sidebar's sticky title
# (and the shadow Material draws around it) and the bottom of its scrolling box.
LINK_IN_SIDEBAR = """([sidebar, link]) => {
  const side = document.querySelector(sidebar);
  const wrap = side.querySelector(".md-sidebar__scrollwrap");
  const title = side.querySelector(".md-nav__title");
  if (!link || !side.contains(link)) return null;
  const box = link.getBoundingClientRect();
  const middle = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
  return {
    text: link.textContent.trim(),
    top: box.top,
    bottom: box.bottom,
    titleBottom: title.getBoundingClientRect().bottom,
    wrapBottom: wrap.getBoundingClientRect().bottom,
    seen: Boolean(middle && link.contains(middle)),
  };
}"""


def link_problem(where: str, link: dict) -> str:
    """What hides the link, in words, or '' if the reader sees all of it."""
    if link["top"] < link["titleBottom"]:
        return (
            f"{where}: the link {link['text']!r} spans {link['top']:.0f} to "
            f"{link['bottom']:.0f} px, under the sidebar title that ends at "
            f"{link['titleBottom']:.0f} px"
        )
    if link["bottom"] > link["wrapBottom"]:
        return (
            f"{where}: the link {link['text']!r} ends at {link['bottom']:.0f} px, below "
            f"the sidebar's end at {link['wrapBottom']:.0f} px"
        )
    if not link["seen"]:
        return f"{where}: the link {link['text']!r} is covered by something else"
    return ""


def active_link(page) -> dict:
    return page.evaluate(
        f"""() => {{
          const links = [...document.querySelectorAll(
            ".md-sidebar--primary .md-nav__link--active[href]")].filter((a) => a.clientHeight);
          return ({LINK_IN_SIDEBAR})([".md-sidebar--primary", links[0]]);
        }}"""
    )


@pytest.mark.parametrize("size", [LAPTOP, SHORT_LAPTOP], ids=["1366x800", "1366x560"])
@pytest.mark.parametrize("path", DEEP_PAGES)
def test_the_active_page_link_is_in_view_below_the_sidebar_title(
    reused_page, reused_page_log, path, size
):
    reused_page.set_viewport_size(size)
    reused_page.goto(path)
    reused_page.wait_for_timeout(300)  # Material scrolls the sidebar on the next animation frame
    link = active_link(reused_page)
    assert link is not None, f"{path}: no active link in the sidebar"
    problem = link_problem(f"{path} at {size['width']} x {size['height']}", link)
    assert not problem, problem
    assert not reused_page_log.problems(), "\n".join(reused_page_log.problems())


def test_the_active_link_is_in_view_after_instant_navigation(page, instant_navigation):
    page.set_viewport_size(SHORT_LAPTOP)
    page.goto("")
    for name in ("Sparse maps", "Gradient checks", "Softmax"):
        sidebar = page.locator(".md-sidebar--primary")
        sidebar.get_by_role("link", name=name, exact=True).first.click()
        page.wait_for_function("(name) => document.title.startsWith(name)", arg=name)
        page.wait_for_timeout(300)
        problem = link_problem(f"the page {name!r} after instant navigation", active_link(page))
        assert not problem, problem


@pytest.mark.parametrize(
    ("sidebar", "path"),
    [(".md-sidebar--primary", "functions/sparse/"), (".md-sidebar--secondary", "reference/api/")],
    ids=["navigation", "table-of-contents"],
)
def test_a_link_reached_by_keyboard_is_not_under_the_sidebar_title(reused_page, sidebar, path):
    """Shift+Tab up through a sidebar from its last link: the browser scrolls each focused
    link into view, and Material's sticky title covers the top of the scrolling box; the
    scroll padding keeps the link below the title."""
    reused_page.set_viewport_size(SHORT_LAPTOP)
    reused_page.goto(path)
    last = reused_page.locator(f"{sidebar} a.md-nav__link:visible").last
    last.focus()
    seen = []
    for _ in range(200):
        reused_page.keyboard.press("Shift+Tab")
        link = reused_page.evaluate(
            f"([sidebar]) => ({LINK_IN_SIDEBAR})([sidebar, document.activeElement])", [sidebar]
        )
        if link is None:
            break
        seen.append(link["text"])
        problem = link_problem(f"{path}, {sidebar} reached by Shift+Tab", link)
        assert not problem, problem
    assert len(seen) > 10, f"{path}: Shift+Tab went through only {seen} in {sidebar}"


# ---------------------------------------------------------------------------
# The playground's status line
# ---------------------------------------------------------------------------

PHONE = {"width": 375, "height": 812}
# The fastest training the page offers: the losses reach exponent notation within a second
# and the step count five digits within seconds.
FAST = "#lr=3&speed=100"

# The status line: how many lines its text takes, its box, and the charts' top on the page.
STATUS = """() => {
  const readout = document.querySelector(".playground__readout");
  const range = document.createRange();
  range.selectNodeContents(readout);
  const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  const box = readout.getBoundingClientRect();
  return {
    text: readout.textContent,
    lines: tops.size,
    top: box.top + scrollY,
    height: box.height,
    overflows: readout.scrollHeight > readout.clientHeight + 1,
    charts: document.querySelector(".playground__views").getBoundingClientRect().top + scrollY,
  };
}"""


@pytest.mark.parametrize(
    ("size", "most_lines"), [(LAPTOP, 1), (PHONE, 2)], ids=["1366x800", "375x812"]
)
def test_the_status_line_holds_still_while_training(reused_page, reused_page_log, size, most_lines):
    """Played at the highest rate and speed, the losses turn to exponent notation and the
    step count grows by digits; the status line keeps its lines and the charts their place."""
    reused_page.set_viewport_size(size)
    open_playground(reused_page, FAST)
    start = reused_page.evaluate(STATUS)
    reused_page.get_by_role("button", name="Play").click()
    seen = []
    for _ in range(60):
        reused_page.wait_for_timeout(100)
        now = reused_page.evaluate(STATUS)
        seen.append(now["text"])
        where = f"{PLAYGROUND}{FAST} at {size['width']} px, showing {now['text']!r}"
        assert now["charts"] == start["charts"], (
            f"{where}: the charts' top moved from {start['charts']} to {now['charts']} px"
        )
        assert now["top"] == start["top"] and now["height"] == start["height"], (
            f"{where}: the status line moved or changed height, from {start} to {now}"
        )
        assert now["lines"] <= most_lines and not now["overflows"], (
            f"{where}: the text takes {now['lines']} lines (at most {most_lines} wanted)"
            + (", more than its box holds" if now["overflows"] else "")
        )
    reused_page.get_by_role("button", name="Pause").click()
    assert any("e\u2212" in text for text in seen), (
        f"the losses never reached exponent notation, the case this test is for: {seen[-1]!r}"
    )
    assert not reused_page_log.problems(), "\n".join(reused_page_log.problems())


# Where the back-to-top button and the status line stand in the window.
BUTTON_AND_STATUS = """() => {
  const button = document.querySelector(".md-top");
  const box = (e) => { const r = e.getBoundingClientRect();
                       return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
  return { shown: !button.hidden && getComputedStyle(button).opacity === "1",
           button: box(button),
           status: box(document.querySelector(".playground__readout")) };
}"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


@pytest.mark.parametrize(
    ("size", "places"),
    [
        # Where the status line stands in the window (px from the top): on a laptop or a
        # tablet anywhere; on a phone where a reader keeps it, at the top, watching the
        # charts under it.
        (LAPTOP, range(60, 780, 60)),
        ({"width": 1024, "height": 768}, range(60, 740, 60)),
        (PHONE, range(60, 240, 60)),
    ],
    ids=["1366x800", "1024x768", "375x812"],
)
def test_the_back_to_top_button_leaves_the_status_line_clear(reused_page, size, places):
    reused_page.set_viewport_size(size)
    open_playground(reused_page)
    status_top = reused_page.evaluate(
        "() => document.querySelector('.playground__readout').getBoundingClientRect().top + scrollY"
    )
    # The button shows only once the page has scrolled: the status line cannot be lower in
    # the window than where it stands at a scroll of 100 px.
    reachable = [place for place in places if status_top - place >= 100]
    assert len(reachable) >= 3, f"only {reachable} of {list(places)} can be tried"
    for place in reachable:
        # Material shows the button when the reader scrolls up.
        reused_page.evaluate("(y) => window.scrollTo(0, y)", status_top - place + 300)
        reused_page.wait_for_timeout(150)
        reused_page.evaluate("(y) => window.scrollTo(0, y)", status_top - place)
        reused_page.wait_for_function(
            "() => { const b = document.querySelector('.md-top');"
            " return !b.hidden && getComputedStyle(b).opacity === '1'; }"
        )
        found = reused_page.evaluate(BUTTON_AND_STATUS)
        assert not overlap(found["button"], found["status"]), (
            f"{PLAYGROUND} at {size['width']} x {size['height']}, the status line "
            f"{place} px down the window: the back-to-top button {found['button']} covers "
            f"the status line {found['status']}"
        )


# Each parameter's slider, its value and where they stand, for the activation shown.
PARAMETER_ROWS = """() => [...document.querySelectorAll('.playground__params input[type=range]')]
  .map((slider) => {
    const value = slider.parentElement.querySelector('output');
    const s = slider.getBoundingClientRect(), v = value.getBoundingClientRect();
    const line = parseFloat(getComputedStyle(value).lineHeight);
    return { id: slider.id, text: value.textContent, sliderMiddle: (s.top + s.bottom) / 2,
             valueTop: v.top, valueBottom: v.bottom, valueHeight: v.height, line,
             valueLeft: v.left, sliderRight: s.right };
  })"""


@pytest.mark.parametrize("width", [360, 390])
def test_every_parameter_value_stays_on_its_sliders_line(reused_page, reused_page_log, width):
    """On a phone, for every activation the playground offers, each parameter's value is one
    line, beside its slider (RReLU's upper bound, 0.333333, broke in two under it)."""
    reused_page.set_viewport_size({"width": width, "height": 800})
    open_playground(reused_page)
    choose = reused_page.get_by_role("combobox", name="Activation")
    names = choose.locator("option").evaluate_all("(options) => options.map((o) => o.value)")
    assert len(names) > 20, names
    checked = 0
    for name in names:
        choose.select_option(name)
        for row in reused_page.evaluate(PARAMETER_ROWS):
            at = f"{name} at {width} px: {row['id']} shows {row['text']!r}"
            assert row["valueHeight"] < 1.5 * row["line"], f"{at} on more than one line"
            assert row["valueTop"] <= row["sliderMiddle"] <= row["valueBottom"], (
                f"{at} off its line"
            )
            assert row["valueLeft"] >= row["sliderRight"], f"{at} over its slider"
            checked += 1
    assert checked >= 10, f"only {checked} parameter sliders seen"
    assert not reused_page_log.problems(), "\n".join(reused_page_log.problems())
