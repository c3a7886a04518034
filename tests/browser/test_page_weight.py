"""What a page costs to load (tests/browser/page_weight.py): the bare Material page the
budget is measured against, and what the savings must not break. Each page of the site is
weighed in its first visit (test_pages.py, ``test_a_first_visit_is_clean_still_and_light``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_the_bare_page_weighs_what_the_budget_says(bare_page_bytes):
    """If Material's bare page grows or shrinks a lot, the note in page_weight.py is out of
    date."""
    assert 55_000 < bare_page_bytes < 70_000, bare_page_bytes


# ---------------------------------------------------------------------------
# What the savings must not break
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [("softplus", "functions/softplus/"), ("zig-zag", "functions/logistic/")],
    ids=["function name", "word in prose"],
)
def test_search_loads_its_index_when_used_and_finds(page, page_log, query, expected):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("concepts/backpropagation/", wait_until="networkidle")
    assert not [u for u in requests if "search_index" in u], "the index came with the page"

    page.keyboard.press("/")  # Material's shortcut: opens search, focus in its box
    page.keyboard.type(query)  # at once, before the index has arrived
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    hrefs = results.evaluate_all("(links) => links.map((a) => a.href)")
    assert any(expected in href for href in hrefs), hrefs
    assert [u for u in requests if "search_index" in u]
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_explorer_mounts_when_reached_by_instant_navigation(page, page_log, instant_navigation):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("concepts/backpropagation/", wait_until="networkidle")
    assert not [u for u in requests if "explorer" in u], "a page without one loads the explorer"
    page.evaluate("window.__sameDocument = true")
    # Material takes over links once it has read the sitemap; on a loaded machine that
    # can come a moment after the network falls quiet.
    page.wait_for_timeout(500)

    page.locator('nav.md-nav--primary a[href$="explorer/"]').first.click()
    page.wait_for_selector(".explorer[data-explorer-mounted] .explorer__plot svg")
    assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
    assert page.evaluate("getComputedStyle(document.querySelector('.explorer')).display")
    assert page.locator('link[href$="stylesheets/explorer.css"]').count() == 1

    # On to a page with compact explorers: mounted by the script already loaded.
    page.locator('nav.md-nav--primary a[href$="functions/logistic/"]').first.click()
    card = page.locator(".explorer[data-functions=sigmoid]")
    card.scroll_into_view_if_needed()  # a card's explorer mounts as the reader reaches it
    page.wait_for_selector(".explorer[data-functions=sigmoid][data-explorer-mounted]")
    assert page.evaluate("window.__sameDocument") is True
    assert sum(u.endswith("javascripts/explorer.js") for u in requests) == 1
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_search_index_holds_each_formula_once_at_most(site_dir: Path):
    """No TeX source in the index, and each inline formula once, as the reader sees it."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert not re.search(r"\\(frac|sigma|left|mathrm)\b", text), "TeX source in the index"
    # Inline formulas stay, as the reader sees them: "σ(x)(1−σ(x))" in the summary table.
    assert "σ(x)(1−σ(x))" in text
    assert text.count("σ(x)(1−σ(x))") < 10


def test_a_cards_explorer_loads_when_the_reader_reaches_it(page, page_log):
    """A function page fetches the explorer's scripts only once a card's explorer nears
    the screen; scrolled there, it mounts."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto("functions/sparse/", wait_until="networkidle")
    first = page.locator(".explorer[data-explorer=compact]").first
    assert first.bounding_box()["y"] > 1.5 * 600, "this page's first explorer is not below"
    assert not [
        u for u in requests if u.endswith(("explorer.js", "explorer-data.js", "explorer-higher.js"))
    ]
    first.scroll_into_view_if_needed()
    page.wait_for_selector(".explorer[data-explorer=compact][data-explorer-mounted]")
    assert [u for u in requests if u.endswith("javascripts/explorer.js")]
    assert not page_log.problems(), "\n".join(page_log.problems())


def test_the_playground_trains_without_the_explorers_scripts(page, page_log):
    """The playground bundles the formulas it trains with (lib/formulas.js) into its own
    script and reads its share of the registry data (playground-data.js: no gated units,
    no families): it downloads neither the explorer (explorer.js), nor the whole registry
    data (explorer-data.js), nor f'' and d f / d theta (explorer-higher.js), which an
    explorer fetches when it mounts; the full explorer does, and draws f'' from it."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("playground/", wait_until="networkidle")
    page.wait_for_selector("div.playground.playground--mounted")
    scripts = [
        u.rsplit("/", 1)[1] for u in requests if "/javascripts/" in u and "/assets/" not in u
    ]
    assert scripts == ["playground-data.js", "playground.js"], scripts
    assert page.evaluate("window.actlibExplorerData.gated.length") == 0
    assert page.evaluate("typeof window.actlibExplorer") == "undefined"
    page.locator("div.playground").get_by_role("button", name="Step").click()
    page.wait_for_function(
        "() => window.actlibPlayground.inspect(document.querySelector('div.playground')).step === 1"
    )
    page.goto("explorer/", wait_until="networkidle")
    page.wait_for_selector(".explorer[data-explorer=full][data-explorer-mounted]")
    assert [u for u in requests if u.endswith("javascripts/explorer-higher.js")]
    assert page.evaluate("typeof window.actlibExplorerData.printedHigher") == "function"
    assert not page_log.problems(), "\n".join(page_log.problems())
