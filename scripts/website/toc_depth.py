"""A page's front matter may set ``toc_depth``: its table of contents then lists
headings down to that level only (2 lists the ``##`` sections; the page's title is level 1).

The API reference has an entry for every formula function, about 120 headings: the
sidebar listed each one, twice in the HTML (the desktop sidebar and the phone's drawer),
and Material measures the position of every listed heading as the page loads and again
whenever the page's height changes. Left out of the table of contents, a heading keeps its
anchor and permalink, and may wait unlaid with its section (``deferred_layout.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink


def depth(page: Page) -> int | None:
    """The page's toc_depth, or None if it sets none; PluginError if it is not 1 to 6."""
    value = page.meta.get("toc_depth")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 6:
        raise PluginError(
            f"{page.file.src_uri}: toc_depth must be a whole number from 1 to 6, not {value!r}"
        )
    return value


def listed_ids(page: Page) -> set[str] | None:
    """The anchors of the headings the page's table of contents lists, or None if the page
    keeps all of them (no toc_depth). Needs ``page.toc``, known once the page is rendered."""
    limit = depth(page)
    if limit is None:
        return None
    return {link.id for link in _listed(list(page.toc), limit)}


def _listed(links: list[AnchorLink], limit: int) -> Iterator[AnchorLink]:
    """The links of ``links`` and their descendants down to level ``limit``: the table of
    contents of a page with that toc_depth."""
    for link in links:
        if link.level <= limit:
            yield link
            yield from _listed(link.children, limit)


def on_page_context(context: dict[str, Any], page: Page, **_: Any) -> dict[str, Any]:
    limit = depth(page)
    if limit is not None:
        # Material draws a link's children: those below the limit are dropped.
        for link in list(_listed(list(page.toc), limit)):
            link.children = [child for child in link.children if child.level <= limit]
    return context
