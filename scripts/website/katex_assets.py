"""KaTeX's stylesheet and fonts, cut down to what the site's formulas use.

The build-time rendering (``katex_hook.py``) ships KaTeX's stylesheet and fonts from
``node_modules/katex``. Whole, the fonts would outweigh a page's text: the site's formulas
draw about a hundred characters. So each font file is cut to the characters the formulas
may draw with it (``FontText`` reads the rendered HTML as CSS would style it), written as
WOFF2 by fontTools (``subset_fonts``), and the stylesheet keeps only the rules that can
match the site's formulas and the @font-face of the fonts shipped (``trim_stylesheet``).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
from collections.abc import Iterator, Set
from html.parser import HTMLParser
from pathlib import Path

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


def font_file(face: Face, stems: Set[str]) -> str | None:
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


class FontText(HTMLParser):
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
        stems: Set[str],
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
