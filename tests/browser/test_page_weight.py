"""What a page costs to load: at most twice a bare Material page, as readers download it.

Each page is loaded in Chromium through the gzip server (``serve_site.py``, as GitHub
Pages serves the site), and every response counted as it travelled: compressed body plus
headers, which is what Lighthouse's total-byte-weight (``make audit``) adds up. The bare
page is measured the same way, from a one-page site built here with Material and nothing
else, so the budget follows Material when it changes. Each page is weighed in the one
first visit that also checks it is clean and still (test_pages.py,
``test_a_first_visit_is_clean_still_and_light``), with ``transferred`` and
``over_the_budget`` from here; this module measures the bare page and tests what the
savings must not break.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scripts.reports import serve_site

pytestmark = pytest.mark.browser

# A bare Material page (9.8.1, font: false, as audit.py builds it) transfers 62.1 KB:
# its bundle (34 KB), stylesheet (22 KB), HTML, favicon and the search worker. The goal
# is at most twice that; the test measures the bare page again rather than trusting this.
BARE_CONFIG = "site_name: Bare\ntheme:\n  name: material\n  font: false\n"
BUDGET_FACTOR = 2
# The heaviest pages at 1280x720 are the playground (123.7 KB of 124.1: its script and
# data), the API page (119.9 KB) and the function pages (up to 113.5 KB), on top of ~22 KB
# of math font, a WOFF2 subset (scripts/website/math_assets.py). A taller screen also
# fetches the explorer's scripts (explorer.js 12 KB, its data and f'' 4 KB) for a card
# within half a screen below it (partials/site-scripts/explorer-loader.html): at 800 px,
# functions/logistic/ (125.3 KB). No page is exempt.


def transferred(page, url: str, *, quiet_ms: int = 300) -> dict[str, int]:
    """Bytes each URL transferred while ``page`` loaded ``url``: until the network is idle,
    the fonts are ready, the network is idle again and ``quiet_ms`` more have passed."""
    sizes: dict[str, int] = {}

    def count(request) -> None:
        size = request.sizes()
        sizes[request.url] = size["responseBodySize"] + size["responseHeadersSize"]

    page.on("requestfinished", count)
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    # Fonts are asked for once the layout needs them, and the explorer's scripts once
    # Material's document$ has fired: on a busy machine, after a first quiet moment.
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(quiet_ms)
    page.remove_listener("requestfinished", count)
    return sizes


def over_the_budget(page_url: str, sizes: dict[str, int], bare_page_bytes: int) -> str | None:
    """What is wrong with a page that transferred ``sizes``, if it is over the budget."""
    total = sum(sizes.values())
    budget = BUDGET_FACTOR * bare_page_bytes
    if total <= budget:
        return None
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:8]
    detail = "\n".join(f"  {size / 1024:6.1f} KB  {url}" for url, size in largest)
    return (
        f"{page_url or 'home'} transfers {total / 1024:.1f} KB, over the budget of "
        f"{budget / 1024:.1f} KB ({BUDGET_FACTOR}x a bare Material page); largest:\n{detail}"
    )


@pytest.fixture(scope="session")
def bare_page_bytes(tmp_path_factory, browser) -> int:
    folder = tmp_path_factory.mktemp("bare")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Bare\n\nA bare Material page.\n")
    (folder / "mkdocs.yml").write_text(BARE_CONFIG)
    from tests.conftest import mkdocs_build

    returncode, output = mkdocs_build(folder / "site", folder / "mkdocs.yml")
    assert returncode == 0, output
    context = browser.new_context(service_workers="block")
    try:
        with serve_site.serve(folder / "site") as url:
            return sum(transferred(context.new_page(), url).values())
    finally:
        context.close()


def test_the_bare_page_weighs_what_the_budget_says(bare_page_bytes):
    """If Material's bare page grows or shrinks a lot, the comment above is out of date."""
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
