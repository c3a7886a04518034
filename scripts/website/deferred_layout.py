"""Let the browser lay out only the part of a page near the screen.

A function page holds a few thousand elements, most of them MathML, and a phone spent
most of its first second on style and layout of text far below the screen. This hook
wraps the body of each section, everything between one heading and the next, in a
``<div class="deferred">``, which ``extra.css`` gives ``content-visibility: auto``: the
browser skips the layout and paint of a block until it nears the screen, and keeps its
size once drawn. Once the page has loaded, a script in ``docs/overrides/main.html`` lays
out the other blocks in the browser's idle moments, so that the whole page soon stands in
its true place without the work ever blocking the reader. The text stays in the document
throughout, so search, find-in-page, screen readers and links into the page see all of it.

The headings themselves stay outside the blocks: Material reads the position of every
heading in the table of contents as the page loads, and a heading inside a skipped
block would make the browser lay that block out at once. So a section whose body holds
a heading of its own (in an admonition, or mkdocstrings' entries) is left as it is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

BLOCK = '<div class="deferred">'
# Only these break the page in sections; the h1 and the lead text after it are on screen.
SECTION_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
NESTED_HEADING = re.compile(r"<h[1-6][\s>]")
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _TopLevel(HTMLParser):
    """Where each top-level element of an HTML fragment starts, and where each top-level
    section heading ends, as (line, column) positions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.heading_spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
        self._open: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0 and tag in SECTION_HEADINGS:
            self._open = self.getpos()
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        self.depth -= 1
        if self.depth == 0 and self._open is not None and tag in SECTION_HEADINGS:
            line, column = self.getpos()
            self.heading_spans.append((self._open, (line, column + len(tag) + 3)))
            self._open = None


def wrap_sections(fragment: str) -> str:
    """``fragment`` with the body of each top-level h2-h6 section in a deferred block."""
    parser = _TopLevel()
    parser.feed(fragment)
    parser.close()
    if parser.depth != 0:  # not the balanced HTML Markdown writes: leave it as it is
        return fragment
    line_starts = [0]
    for line in fragment.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))

    def offset(position: tuple[int, int]) -> int:
        line, column = position
        return line_starts[line - 1] + column

    spans = [(offset(start), offset(end)) for start, end in parser.heading_spans]
    if not spans:
        return fragment
    pieces = [fragment[: spans[0][0]]]
    for k, (start, end) in enumerate(spans):
        body_end = spans[k + 1][0] if k + 1 < len(spans) else len(fragment)
        body = fragment[end:body_end]
        pieces.append(fragment[start:end])
        # A body with a heading of its own (mkdocstrings' API entries) stays as it is.
        deferred = body.strip() and not NESTED_HEADING.search(body)
        pieces.append(f"{BLOCK}{body}</div>\n" if deferred else body)
    return "".join(pieces)


@event_priority(-100)  # last: after the formulas are written (math_hook.py)
def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return wrap_sections(html_)
