"""A reader's query finds the answer first, in Material's own search, in Chromium.

Each query is typed into the search box of a page, as a reader types it; the worker loads
the index and answers; one loaded page (per worker) answers the queries one after another.
Material 9.8.1 (templates/search/index.tsx) lists results by page: a page's link, then its
best-scoring sections, the rest folded under "more on this page".
The answer is the first page's best section, or the page itself when no section beats it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

import actlib
from actlib._core import _ALIASES
from tests.conftest import PageLog, new_site_page

pytestmark = pytest.mark.browser


def section(name: str) -> str:
    return f"functions/{actlib.get(name).family}/#{name}"


READER_QUERIES = {
    "relu derivative at 0": "functions/rectifier/#the-derivative-piece-by-piece",
    "sigmoid derivative": "functions/logistic/#the-derivative-step-by-step",
    "sigmoid": section("sigmoid"),
    "swiglu": section("swiglu"),
    "softmax jacobian": "functions/softmax/#the-jacobian-derived",
    "sparsemax jacobian": "functions/sparse/#the-jacobian",
    "vanishing gradient": "experiments/vanishing-gradients/",
    "dying relu": "experiments/dying-relu/",
    "backpropagation": "concepts/backpropagation/",
    "leaky_relu": section("leaky_relu"),
    "silu": section("silu"),
    "swish": section("silu"),
    "hard_swish": section("hardswish"),
    "gelu": section("gelu"),
    "elu derivative": "functions/exponential/#the-derivative-piece-by-piece",
    # "tanh*" also matches the rarer "tanhshrink"; the hook weighs that rarity back
    "tanh": section("tanh"),
    # a variant named by one of GELU's options
    "gelu tanh": "functions/gated/#the-tanh-approximation",
    # a function whose title holds another's name and words of no name ("with a")
    "softmax sink": section("softmax_sink"),
    # its derivation's heading says "sink's" too, which "sink*" also matches
    "softmax sink jacobian": "functions/softmax/#the-jacobian-and-the-sinks-gradient-derived",
    # names that begin no other and that no other begins, kept first by the boosts alone
    "entmax": section("entmax"),
    "telu": section("telu"),
}
# Each registered name, as its framework spells it and with spaces, and each alias.
NAME_QUERIES = {
    **{name: section(name) for name in actlib.names()},
    **{name.replace("_", " "): section(name) for name in actlib.names() if "_" in name},
    **{alias: section(name) for alias, name in _ALIASES.items() if alias != "linear"},
}


ANSWER_TIMEOUT_MS = 30_000
SEARCH_FROM = "concepts/why-activation-functions/"


@dataclass
class SearchBox:
    """Material's search box, open on a loaded page, and what that page has logged."""

    page: Page
    log: PageLog
    waiting: str  # the line above the results while the box is empty


@pytest.fixture(scope="module")
def _open_search(browser, site_url: str) -> Iterator[SearchBox]:
    """One page per worker answers every query, as a reader asks one after another: its
    worker builds the index once."""
    log = PageLog()
    context, page = new_site_page(browser, site_url, log)
    page.goto(SEARCH_FROM, wait_until="networkidle")
    page.keyboard.press("/")  # Material's shortcut: opens search, focus in its box
    # Material's worker, once it holds the index, answers the box's value: empty, the line
    # above the results leaves "Initializing search" for "Type to start searching". Each
    # answer rewrites that line and lists its results in the same task
    # (Material 9.8.1, components/search/result/index.ts).
    waiting = page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent)"
        ".translations['search.result.placeholder']"
    )
    # Generous bounds, never waited out when all is well: on a machine the test suite loads,
    # the worker may take many seconds to build its index.
    expect(page.locator(".md-search-result__meta")).to_have_text(waiting, timeout=ANSWER_TIMEOUT_MS)
    yield SearchBox(page, log, waiting)
    context.close()


@pytest.fixture
def search_box(_open_search: SearchBox) -> Iterator[SearchBox]:
    yield _open_search
    # Each test answers for what the page logged while it ran (the first, also its load).
    _open_search.log.clear()


def search_answer(search: SearchBox, query: str) -> list[str]:
    """The links the first result shows unfolded: the page, then its best sections."""
    meta = search.page.locator(".md-search-result__meta")
    box = search.page.locator(".md-search__input")
    # A reader's last keystroke: Material sends the box's value on keyup, once per new value
    # (components/search/query/index.ts), so the worker answers each value typed here, in
    # turn. The empty box's answer shows the waiting line: the next change of that line is
    # the answer to this query, not to the one before.
    box.fill("")
    box.press("End")
    expect(meta).to_have_text(search.waiting, timeout=ANSWER_TIMEOUT_MS)
    box.fill(query)
    box.press("End")
    expect(meta).not_to_have_text(search.waiting, timeout=ANSWER_TIMEOUT_MS)
    first = search.page.locator(".md-search-result__item").first
    return first.locator(":scope > a").evaluate_all("(links) => links.map((a) => a.href)")


def site_path(href: str, site_url: str) -> str:
    """A result's link as a site path: no host, no ?h= (the words Material highlights)."""
    parts = urlsplit(href.removeprefix(site_url))
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        *READER_QUERIES.items(),
        *((q, e) for q, e in NAME_QUERIES.items() if q not in READER_QUERIES),
    ],
)
def test_the_first_result_answers_the_query(search_box, site_url, query, expected):
    links = search_answer(search_box, query)
    assert links, f"search for {query!r}: no result"
    got = site_path(links[1] if len(links) > 1 else links[0], site_url)
    assert got == expected, (
        f"search for {query!r}: the first result is {got}, expected {expected} "
        f"(first result's links: {links})"
    )
    assert not search_box.log.problems(), "\n".join(search_box.log.problems())
