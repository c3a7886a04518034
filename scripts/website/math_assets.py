"""The math's stylesheet and font, cut down to what the site's formulas use.

Temml writes each formula as MathML at build time (``math_hook.py``), and the browser lays
it out with an OpenType math font: STIX Two Math (from ``@fontsource/stix-two-math``,
pinned in package.json), whose MATH table gives the sizes of stretchy fences, radicals
and big operators. Whole, the font is about 400 KB, and the site's formulas draw about 150
characters; so it is cut to those (``drawn_characters`` reads them from the MathML as the
browser will draw them) and written as WOFF2 by fontTools (``subset_font``). Temml's
stylesheet for this font keeps only the rules that can match the site's formulas
(``trim_stylesheet``).

fontTools takes seconds to read and cut the font, so both its answers are cached under
``.cache/math-fonts/`` (``scripts/shared/cache.py``): the characters a font has, by the
font's bytes, and each subset, by the font's bytes and the characters, with fontTools'
version and this file (which holds the options) in both keys.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator, Set
from html.parser import HTMLParser
from pathlib import Path

from scripts import ROOT
from scripts.shared.cache import Store, digest

TEMML_DIST = ROOT / "node_modules" / "temml" / "dist"
# Temml's stylesheet for a locally installed math font: the site names its own (FONT_FACES).
TEMML_STYLESHEET = TEMML_DIST / "Temml-Local.css"
# Temml's own small font: the primes (f′) in the shape and height Chromium needs in a
# superscript, and script capitals; its stylesheet names the elements drawn with it.
TEMML_FONT = TEMML_DIST / "Temml.woff2"
TEMML_FAMILY = "Temml"
MATH_FONT = (
    ROOT / "node_modules" / "@fontsource" / "stix-two-math" / "files"
    / "stix-two-math-latin-400-normal.woff2"
)  # fmt: skip
# The subsets in the site, next to the stylesheet: (family, file, source).
FONTS = (
    ("STIX Two Math", "STIXTwoMath.woff2", MATH_FONT),
    (TEMML_FAMILY, "Temml.woff2", TEMML_FONT),
)
# The site's subsets are the only source, so every reader sees the same glyphs. "block":
# the text waits for the (preloaded) font rather than being laid out twice, which would
# shift it.
FONT_FACES = "".join(
    f'@font-face{{font-family:"{family}";src:url({file}) format("woff2");font-display:block}}'
    for family, file, _ in FONTS
)
MATH_FAMILY = 'math{font-family:"STIX Two Math",math}'  # after Temml's rules, so it wins

# MathML Core draws a one-letter <mi> in italic (text-transform: math-auto): the glyph is
# the letter's Mathematical Italic code point, which the subset must hold too.
_LATIN_ITALIC = {
    **{chr(c): chr(0x1D44E + c - ord("a")) for c in range(ord("a"), ord("z") + 1)},
    **{chr(c): chr(0x1D434 + c - ord("A")) for c in range(ord("A"), ord("Z") + 1)},
    "h": "\u210e",  # the italic h was in Unicode before the block: its slot is empty
}
_GREEK_ITALIC = {
    **{chr(c): chr(0x1D6FC + c - 0x3B1) for c in range(0x3B1, 0x3CA)},  # alpha .. omega
    **{chr(c): chr(0x1D6E2 + c - 0x391) for c in range(0x391, 0x3AA) if c != 0x3A2},
    "\u03f5": "\U0001d716",  # lunate epsilon
    "\u03d1": "\U0001d717",  # theta symbol
    "\u03f0": "\U0001d718",  # kappa symbol
    "\u03d5": "\U0001d719",  # phi symbol
    "\u03f1": "\U0001d71a",  # rho symbol
    "\u03d6": "\U0001d71b",  # pi symbol
    "\u2202": "\U0001d715",  # partial
    "\u0131": "\U0001d6a4",  # dotless i
    "\u0237": "\U0001d6a5",  # dotless j
}
MATH_ITALIC = {**_LATIN_ITALIC, **_GREEK_ITALIC}
TOKENS = {"mi", "mn", "mo", "ms", "mtext"}
RADICAL = "\u221a"  # drawn by <msqrt> and <mroot>, which hold no such text

COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
PSEUDO_ARGUMENTS = re.compile(r"\([^)]*\)")  # :not(.x), :nth-child(2): not what must match
SELECTOR_CLASSES = re.compile(r"\.(?P<name>-?[_a-zA-Z][\w-]*)")
SELECTOR_ELEMENTS = re.compile(r"(?<![\w.#:-])(?P<name>[a-z][a-z0-9]*)")


class DrawnText(HTMLParser):
    """Collects the characters the browser draws for some MathML, and its classes and tags.

    ``characters`` maps each font family to what it draws: the math font by default, and
    ``family_classes``' family inside an element with one of its classes.
    """

    def __init__(self, family_classes: dict[str, Set[str]]) -> None:
        super().__init__(convert_charrefs=True)
        self.family_classes = family_classes
        self.characters: dict[str, set[str]] = {family: set() for family, _, _ in FONTS}
        self.classes: set[str] = set()
        self.elements: set[str] = set()
        self._open: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        self.elements.add(tag)
        self.classes |= classes
        family = self._open[-1][2] if self._open else FONTS[0][0]
        for name, selecting in self.family_classes.items():
            if classes & selecting:
                family = name
        if tag in {"msqrt", "mroot"}:
            self.characters[family].add(RADICAL)
        self._open.append((tag, attributes, family))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.add(tag)  # <mspace/>, <mprescripts/>: no text

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._open or self._open[-1][0] not in TOKENS:
            return
        tag, attributes, family = self._open[-1]
        drawn = self.characters[family]
        drawn.update(data)
        text = data.strip()
        if tag == "mi" and len(text) == 1 and attributes.get("mathvariant") in (None, "italic"):
            drawn.add(MATH_ITALIC.get(text, text))


def drawn_text(formula_html: str, family_classes: dict[str, Set[str]]) -> DrawnText:
    """What a rendered formula draws: characters per font family, classes, tags."""
    parser = DrawnText(family_classes)
    parser.feed(formula_html)
    parser.close()
    return parser


def _blocks(css: str) -> Iterator[tuple[str, str]]:
    """The top-level blocks of a stylesheet: (prelude, body), at-rules' bodies unparsed."""
    position = 0
    while (opening := css.find("{", position)) >= 0:
        depth, end = 1, opening + 1
        while depth:
            if end == len(css):
                raise ValueError(
                    f"unbalanced braces in the stylesheet after {css[position:opening]!r}"
                )
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        yield css[position:opening].strip(), css[opening + 1 : end - 1]
        position = end


FONT_FAMILY = re.compile(r"font-family\s*:\s*(?P<families>[^;]+)")


def family_classes(css: str) -> dict[str, set[str]]:
    """{font family: the classes whose rules in ``css`` select it}, for the site's fonts.

    E.g. {"Temml": {"tml-prime", "mathscr"}}: Temml-Local.css draws primes in Temml's font.
    """
    found: dict[str, set[str]] = {}
    for prelude, body in _blocks(COMMENT.sub("", css)):
        if prelude.startswith("@font-face"):
            continue
        if prelude.startswith("@"):
            for family, classes in family_classes(body).items():
                found.setdefault(family, set()).update(classes)
            continue
        if match := FONT_FAMILY.search(body):
            first = match["families"].split(",")[0].strip().strip("'\"")
            if first in {family for family, _, _ in FONTS[1:]}:
                for selector in prelude.split(","):
                    last = PSEUDO_ARGUMENTS.sub("", selector).split()[-1]
                    names = {m["name"] for m in SELECTOR_CLASSES.finditer(last)}
                    found.setdefault(first, set()).update(names)
    return found


def _can_match(selector: str, classes: Set[str], elements: Set[str]) -> bool:
    bare = PSEUDO_ARGUMENTS.sub("", selector)
    needed_classes = {m["name"] for m in SELECTOR_CLASSES.finditer(bare)}
    needed_elements = {m["name"] for m in SELECTOR_ELEMENTS.finditer(bare)}
    return needed_classes <= classes and needed_elements <= elements


def trim_stylesheet(css: str, classes: Set[str], elements: Set[str]) -> str:
    """Temml's stylesheet without what no formula of the site can match, and minified.

    A selector naming a class or element that no formula has matches nothing, on any
    page: it goes, and a rule with no selector left goes with it; @supports and @media
    blocks are trimmed the same way inside. Temml's @font-face goes (``FONT_FACES`` names
    the site's subsets), and so does its choice of a local math font for <math>
    (``MATH_FAMILY`` names the site's). The stylesheet is shared by every page: the site's
    classes count, not one page's.
    """
    kept = []
    for prelude, body in _blocks(COMMENT.sub("", css)):
        if prelude.startswith("@font-face"):
            continue
        if prelude.startswith("@"):
            inner = trim_stylesheet(body, classes, elements)
            if inner:
                kept.append(f"{' '.join(prelude.split())}{{{inner}}}")
            continue
        selectors = [s.strip() for s in prelude.split(",")]
        used = [s for s in selectors if _can_match(s, classes, elements | {"math"})]
        if used:
            declarations = ";".join(
                d.strip()
                for d in body.split(";")
                if d.strip() and not (used == ["math"] and FONT_FAMILY.match(d.strip()))
            )
            kept.append(f"{','.join(' '.join(s.split()) for s in used)}{{{declarations}}}")
    return "".join(kept)


@contextlib.contextmanager
def _quiet_font_tools() -> Iterator[None]:
    """fontTools logs each table it drops or cannot subset: noise in the build log."""
    tools_log = logging.getLogger("fontTools")
    level = tools_log.level
    tools_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        tools_log.setLevel(level)


_STORE = Store("math-fonts")
_font_characters: dict[str, frozenset[int]] = {}


def _font_key(*parts: bytes | str) -> str:
    """A cache key: ``parts`` with what else decides fontTools' answer."""
    import fontTools

    return digest(fontTools.version, Path(__file__).read_bytes(), *parts)


def font_characters(font: Path) -> frozenset[int]:
    """The code points ``font`` has a glyph for (its cmap), read once per font's bytes."""
    key = _font_key("cmap", font.read_bytes())
    if key in _font_characters:
        return _font_characters[key]
    stored = _STORE.get(key)
    if stored is not None:
        found = frozenset(int(c) for c in stored.split())
    else:
        from fontTools.ttLib import TTFont

        with _quiet_font_tools():
            found = frozenset(TTFont(font).getBestCmap())
        _STORE.put(key, " ".join(map(str, sorted(found))).encode())
    _font_characters[key] = found
    return found


def missing_glyphs(characters: Set[str], font: Path) -> set[str]:
    """The characters ``font`` has no glyph for: the browser would take them from another."""
    cmap = font_characters(font)
    return {c for c in characters if ord(c) not in cmap and not c.isspace()}


def _subset_key(characters: Set[str], font: Path) -> str:
    return _font_key("subset", font.read_bytes(), "".join(sorted(characters)))


def subset_kept(characters: Set[str], font: Path) -> bool:
    """Whether :func:`subset_font` has this cut in its cache."""
    return _STORE.path(_subset_key(characters, font)).exists()


def subset_font(characters: Set[str], font: Path, dest: Path) -> Path:
    """Write ``font`` cut to ``characters`` as WOFF2 at ``dest``.

    Every OpenType feature is kept (``ssty`` gives script-size glyphs), and so is the
    MATH table, with the glyph variants and parts its stretchy characters are built from.
    Hinting goes: it is for low-resolution Windows screens, and would add a third to the
    file.
    """
    key = _subset_key(characters, font)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if (stored := _STORE.get(key)) is not None:
        dest.write_bytes(stored)
        return dest
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # the names carry the font's licence notice
    with _quiet_font_tools():
        loaded = subset.load_font(str(font), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(characters)))
        subsetter.subset(loaded)
        subset.save_font(loaded, str(dest), options)
    _STORE.put(key, dest.read_bytes())
    return dest
