"""Search answers with the section that explains: a function's name finds its section,
"NAME derivative" its derivation.

Material 9.8.1's search (material/plugins/search/plugin.py, and the worker's
src/templates/assets/javascripts/integrations/search/_/index.ts) indexes one entry per
heading: its title (weight 1000) and its text (weight 1), with the page's front-matter
``search: boost`` as the entry's boost. Each query word gets a trailing wildcard, any word
may match, and a page's first entry (its title and introduction) then scores up to five
times what it would, a section up to twice. Two things kept the answer down:

- A section's title is its heading alone. The derivation under each function is titled
  "The derivative, step by step", thirty times on the site without saying whose; the name
  of its function is in the title now ("Sigmoid › The derivative, step by step"), as the
  result list shows it, so "sigmoid derivative" matches it in both words.
- A page of functions is titled by its family ("Sigmoid and tanh"), and its first entry
  outscored the function's own section by that factor of five. The section of each
  function actlib registers (its heading's anchor is the function's name) is boosted above
  its page, its derivation with it.

The boosts are entries' own: Material's format allows one per entry, its plugin writes
only a page's. This runs after the search plugin has written the index, and rewrites it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

import actlib

# Material multiplies a page's first entry by up to 5, a section by up to 2 (score * (1 +
# boost ** 2), boost = is-page + share of the query's words matched): a function's section
# and its derivation are boosted past the pages that title themselves with a family's name
# ("Sigmoid and tanh") or with "derivatives" (the home page, "Why derivatives matter").
FUNCTION_BOOST = 3.0


# Lunr scores a word in "Log-sigmoid" as high as in "Sigmoid" (Material sets lunr's b to 0:
# no length normalisation); the fewer words in a function's title, the higher its boost, so
# that typing a whole name finds that function, and typing a longer name the longer one,
# which matches more of the query.
def _length_factor(title: str) -> float:
    return 1 + 1 / len(re.findall(r"\w+", title))


# The section itself above its derivation on the name alone; "NAME derivative" matches the
# derivation in both words, and a word's weight is well above this margin.
NAME_MARGIN = 1.05
DERIVATION = re.compile(r"^the (derivative|jacobian)\b", re.IGNORECASE)
TITLE_JOIN = " › "

# Per page URL: each heading's anchor -> the title to index (None: as it is) and the
# entry's boost (None: the page's).
_entries: dict[str, dict[str, tuple[str | None, float | None]]] = {}


def _function_sections(page: Page) -> dict[str, tuple[str | None, float | None]]:
    """The sections of a page's functions and the headings under them, by anchor."""
    functions = set(actlib.names())
    family = page.file.src_uri.removeprefix("functions/").removesuffix(".md")
    found: dict[str, tuple[str | None, float | None]] = {}

    def visit(link: AnchorLink, function: AnchorLink | None) -> None:
        if function is None and link.id in functions and actlib.get(link.id).family == family:
            function = link
            found[link.id] = (None, FUNCTION_BOOST * _length_factor(link.title) * NAME_MARGIN)
        elif function is not None:
            title = f"{function.title}{TITLE_JOIN}{link.title}"
            derivation = DERIVATION.search(link.title)
            boost = FUNCTION_BOOST * _length_factor(function.title) if derivation else None
            found[link.id] = (title, boost)
        for child in link.children:
            visit(child, function)

    for link in page.toc:
        visit(link, None)
    return found


def on_pre_build(config: MkDocsConfig) -> None:
    _entries.clear()  # mkdocs serve rebuilds in one process: a removed page leaves no entry


def on_page_context(context: dict[str, Any], page: Page, **_: Any) -> dict[str, Any]:
    if page.file.src_uri.startswith("functions/"):
        _entries[page.url] = _function_sections(page)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        url, _, anchor = entry["location"].partition("#")
        title, boost = _entries.get(url, {}).get(anchor, (None, None))
        if title is not None:
            entry["title"] = title
        if boost is not None:
            entry["boost"] = entry.get("boost", 1) * boost
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
