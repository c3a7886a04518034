"""Search answers with the section that explains: a function's name finds its section,
"NAME derivative" its derivation.

Material 9.8.1's search (material/plugins/search/plugin.py, and the worker's
src/templates/assets/javascripts/integrations/search/_/index.ts) indexes one entry per
heading: its title (weight 1000) and its text (weight 1), with the page's front-matter
``search: boost`` as the entry's boost. Each query word gets a trailing wildcard, any word
may match, and a page's first entry (its title and introduction) then scores up to five
times what it would, a section up to twice. What kept the answer down:

- A section's title is its heading alone. The derivation under each function is titled
  "The derivative, step by step", thirty times on the site without saying whose; the name
  of its function is in the title now ("Sigmoid › The derivative, step by step"), as the
  result list shows it, so "sigmoid derivative" matches it in both words.
- A page of functions is titled by its family ("Sigmoid and tanh"), and its first entry
  outscored the function's own section by that factor of five. The section of each
  function actlib registers (its heading's anchor is the function's name) is boosted above
  its page, its derivation with it, and a section on one of its variants (a heading naming a
  value of one of its options: GELU's "The tanh approximation"), which "gelu tanh" asks for.
- Every query word gets a trailing wildcard, and lunr weighs a rarer word higher: "tanh*"
  matches "tanhshrink" too, which is rarer, and Tanhshrink's section outscored Tanh's. A
  function whose name begins another function's name is boosted by the ratio of the two
  words' weights (lunr's idf, counted over the index written), so its own name finds it.
  Only the words of its name count, as a reader types them (the registered name or an
  alias): the "a" of "Softmax with a sink", in nearly every entry and so next to weightless
  (and a stop word lunr never matches), begins "arctan", and the ratio put that section
  above Softmax's own for "softmax".
- A derivation's title holds its function's title, and on the name alone the section is
  boosted above it; but a heading that repeats a word of the name ("The Jacobian and the
  sink's gradient": "sink*" matches "sink's" as well) matches the name more than the
  section does, and the derivation's boost is lowered by the ratio of the two matches.

The boosts are entries' own: Material's format allows one per entry, its plugin writes
only a page's. This runs after the search plugin has written the index, and rewrites it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

import actlib
from actlib._core import _ALIASES

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
TAG = re.compile(r"<[^>]+>")

# lunr's term-frequency saturation: Material 9.8.1's worker (workers/search.*.js) sets b = 0
# and leaves k1 at lunr's default.
LUNR_K1 = 1.2

# Per page URL: each heading's anchor -> the title to index (None: as it is), the entry's
# boost (None: the page's) and the anchor of the function's section it is under.
Entry = tuple[str | None, float | None, str | None]
_entries: dict[str, dict[str, Entry]] = {}


def _function_sections(page: Page) -> dict[str, Entry]:
    """The sections of a page's functions and the headings under them, by anchor."""
    functions = set(actlib.names())
    family = page.file.src_uri.removeprefix("functions/").removesuffix(".md")
    found: dict[str, Entry] = {}

    def visit(link: AnchorLink, function: AnchorLink | None) -> None:
        if function is None and link.id in functions and actlib.get(link.id).family == family:
            function = link
            found[link.id] = (
                None,
                FUNCTION_BOOST * _length_factor(link.title) * NAME_MARGIN,
                link.id,
            )
        elif function is not None:
            title = f"{function.title}{TITLE_JOIN}{link.title}"
            answers = DERIVATION.search(link.title) or _names_a_variant(function.id, link.title)
            boost = FUNCTION_BOOST * _length_factor(function.title) if answers else None
            found[link.id] = (title, boost, function.id)
        for child in link.children:
            visit(child, function)

    for link in page.toc:
        visit(link, None)
    return found


def _names_a_variant(name: str, heading: str) -> bool:
    """Whether a heading names a value of one of the function's options, other than its default."""
    words = set(re.findall(r"\w+", heading.lower()))
    params = getattr(actlib.get(name), "params", {}).values()
    return any(
        str(value).lower() in words
        for param in params
        if param.choices
        for value in param.choices
        if value != param.default
    )


class _Weights:
    """Words as the search tokenises them (the index's separator, lower case) and their
    weights as lunr computes them: idf is ln(1 + (N - n + 1/2) / (n + 1/2)) for a word in n
    of N entries, and a word's score in a field is idf (k1 + 1) tf / (k1 + tf) (b = 0)."""

    def __init__(self, index: dict[str, Any]) -> None:
        self.separator = re.compile(index["config"]["separator"])
        self.counts: Counter[str] = Counter()
        for entry in index["docs"]:
            self.counts.update(set(self.words(f"{entry['title']} {entry['text']}")))
        self.total = len(index["docs"])

    def words(self, text: str) -> list[str]:
        return [w for w in self.separator.split(TAG.sub(" ", text).lower()) if w]

    def idf(self, word: str) -> float:
        n = self.counts[word]
        return math.log(1 + abs((self.total - n + 0.5) / (n + 0.5)))

    def name_words(self, location: str) -> set[str]:
        """The words a reader types to name the function whose section is at location: its
        registered name or one of its aliases."""
        name = location.partition("#")[2]
        spellings = [name, *(alias for alias, target in _ALIASES.items() if target == name)]
        return {w for spelling in spellings for w in self.words(spelling)}

    def title_score(self, title: str, query: set[str]) -> float:
        """lunr's title score (before boosts) for a query of these words, each with the
        trailing wildcard Material gives it."""
        frequencies = Counter(self.words(title))
        # fsum: the query is a set, whose order changes with Python's string hashing from
        # one build to the next; a plain sum's last bit, and so the index, changed with it.
        return math.fsum(
            self.idf(word) * (LUNR_K1 + 1) * tf / (LUNR_K1 + tf)
            for typed in query
            for word, tf in frequencies.items()
            if word.startswith(typed)
        )


def _prefix_factors(weights: _Weights, titles: dict[str, str]) -> dict[str, float]:
    """Per function section's location: how much rarer, to lunr, the longest-weighing word
    of a function's title beginning with a word of its name (in its title) is than that
    word itself (1 when none does)."""
    words = {location: weights.words(title) for location, title in titles.items()}
    every_word = {w for ws in words.values() for w in ws}
    factors = {}
    for location, own in words.items():
        # a title's other words ("with", "a") are no part of a query for the function
        typed = weights.name_words(location)
        longer = [
            weights.idf(other) / weights.idf(word)
            for word in own
            if word in typed
            for other in every_word
            if other != word and other.startswith(word)
        ]
        factors[location] = max(longer, default=1.0)
    return factors


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
    functions = set(actlib.names())
    titles = {}  # function section's location -> its title
    answers = {}  # boosted derivation's or variant's location -> its function's section's
    for entry in index["docs"]:
        url, _, anchor = entry["location"].partition("#")
        title, boost, function = _entries.get(url, {}).get(anchor, (None, None, None))
        if title is not None:
            entry["title"] = title
        if boost is not None:
            entry["boost"] = entry.get("boost", 1) * boost
        if url in _entries and anchor in functions:
            titles[entry["location"]] = entry["title"]
        elif boost is not None and function is not None:
            answers[entry["location"]] = f"{url}#{function}"
    weights = _Weights(index)
    entries = {entry["location"]: entry for entry in index["docs"]}
    for location, section in answers.items():
        name = weights.name_words(section) & set(weights.words(titles[section]))
        own = weights.title_score(titles[section], name)
        more = weights.title_score(entries[location]["title"], name)
        if more > own:
            entries[location]["boost"] *= own / more
    factors = _prefix_factors(weights, titles)
    for entry in index["docs"]:
        if factors.get(entry["location"], 1.0) > 1.0:
            # the margin keeps the ratio's rounding in lunr's stored scores on the right side
            entry["boost"] *= factors[entry["location"]] * NAME_MARGIN
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
