"""Render every formula to HTML at build time with KaTeX, so pages ship no math JavaScript.

pymdownx.arithmatex (``generic: true``) leaves each formula in the page HTML as
``<span class="arithmatex">\\(...\\)</span>`` or ``<div class="arithmatex">\\[...\\]</div>``.
This hook hands each one to ``scripts/website/katex_render.mjs``, ONE Node process per build that
answers JSON lines, and puts KaTeX's HTML in its place. A formula KaTeX rejects fails the
build, naming the page and the formula.

KaTeX comes from ``node_modules/katex`` (pinned in package-lock.json). Its stylesheet is
added to the site at ``assets/katex/``, and its fonts, cut down to the characters the
site's formulas show (``katex_assets.py``); they are never committed. Rendering in the
browser would cost a layout shift and blocking script (issue 3).
"""

from __future__ import annotations

import functools
import html
import json
import logging
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scripts import ROOT
from scripts.website.katex_assets import (
    FontText,
    face_rules,
    font_stylesheet,
    subset_fonts,
    trim_stylesheet,
)

RENDERER = Path(__file__).with_name("katex_render.mjs")
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
SITE_DIR = "assets/katex"  # where the stylesheet and fonts go in the built site

log = logging.getLogger(f"mkdocs.hooks.{Path(__file__).stem}")

# A formula as arithmatex writes it: a span (inline) or a div (display) whose class list
# holds "arithmatex", around HTML-escaped TeX (so the body never contains a tag).
FORMULA = re.compile(
    r'(?P<open><(?P<tag>span|div)\b[^>]*\bclass="(?:[^"]*\s)?arithmatex(?:\s[^"]*)?"[^>]*>)'
    r"(?P<body>.*?)</(?P=tag)>",
    re.DOTALL,
)
CLASS_ATTRIBUTE = re.compile(r'\bclass="(?P<classes>[^"]*)"')
# KaTeX's MathML keeps the TeX source as an annotation: dropped (``drop_tex_source``).
TEX_ANNOTATION = re.compile(
    r'<semantics>(?P<math>.*)<annotation encoding="application/x-tex">[^<]*</annotation>'
    r"</semantics>",
    re.DOTALL,
)
# Material's search plugin drops these attributes from the page once it has indexed it.
SEARCH_ATTRIBUTES = re.compile(r'\s?data-search-\w+="[^"]+"')
TAG = re.compile(r"<[^>]+>")


class KatexRenderer:
    """One Node process running katex_render.mjs, and a cache of what it rendered."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            raise PluginError(
                "KaTeX needs Node.js: install `node` (Debian: apt-get install nodejs)"
            )
        if not (KATEX_DIST / "katex.mjs").is_file():
            raise PluginError(f"KaTeX is missing from {KATEX_DIST}: run `npm ci`")
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
        self._cache: dict[tuple[str, bool], str] = {}

    def render(self, tex: str, display: bool) -> str:
        """KaTeX's HTML for ``tex``; raises ValueError with KaTeX's message if it is rejected."""
        key = (tex, display)
        if key not in self._cache:
            self._cache[key] = drop_tex_source(self._ask(tex, display))
        return self._cache[key]

    def _ask(self, tex: str, display: bool) -> str:
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
            raise PluginError(f"the KaTeX renderer stopped:\n{self._stop()}")
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
                    "the KaTeX renderer exited with %s: %s", self._process.returncode, errors
                )


_renderer: KatexRenderer | None = None


def _get_renderer() -> KatexRenderer:
    global _renderer
    if _renderer is None:
        _renderer = KatexRenderer()
    return _renderer


def _close_renderer() -> None:
    global _renderer
    if _renderer is not None:
        _renderer.close()
        _renderer = None


def drop_tex_source(formula_html: str) -> str:
    """KaTeX's HTML without the TeX source it keeps in the MathML, as an annotation.

    Screen readers read the MathML (kept whole); the annotation is for programs that copy
    TeX from a page (KaTeX's copy-tex extension, not used here), and repeated the formula a
    third time in every page: about 1 KB of each heavy page, compressed. With it goes the
    ``<semantics>`` that paired it with the MathML, leaving the MathML's one ``<mrow>``.
    """
    return TEX_ANNOTATION.sub(r"\g<math>", formula_html, count=1)


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
                f"KaTeX cannot render a formula on page {where}:\n  {err}\n  formula: {source}"
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

    KaTeX writes each formula three times (MathML, its TeX source inside the MathML, and
    the visual HTML), which Material's search plugin would index whole; its
    ``data-search-exclude`` cannot skip the visual part either, as the plugin stops
    skipping at the first nested ``</span>``. An inline formula is kept once, as the text
    a reader sees (``tanh``, ``f′(x)``), so a word of a sentence stays findable and the
    result's excerpt reads like the page; a display formula, whose flattened text is no
    word anyone types (``σ(x)=1+e−x1``), is left out.
    """
    if display:
        return ""
    visual = formula_html[formula_html.find('<span class="katex-html"') :]
    return html.escape(html.unescape(TAG.sub("", visual)).replace("\u200b", ""), quote=False)


# ---------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------
# Per page (by source path): each rendered formula's HTML and its search text.
_formulas: dict[str, dict[str, str]] = {}
# Per page, per KaTeX font file (stem): the characters its formulas may draw with it
# (``possible``: the glyphs shipped), and those they most likely do (``likely``: the fonts
# preloaded). Never cleared, so that a `mkdocs serve --dirty` rebuild of one page keeps
# the other pages' characters.
_possible: dict[str, dict[str, set[str]]] = {}
_likely: dict[str, dict[str, set[str]]] = {}
_face_rules: dict[frozenset[str], dict[str, str]] = {}
# Every class of the site's rendered formulas (never cleared either): the stylesheet keeps
# the rules that can match them. KaTeX's own, as their stylesheet is written for all pages.
_classes: set[str] = set()
_stylesheet: list[str] = []  # KaTeX's stylesheet, fonts renamed, before trimming
# Per page: its HTML with the formulas, while the search plugin reads the version without.
_with_math: dict[str, str] = {}


@functools.cache  # KaTeX's font files do not change during a build: read the folder once
def _font_stems() -> frozenset[str]:
    return frozenset(ttf.stem for ttf in (KATEX_DIST / "fonts").glob("KaTeX_*.ttf"))


def on_pre_build(config: MkDocsConfig) -> None:
    _close_renderer()  # a fresh process per build, also under `mkdocs serve`
    _formulas.clear()
    _with_math.clear()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add KaTeX's stylesheet to the site, naming one WOFF2 per font (written at the end)."""
    stylesheet = KATEX_DIST / "katex.min.css"
    if not stylesheet.is_file():
        raise PluginError(f"KaTeX is missing from {KATEX_DIST}: run `npm ci`")
    original = stylesheet.read_text(encoding="utf-8")
    _face_rules.update(face_rules(original))
    css = font_stylesheet(original)
    _stylesheet[:] = [css]
    files.append(File.generated(config, f"{SITE_DIR}/katex.min.css", content=css))
    return files


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "arithmatex" not in html_:
        return html_
    formulas: dict[str, str] = {}
    rendered, count = render_formulas(html_, page.file.src_uri, _get_renderer().render, formulas)
    if count:
        _formulas[page.file.src_uri] = formulas
        possible: dict[str, set[str]] = {}
        likely: dict[str, set[str]] = {}
        collector = FontText(_face_rules, _font_stems(), possible, likely)
        for formula in formulas:
            collector.feed(formula)
        collector.close()
        _possible[page.file.src_uri] = possible
        _likely[page.file.src_uri] = likely
        for formula in formulas:
            for match in CLASS_ATTRIBUTE.finditer(formula):
                _classes.update(match["classes"].split())
    return rendered


# Material's search plugin indexes page.content in on_page_context, at priority 0: the
# formulas give way to their search text just before, and come back just after.
@event_priority(100)
def _hide_formulas(context, page: Page, config: MkDocsConfig, nav):
    formulas = _formulas.get(page.file.src_uri)
    if formulas and page.content:
        # Read by docs/overrides/main.html: the font files to preload on this page.
        likely = _likely.get(page.file.src_uri, {})
        # Every face it draws with: a face that arrived late would reflow the text around
        # it (a layout shift), as KaTeX's fonts block until they load.
        page.meta["katex_fonts"] = [f"{stem}.woff2" for stem in sorted(likely) if likely[stem]]
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


def on_post_build(config: MkDocsConfig) -> None:
    _close_renderer()
    text: dict[str, set[str]] = defaultdict(set)
    for fonts in _possible.values():
        for stem, chars in fonts.items():
            text[stem] |= chars
    site = Path(config.site_dir) / SITE_DIR
    written = subset_fonts(text, KATEX_DIST / "fonts", site / "fonts")
    # Now that every page is rendered: the stylesheet without what no formula can use.
    css = trim_stylesheet(_stylesheet[0], _classes, {font.stem for font in written})
    (site / "katex.min.css").write_text(css, encoding="utf-8")


def on_build_error(error: Exception) -> None:
    _close_renderer()


def on_shutdown() -> None:
    _close_renderer()
