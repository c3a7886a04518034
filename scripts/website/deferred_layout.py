"""Let the browser lay out only the part of a page near the screen.

A function page holds a few thousand elements, most of them MathML, and a phone spent
most of its first second on style and layout of text far below the screen. This hook
wraps the body of each section, everything between one heading and the next, in a
``<div class="deferred">``, which ``extra.css`` gives ``content-visibility: auto``: the
browser skips the layout and paint of a block until it nears the screen, and keeps its
size once drawn. Once the page has loaded, a script of the template
(``docs/overrides/partials/site-scripts/deferred-layout.html``) measures the other blocks in
the browser's idle moments and gives each its true height as its placeholder, so that the
whole page soon stands in its true place without the work ever blocking the reader, and the
browser still draws only what is near the screen. The text stays in the document throughout,
so search, find-in-page, screen readers and links into the page see all of it.

A long section body is cut into several blocks, between two of its own elements (before
a paragraph or a list, see ``CUT_BEFORE``), each about ``CHUNK`` characters of HTML: the
first section of a page often starts on the first screen and runs for several more, and
only its first part needs drawing at once (on the GLU page, the style work before the
load event fell from 138 to 106 ms, unthrottled, with its first section cut by hand).

The headings of the table of contents stay outside the blocks: Material reads the
position of each of them as the page loads, and a heading inside a skipped block would
make the browser lay that block out at once. So a section whose body holds a heading of
its own (mkdocstrings' entries, nested in divs) gets no block; the sections inside it get
theirs. A heading the table of contents leaves out (``toc_depth.py``: the API reference's
120 members) goes into the block with its section: on the API page those headings, their
signatures and wrappers were 1,100 of the 1,850 elements laid out at load.

Parsing a page's HTML is most of this hook's time, so each page's result is cached in
``.cache/deferred/``, by the page's HTML, its listed headings and this file.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Container
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.shared.cache import Store, digest
from scripts.website import toc_depth

BLOCK = '<div class="deferred">'
CHUNK = 3000  # characters of HTML per block, about a phone's screen of text with formulas
# Only these break the page in sections; the h1 and the lead text after it are on screen.
SECTION_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
NESTED_HEADING = re.compile(r"<h[1-6][\s>]")
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class Heading(NamedTuple):
    """A section heading: its span in the fragment and its id (None if it has none)."""

    start: int
    end: int
    id: str | None


class Child(NamedTuple):
    """An element, by its tag, its first class and its offsets in the fragment."""

    tag: str
    kind: str
    start: int
    end: int


# A block keeps its children's margins inside it (extra.css zeroes the first one's top
# margin and the last one's bottom margin, and those of a code block's <pre>), so a long
# body is cut only where the gap stays what it was: before a paragraph or a list (1em
# above and below in Material), after one of those, a display formula (no margin) or a
# code block. tests/browser/test_pages.py checks every gap against the page without blocks.
CUT_AFTER = frozenset({"p", "ul", "ol", "div.arithmatex", "div.highlight"})
CUT_BEFORE = frozenset({"p", "ul", "ol"})


class _Sections(HTMLParser):
    """The sections of an HTML fragment, at every level: for each element (and for the
    fragment itself) whose children include h2-h6 headings, the span of each such heading
    and the end of its body, where the next of those headings or the element's end is."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0]
        for line in fragment.splitlines(keepends=True):
            self._line_starts.append(self._line_starts[-1] + len(line))
        # One frame per open element, the fragment first: the element (its children not
        # yet known), its child headings and its child elements.
        root = (Child("", "", 0, 0), [], [])
        self._stack: list[tuple[Child, list[Heading], list[Child]]] = [root]
        self._heading: Heading | None = None  # an open one, its end not yet known
        # (heading, end of its body, the body's child elements)
        self.sections: list[tuple[Heading, int, list[Child]]] = []
        self.balanced = True

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        attributes = dict(attrs)
        if tag in SECTION_HEADINGS and self._heading is None:
            self._heading = Heading(start, start, attributes.get("id"))
        classes = (attributes.get("class") or "").split()
        kind = f"{tag}.{classes[0]}" if classes else tag
        if tag not in VOID:
            self._stack.append((Child(tag, kind, start, start), [], []))
        else:
            end = start + len(self.get_starttag_text() or "")
            self._stack[-1][2].append(Child(tag, kind, start, end))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if len(self._stack) == 1 or self._stack[-1][0].tag != tag:
            self.balanced = False
            return
        element = self._close(self._offset())
        end = self._offset() + len(tag) + 3
        self._stack[-1][2].append(element._replace(end=end))
        if tag in SECTION_HEADINGS and self._heading is not None:
            self._stack[-1][1].append(self._heading._replace(end=end))
            self._heading = None

    def _close(self, end: int) -> Child:
        """Close the innermost element, whose body ends at ``end``, and return it."""
        element, headings, children = self._stack.pop()
        for k, heading in enumerate(headings):
            body_end = headings[k + 1].start if k + 1 < len(headings) else end
            inside = [c for c in children if heading.end <= c.start and c.end <= body_end]
            self.sections.append((heading, body_end, inside))
        return element

    def finish(self, length: int) -> list[tuple[Heading, int, list[Child]]] | None:
        """The sections, or None for HTML that is not balanced as Markdown writes it."""
        self.close()
        if not self.balanced or len(self._stack) != 1:
            return None
        self._close(length)
        return self.sections


def wrap_sections(fragment: str, listed: Container[str] | None = None) -> str:
    """``fragment`` with the body of each h2-h6 section in a deferred block, at whatever
    depth the headings are (mkdocstrings nests its entries in divs). ``listed``: the ids
    of the headings in the table of contents (None: every heading); the block of a section
    whose heading is not listed starts at the heading."""
    parser = _Sections(fragment)
    parser.feed(fragment)
    sections = parser.finish(len(fragment))
    if not sections:
        return fragment
    insertions: list[tuple[int, str]] = []
    for heading, body_end, children in sections:
        body_start = heading.end
        body = fragment[body_start:body_end]
        # A body with a heading of its own stays as it is; its own sections get blocks.
        if body.strip() and not NESTED_HEADING.search(body):
            if listed is not None and heading.id not in listed:
                body_start = heading.start
            insertions.append((body_start, BLOCK))
            for cut in _cuts(body_start, body_end, children):
                insertions += [(cut, "</div>\n"), (cut, BLOCK)]
            insertions.append((body_end, "</div>\n"))
    pieces, last = [], 0
    for at, text in sorted(insertions, key=lambda item: item[0]):
        pieces += [fragment[last:at], text]
        last = at
    return "".join(pieces) + fragment[last:]


def _cuts(start: int, end: int, children: list[Child]) -> list[int]:
    """Where to cut a body into blocks: between two of its elements that allow it
    (``CUT_AFTER``, ``CUT_BEFORE``), once the block has ``CHUNK`` characters, unless what
    would follow is shorter than half of that."""
    cuts, block_start = [], start
    for before, after in itertools.pairwise(children):
        at = before.end
        allowed = before.kind in CUT_AFTER and after.kind in CUT_BEFORE
        if allowed and at - block_start >= CHUNK and end - at >= CHUNK // 2:
            cuts.append(at)
            block_start = at
    return cuts


STORE = Store("deferred", ".html")


def cached_wrap_sections(fragment: str, listed: set[str] | None) -> str:
    """``wrap_sections``, computed once per fragment and listed headings."""
    ids = None if listed is None else sorted(listed)
    key = digest(Path(__file__).read_bytes(), json.dumps(ids), fragment)
    if (stored := STORE.get(key)) is not None:
        return stored.decode("utf-8")
    wrapped = wrap_sections(fragment, listed)
    STORE.put(key, wrapped.encode("utf-8"))
    return wrapped


@event_priority(-100)  # last: after the formulas are written (math_hook.py)
def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return cached_wrap_sections(html_, toc_depth.listed_ids(page))
