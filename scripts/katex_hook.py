"""Render every formula to HTML at build time with KaTeX, so pages ship no math JavaScript.

pymdownx.arithmatex (``generic: true``) leaves each formula in the page HTML as
``<span class="arithmatex">\\(...\\)</span>`` or ``<div class="arithmatex">\\[...\\]</div>``.
This hook hands each one to ``scripts/katex_render.mjs``, ONE Node process per build that
answers JSON lines, and puts KaTeX's HTML in its place. A formula KaTeX rejects fails the
build, naming the page and the formula.

KaTeX comes from ``node_modules/katex`` (pinned in package-lock.json). Its stylesheet is
added to the site at ``assets/katex/``, and its fonts, cut down to the characters the
site's formulas show (``subset_fonts``); they are never committed. Rendering in the
browser would cost a layout shift and blocking script (issue 3).
"""

from __future__ import annotations

import contextlib
import html
import itertools
import json
import logging
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]
RENDERER = ROOT / "scripts" / "katex_render.mjs"
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
# KaTeX's stylesheet has one @font-face per font file, listing woff2, woff and ttf. The site
# ships each font as a subset of KaTeX's ttf: full KaTeX_Main alone is 26 KB of woff2 for
# the ~100 characters the site's formulas show, as much as a page's text. The subsets are
# WOFF2 (fontTools compresses with brotli, in the lock for this): a quarter smaller than
# WOFF, and read by every browser that runs Material's own scripts.
FONT_SOURCES = re.compile(r'src:url\(fonts/(?P<name>[\w-]+)\.woff2\) format\("woff2"\)[^;}]*')
FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
FONT_FILE = re.compile(r"url\(fonts/(?P<stem>[\w-]+)\.woff2\)")
# A rule of KaTeX's stylesheet, e.g. ".katex .mathbf{font-family:KaTeX_Main;font-weight:700}".
RULE = re.compile(r"(?P<selectors>[^{}]+)\{(?P<declarations>[^{}]*)\}")
FACE_PROPERTIES = re.compile(r"font-(?P<property>family|weight|style):(?P<value>[\w-]+)")
# A selector's classes; those inside :not(...) are left out (an unused one still matches).
SELECTOR_CLASSES = re.compile(r"\.(?P<name>-?[_a-zA-Z][\w-]*)")
NEGATION = re.compile(r":not\([^)]*\)")
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


# A face: (family, weight, style), as KaTeX's font files are cut, e.g. ("Main", "Bold",
# "Italic") for KaTeX_Main-BoldItalic. Its file is f"KaTeX_{family}-{variant}".
Face = tuple[str, str, str]
WEIGHTS = {"700": "Bold", "bold": "Bold", "400": "Regular", "normal": "Regular"}
STYLES = {"italic": "Italic", "normal": "Regular"}


def face_rules(stylesheet: str) -> dict[frozenset[str], dict[str, str]]:
    """KaTeX's class-to-face rules: {classes an element has: {"family"|"weight"|"style": value}}.

    E.g. {mathbf}: {"family": "Main", "weight": "Bold"}. A property a rule leaves alone is
    inherited, so it is missing from the rule's dict.
    """
    rules: dict[frozenset[str], dict[str, str]] = {}
    for rule in RULE.finditer(FONT_FACE.sub("", stylesheet)):
        face = {}
        for prop in FACE_PROPERTIES.finditer(rule["declarations"]):
            name, value = prop["property"], prop["value"]
            if name == "family" and value.startswith("KaTeX_"):
                face["family"] = value.removeprefix("KaTeX_")
            elif name == "weight" and value in WEIGHTS:
                face["weight"] = WEIGHTS[value]
            elif name == "style" and value in STYLES:
                face["style"] = STYLES[value]
        if not face:
            continue
        for selector in rule["selectors"].split(","):
            # The face goes to the element named by the last compound selector (and, for
            # "... .delim-size1>span", to its child: inherited, so the same text).
            last = selector.replace(">span", "").split()[-1]
            classes = frozenset(c for c in last.split(".") if c)
            if classes and classes != {"katex"}:
                rules.setdefault(classes, {}).update(face)
    return rules


def font_file(face: Face, stems: set[str]) -> str | None:
    """The font file (stem) the browser draws ``face`` with, among KaTeX's ``stems``.

    As CSS font matching does within a family: the style first, then the weight (KaTeX has
    no Math-Regular, so upright text in KaTeX_Math is drawn from Math-Italic).
    """
    family, weight, style = face
    candidates = []
    for stem in stems:
        name, _, variant = stem.removeprefix("KaTeX_").partition("-")
        if name != family:
            continue
        has = (
            "Bold" if "Bold" in variant else "Regular",
            "Italic" if "Italic" in variant else "Regular",
        )
        candidates.append((has[1] != style, has[0] != weight, stem))
    return min(candidates)[2] if candidates else None


class _FontText(HTMLParser):
    """Collects, per KaTeX font file, the characters of the visual HTML it may draw.

    ``possible``: a text goes to every face its enclosing elements' classes could give it
    (each family, weight and style one of them sets, or KaTeX's default, Main, upright,
    regular): a superset of the face CSS gives it, never less; the glyphs shipped.
    ``likely``: the face the innermost of them give, as CSS inheritance does; the fonts a
    page preloads, so that it preloads none it does not use.
    """

    def __init__(
        self,
        rules: dict[frozenset[str], dict[str, str]],
        stems: set[str],
        possible: dict[str, set[str]],
        likely: dict[str, set[str]],
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.rules, self.stems = rules, stems
        self.possible, self.likely = possible, likely
        self.faces: list[dict[str, str]] = []  # per open element: what its classes set
        self.hidden = 0  # depth inside KaTeX's MathML copy

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        face: dict[str, str] = {}
        for selector, properties in self.rules.items():
            if selector <= classes:
                face.update(properties)
        self.faces.append(face)
        # The MathML copy is for screen readers, clipped to nothing on screen.
        if "katex-mathml" in classes or self.hidden:
            self.hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <path/> and the like: no text, and no end tag to pop at

    def handle_endtag(self, tag: str) -> None:
        if self.faces:
            self.faces.pop()
        if self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.hidden or not data:
            return
        default = {"family": "Main", "weight": "Regular", "style": "Regular"}
        sets = {key: {value} for key, value in default.items()}
        innermost = dict(default)
        for face in self.faces:
            innermost.update(face)
            for key, value in face.items():
                sets[key].add(value)
        for face in itertools.product(sets["family"], sets["weight"], sets["style"]):
            if stem := font_file(face, self.stems):
                self.possible.setdefault(stem, set()).update(data)
        likely = (innermost["family"], innermost["weight"], innermost["style"])
        if stem := font_file(likely, self.stems):
            self.likely.setdefault(stem, set()).update(data)


@contextlib.contextmanager
def _quiet_font_tools() -> Iterator[None]:
    """fontTools warns about KaTeX's old font timestamps: noise in the build log."""
    tools_log = logging.getLogger("fontTools")
    level = tools_log.level
    tools_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        tools_log.setLevel(level)


def font_stylesheet(stylesheet: str) -> str:
    """KaTeX's stylesheet with each @font-face naming the site's WOFF2 subset only."""
    return FONT_SOURCES.sub(r'src:url(fonts/\g<name>.woff2) format("woff2")', stylesheet)


def trim_stylesheet(stylesheet: str, classes: set[str], fonts: set[str]) -> str:
    """KaTeX's (flat, minified) stylesheet without what cannot apply to the site's math.

    A selector naming a class no formula of the site has matches nothing, on any page: it
    goes (classes under ``:not()`` aside), and a rule with no selector left goes with it.
    An @font-face goes if its font file (stem) is not among ``fonts``, those shipped.
    The stylesheet is shared by every page (and cached): so the site's classes, not a page's.
    """
    kept = []
    for rule in RULE.finditer(stylesheet):
        selectors, declarations = rule["selectors"], rule["declarations"]
        if selectors.strip() == "@font-face":
            source = FONT_FILE.search(declarations)
            if source is None or source["stem"] in fonts:
                kept.append(rule[0])
            continue
        used = [
            selector
            for selector in selectors.split(",")
            if {m["name"] for m in SELECTOR_CLASSES.finditer(NEGATION.sub("", selector))} <= classes
        ]
        if used:
            kept.append(f"{','.join(used)}{{{declarations}}}")
    return "".join(kept)


def subset_fonts(text: dict[str, set[str]], fonts: Path, dest: Path) -> list[Path]:
    """Write each KaTeX font of ``fonts`` (ttf) to ``dest`` as a WOFF2 of ``text[stem]``.

    A font no formula draws with is not written (``trim_stylesheet`` drops its
    @font-face). Hinting is dropped: it is for low-resolution Windows screens, and would
    double the size of the subsets.
    """
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    with _quiet_font_tools():
        for ttf in sorted(fonts.glob("KaTeX_*.ttf")):
            if not text.get(ttf.stem):
                continue
            font = subset.load_font(str(ttf), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(text="".join(sorted(text.get(ttf.stem, ()))))
            subsetter.subset(font)
            out = dest / f"{ttf.stem}.woff2"
            subset.save_font(font, str(out), options)
            written.append(out)
    return written


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
# The fonts a page preloads, of those nearly every formula uses: those it draws with.
PRELOADED = ("KaTeX_Main-Regular", "KaTeX_Math-Italic")


def _font_stems() -> set[str]:
    return {ttf.stem for ttf in (KATEX_DIST / "fonts").glob("KaTeX_*.ttf")}


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
        collector = _FontText(_face_rules, _font_stems(), possible, likely)
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
        page.meta["katex_fonts"] = [f"{stem}.woff2" for stem in PRELOADED if likely.get(stem)]
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
