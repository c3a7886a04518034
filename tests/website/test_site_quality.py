"""Quality gates on the built site, offline: links and anchors, well-formed HTML and SVG.

Fixtures (``site_dir``, ``site_url``, ``site_pages``, ...) are described in conftest.py.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote as unquote_url
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from linkcheck.htmlutil.linkparse import (
    AnchorTags,
    LinkTags,
    css_url_re,
    is_meta_url,
    refresh_re,
    unquote,
)
from linkcheck.htmlutil.srcsetparse import parse_srcset

from scripts import ROOT
from scripts.reports import serve_site
from tests.conftest import html_page_url, mkdocs_config

LINKCHECKER = Path(sys.executable).with_name("linkchecker")

# linkchecker checks the links it finds from the local server and nothing else: anything
# outside 127.0.0.1 gets a syntax check only, and a dead proxy stops any request that
# would still try to leave the machine. It checks that each target exists; the #anchors are
# checked below (anchor_problems), each page parsed once: linkchecker 10.6's own AnchorCheck
# fetches and parses a page again for every distinct anchor linked to it, hundreds here.
LINKCHECKER_CONFIG = """\
[checking]
threads=4
maxrequestspersecond=1000
[filtering]
checkextern=0
ignore=^(?!http://127\\.0\\.0\\.1[:/])
"""
OFFLINE = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}


class _LinksAndAnchors(HTMLParser):
    """What linkchecker reads of a page, in one pass: the URLs of the tags and attributes it
    follows (``linkparse.LinkTags``, with its readings of style, srcset and a meta refresh),
    with their lines, and the anchors it accepts (``linkparse.AnchorTags``: any id, a's name)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []
        self.anchors: set[str] = set()
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}  # a repeat: the last, as bs4
        for names in (AnchorTags.get(tag, []), AnchorTags[None]):
            self.anchors.update(values[n] for n in names if values.get(n) is not None)
        if tag == "base" and not self.base:
            self.base = values.get("href") or ""
        line = self.getpos()[0]
        for attr in sorted({*LinkTags.get(tag, []), *LinkTags[None]} & values.keys()):
            value = values[attr]
            if not value or (tag == "meta" and not is_meta_url(attr, values)):
                continue
            if tag == "meta":
                refresh = refresh_re.match(value)
                urls = [refresh["url"]] if refresh else [value] if attr != "content" else []
            elif attr == "style":
                urls = [unquote(m["url"], matching=True) for m in css_url_re.finditer(value)]
            elif attr == "srcset":
                urls = parse_srcset(value)
            elif attr == "archive":
                urls = value.split(",")
            else:
                urls = [value]
            self.links += [(url, line) for url in urls]

    handle_startendtag = handle_starttag


def anchor_problems(site: Path, pages: list[str], base: str) -> list[str]:
    """Every link from one page of the site to an #anchor of one of its HTML pages (itself
    included) that the target page does not have, as the site is served under ``base``."""
    read = {}
    for name in pages:
        parser = _LinksAndAnchors()
        parser.feed((site / name).read_text(encoding="utf-8"))
        parser.close()
        read[name] = parser
    origin = "http://127.0.0.1" + base
    problems = []
    for name, parser in read.items():
        page_url = urljoin(origin, html_page_url(name))
        if parser.base:
            page_url = urljoin(page_url, parser.base)
        for link, line in parser.links:
            url = urljoin(page_url, link.strip())
            path, fragment = urldefrag(url)
            anchor = unquote_url(fragment)
            if not anchor or not path.startswith(origin):
                continue  # linkchecker checks only its own server's anchors
            target = unquote_url(urlsplit(path).path[len(base) :])
            if target == "" or target.endswith("/") or (site / target).is_dir():
                target = target.rstrip("/") + "/index.html" if target else "index.html"
            target = target.lstrip("/")
            if target not in read:
                continue  # not an HTML page of the site: linkchecker has no anchors to check
            if anchor not in read[target].anchors:
                problems.append(f"{name} line {line}: {link}: no anchor {anchor!r} in {target}")
    return problems


def test_the_anchor_check_bites(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="top"><a href="a/#here">ok</a> <a href="a#here">ok</a> <a href="#top">ok</a>'
        ' <a href="a/#gone">broken</a> <a href="#nowhere">broken</a>'
        ' <a href="http://example.org/#elsewhere">not ours</a></p>'
    )
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">A</h2>\n<a name="named"></a><img srcset="../#top 2x, ../#lost 1x">'
        '<div style="background: url(\'../#also-lost\')"></div><a href="#named">ok</a>'
    )
    problems = anchor_problems(tmp_path, ["a/index.html", "index.html"], "/activations/")
    assert problems == [
        "a/index.html line 2: ../#lost: no anchor 'lost' in index.html",
        "a/index.html line 2: ../#also-lost: no anchor 'also-lost' in index.html",
        "index.html line 1: a/#gone: no anchor 'gone' in a/index.html",
        "index.html line 1: #nowhere: no anchor 'nowhere' in index.html",
    ]


class _UnthrottledPagesHandler(serve_site.PagesHandler):
    """The test server's handler, with the header by which a server lets linkchecker send more
    than 10 requests a second (its man page, linkcheckerrc(5), maxrequestspersecond);
    throttled, it spends a minute asleep between requests to this one host."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


@contextlib.contextmanager
def served_for_linkchecker(site: Path, base: str) -> Iterator[str]:
    """``site`` served as ``serve_site.serve`` serves it, with linkchecker unthrottled."""
    server = serve_site.make_server(site, 0, base)
    server.RequestHandlerClass = functools.partial(_UnthrottledPagesHandler, directory=str(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield serve_site.base_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.slow
def test_links_and_anchors_resolve(tmp_path, site_dir, site_pages, site_page_urls):
    """Every link and #anchor on every page (and in the CSS) leads somewhere that exists."""
    base = urlsplit(mkdocs_config()["site_url"]).path or "/"
    problems = anchor_problems(site_dir, site_pages, base)
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG)
    with served_for_linkchecker(site_dir, base) as site_url:
        result = subprocess.run(
            [str(LINKCHECKER), "--config", str(config), "--no-status", "--output", "csv"]
            + [site_url + url for url in site_page_urls],
            capture_output=True,
            text=True,
            env={**os.environ, **OFFLINE, "no_proxy": "127.0.0.1"},
            check=False,
        )
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    problems += [
        f"{row['parentname'] or '(start)'} line {row['line']}: {row['urlname']}: "
        f"{row['result']} {row['warningstring']}".strip()
        for row in rows
        if row["valid"] != "True" or row["warningstring"]
    ]
    assert not problems, "\n".join(problems)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------------
# Well-formed HTML
# ---------------------------------------------------------------------------
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip
# Elements whose end tag HTML lets one leave out; the parser closes them when it must.
OPTIONAL_END = {"p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody", "tfoot"}


class WellFormedness(HTMLParser):
    """Records unclosed and stray tags, and duplicate ids, in one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.errors: list[str] = []
        self.ids: Counter[str] = Counter()
        self.in_foreign = 0  # inside <svg> or <math>, where every tag must be closed

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1
        if tag in VOID and not self.in_foreign:
            return
        if tag in {"svg", "math"}:
            self.in_foreign += 1
        self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID and not self.in_foreign:
            self.errors.append(f"line {self.getpos()[0]}: end tag </{tag}> of a void element")
            return
        while self.open and self.open[-1][0] != tag and self.open[-1][0] in OPTIONAL_END:
            self.open.pop()
        if self.open and self.open[-1][0] == tag:
            self.open.pop()
            if tag in {"svg", "math"}:
                self.in_foreign -= 1
        else:
            expected = self.open[-1] if self.open else ("nothing", 0)
            self.errors.append(
                f"line {self.getpos()[0]}: </{tag}> closes <{expected[0]}> of line {expected[1]}"
            )

    def close(self) -> None:
        super().close()
        unclosed = [(t, line) for t, line in self.open if t not in OPTIONAL_END | {"html", "body"}]
        self.errors += [f"line {line}: <{tag}> is never closed" for tag, line in unclosed]
        self.errors += [f"id {i!r} appears {n} times" for i, n in self.ids.items() if n > 1]


def html_problems(document: str) -> list[str]:
    checker = WellFormedness()
    checker.feed(document)
    checker.close()
    if not document.lstrip().lower().startswith("<!doctype html>"):
        checker.errors.insert(0, "no <!doctype html>")
    if not re.search(r'<html lang="[a-z]', document):
        checker.errors.insert(0, "<html> has no lang")
    return checker.errors


def test_html_checker_catches_what_it_should():
    good = '<!doctype html><html lang="en"><body><p>a<p>b<ul><li>x<li>y</ul><br></body></html>'
    assert html_problems(good) == []
    assert html_problems(good.replace("</ul>", "")) != []
    assert html_problems(good.replace("<br>", '<b id="a"></i><i id="a"></i>')) != []


def test_every_html_page_is_well_formed(site_dir, site_pages):
    problems = {
        name: issues
        for name in site_pages
        if (issues := html_problems((site_dir / name).read_text(encoding="utf-8")))
    }
    assert not problems, "\n".join(
        f"{name}:\n  " + "\n  ".join(issues[:10]) for name, issues in problems.items()
    )


def test_every_page_has_a_real_description(site_dir, site_pages):
    """Each page says what it is about, for search engines and link previews."""
    missing = []
    for name in site_pages:
        found = re.search(
            r'<meta name="description" content="([^"]*)"', (site_dir / name).read_text()
        )
        if not found or len(found[1].strip()) < 20 or "TODO" in found[1]:
            missing.append(f"{name}: {found[1] if found else 'no meta description'}")
    assert not missing, "\n".join(missing)


# ---------------------------------------------------------------------------
# Well-formed SVG
# ---------------------------------------------------------------------------
def test_every_svg_is_well_formed_xml(site_dir):
    svgs = sorted(site_dir.rglob("*.svg"))
    problems = []
    for svg in svgs:
        try:
            root = ET.parse(svg).getroot()
        except ET.ParseError as err:
            problems.append(f"{svg.relative_to(site_dir)}: {err}")
            continue
        if root.tag != "{http://www.w3.org/2000/svg}svg":
            problems.append(f"{svg.relative_to(site_dir)}: root element is {root.tag}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# Template overrides stay in step with Material
# ---------------------------------------------------------------------------
OVERRIDES = sorted((ROOT / "docs" / "overrides" / "partials").glob("*.html"))
COPIED = re.compile(r"Material ([\d.]+)'s partials/([\w-]+\.html) with one change")


def without_comment(template: str) -> list[str]:
    return re.sub(r"\A\{#-.*?-#\}\n", "", template, flags=re.DOTALL).splitlines()


@pytest.mark.parametrize("override", OVERRIDES, ids=[p.name for p in OVERRIDES])
def test_copied_partial_differs_from_material_by_one_line(override):
    """A copied Material partial is re-copied when Material changes (its comment says how)."""
    text = override.read_text()
    copied = COPIED.search(text)
    assert copied, f"{override.name}: say which Material partial it copies, as the others do"
    assert copied[1] == version("mkdocs-material"), f"{override.name}: re-copy it from Material"
    material = Path(__import__("material").__file__).parent / "templates" / "partials"
    ours, theirs = without_comment(text), without_comment((material / copied[2]).read_text())
    assert len(ours) == len(theirs)
    changed = [i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    assert len(changed) == 1, f"{override.name}: lines {changed} differ from Material's"


# ---------------------------------------------------------------------------
# Nothing of the Markdown's machinery reaches the reader
# ---------------------------------------------------------------------------
# An include that did not run (a formatter once turned ``--8<--`` into ``--8 < --``), a
# macro the macros plugin did not expand, a display formula Temml did not render, a
# Sphinx role in a docstring (mkdocstrings writes Markdown: :func: stays as text).
SNIPPET_MARKER = re.compile(r"-\s*-\s*8\s*<\s*-\s*-")
MACRO_CALL = re.compile(r"\{\{\s*[a-z_]+\s*\(|\{%-?\s*[a-z]")
SPHINX_ROLE = re.compile(r"(?<![\w:]):(?:func|meth|class|data|attr|mod|obj|exc|ref):")


class _TextSplitter(HTMLParser):
    """The text a reader sees, split into what is inside <code>/<pre> and what is not."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside how many <code>/<pre>
        self.hidden = 0  # inside <script>/<style>
        self.code: list[str] = []
        self.prose: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag in ("code", "pre")
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag in ("code", "pre") and self.depth > 0
        self.hidden -= tag in ("script", "style") and self.hidden > 0

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            (self.code if self.depth else self.prose).append(data)


def leaked_markup(document: str, macros_shown_as_code: bool = False) -> list[str]:
    """What of the page's Markdown machinery a reader would see as text."""
    splitter = _TextSplitter()
    splitter.feed(document)
    code, prose = "".join(splitter.code), "".join(splitter.prose)
    problems = [f"include marker {m[0]!r}" for m in SNIPPET_MARKER.finditer(code + prose)]
    problems += [f"macro call {m[0]!r} in the text" for m in MACRO_CALL.finditer(prose)]
    if not macros_shown_as_code:
        problems += [f"macro call {m[0]!r} in code" for m in MACRO_CALL.finditer(code)]
    problems += ["raw $$ in the text" for _ in re.finditer(r"\$\$", prose)]
    problems += [f"Sphinx role {m[0]!r} in the text" for m in SPHINX_ROLE.finditer(prose)]
    return problems


# The contributor's guide and the API page (its table of fact() keys) show the macros as
# code, for contributors to copy.
SHOWS_MACRO_SYNTAX = {"contributing/index.html", "reference/api/index.html"}


def test_leak_checker_catches_what_it_should():
    page = "<p>{text}</p><pre><code>{code}</code></pre>"
    assert leaked_markup(page.format(text="ok", code="x = 1")) == []
    assert leaked_markup(page.format(text="ok", code='--8 < --"a.py:b"')) != []
    assert leaked_markup(page.format(text='--8<-- "a.py"', code="")) != []
    assert leaked_markup(page.format(text='{{ card("relu") }}', code="")) != []
    assert leaked_markup(page.format(text="", code='{{ fact("relu", "x") }}')) != []
    assert leaked_markup(page.format(text="", code='{{ fact("relu", "x") }}'), True) == []
    assert leaked_markup(page.format(text="$$ x $$", code="")) != []
    assert leaked_markup(page.format(text="costs $5", code="echo $$")) == []
    assert leaked_markup("<p>by :func:<code>properties</code></p>") != []
    assert leaked_markup("<p>ratio 3:1, at 10:30: data</p>") == []


def test_no_page_shows_raw_includes_macros_or_math(site_dir, site_pages):
    problems = {
        name: found
        for name in site_pages
        if (
            found := leaked_markup(
                (site_dir / name).read_text(encoding="utf-8"), name in SHOWS_MACRO_SYNTAX
            )
        )
    }
    assert not problems, "\n".join(f"{name}: {', '.join(p)}" for name, p in problems.items())


@pytest.mark.parametrize(
    ("page", "function"),
    [
        ("experiments/linear-collapse/index.html", "def linear_collapse"),
        ("experiments/vanishing-gradients/index.html", "def layer_gradient_norms"),
        ("experiments/dying-relu/index.html", "def dead_units"),
        ("experiments/gradient-checks/index.html", "def seed_formula_error"),
    ],
)
def test_experiment_pages_show_the_code_that_ran(site_dir, page, function):
    splitter = _TextSplitter()
    splitter.feed((site_dir / page).read_text(encoding="utf-8"))
    assert function in "".join(splitter.code)


def test_every_image_has_its_size(site_dir, site_pages):
    """A width and height on each <img>, so that the page holds the image's room before
    it loads instead of moving under the reader (layout shift)."""
    missing = [
        f"{name}: {tag[:120]}"
        for name in site_pages
        for tag in re.findall(r"<img\b[^>]*>", (site_dir / name).read_text(encoding="utf-8"))
        if not (re.search(r'\bwidth="\d+"', tag) and re.search(r'\bheight="\d+"', tag))
    ]
    assert not missing, "\n".join(missing)


# Link texts that say nothing out of context (Lighthouse's SEO audit "link-text").
VAGUE_LINK_TEXT = {"here", "click here", "this", "link", "more", "read more", "learn more"}


def test_every_link_says_where_it_goes(site_dir, site_pages):
    vague = [
        f"{name}: [{text}]({href})"
        for name in site_pages
        for href, text in re.findall(
            r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', (site_dir / name).read_text("utf-8")
        )
        if text.strip().lower() in VAGUE_LINK_TEXT
    ]
    assert not vague, "\n".join(vague)


# ---------------------------------------------------------------------------
# Code is shown as code, never turned into emphasis
# ---------------------------------------------------------------------------
# Outside backticks, Markdown reads `x**2), jnp.exp(-x**2` as "x", bold "2), jnp.exp(-x", "2":
# the reader sees torch.exp(-x2). Emphasis a writer meant sits between words and holds words
# (or math); emphasis made out of code shows one of these signs.
_BLOCK_TAGS = {"p", "li", "td", "th", "div", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"}
_DOTTED_CALL = re.compile(r"[A-Za-z_]\w*\.[A-Za-z_]\w*\(")
_OPEN_CALL = re.compile(r"\w\.\w[\w.]*\([^\s()]*$")  # `torch.exp(-x` right before the tag
_PAIRS = {")": "(", "]": "[", "}": "{"}


def _unbalanced(text: str) -> bool:
    stack: list[str] = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in _PAIRS:
            if not stack or stack.pop() != _PAIRS[ch]:
                return True
    return bool(stack)


def code_sign(before: str, inner: str, after: str) -> str | None:
    """Why an emphasis with text ``inner``, between ``before`` and ``after``, was code."""
    if before[-1:].isalnum() and after[:1].isalnum():
        return "it starts and ends inside words"
    if _DOTTED_CALL.search(inner):
        return "it holds a call like torch.exp("
    if _unbalanced(inner):
        return "its brackets do not pair"
    if _OPEN_CALL.search(before):
        return "it opens inside a call"
    return None


class _EmphasisFinder(HTMLParser):
    """Each <strong>/<em> of the prose: the text just before it, its own text (math left
    out) and the text just after it, within the same block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0  # inside <code>, <pre>, <script>, <style>, <math>, or a math span
        self.span_depth: list[bool] = []  # for each open <span>: is it math?
        self.before = ""  # the block's prose so far
        self.open: list[tuple[str, str, list[str]]] = []  # (tag, before, inner parts)
        self.closed: list[tuple[str, str, str, str]] = []  # (tag, before, inner, after)
        self.awaiting: list[tuple[str, str, str]] = []  # closed, waiting for the text after

    def _settle(self, after: str) -> None:
        self.closed += [(tag, before, inner, after) for tag, before, inner in self.awaiting]
        self.awaiting = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span":
            math = "arithmatex" in (dict(attrs).get("class") or "")
            self.span_depth.append(math)
            self.skip += math
        elif tag in ("code", "pre", "script", "style", "math"):
            self.skip += 1
        if self.skip:
            return
        if tag in _BLOCK_TAGS:
            self._settle("")
            self.before = ""
        elif tag in ("strong", "em"):
            self._settle("")
            self.open.append((tag, self.before, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self.skip -= self.span_depth.pop() if self.span_depth else False
            return
        if tag in ("code", "pre", "script", "style", "math"):
            self.skip -= self.skip > 0
            return
        if self.skip:
            return
        if tag in ("strong", "em") and self.open and self.open[-1][0] == tag:
            _, before, inner = self.open.pop()
            self.awaiting.append((tag, before, "".join(inner)))
        elif tag in _BLOCK_TAGS:
            self._settle("")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.awaiting and data:
            self._settle(data)
        for _, _, inner in self.open:
            inner.append(data)
        self.before = (self.before + data)[-80:]


def emphasis_made_of_code(document: str) -> list[str]:
    """Every <strong>/<em> of the page that shows a sign of having been code."""
    finder = _EmphasisFinder()
    finder.feed(document)
    finder.close()
    finder._settle("")
    return [
        f"<{tag}>{inner}</{tag}> after {before[-30:]!r}: {sign}"
        for tag, before, inner, after in finder.closed
        if (sign := code_sign(before, inner, after))
    ]


def test_code_in_emphasis_checker_catches_what_it_should():
    gaussian = (
        "<p>PyTorch, JAX and Keras have no function: write torch.exp(-x<strong>2), "
        "jnp.exp(-x</strong>2) or keras.ops.exp(-keras.ops.square(x)).</p>"
    )
    assert emphasis_made_of_code(gaussian)
    assert emphasis_made_of_code("<p>call np.linalg.norm(<em>a</em>, ord=2)</p>")
    assert emphasis_made_of_code("<p>write a<em>b</em>c for the product</p>")
    assert emphasis_made_of_code("<p>then <em>torch.relu(x)</em> twice</p>")
    # emphasis a writer meant: words, math, a heading's case
    meant = (
        '<p><strong>At <span class="arithmatex"><math><mi>x</mi><mo>=</mo><mn>0</mn></math>'
        "</span></strong> the one-sided slopes differ; the <em>negative slope</em> (the "
        "slope of the left side) is <em>slowest</em>. <strong>Case i=j.</strong> "
        "<strong>Outside [m, M]</strong> it is flat.</p>"
        "<p>see <code>x**2</code> and <em>(optional)</em> notes</p>"
    )
    assert emphasis_made_of_code(meant) == []


def test_no_page_shows_code_as_emphasis(site_dir, site_pages):
    """Markdown pairs `*` or `**` in code written outside backticks (metadata prose
    included, which the cards and the summary table render) into <em> or <strong>."""
    problems = {
        name: found
        for name in site_pages
        if (found := emphasis_made_of_code((site_dir / name).read_text(encoding="utf-8")))
    }
    assert not problems, "\n".join(f"{name}: {'; '.join(p)}" for name, p in problems.items())
