"""A page as the equation checker reads it: headings, markers and math spans, in order, with their
lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.website.claims.base import Marker, Span

_MARKER = re.compile(r"<!--\s*(define|let|assume|unchecked|vectors|arbitrary)\s*:(.*?)-->", re.S)


_HEADING = re.compile(r"^(#{1,6})\s", re.M)


_DISPLAY = re.compile(r"\$\$(.*?)\$\$", re.S)


# Inline math may wrap onto the next line of its paragraph, never across a blank line.
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)((?:[^$\n]|\n(?![ \t]*\n))+?)(?<!\\)\$")


_BLANK = re.compile(r"\n[ \t]*\n")


_NOT_TEXT = [
    re.compile(r"\A---\n.*?\n---\n", re.S),  # front matter
    re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1", re.S | re.M),  # fenced code
    re.compile(r"`[^`\n]*`"),  # inline code
]


def _blank_out(text: str) -> str:
    for pattern in _NOT_TEXT:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def tokens(page: str, text: str) -> Iterator[tuple[int, str, Any]]:
    """(offset, kind, payload) for headings, markers and math spans, in page order."""
    clean = _blank_out(text)
    found: list[tuple[int, str, Any]] = []
    for m in _HEADING.finditer(clean):
        found.append((m.start(), "heading", len(m.group(1))))
    for m in _MARKER.finditer(clean):
        block = _BLANK.search(clean, m.end())
        end = block.start() if block else len(clean)
        # Inside a list item a comment swallows a display that follows on the next line (an
        # HTML block runs to a blank line), so there a marker stands alone, a blank line
        # before its display: the marker covers that display.
        alone = re.match(r"[ \t]*\n[ \t]*\n[ \t]*\$\$", clean[m.end() :])
        if alone and (display := _DISPLAY.search(clean, m.end() + alone.end() - 2)):
            end = display.end()
        line = _line(clean, m.start())
        found.append((m.start(), "marker", Marker(page, line, m[1], m[2].strip(), m.start(), end)))
    without_comments = re.sub(r"<!--.*?-->", lambda m: " " * len(m.group(0)), clean, flags=re.S)
    for m in _DISPLAY.finditer(without_comments):
        found.append((m.start(), "span", Span(page, _line(clean, m.start()), m[1], True)))
    inline_text = _DISPLAY.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), without_comments)
    for m in _INLINE.finditer(inline_text):
        completed = inline_text[m.end() :].lstrip().startswith("{{")
        span = Span(page, _line(clean, m.start()), m[1], False, completed)
        found.append((m.start(), "span", span))
    yield from sorted(found, key=lambda t: t[0])


def current_level(text: str, offset: int) -> int:
    headings = [len(m[1]) for m in _HEADING.finditer(_blank_out(text)[:offset])]
    return headings[-1] if headings else 0


def unchecked_markers(docs: Path) -> list[str]:
    """Every ``unchecked`` marker on the pages, as "page:line: reason", for review."""
    out = []
    for path in sorted(docs.rglob("*.md")):
        text = _blank_out(path.read_text(encoding="utf-8"))
        for m in _MARKER.finditer(text):
            if m[1] == "unchecked":
                out.append(
                    f"{path.relative_to(docs).as_posix()}:{_line(text, m.start())}: {m[2].strip()}"
                )
    return out
