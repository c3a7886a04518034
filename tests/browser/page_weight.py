"""What a page costs to load, as readers download it, and the budget it is held to.

A page is loaded in Chromium through the gzip server (``serve_site.py``, as GitHub Pages
serves the site), and every response counted as it travelled: compressed body plus
headers, which is what Lighthouse's total-byte-weight (``make audit``) adds up. The bare
page is measured the same way, from a one-page site built with Material and nothing else
(the ``bare_page_bytes`` fixture, tests/browser/conftest.py), so the budget follows
Material when it changes. Each page of the site is weighed in its first visit
(test_pages.py, ``test_a_first_visit_is_clean_still_and_light``).
"""

from __future__ import annotations

from pathlib import Path

from scripts.reports import serve_site
from tests.conftest import mkdocs_build

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


def bare_page_bytes(folder: Path, browser) -> int:
    """Bytes a bare Material page transfers, built in ``folder`` and loaded in ``browser``."""
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Bare\n\nA bare Material page.\n")
    (folder / "mkdocs.yml").write_text(BARE_CONFIG)
    returncode, output = mkdocs_build(folder / "site", folder / "mkdocs.yml")
    assert returncode == 0, output
    context = browser.new_context(service_workers="block")
    try:
        with serve_site.serve(folder / "site") as url:
            return sum(transferred(context.new_page(), url).values())
    finally:
        context.close()
