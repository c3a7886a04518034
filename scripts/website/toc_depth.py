"""A page's front matter may set ``toc_depth``: its table of contents then lists
headings down to that level only (2 lists the ``##`` sections; the page's title is level 1).

The API reference has an entry for every formula function, about 120 headings: the
sidebar listed each one, twice in the HTML (the desktop sidebar and the phone's drawer),
and Material measures the position of every listed heading as the page loads and again
whenever the page's height changes. Left out of the table of contents, a heading keeps its
anchor and permalink.
"""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink


def _prune(links: list[AnchorLink], depth: int) -> None:
    for link in links:
        if link.level >= depth:
            link.children = []
        else:
            _prune(link.children, depth)


def on_page_context(context: dict[str, Any], page: Page, **_: Any) -> dict[str, Any]:
    depth = page.meta.get("toc_depth")
    if depth is None:
        return context
    if not isinstance(depth, int) or isinstance(depth, bool) or not 1 <= depth <= 6:
        raise PluginError(
            f"{page.file.src_uri}: toc_depth must be a whole number from 1 to 6, not {depth!r}"
        )
    _prune(list(page.toc), depth)
    return context
