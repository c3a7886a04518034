"""Write every formula as MathML at build time with Temml, so pages ship no math JavaScript.

pymdownx.arithmatex (``generic: true``) leaves each formula in the page HTML as
``<span class="arithmatex">\\(...\\)</span>`` or ``<div class="arithmatex">\\[...\\]</div>``.
This hook hands each one to ``scripts/website/render_math.mjs``, ONE Node process per build
that answers JSON lines, and puts Temml's MathML in its place. A formula Temml rejects fails
the build, naming the page and the formula.

Why MathML alone: every current browser lays out MathML Core, and screen readers read it.
The HTML KaTeX drew the same formula with was three to four times as many nodes (about
10,000 on the softmax page), which the browser had to style and lay out before the page
answered a tap (issue 15). Temml comes from ``node_modules/temml`` (pinned in
package-lock.json); its stylesheet and the math font, cut to the characters the site's
formulas draw (``math_assets.py``), are added to the site at ``assets/math/``, and never
committed.

A formula is rendered once per source: Temml's answers are kept in ``.cache/math/``, in
one file per renderer (Temml's package.json, ``render_math.mjs`` and the Node program
make its name), and Node starts only for a formula not rendered before. What each
page's formulas draw (``drawn_text``) is cached there too, by the formulas' HTML.
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scripts import ROOT
from scripts.shared.cache import Store, digest, files_digest, program_digest
from scripts.shared.minify import minify
from scripts.website import forked, math_assets
from scripts.website.math_assets import (
    FONT_FACES,
    FONTS,
    MATH_FAMILY,
    TEMML_STYLESHEET,
    DrawnText,
    drawn_text,
    family_classes,
    missing_glyphs,
    subset_font,
    trim_stylesheet,
)

RENDERER = Path(__file__).with_name("render_math.mjs")
TEMML = ROOT / "node_modules" / "temml" / "dist" / "temml.mjs"
TEMML_PACKAGE = ROOT / "node_modules" / "temml" / "package.json"  # its version
STORE = Store("math", ".json")
SITE_DIR = "assets/math"  # where the stylesheet and font go in the built site
STYLESHEET = f"{SITE_DIR}/math.css"

log = logging.getLogger(f"mkdocs.hooks.{Path(__file__).stem}")

# A formula as arithmatex writes it: a span (inline) or a div (display) whose class list
# holds "arithmatex", around HTML-escaped TeX (so the body never contains a tag).
FORMULA = re.compile(
    r'(?P<open><(?P<tag>span|div)\b[^>]*\bclass="(?:[^"]*\s)?arithmatex(?:\s[^"]*)?"[^>]*>)'
    r"(?P<body>.*?)</(?P=tag)>",
    re.DOTALL,
)
# Material's search plugin drops these attributes from the page once it has indexed it.
SEARCH_ATTRIBUTES = re.compile(r'\s?data-search-\w+="[^"]+"')
TAG = re.compile(r"<[^>]+>")
# Characters that take no room: function application (sin x), invisible times, ...
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2061\u2062\u2063\u2064"))


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise PluginError("the math needs Node.js: install `node` (Debian: apt-get install nodejs)")
    if not TEMML.is_file():
        raise PluginError(f"Temml is missing from {TEMML.parent}: run `npm ci`")
    return node


class RenderedFormulas:
    """Temml's MathML for each (TeX, display) it was asked, kept from build to build.

    One JSON file per renderer; the Node process starts at the first formula missing from
    it. ``save`` adds what this build rendered to what the file holds then, so that two
    builds at once (a test's tiny site and the site) each keep the other's. A formula
    missing is looked for again in the file if it changed since it was read: the process
    that converts some of the pages (``parallel_pages.py``) may have saved it.
    """

    def __init__(self) -> None:
        self._node = _node()
        self._key = digest(files_digest(TEMML_PACKAGE, RENDERER), program_digest(self._node))
        self._known: dict[str, str] = {}
        self._read: tuple[int, int] | None = None  # the file's state when last read
        self._read_again()
        self._new: dict[str, str] = {}
        self._renderer: MathRenderer | None = None

    def _read_again(self) -> None:
        try:
            stat = STORE.path(self._key).stat()
        except FileNotFoundError:
            return
        if (stat.st_mtime_ns, stat.st_size) != self._read:
            self._read = (stat.st_mtime_ns, stat.st_size)
            stored = STORE.get(self._key)
            self._known.update(json.loads(stored) if stored else {})

    def render(self, tex: str, display: bool) -> str:
        """Temml's MathML for ``tex``; raises ValueError with Temml's message if it is rejected."""
        key = f"{'display' if display else 'inline'}\n{tex}"
        found = self._known.get(key)
        if found is None:
            self._read_again()
            found = self._known.get(key)
        if found is None:
            if self._renderer is None:
                self._renderer = MathRenderer(self._node)
            found = self._known[key] = self._new[key] = self._renderer.render(tex, display)
        return found

    def save(self) -> None:
        if self._new:
            stored = STORE.get(self._key)
            known = json.loads(stored) if stored else {}
            known.update(self._new)
            STORE.put(self._key, json.dumps(known, sort_keys=True).encode())
            self._new.clear()

    def close(self) -> None:
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None


class MathRenderer:
    """One Node process running render_math.mjs."""

    def __init__(self, node: str) -> None:
        self._process = subprocess.Popen(
            [node, str(RENDERER)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,  # line-buffered: each request reaches Node as soon as it is written
        )

    def render(self, tex: str, display: bool) -> str:
        # One request, one answer: never more than one line in flight, so neither side can
        # fill a pipe while the other waits on it.
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            line = stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:
            raise PluginError(f"the math renderer stopped:\n{self._stop()}")
        answer = json.loads(line)
        if "error" in answer:
            raise ValueError(answer["error"])
        return answer["html"]

    def _stop(self) -> str:
        """End the process (closing its input ends it); return what it wrote to stderr."""
        process = self._process
        assert process.stdin is not None and process.stderr is not None
        if not process.stdin.closed:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return process.stderr.read()

    def close(self) -> None:
        if self._process.returncode is None:
            errors = self._stop()
            if self._process.returncode:
                log.warning(
                    "the math renderer exited with %s: %s", self._process.returncode, errors
                )


_renderer: RenderedFormulas | None = None


def _get_renderer() -> RenderedFormulas:
    global _renderer
    if _renderer is None:
        _renderer = RenderedFormulas()
    return _renderer


def _close_renderer(save: bool = False) -> None:
    """End the Node process; with ``save``, keep what it rendered for the next build."""
    global _renderer
    if _renderer is not None:
        if save:
            _renderer.save()
        _renderer.close()
        _renderer = None


def render_formulas(
    page_html: str, where: str, render, rendered: dict[str, str] | None = None
) -> tuple[str, int]:
    """Replace every arithmatex formula in ``page_html`` by ``render(tex, display)``.

    Returns the new HTML and the number of formulas; ``where`` names the page in errors.
    If ``rendered`` is given, each formula's HTML (wrapper included) is added to it as a
    key, with what the search index should hold in its place (``search_text``).
    """
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        source = html.unescape(match["body"]).strip()
        display = match["tag"] == "div"
        tex = source
        # arithmatex keeps the delimiters; an environment (\begin{align}...) comes bare.
        for opening, closing in (("\\(", "\\)"), ("\\[", "\\]")):
            if tex.startswith(opening) and tex.endswith(closing):
                tex = tex[len(opening) : -len(closing)]
                break
        try:
            html_ = render(tex, display)
        except ValueError as err:
            raise PluginError(
                f"Temml cannot render a formula on page {where}:\n  {err}\n  formula: {source}"
            ) from None
        count += 1
        # The wrapper stays: Material's CSS lets a wide display formula scroll on a phone,
        # and tabindex lets a keyboard scroll it too (as MathJax makes formulas focusable).
        opening = match["open"]
        if display and "tabindex" not in opening:
            opening = opening[:-1] + ' tabindex="0">'
        formula = f"{opening}{html_}</{match['tag']}>"
        if rendered is not None:
            rendered[formula] = search_text(html_, display)
        return formula

    return FORMULA.sub(replace, page_html), count


def search_text(formula_html: str, display: bool) -> str:
    """What the search index holds for a rendered formula: one short text, or nothing.

    Material's search plugin would index the MathML's text, with its invisible operators.
    An inline formula is kept as the text a reader sees (``tanh``, ``f′(x)``), so a word of
    a sentence stays findable and the result's excerpt reads like the page; a display
    formula, whose flattened text is no word anyone types (``σ(x)=11+e−x``), is left out.
    """
    if display:
        return ""
    text = html.unescape(TAG.sub("", formula_html)).translate(INVISIBLE)
    return html.escape(text, quote=False)


# ---------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------
# Per page (by source path): each rendered formula's HTML and its search text.
_formulas: dict[str, dict[str, str]] = {}
# Per page: the characters its formulas draw (per font family), and their classes and
# element names. Never cleared, so that a `mkdocs serve --dirty` rebuild of one page keeps
# the other pages'.
_characters: dict[str, dict[str, set[str]]] = {}
_classes: dict[str, set[str]] = {}
_family_classes: dict[str, set[str]] = {}  # read from Temml's stylesheet (on_files)
_elements: dict[str, set[str]] = {}
# Per page: its HTML with the formulas, while the search plugin reads the version without.
_with_math: dict[str, str] = {}


def on_pre_build(config: MkDocsConfig) -> None:
    _close_renderer()  # a fresh process per build, also under `mkdocs serve`
    _formulas.clear()
    _with_math.clear()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Name the math stylesheet in the site (written at the end, once every page is known)."""
    missing = [p for p in (TEMML_STYLESHEET, *(font for _, _, font in FONTS)) if not p.is_file()]
    if missing:
        raise PluginError(f"{', '.join(map(str, missing))} missing: run `npm ci`")
    _family_classes.clear()
    _family_classes.update(family_classes(TEMML_STYLESHEET.read_text(encoding="utf-8")))
    files.append(File.generated(config, STYLESHEET, content=""))
    return files


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "arithmatex" not in html_:
        return html_
    formulas: dict[str, str] = {}
    rendered, count = render_formulas(html_, page.file.src_uri, _get_renderer().render, formulas)
    if count:
        _formulas[page.file.src_uri] = formulas
        drawn = _drawn_text("".join(formulas))
        for family, _, font in FONTS:
            if missing := missing_glyphs(drawn.characters[family], font):
                names = ", ".join(f"U+{ord(c):04X} {c}" for c in sorted(missing))
                log.warning(
                    "%s: the font %s has no glyph for %s; the browser would draw it in "
                    "another font",
                    page.file.src_uri,
                    family,
                    names,
                )
        _characters[page.file.src_uri] = drawn.characters
        _classes[page.file.src_uri] = drawn.classes
        _elements[page.file.src_uri] = drawn.elements
    return rendered


DRAWN = Store("math-drawn", ".json")


def _drawn_text(formulas_html: str) -> DrawnText:
    """``drawn_text`` of a page's formulas, parsed once per change of them."""
    key = digest(
        files_digest(Path(math_assets.__file__)),
        json.dumps(sorted((f, sorted(c)) for f, c in _family_classes.items())),
        formulas_html,
    )
    if (stored := DRAWN.get(key)) is not None:
        parsed = json.loads(stored)
        drawn = DrawnText(_family_classes)
        drawn.characters = {family: set(text) for family, text in parsed["characters"].items()}
        drawn.classes, drawn.elements = set(parsed["classes"]), set(parsed["elements"])
        return drawn
    drawn = drawn_text(formulas_html, _family_classes)
    parsed = {
        "characters": {family: "".join(sorted(text)) for family, text in drawn.characters.items()},
        "classes": sorted(drawn.classes),
        "elements": sorted(drawn.elements),
    }
    DRAWN.put(key, json.dumps(parsed).encode())
    return drawn


# Material's search plugin indexes page.content in on_page_context, at priority 0: the
# formulas give way to their search text just before, and come back just after.
@event_priority(100)
def _hide_formulas(context, page: Page, config: MkDocsConfig, nav):
    formulas = _formulas.get(page.file.src_uri)
    if formulas and page.content:
        # Read by docs/overrides/main.html: the font files to preload on this page.
        drawn = _characters[page.file.src_uri]
        page.meta["math_fonts"] = [
            f"{SITE_DIR}/{file}" for family, file, _ in FONTS if drawn[family]
        ]
        _with_math[page.file.src_uri] = page.content
        searchable = page.content
        for formula, text in formulas.items():
            searchable = searchable.replace(formula, text)
        page.content = searchable
    return context


@event_priority(-100)
def _restore_formulas(context, page: Page, config: MkDocsConfig, nav):
    original = _with_math.pop(page.file.src_uri, None)
    if original is not None:
        page.content = SEARCH_ATTRIBUTES.sub("", original)
    return context


on_page_context = CombinedEvent(_hide_formulas, _restore_formulas)


def _subsets(config: MkDocsConfig) -> list[tuple[set[str], Path, Path]]:
    """Each font, the characters the site's formulas draw in it, and where its cut goes."""
    site = Path(config.site_dir) / SITE_DIR
    return [
        (set().union(*(drawn[family] for drawn in _characters.values())), font, site / file)
        for family, file, font in FONTS
    ]


def _cut_fonts(subsets: list[tuple[set[str], Path, Path]]) -> None:
    for characters, font, dest in subsets:
        subset_font(characters, font, dest)


_cutting: list[int] = []  # the process cutting the fonts, while it runs


def on_env(env, config: MkDocsConfig, files: Files):
    """Every page's formulas are known now: the fonts are cut (into the cache) in a forked
    process while MkDocs writes the pages, since the math font is the longest step left.
    The renderer ends first: a child holding Node's input open would keep Node waiting."""
    _close_renderer(save=True)
    subsets = _subsets(config)
    if not all(math_assets.subset_kept(c, f) for c, f, _ in subsets):
        if (pid := forked.start(lambda: _cut_fonts(subsets))) is not None:
            _cutting.append(pid)
    return env


def _wait_for_cutting() -> None:
    while _cutting:
        forked.wait(_cutting.pop())  # if it failed, on_post_build cuts again and says why


def on_post_build(config: MkDocsConfig) -> None:
    _close_renderer(save=True)
    _wait_for_cutting()
    _cut_fonts(_subsets(config))  # from the cache if cut meanwhile; if that failed, the error
    classes = set().union(*_classes.values())
    elements = set().union(*_elements.values())
    css = trim_stylesheet(TEMML_STYLESHEET.read_text(encoding="utf-8"), classes, elements)
    stylesheet = Path(config.site_dir) / SITE_DIR / "math.css"
    stylesheet.write_text(FONT_FACES + css + MATH_FAMILY, encoding="utf-8")
    minify([stylesheet])


def save_work() -> None:
    """Keep the formulas rendered so far (the page-converting helper ends with this)."""
    _close_renderer(save=True)


def on_build_error(error: Exception) -> None:
    _close_renderer()
    _wait_for_cutting()


def on_shutdown() -> None:
    _close_renderer()
