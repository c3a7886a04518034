"""The site build: strict and silent, math written as MathML at build time, reproducible.

Fixtures (``site_dir``, ``site_build_log``, ``mkdocs_build``) are described in conftest.py.
"""

from __future__ import annotations

import filecmp
import logging
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import zlib
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from mkdocs.exceptions import PluginError

from scripts import ROOT
from scripts.shared import bundle, plotting
from scripts.shared.minify import minify
from scripts.website import build_cache, deferred_layout, math_assets, math_hook
from tests.conftest import SITE_HASH_SEED

# A page with math preloads the fonts its formulas draw with.
PRELOAD = re.compile(
    r'<link rel="preload" href="[^"]*assets/math/([\w-]+\.woff2)" as="font" type="font/woff2"'
)


# ---------------------------------------------------------------------------
# The site's own build (one per test session, see conftest.site_dir)
# ---------------------------------------------------------------------------
def test_strict_build_prints_no_warning(site_build_log):
    # --strict turns MkDocs warnings into failures, but not warnings that other code
    # prints (a Python DeprecationWarning, a plugin writing to stderr): catch those too.
    warnings = [
        line
        for line in site_build_log.splitlines()
        if re.search(r"^\s*WARNING\b|Warning\b|^\s*ERROR\b", line)
    ]
    assert not warnings, "\n".join(warnings)


def test_build_never_writes_into_the_repository(site_dir):
    assert not site_dir.resolve().is_relative_to(ROOT)


def test_math_is_served_from_the_site(site_dir, site_pages):
    """The math stylesheet and fonts are in the site, linked from every page, fonts preloaded."""
    css = site_dir / "assets" / "math" / "math.css"
    fonts = re.findall(r"url\(([^)]+)\)", css.read_text())
    assert sorted(fonts) == sorted(file for _, file, _ in math_assets.FONTS)
    missing = [font for font in fonts if not (css.parent / font).is_file()]
    assert not missing, f"fonts named by math.css but not in the site: {missing}"

    for name in site_pages:
        html = (site_dir / name).read_text()
        assert re.search(r'<link rel="stylesheet" href="[^"]*assets/math/math\.css"', html)
        assert not re.search(r"<script[^>]*(katex|mathjax|temml)", html, re.IGNORECASE), name
        preloaded = PRELOAD.findall(html)
        assert all(font in fonts for font in preloaded), (name, preloaded)
        if "<math" in html:
            assert "STIXTwoMath.woff2" in preloaded, f"{name} has math but preloads no font"
        if "tml-prime" in html:
            assert "Temml.woff2" in preloaded, f"{name} draws primes but preloads not their font"


def test_the_math_font_keeps_its_math_table_and_every_glyph_drawn(site_dir, site_pages):
    """The subset still lays out math (MATH table), and holds what the pages draw.

    The characters are read here from the built pages by the browser's rule, not by the
    hook's code: each token's text, a one-letter <mi> as its Mathematical Italic letter,
    and the radical sign of a square root.
    """
    from fontTools.ttLib import TTFont

    font = TTFont(site_dir / "assets" / "math" / "STIXTwoMath.woff2")
    assert "MATH" in font and "GSUB" in font
    cmap = font.getBestCmap()
    drawn: set[str] = set()
    for name in site_pages:
        html = (site_dir / name).read_text()
        for formula in re.findall(r"<math\b.*?</math>", html, re.DOTALL):
            for text in re.findall(r"<m(?:n|o|text)\b[^>]*>([^<]*)<", formula):
                drawn.update(unescape(text))
            for attrs, escaped in re.findall(r"<mi\b([^>]*)>([^<]*)<", formula):
                text = unescape(escaped)
                if len(text) == 1 and "mathvariant" not in attrs and text.isalpha():
                    drawn.add(_math_italic(text))
                else:
                    drawn.update(text)
            if "<msqrt" in formula:
                drawn.add("\u221a")
    drawn = {c for c in drawn if not c.isspace() and c not in "\u2061\u2062\u2063"}
    # Primes are drawn in Temml's font (its stylesheet says so), all else in STIX Two Math.
    missing = {c for c in drawn - {"\u2032"} if ord(c) not in cmap}
    assert not missing, f"drawn but not in the math font: {sorted(missing)}"
    assert ord("\u2032") in TTFont(site_dir / "assets" / "math" / "Temml.woff2").getBestCmap()
    assert len(cmap) < 400, "the subset should hold the site's characters, not the font"


def _math_italic(letter: str) -> str:
    """'x' -> '𝑥', 'σ' -> '𝜎': the letter MathML Core draws for <mi>x</mi>, found by name.

    A letter with no Mathematical Italic form (ℓ) is drawn as it is.
    """
    if letter == "h":
        return "\u210e"  # PLANCK CONSTANT: the italic h predates the Mathematical block
    name = unicodedata.name(letter)  # 'LATIN SMALL LETTER X', 'GREEK PHI SYMBOL'
    case, _, rest = name.partition(" LETTER ")
    italic = f"{case.split()[-1]} {rest}" if rest else name.removeprefix("GREEK ")
    try:
        return unicodedata.lookup(f"MATHEMATICAL ITALIC {italic.replace('LUNATE ', '')}")
    except KeyError:
        return letter


def test_build_is_reproducible_and_its_caches_change_nothing(site_build, tmp_path, mkdocs_build):
    """Two clean builds of one copy of the sources, and a rebuild from the caches the first
    left, are identical, byte for byte, over every file.

    The first is the session's build (``site_build``: a copy of the sources, its
    ``.cache/`` empty at the start). Clean: ``.cache/`` is emptied before the other, so the
    two prove that figures, tables and experiments come out the same each time. Cached: the
    rebuild starts from the first one's ``.cache/`` (generators, formulas, font subsets,
    minified assets, deferred layout), so it proves that a cache hands back what the work
    would have made, and it must find everything there: it adds no entry and writes none
    again. The output of the two generators that draw (the figures and the experiments) is
    removed first, so that they run again as after an edit to actlib, and take every figure
    from the figure cache and every minified figure from the minifier's: none is drawn or
    minified again. One copy, so that edits made to the checkout meanwhile cannot make the
    builds differ; each build hashes strings with its own seed, so that an output that
    follows the order of a set of strings differs between them (the search index once did).
    """
    copy = site_build.sources
    cache = copy / ".cache"

    def entries() -> dict[str, tuple[int, int]]:
        """Each cache entry's inode and time of writing, by its name."""
        return {
            p.relative_to(cache).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in cache.rglob("*")
            if p.is_file()
        }

    def build(dest: Path, hash_seed: str) -> None:
        assert hash_seed != SITE_HASH_SEED
        returncode, output = mkdocs_build(
            dest, copy / "mkdocs.yml", env={"PYTHONHASHSEED": hash_seed}
        )
        assert returncode == 0, output

    builds = [site_build.path, tmp_path / "cached", tmp_path / "clean-again"]
    after_clean = entries()
    drawing = [
        p.relative_to(cache).as_posix()
        for name in ("figures", "experiment_runs")
        for p in cache.glob(f"generated/{name}-*")
    ]
    assert len(drawing) == 2, drawing
    for output in drawing:
        shutil.rmtree(cache / output)
    build(builds[1], hash_seed="3")
    after_cached = entries()
    shutil.rmtree(cache)
    build(builds[2], hash_seed="2")
    assert sorted(after_cached) == sorted(after_clean), (
        f"the rebuild from the cache made entries anew: {sorted(after_cached.keys() - after_clean)}"
    )
    rewritten = [
        name
        for name, written in after_clean.items()
        if after_cached[name] != written and not name.startswith(tuple(f"{o}/" for o in drawing))
    ]
    assert not rewritten, f"the rebuild from the cache wrote these entries again: {rewritten}"

    files = [{p.relative_to(b) for p in b.rglob("*") if p.is_file()} for b in builds]
    for build_dir, other in zip(builds[1:], files[1:], strict=True):
        assert other == files[0], (
            f"only in {builds[0].name} or {build_dir.name}: {sorted(map(str, other ^ files[0]))}"
        )
        same = filecmp.cmpfiles(builds[0], build_dir, sorted(map(str, files[0])), shallow=False)
        different = same[1] + same[2]
        assert not different, (
            f"files that differ between {builds[0].name} and {build_dir.name}: {different}"
        )


# ---------------------------------------------------------------------------
# The math hook, on a tiny site of its own (fast, independent of the pages)
# ---------------------------------------------------------------------------
def one_page_site(folder: Path, markdown: str, config: str) -> Path:
    """A one-page MkDocs project (theme mkdocs) with the given settings; its mkdocs.yml."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(markdown)
    path = folder / "mkdocs.yml"
    path.write_text(f"site_name: {markdown.splitlines()[0].lstrip('# ')}\ntheme: mkdocs\n{config}")
    return path


def tiny_site(folder: Path, markdown: str) -> Path:
    """A one-page MkDocs project using the site's math set-up; returns its mkdocs.yml."""
    hook = ROOT / "scripts" / "website" / "math_hook.py"
    return one_page_site(
        folder,
        markdown,
        f"hooks: [{hook}]\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n",
    )


def test_bad_formula_fails_the_build_naming_page_and_formula(tmp_path, mkdocs_build):
    config = tiny_site(tmp_path, "# Broken\n\nSee $\\frac{$ here.\n")
    returncode, output = mkdocs_build(tmp_path / "site", config)
    assert returncode != 0
    assert "Temml cannot render a formula on page index.md" in output
    assert "formula: \\(\\frac{\\)" in output


def test_formulas_become_mathml_with_their_wrappers(tmp_path, mkdocs_build):
    markdown = (
        "# Math\n\nInline $a < b$ and\n\n$$\n\\sigma'(x) = \\sigma(x)\\,(1 - \\sigma(x))\n$$\n"
    )
    config = tiny_site(tmp_path, markdown)
    returncode, output = mkdocs_build(tmp_path / "site", config)
    assert returncode == 0, output
    html = (tmp_path / "site" / "index.html").read_text()
    assert re.search(r'<span class="arithmatex"><math>', html)
    assert re.search(r'<div class="arithmatex" tabindex="0"><math display="block"', html)
    assert "\\(" not in html and "\\[" not in html
    math = tmp_path / "site" / "assets" / "math"
    assert {p.name for p in math.iterdir()} == {"math.css", "STIXTwoMath.woff2", "Temml.woff2"}


def test_nonstandard_tex_fails_the_build(tmp_path, mkdocs_build):
    """Strict: TeX that only a lenient renderer would accept (here \\mbox) is an error."""
    config = tiny_site(tmp_path, "# Lenient\n\n$\\mbox{a}$\n")
    returncode, output = mkdocs_build(tmp_path / "site", config)
    assert returncode != 0
    assert "Temml cannot render a formula on page index.md" in output


def test_render_formulas_unescapes_strips_delimiters_and_counts():
    calls = []

    def fake_render(tex: str, display: bool) -> str:
        calls.append((tex, display))
        return "<R>"

    page = (
        '<p><span class="arithmatex">\\(a &lt; b\\)</span></p>'
        '<div class="arithmatex">\\[x^2\\]</div>'
        '<div class="arithmatex">\\begin{align}a &amp;= b\\end{align}</div>'
        "<code>\\(not math\\)</code>"
    )
    html, count = math_hook.render_formulas(page, "page.md", fake_render)
    assert count == 3
    assert calls == [
        ("a < b", False),
        ("x^2", True),
        ("\\begin{align}a &= b\\end{align}", True),
    ]
    assert html.count("<R>") == 3 and "<code>\\(not math\\)</code>" in html


def exec_site(folder: Path, markdown: str) -> Path:
    """A one-page project with markdown-exec and the site's snippet cache; its mkdocs.yml."""
    hook = ROOT / "scripts" / "website" / "build_cache.py"
    return one_page_site(
        folder,
        markdown,
        f"plugins: [markdown-exec]\nhooks: [{hook}]\nmarkdown_extensions: [pymdownx.superfences]\n",
    )


def test_a_snippet_runs_once_per_change_and_a_failing_one_on_every_build(tmp_path, mkdocs_build):
    """The second build shows the first one's output without running the snippet; a
    snippet that fails is never kept, so a strict build fails on it every time."""
    runs = tmp_path / "runs.txt"
    snippet = f'open({str(runs)!r}, "a").write("ran\\n")\nprint("hello from the snippet")'
    config = exec_site(tmp_path / "ok", f'# Snippet\n\n```python exec="on"\n{snippet}\n```\n')
    pages = []
    for n in range(2):
        returncode, output = mkdocs_build(tmp_path / f"site-{n}", config)
        assert returncode == 0, output
        pages.append((tmp_path / f"site-{n}" / "index.html").read_text())
    assert runs.read_text() == "ran\n", "the snippet ran again though nothing changed"
    assert "hello from the snippet" in pages[0] and pages[1] == pages[0]

    failing = 'raise ValueError("a broken snippet")'
    config = exec_site(tmp_path / "bad", f'# Broken\n\n```python exec="on"\n{failing}\n```\n')
    for n in range(2):
        returncode, output = mkdocs_build(tmp_path / f"bad-{n}", config)
        assert returncode != 0 and "a broken snippet" in output, (n, output)


def page_cache_site(folder: Path, pages: dict[str, str], plugins: str = "") -> Path:
    """A MkDocs project of ``pages`` with the page cache hook (and ``plugins``)."""
    (folder / "docs").mkdir(parents=True)
    for name, markdown in pages.items():
        (folder / "docs" / name).write_text(markdown)
    hook = ROOT / "scripts" / "website" / "page_cache.py"
    config = folder / "mkdocs.yml"
    config.write_text(
        f"site_name: Pages\ntheme: mkdocs\nhooks: [{hook}]\n{plugins}"
        "markdown_extensions:\n  - toc:\n      permalink: true\n"
        "  - pymdownx.snippets:\n      base_path: [docs]\n      check_paths: true\n"
    )
    return config


@pytest.fixture
def counted_build(monkeypatch) -> tuple[Callable[[Path, int], tuple[int, str]], list[str]]:
    """``built(config, n)``: a strict build of ``config`` into ``site-n`` beside it, in this
    process, where the page cache hook wraps a conversion that lists each page it converts
    in the list returned with it; (0, the home page's HTML) or (1, the error)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.structure.pages import Page

    converted: list[str] = []
    convert = Page.render

    def counted(page: Page, config: Any, files: Any) -> None:
        converted.append(page.file.src_uri)
        convert(page, config, files)

    def built(config: Path, n: int) -> tuple[int, str]:
        monkeypatch.setattr(Page, "render", counted)  # the hook wraps it as the build starts
        converted.clear()
        site = config.parent / f"site-{n}"
        try:
            build(load_config(str(config), site_dir=str(site), strict=True))
        except Exception as err:  # MkDocs' Abort for a strict build that warned
            return 1, repr(err)
        return 0, (site / "index.html").read_text()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the same date in every build's pages
    # As the mkdocs command sets it: MkDocs' warnings stop at its own logger.
    monkeypatch.setattr(logging.getLogger("mkdocs"), "propagate", False)
    return built, converted


def test_a_page_is_converted_once_per_state_and_a_failing_one_on_every_build(
    tmp_path, counted_build
):
    """The second build takes each page from the cache, and gives the same site; a page
    whose conversion warned (a link to a missing page) is converted, and fails, every time."""
    built, converted = counted_build
    # The checkout's page cache: this test's pages, new in every run, have no entry there.
    new = f"<!-- {tmp_path} -->\n"
    pages = {
        "index.md": f"# Home\n\nSee [the other page](other.md#later).\n{new}",
        "other.md": f"# Other\n\n## Later\n{new}",
    }
    config = page_cache_site(tmp_path / "ok", pages)
    first = built(config, 0)
    assert first[0] == 0 and sorted(converted) == ["index.md", "other.md"], first
    second = built(config, 1)
    assert second == first and converted == [], f"converted again: {converted}"
    assert filecmp.dircmp(tmp_path / "ok" / "site-0", tmp_path / "ok" / "site-1").diff_files == []
    (tmp_path / "ok" / "docs" / "index.md").write_text(f"# Home\n\nEdited.\n{new}")
    edited = built(config, 2)
    assert "Edited." in edited[1] and converted == ["index.md"], converted

    broken = page_cache_site(tmp_path / "bad", {"index.md": f"# Home\n\n[Gone](missing.md)\n{new}"})
    for n in range(2):
        returncode, output = built(broken, n)
        assert returncode != 0 and converted == ["index.md"], (n, output)


def test_a_kept_page_shows_an_edit_to_a_file_it_includes(tmp_path, mkdocs_build):
    config = page_cache_site(
        tmp_path, {"index.md": f'# Home\n\n--8<-- "part.txt"\n<!-- {tmp_path} -->\n'}
    )
    included = tmp_path / "docs" / "part.txt"
    texts = []
    for n, words in enumerate(["first words", "second words"]):
        included.write_text(words)
        returncode, output = mkdocs_build(tmp_path / f"site-{n}", config)
        assert returncode == 0, output
        texts.append((tmp_path / f"site-{n}" / "index.html").read_text())
    assert "first words" in texts[0] and "second words" in texts[1]


def test_a_kept_page_still_registers_its_anchors_for_cross_references(tmp_path, mkdocs_build):
    """mkdocs-autorefs learns a page's headings as it is converted: a page taken from the
    cache registers them again, so another page's [Later][later] still finds its target."""
    pages = {"index.md": "# Home\n", "other.md": f"# Other\n\n## Later\n<!-- {tmp_path} -->\n"}
    config = page_cache_site(tmp_path, pages, plugins="plugins: [autorefs]\n")
    for n in range(2):
        # A new index page each build, the other page kept from the first
        (tmp_path / "docs" / "index.md").write_text(f"# Home\n\nSee [Later][later], {n}.\n")
        returncode, output = mkdocs_build(tmp_path / f"site-{n}", config)
        assert returncode == 0, (n, output)
        assert 'href="other/#later"' in (tmp_path / f"site-{n}" / "index.html").read_text(), n


def test_a_cold_build_converts_its_pages_in_two_processes(tmp_path, mkdocs_build):
    """With no page of this state kept, a helper converts pages from the end while the
    build converts from the start. The first page's snippet waits for the last page's,
    which only a second process can have run by then (one process would wait out the
    minute and print "alone"). A warning on the helper's page is printed once, by the
    build, and fails it."""
    marker = tmp_path / "last-page-converted"
    wait = (
        "import pathlib, time\n"
        f"marker = pathlib.Path({str(marker)!r})\n"
        "deadline = time.monotonic() + 60\n"
        "while not marker.exists() and time.monotonic() < deadline:\n"
        "    time.sleep(0.02)\n"
        'print("waited" if marker.exists() else "alone")\n'
    )
    hooks = [ROOT / "scripts" / "website" / name for name in ("page_cache.py", "parallel_pages.py")]
    for case, link in (("ok", ""), ("broken", "[Gone](missing.md)")):
        marker.unlink(missing_ok=True)
        pages = {
            "index.md": f'# First\n\n```python exec="on"\n{wait}```\n',
            "last.md": f'# Last\n\n```python exec="on"\nopen({str(marker)!r}, "w")\n```\n{link}\n',
        }
        # This run's pages and settings: a state no earlier run has kept
        config = page_cache_site(
            tmp_path / case,
            pages,
            f"# {tmp_path / case}\nplugins: [markdown-exec]\n",
        )
        text = config.read_text().replace(f"{hooks[0]}]", f"{hooks[0]}, {hooks[1]}]")
        config.write_text(text.replace("extensions:\n", "extensions:\n  - pymdownx.superfences\n"))
        returncode, output = mkdocs_build(tmp_path / case / "site", config)
        if not link:
            assert returncode == 0, output
            html = (tmp_path / case / "site" / "index.html").read_text()
            assert "waited" in html and "alone" not in html, (
                "the last page was not converted meanwhile"
            )
        else:
            assert returncode != 0 and output.count("missing.md") == 1, output


def test_a_kept_api_page_gives_the_same_inventory_and_cross_references(tmp_path, counted_build):
    """A page that documents code with mkdocstrings registers its objects as it converts:
    for the site's inventory (objects.inv) and for cross-references. Taken from the cache,
    it is not converted, and the inventory and a link to one of its objects are the same."""
    built, converted = counted_build
    # Beside mkdocs.yml, where the Python handler looks by default: no handler is named in
    # the settings, so only the page's conversion asks for one (and objects.inv needs it).
    (tmp_path / "shapes.py").write_text(
        'def double(x):\n    """Twice ``x``."""\n    return 2 * x\n'
    )
    pages = {"index.md": "# Home\n", "api.md": f"# API\n\n::: shapes\n<!-- {tmp_path} -->\n"}
    config = page_cache_site(tmp_path, pages, plugins="plugins: [mkdocstrings]\n")
    for n in range(2):
        # A new home page each build (new in every run too, as the API page: the checkout's
        # cache has no entry), linking to the object; the API page kept from the first
        (tmp_path / "docs" / "index.md").write_text(
            f"# Home\n\n[Twice][shapes.double], {n}.\n<!-- {tmp_path} -->\n"
        )
        returncode, home = built(config, n)
        assert returncode == 0, home
        assert sorted(converted) == (["api.md", "index.md"] if n == 0 else ["index.md"]), n
        assert 'href="api/#shapes.double"' in home, (n, home)
    sites = [tmp_path / f"site-{n}" for n in range(2)]
    inventories = [(site / "objects.inv").read_bytes() for site in sites]
    assert inventories[0] == inventories[1]
    assert b"shapes.double" in zlib.decompress(inventories[0].split(b"\n", 4)[4])
    api = [(site / "api" / "index.html").read_text() for site in sites]
    assert api[0] == api[1]


def test_a_page_template_is_compiled_once_per_source_and_syntax(tmp_path, monkeypatch):
    """mkdocs-macros' environment hands back the code it compiled before; another source or
    another syntax is compiled, and a source Jinja rejects is rejected every time."""
    from jinja2 import Environment, TemplateSyntaxError

    monkeypatch.setattr(build_cache.MACROS, "folder", tmp_path)  # not the checkout's
    compiled = []
    compile_python = Environment._compile

    def counted(env: Environment, source: str, filename: str):
        compiled.append(filename)
        return compile_python(env, source, filename)

    monkeypatch.setattr(Environment, "_compile", counted)

    def rendered(page: str, **settings: Any) -> str:
        env = Environment(**settings)
        build_cache.keep_compiled_strings(env)
        return env.from_string(page).render(x=2)

    assert rendered("{{ x + 1 }} and {{ x }}") == "3 and 2"
    assert rendered("{{ x + 1 }} and {{ x }}") == "3 and 2"
    assert len(compiled) == 1, "the same page was compiled twice"
    assert rendered("{{ x * 5 }}") == "10" and len(compiled) == 2
    assert rendered("[[ x + 1 ]] and {{ x }}", variable_start_string="[[", variable_end_string="]]")
    assert len(compiled) == 3, "a page read with other delimiters took another's code"
    for _ in range(2):
        with pytest.raises(TemplateSyntaxError):
            rendered("{{ x + }}")


def test_search_entries_are_parsed_once_per_state_of_a_page(tmp_path, monkeypatch):
    """The entries a kept page gets are those Material's own index makes of it; a page whose
    HTML changed is parsed again."""
    from material.plugins.search.plugin import SearchIndex

    monkeypatch.setattr(build_cache.SEARCH, "folder", tmp_path)  # not the checkout's
    html = '<h1 id="a">A</h1><p>One.</p><h2 id="b">B</h2><p>Two.</p>'
    page = SimpleNamespace(url="a/", title="A", meta={}, content=html, toc=[])
    materials = SearchIndex()
    materials.add_entry_from_context(page)
    parsed = []

    def kept_index() -> SearchIndex:
        index = SearchIndex()
        parse = index.add_entry_from_context

        def counted(page: SimpleNamespace) -> None:
            parsed.append(page.url)
            parse(page)

        index.add_entry_from_context = counted
        build_cache.keep_search_entries(index, "state")
        index.add_entry_from_context(page)
        return index

    first, second = kept_index(), kept_index()
    assert parsed == ["a/"], "a page that did not change was parsed again"
    assert first.entries == second.entries == materials.entries
    assert [e["location"] for e in materials.entries] == ["a/", "a/#b"]  # h1: the page
    page.content = html.replace("Two", "Three")
    third = kept_index()
    assert parsed == ["a/", "a/"], "a page whose HTML changed was not parsed again"
    assert third.entries[1]["text"] == "<p>Three.</p>"


def test_renderer_keeps_formulas_from_build_to_build_and_reports_errors(tmp_path, monkeypatch):
    store = math_hook.Store("math", ".json")
    store.folder = tmp_path  # not the checkout's .cache/
    monkeypatch.setattr(math_hook, "STORE", store)
    renderer = math_hook.RenderedFormulas()
    try:
        first = renderer.render("e^{-x}", False)
        assert first.startswith("<math>") and "<msup>" in first
        assert renderer.render("e^{-x}", False) is first  # kept, not rendered again
        with pytest.raises(ValueError, match=r"Expected '}'|end of input"):
            renderer.render("\\frac{", True)
        # The process survives a bad formula and goes on answering.
        assert renderer.render("x", True).startswith('<math display="block"')
        renderer.save()
    finally:
        renderer.close()
    # The next build answers from the saved file without starting Node; a rejected
    # formula was not kept, so it is rejected again.
    again = math_hook.RenderedFormulas()
    try:
        assert again.render("e^{-x}", False) == first
        assert again.render("x", True).startswith('<math display="block"')
        assert again._renderer is None, "Node started for formulas the file holds"
        with pytest.raises(ValueError, match=r"Expected '}'|end of input"):
            again.render("\\frac{", True)
    finally:
        again.close()


def test_pages_carry_mathml_only(site_dir):
    """One copy of each formula, MathML, which screen readers read: no HTML rendering."""
    html = (site_dir / "functions" / "gated" / "index.html").read_text()
    assert html.count("<math") > 10
    assert 'class="katex' not in html and "<annotation" not in html


def test_search_text_is_what_a_reader_sees_of_an_inline_formula():
    mathml = "<math><mrow><mi>tanh</mi><mo>\u2061</mo></mrow><mo>(</mo><mi>x</mi><mo>)</mo></math>"
    assert math_hook.search_text(mathml, display=False) == "tanh(x)"
    assert math_hook.search_text(mathml, display=True) == ""


def test_drawn_text_reads_glyphs_as_the_browser_draws_them():
    formula = (
        '<math><msup><mi>f</mi><mo class="tml-prime">\u2032</mo></msup><mo>=</mo>'
        '<msqrt><mi>\u03c3</mi></msqrt><mi mathvariant="normal">d</mi><mi>ln</mi><mn>2</mn></math>'
    )
    drawn = math_assets.drawn_text(formula, {"Temml": {"tml-prime"}})
    assert drawn.characters["Temml"] == {"\u2032"}
    # f and sigma alone are italic; d (normal) and "ln" (two letters) stay upright.
    assert drawn.characters["STIX Two Math"] == set("f=\u221a\u03c3dln2") | {
        "\U0001d453",  # MATHEMATICAL ITALIC SMALL F
        "\U0001d70e",  # MATHEMATICAL ITALIC SMALL SIGMA
    }
    assert drawn.classes == {"tml-prime"}
    assert {"msup", "msqrt", "mi", "mo", "mn"} <= drawn.elements


def test_family_classes_reads_which_rules_pick_temmls_font():
    css = (
        "/* c */ @font-face { font-family: Temml; src: url(Temml.woff2) }"
        " math .mathscr { font-family: 'Temml'; }"
        " @supports (not (-moz-appearance: none)) { mo.tml-prime { font-family: Temml; } }"
        " .other { font-family: serif; }"
    )
    assert math_assets.family_classes(css) == {"Temml": {"mathscr", "tml-prime"}}


def test_trim_stylesheet_keeps_what_the_site_can_use():
    css = """
        /* a comment */
        @font-face { font-family: STIX2; src: url(STIX.woff2); }
        math { font-family: STIX2, math; line-height: normal; }
        mo.tml-prime { font-family: Temml; }
        .tml-left, .tml-right { text-align: left; }
        menclose, mfrac > :nth-child(2) { padding: 0; }
        @supports (not (-moz-appearance: none)) {
          .tml-sml-pad { padding-left: 0.05em; }
          .wbk-acc { transform: none; }
        }
        @supports (-webkit-backdrop-filter: blur(1px)) { .wbk-acc { transform: none; } }
    """
    trimmed = math_assets.trim_stylesheet(
        css, {"tml-prime", "tml-left", "tml-sml-pad"}, {"mo", "mfrac"}
    )
    assert trimmed == (
        "math{line-height: normal}"  # the font is the site's own (MATH_FAMILY)
        "mo.tml-prime{font-family: Temml}"
        ".tml-left{text-align: left}"
        "mfrac > :nth-child(2){padding: 0}"
        "@supports (not (-moz-appearance: none)){.tml-sml-pad{padding-left: 0.05em}}"
    )


def test_minify_shortens_css_and_js_and_keeps_their_meaning(tmp_path):
    css, js = tmp_path / "a.css", tmp_path / "a.js"
    css.write_text('/* note */\n.a  .b > c {\n  content: "  /* kept */ ";\n  margin: 0 auto;\n}\n')
    js.write_text("// note\nwindow.x = (() => { const longName = 2; return longName + 1; })();\n")
    minify([css, js])
    assert css.read_text() == '.a .b>c{content:"  /* kept */ ";margin:0 auto}'
    assert "note" not in js.read_text() and "longName" not in js.read_text()
    assert js.read_text().startswith("window.x=")


def test_minify_shortens_a_figure_and_keeps_its_size(tmp_path):
    """A Matplotlib figure loses its metadata and its six-decimal coordinates, not its
    size: the pages' width and height come from the viewBox."""
    plt = plotting.pyplot()
    fig = plt.figure(figsize=(3.0, 2.0))
    fig.add_subplot().plot([0.0, 0.5, 1.0], [0.1234567, 0.7654321, 0.5])
    svg = tmp_path / "figure.svg"
    fig.savefig(svg, format="svg", metadata={"Date": None})
    plt.close(fig)
    before = svg.read_text()
    minify([svg])
    after = svg.read_text()
    assert plotting.svg_file_size(svg) == (216, 144)  # 3 x 2 inches at 72 points each
    long_decimal = re.compile(r"\d\.\d{4}")
    assert "<metadata" in before and long_decimal.search(before)
    assert "<metadata" not in after and not long_decimal.search(after)
    assert len(after) < len(before)


def _small_figure(peak: float) -> plotting.PanelsFigure:
    x = np.linspace(-1.0, 1.0, 5)
    curve = plotting.Curve("f(x)", x, peak * x**2, "f")
    panel = plotting.Panel("", (curve,), plotting.fitted_ylim([curve]), ylabel="f(x)")
    return plotting.PanelsFigure(
        (panel,), (-1.0, 1.0), (3.0, 2.0), (0.2, 0.2, 0.95, 0.9), hspace=0.1, title="Small"
    )


def test_a_figure_is_drawn_once_per_content_and_again_when_its_data_change(tmp_path, monkeypatch):
    """save_panels hands back, without drawing, the bytes it drew for the same figure;
    a figure whose data changed is drawn anew, and different."""
    monkeypatch.setattr(plotting.FIGURES, "folder", tmp_path / "store")  # not the checkout's
    drawings = []
    draw = plotting.save_themed

    def counted(*args, **kwargs):
        drawings.append(args[2])
        return draw(*args, **kwargs)

    monkeypatch.setattr(plotting, "save_themed", counted)
    drawn_by = Path(__file__)

    def saved(figure: plotting.PanelsFigure, folder: str) -> list[bytes]:
        paths = plotting.save_panels(figure, tmp_path / folder, "small", drawn_by=drawn_by)
        assert [p.name for p in paths] == ["small.light.svg", "small.dark.svg"]
        return [p.read_bytes() for p in paths]

    first = saved(_small_figure(1.0), "first")
    again = saved(_small_figure(1.0), "again")
    assert drawings == ["small"], "the same figure was drawn twice"
    assert again == first
    changed = saved(_small_figure(2.0), "changed")
    assert drawings == ["small", "small"], "a figure whose data changed was not drawn"
    assert changed[0] != first[0] and changed[1] != first[1]


def test_a_figure_key_follows_the_drawing_code_not_its_comments(tmp_path):
    generator = tmp_path / "generator.py"
    generator.write_text('"""Draws."""\n\nWIDTH = 2\n')
    figure = _small_figure(1.0)
    key = plotting.figure_key(figure, generator)
    generator.write_text('"""Draws, said otherwise."""\n\n# why\nWIDTH = 2\n')
    assert plotting.figure_key(figure, generator) == key
    generator.write_text('"""Draws."""\n\nWIDTH = 3\n')
    assert plotting.figure_key(figure, generator) != key
    assert plotting.figure_key(_small_figure(1.5), generator) != plotting.figure_key(
        figure, generator
    )


def test_minify_fails_the_build_on_a_broken_script(tmp_path):
    js = tmp_path / "broken.js"
    js.write_text("function (")
    with pytest.raises(PluginError, match=r"cannot minify .*broken\.js"):
        minify([js])


def _scripts_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "javascripts"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_a_bundle_holds_its_modules_and_is_remade_when_one_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle.STORE, "folder", tmp_path / "cache")
    folder = _scripts_folder(
        tmp_path,
        {
            "entry.js": 'import { twice } from "./lib/twice.js";\nwindow.answer = twice(21);\n',
            "lib/twice.js": "export const twice = (x) => 2 * x;\n",
        },
    )
    out = tmp_path / "site"
    out.mkdir()
    bundle.bundle(folder, ["entry.js"], out)
    first = (out / "entry.js").read_text()
    assert "import" not in first and "export" not in first, first  # one classic script
    assert "window.answer" in first, first
    (out / "entry.js").unlink()
    bundle.bundle(folder, ["entry.js"], out)  # from the cache
    assert (out / "entry.js").read_text() == first
    (folder / "lib/twice.js").write_text("export const twice = (x) => 3 * x;\n")
    bundle.bundle(folder, ["entry.js"], out)
    assert (out / "entry.js").read_text() != first, "a changed module left the bundle as it was"


@pytest.mark.parametrize(
    ("module", "message"),
    [
        (
            'import { gone } from "./lib/gone.js";\ngone();\n',
            r'Could not resolve "\./lib/gone\.js".*entry\.js:1:\d+',
        ),
        ("export const = 1;\n", r"Expected identifier.*entry\.js:1:\d+"),
    ],
)
def test_a_broken_module_fails_the_build_naming_file_and_line(
    tmp_path, monkeypatch, module, message
):
    monkeypatch.setattr(bundle.STORE, "folder", tmp_path / "cache")
    folder = _scripts_folder(tmp_path, {"entry.js": module})
    with pytest.raises(PluginError, match=r"(?s)bundling entry\.js failed.*" + message):
        bundle.bundle(folder, ["entry.js"], tmp_path)


def test_serve_watches_the_code_and_rebuilds_with_fresh_imports():
    """`mkdocs serve` rebuilds on an edit to actlib or scripts, and the rebuild imports
    them as they are now (checked by hand too: an edited frameworks note of ReLU reached
    the served page without a restart). In a child process: forgetting modules here
    would split this test session's registry in two."""
    config = (ROOT / "mkdocs.yml").read_text()
    watched = re.search(r"^watch:\n((?:  - .*\n)+)", config, re.M)
    assert watched and {"actlib", "scripts"} <= set(re.findall(r"- (\S+)", watched[1]))
    assert "- scripts/website/fresh_imports.py" in config
    probe = (
        "import sys, actlib, scripts.shared.formatting\n"
        "from scripts.website import fresh_imports\n"
        "gone = fresh_imports.forget_project_modules()\n"
        "assert 'actlib._core' in gone and 'scripts.shared.formatting' in gone, gone\n"
        "left = [n for n in sys.modules if n.split('.')[0] in ('actlib', 'scripts')]\n"
        "assert not left, left\n"
        "import actlib as again\n"
        "assert again.relu is not None\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_serve_rebuild_imports_again_only_when_a_file_of_actlib_or_scripts_changed():
    """The builder the hook wraps keeps the modules when no file changed since they were
    imported, and drops every one of them when a file's state differs. In a child process,
    as above; the files' states are compared, so nothing in the checkout is edited."""
    probe = (
        "import sys, actlib, scripts.shared.formatting\n"
        "from scripts.website import fresh_imports\n"
        "def ours():\n"
        "    return sorted(n for n in sys.modules if n.split('.')[0] in fresh_imports.FRESH)\n"
        "before = ours()\n"
        "states = fresh_imports.source_states()\n"
        "assert any(p.endswith('actlib/_core.py') for p in states), sorted(states)[:5]\n"
        "builds = []\n"
        "build = fresh_imports.refreshing(lambda: builds.append(ours()), dict(states))\n"
        "build()\n"
        "assert builds == [before], 'nothing changed, yet the modules were dropped'\n"
        "edited = {**states, next(p for p in states if p.endswith('_core.py')): (0, 0)}\n"
        "fresh_imports.refreshing(lambda: builds.append(ours()), edited)()\n"
        "assert builds[-1] == [], builds[-1]\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_serve_looks_for_edits_every_tenth_of_a_second_and_still_sees_them(tmp_path):
    """MkDocs' server watches docs/ before the hook runs and mkdocs.yml's ``watch`` after
    it: both look every WATCH_INTERVAL, and a save in either still asks for a rebuild."""
    from mkdocs.livereload import LiveReloadServer

    from scripts.website import fresh_imports

    before, after = tmp_path / "docs", tmp_path / "actlib"
    for folder in (before, after):
        folder.mkdir()
        (folder / "page.md").write_text("first\n")
    server = LiveReloadServer(lambda: None, "127.0.0.1", 0, str(tmp_path / "site"))
    assert server.observer.timeout == 0.5  # MkDocs 1.6.1's polling_interval
    server.watch(str(before))
    fresh_imports.on_serve(server, None, server.builder)
    server.watch(str(after))
    looks = [server.observer.timeout, *(e.timeout for e in server.observer.emitters)]
    assert looks == [fresh_imports.WATCH_INTERVAL] * 3, looks
    server.observer.start()
    try:
        for folder in (before, after):
            time.sleep(0.3)  # a first look, so that the edit below is a change
            with server._rebuild_cond:
                server._want_rebuild = False
            (folder / "page.md").write_text("second, longer\n")
            with server._rebuild_cond:
                seen = server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=30)
            assert seen, f"an edit in {folder.name}/ asked for no rebuild"
    finally:
        server.observer.stop()
        server.observer.join()


# ---------------------------------------------------------------------------
# Sections the browser lays out only near the screen (deferred_layout.py)
# ---------------------------------------------------------------------------
def test_wrap_sections_puts_each_section_body_in_a_block_and_keeps_the_headings_out():
    fragment = (
        '<h1 id="t">Title</h1>\n<p>Lead.</p>\n'
        '<h2 id="a">A <a class="headerlink" href="#a">¶</a></h2>\n<p>x<br>y</p>\n'
        '<h3 id="b">B</h3>\n<h3 id="c">C</h3>\n<math><mi>z</mi><mspace/></math>\n'
        '<h2 id="d">D</h2>\n<div class="admonition"><h3 id="inner">In</h3></div>\n'
    )
    wrapped = deferred_layout.wrap_sections(fragment)
    block = deferred_layout.BLOCK
    assert wrapped == (
        '<h1 id="t">Title</h1>\n<p>Lead.</p>\n'  # the lead, on screen, as it is
        f'<h2 id="a">A <a class="headerlink" href="#a">¶</a></h2>{block}\n<p>x<br>y</p>\n</div>\n'
        '<h3 id="b">B</h3>\n'  # an empty section gets no block
        f'<h3 id="c">C</h3>{block}\n<math><mi>z</mi><mspace/></math>\n</div>\n'
        # a body with a heading inside stays as it is: the heading must stay outside
        '<h2 id="d">D</h2>\n<div class="admonition"><h3 id="inner">In</h3></div>\n'
    )


# mkdocstrings' shape: entries with headings of their own, inside a div.
ENTRY_CONTENTS = '<div class="doc-contents"><p>{}</p></div>'
ENTRIES = (
    '<h2 id="api">API</h2>\n<div class="doc">'
    f'<h3 id="f">f</h3>{ENTRY_CONTENTS.format("F.")}<h3 id="g">g</h3>{ENTRY_CONTENTS.format("G.")}'
    "</div>\n"
)


def test_wrap_sections_reaches_the_sections_nested_in_an_element():
    contents, block = ENTRY_CONTENTS, deferred_layout.BLOCK
    assert deferred_layout.wrap_sections(ENTRIES) == (
        '<h2 id="api">API</h2>\n<div class="doc">'  # holds headings: no block around it
        f'<h3 id="f">f</h3>{block}{contents.format("F.")}</div>\n'
        f'<h3 id="g">g</h3>{block}{contents.format("G.")}</div>\n'
        "</div>\n"
    )


def test_wrap_sections_puts_a_heading_the_table_of_contents_leaves_out_in_its_block():
    """Material measures only the listed headings; the others wait with their sections."""
    contents, block = ENTRY_CONTENTS, deferred_layout.BLOCK
    assert deferred_layout.wrap_sections(ENTRIES, listed={"api", "g"}) == (
        '<h2 id="api">API</h2>\n<div class="doc">'
        f'{block}<h3 id="f">f</h3>{contents.format("F.")}</div>\n'  # left out: inside
        f'<h3 id="g">g</h3>{block}{contents.format("G.")}</div>\n'  # listed: outside
        "</div>\n"
    )


def test_wrap_sections_cuts_a_long_body_between_its_own_elements(monkeypatch):
    """A long body becomes several blocks, each at least CHUNK characters but the last,
    which is never shorter than half of that; cut only between two of its own elements,
    before a paragraph or a list, never beside an element with margins of its own."""
    monkeypatch.setattr(deferred_layout, "CHUNK", 100)
    paragraph = "<p>{}: some words, <em>a formula</em><br>and more.</p>\n"  # 54 characters
    note = '<div class="admonition note"><p class="admonition-title">Note</p></div>\n'
    math = '<div class="arithmatex"><math display="block"><mi>x</mi></math></div>\n'
    p = [paragraph.format(k) for k in range(6)]
    body = p[0] + p[1] + note + p[2] + math + p[3] + p[4] + p[5] + "<hr>\n<p>end</p>\n"
    heading, block, end = '<h2 id="a">A</h2>', deferred_layout.BLOCK, "</div>\n"
    wrapped = deferred_layout.wrap_sections(heading + body)
    assert wrapped.startswith(heading + block) and wrapped.endswith(end)
    blocks = wrapped[len(heading + block) : -len(end)].split(end + block)
    assert "".join(blocks) == body  # nothing lost, nothing added
    # not beside the note, not before the formula, not before the rule
    expected = [p[0] + p[1] + note + p[2] + math, p[3] + p[4], p[5] + "<hr>\n<p>end</p>\n"]
    assert [b.strip("\n") for b in blocks] == [b.strip("\n") for b in expected]


def test_wrap_sections_leaves_unbalanced_or_headingless_html_alone():
    assert deferred_layout.wrap_sections("<h2>A</h2><div><p>open") == "<h2>A</h2><div><p>open"
    assert deferred_layout.wrap_sections("<h2>A</h2><p>x</div>") == "<h2>A</h2><p>x</div>"
    assert deferred_layout.wrap_sections("<p>No headings.</p>") == "<p>No headings.</p>"


class _HeadingsInBlocks(HTMLParser):
    """Counts deferred blocks, the headings inside one, and the anchors the page's table
    of contents links to (Material's secondary sidebar), in a page's HTML."""

    VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "col", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[bool, bool]] = []  # per open element: block? table of contents?
        self.blocks = 0
        self.headings_inside: list[str] = []
        self.listed: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        in_block = any(block for block, _ in self.open)
        in_toc = any(toc for _, toc in self.open)
        if re.fullmatch(r"h[1-6]", tag) and in_block:
            self.headings_inside.append(attributes.get("id") or tag)
        href = attributes.get("href") or ""
        if tag == "a" and in_toc and href.startswith("#"):
            self.listed.add(href[1:])
        if tag in self.VOID:
            return
        block = tag == "div" and "deferred" in classes
        self.blocks += block
        self.open.append((block, tag == "nav" and "md-nav--secondary" in classes))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.open:
            self.open.pop()


def test_no_heading_of_the_table_of_contents_is_inside_a_deferred_block(site_dir, site_pages):
    """The blocks reach the built pages, and every heading the table of contents lists
    stays outside them: Material reads the position of each as a page loads, which would
    lay a block out at once. The API page's members, which its table of contents leaves
    out (toc_depth), wait inside the blocks."""
    blocks = 0
    for rel in site_pages:
        parser = _HeadingsInBlocks()
        parser.feed((site_dir / rel).read_text(encoding="utf-8"))
        listed_inside = sorted(parser.listed.intersection(parser.headings_inside))
        assert not listed_inside, f"{rel}: headings of the table of contents in a block"
        if rel == "reference/api/index.html":
            assert len(parser.listed) > 20 and len(parser.headings_inside) > 100
        else:
            assert not parser.headings_inside, f"{rel}: headings in a deferred block"
        blocks += parser.blocks
    assert blocks > 100, f"only {blocks} deferred blocks in the whole site"


TOC_BODY = "# Page\n\n## Section\n\n### Entry\n\n#### Member\n\nText.\n"


def toc_site(folder: Path, front_matter: str, body: str = TOC_BODY) -> Path:
    """A one-page project with the toc_depth hook and, by default, headings of levels 2
    to 4."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(f"---\n{front_matter}\n---\n\n{body}")
    config = folder / "mkdocs.yml"
    hook = ROOT / "scripts" / "website" / "toc_depth.py"
    config.write_text(
        f"site_name: TOC test\ntheme:\n  name: material\n  font: false\nhooks: [{hook}]\n"
    )
    return config


@pytest.mark.parametrize(("depth", "listed"), [(2, ["section"]), (3, ["section", "entry"])])
def test_toc_depth_shortens_the_table_of_contents_and_keeps_every_anchor(
    tmp_path, mkdocs_build, depth, listed
):
    returncode, output = mkdocs_build(tmp_path / "site", toc_site(tmp_path, f"toc_depth: {depth}"))
    assert returncode == 0, output
    html = (tmp_path / "site" / "index.html").read_text()
    in_toc = [
        a for a in ("section", "entry", "member") if f'href="#{a}" class="md-nav__link"' in html
    ]
    assert in_toc == listed
    assert all(f'id="{a}"' in html for a in ("section", "entry", "member"))


def test_toc_depth_leaves_out_a_deep_heading_under_a_skipped_level(tmp_path, mkdocs_build):
    """An h4 right under an h2 is the h2's child in the table of contents, yet below a
    toc_depth of 3: it is left out of the sidebar, as it is left out of the listed ids."""
    body = "# Page\n\n## Section\n\n#### Deep\n\nText.\n"
    config = toc_site(tmp_path, "toc_depth: 3", body)
    returncode, output = mkdocs_build(tmp_path / "site", config)
    assert returncode == 0, output
    html = (tmp_path / "site" / "index.html").read_text()
    assert 'href="#section" class="md-nav__link"' in html
    assert 'href="#deep" class="md-nav__link"' not in html
    assert 'id="deep"' in html


@pytest.mark.parametrize("value", ["0", "three", "true", "2.5"])
def test_a_bad_toc_depth_fails_the_build_naming_the_page(tmp_path, mkdocs_build, value):
    returncode, output = mkdocs_build(tmp_path / "site", toc_site(tmp_path, f"toc_depth: {value}"))
    assert returncode != 0
    assert "index.md: toc_depth must be a whole number from 1 to 6" in output


def test_the_api_reference_lists_its_entries_but_not_their_members(site_dir):
    """Some 120 formula functions are anchored on the page, not listed in its sidebar."""
    html = (site_dir / "reference" / "api" / "index.html").read_text(encoding="utf-8")

    def links(anchor: str) -> list[str]:
        """The opening tag of every link to the anchor (class md-nav__link: the sidebar's)."""
        return re.findall(rf'<a [^>]*?href="#{re.escape(anchor)}"[^>]*>', html)

    family, member = "actlib.families.logistic", "actlib.families.logistic.sigmoid_forward"
    assert any("md-nav__link" in link for link in links(family))
    assert links(member) and not any("md-nav__link" in link for link in links(member))
    assert f'id="{member}"' in html
