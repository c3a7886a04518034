"""Small things a reader meets on the way (issue 30): the sidebars keep the link they bring
into view clear of their titles, and the playground's status line holds still while the
model trains, one line high, never under the back-to-top button.

Fixtures (``page``, ``page_log``, ``instant_navigation``, ...) are described in conftest.py.
"""

from __future__ import annotations

import pytest

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
def test_the_active_page_link_is_in_view_below_the_sidebar_title(page, page_log, path, size):
    page.set_viewport_size(size)
    page.goto(path)
    page.wait_for_timeout(300)  # Material scrolls the sidebar on the next animation frame
    link = active_link(page)
    assert link is not None, f"{path}: no active link in the sidebar"
    problem = link_problem(f"{path} at {size['width']} x {size['height']}", link)
    assert not problem, problem
    assert not page_log.problems(), "\n".join(page_log.problems())


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
def test_a_link_reached_by_keyboard_is_not_under_the_sidebar_title(page, sidebar, path):
    """Shift+Tab up through a sidebar from its last link: the browser scrolls each focused
    link into view, and Material's sticky title covers the top of the scrolling box; the
    scroll padding keeps the link below the title."""
    page.set_viewport_size(SHORT_LAPTOP)
    page.goto(path)
    last = page.locator(f"{sidebar} a.md-nav__link:visible").last
    last.focus()
    seen = []
    for _ in range(200):
        page.keyboard.press("Shift+Tab")
        link = page.evaluate(
            f"([sidebar]) => ({LINK_IN_SIDEBAR})([sidebar, document.activeElement])", [sidebar]
        )
        if link is None:
            break
        seen.append(link["text"])
        problem = link_problem(f"{path}, {sidebar} reached by Shift+Tab", link)
        assert not problem, problem
    assert len(seen) > 10, f"{path}: Shift+Tab went through only {seen} in {sidebar}"
