"""The site build: strict and silent, math rendered by KaTeX at build time, reproducible.

Fixtures (``site_dir``, ``site_build_log``, ``mkdocs_build``) are described in conftest.py.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from scripts import ROOT
from scripts.website import katex_assets, katex_hook, page_assets

# A page with math preloads the KaTeX faces its formulas draw with.
PRELOAD = re.compile(
    r'<link rel="preload" href="[^"]*/fonts/([\w-]+)\.woff2" as="font" type="font/woff2"'
)
# What a copy of the sources leaves out: history, installs, caches and built output.
NOT_SOURCES = {".git", ".venv", "node_modules", ".cache", "site", "build", "dist"}


def not_sources(folder: str, names: list[str]) -> set[str]:
    top = (
        {n for n in names if n in NOT_SOURCES or n.endswith("_cache")}
        if Path(folder) == ROOT
        else set()
    )
    return top | {n for n in names if n == "__pycache__"}


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
    """KaTeX's stylesheet and fonts are in the site, linked from every page, fonts preloaded."""
    css = site_dir / "assets" / "katex" / "katex.min.css"
    fonts = re.findall(r"url\(([^)]+)\)", css.read_text())
    assert fonts, "the KaTeX stylesheet names no font"
    # WOFF2 only: a quarter smaller than WOFF, and no ttf/woff fallbacks to ship.
    assert all(font.endswith(".woff2") for font in fonts), fonts
    missing = [font for font in fonts if not (css.parent / font).is_file()]
    assert not missing, f"fonts named by katex.min.css but not in the site: {missing}"

    for name in site_pages:
        html = (site_dir / name).read_text()
        assert re.search(r'<link rel="stylesheet" href="[^"]*assets/katex/katex\.min\.css"', html)
        assert not re.search(r"<script[^>]*(katex|mathjax)", html, re.IGNORECASE), name
        preloaded = PRELOAD.findall(html)
        assert all(f"fonts/{font}.woff2" in fonts for font in preloaded), (name, preloaded)
        if 'class="katex"' in html:
            assert preloaded, f"{name} has math but preloads no font"


def test_build_is_reproducible(tmp_path, mkdocs_build):
    """Two cold builds of one copy of the sources are identical, byte for byte.

    Cold: the generators' cache is emptied before each build, so this also proves that
    figures, tables and experiments come out the same each time. One copy, so that edits
    made to the checkout meanwhile cannot make the builds differ.
    """
    copy = tmp_path / "sources"
    shutil.copytree(ROOT, copy, ignore=not_sources, symlinks=True)
    os.symlink(ROOT / "node_modules", copy / "node_modules")
    builds = [tmp_path / "first", tmp_path / "second"]
    for build in builds:
        shutil.rmtree(copy / ".cache", ignore_errors=True)
        returncode, output = mkdocs_build(build, copy / "mkdocs.yml")
        assert returncode == 0, output

    first, second = ({p.relative_to(b) for p in b.rglob("*") if p.is_file()} for b in builds)
    assert first == second, f"only in one build: {sorted(map(str, first ^ second))}"
    same = filecmp.cmpfiles(builds[0], builds[1], sorted(map(str, first)), shallow=False)
    different = same[1] + same[2]
    assert not different, f"files that differ between two builds: {different}"


# ---------------------------------------------------------------------------
# The KaTeX hook, on a tiny site of its own (fast, independent of the pages)
# ---------------------------------------------------------------------------
def tiny_site(folder: Path, markdown: str) -> Path:
    """A one-page MkDocs project using the site's math set-up; returns its mkdocs.yml."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(markdown)
    config = folder / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(
            f"""\
            site_name: KaTeX hook test
            theme: mkdocs
            hooks: [{ROOT / "scripts" / "website" / "katex_hook.py"}]
            markdown_extensions:
              - pymdownx.arithmatex:
                  generic: true
            """
        )
    )
    return config


def test_bad_formula_fails_the_build_naming_page_and_formula(tmp_path, mkdocs_build):
    config = tiny_site(tmp_path, "# Broken\n\nSee $\\frac{$ here.\n")
    returncode, output = mkdocs_build(tmp_path / "site", config)
    assert returncode != 0
    assert "KaTeX cannot render a formula on page index.md" in output
    assert "formula: \\(\\frac{\\)" in output


def test_formulas_become_katex_html_with_their_wrappers(tmp_path, mkdocs_build):
    markdown = (
        "# Math\n\nInline $a < b$ and\n\n$$\n\\sigma'(x) = \\sigma(x)\\,(1 - \\sigma(x))\n$$\n"
    )
    config = tiny_site(tmp_path, markdown)
    returncode, output = mkdocs_build(tmp_path / "site", config)
    assert returncode == 0, output
    html = (tmp_path / "site" / "index.html").read_text()
    assert re.search(r'<span class="arithmatex"><span class="katex">', html)
    assert re.search(r'<div class="arithmatex" tabindex="0"><span class="katex-display">', html)
    assert "\\(" not in html and "\\[" not in html
    assert (tmp_path / "site" / "assets" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").is_file()


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
    html, count = katex_hook.render_formulas(page, "page.md", fake_render)
    assert count == 3
    assert calls == [
        ("a < b", False),
        ("x^2", True),
        ("\\begin{align}a &= b\\end{align}", True),
    ]
    assert html.count("<R>") == 3 and "<code>\\(not math\\)</code>" in html


def test_renderer_caches_and_reports_katex_errors():
    renderer = katex_hook.KatexRenderer()
    try:
        first = renderer.render("e^{-x}", False)
        assert 'class="katex"' in first
        assert renderer.render("e^{-x}", False) is first  # cached, not rendered again
        with pytest.raises(ValueError, match="KaTeX parse error"):
            renderer.render("\\frac{", True)
        # The process survives a bad formula and goes on answering.
        assert 'class="katex-display"' in renderer.render("x", True)
    finally:
        renderer.close()


def test_mathml_stays_for_screen_readers_without_the_tex_source(site_dir):
    html = (site_dir / "functions" / "gated" / "index.html").read_text()
    assert html.count('<span class="katex-mathml"><math') > 10
    assert "<annotation" not in html and "<semantics>" not in html


def test_drop_tex_source_keeps_the_mathml():
    formula = (
        '<math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><mi>x</mi></mrow>'
        '<annotation encoding="application/x-tex">x</annotation></semantics></math>'
    )
    assert katex_hook.drop_tex_source(formula) == (
        '<math xmlns="http://www.w3.org/1998/Math/MathML"><mrow><mi>x</mi></mrow></math>'
    )


def test_trim_stylesheet_keeps_what_the_site_can_use():
    css = (
        '@font-face{font-family:KaTeX_AMS;src:url(fonts/KaTeX_AMS-Regular.woff2) format("woff2")}'
        '@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.woff2) format("woff2")}'
        ".katex{font:normal 1.21em KaTeX_Main}"
        ".katex .mathbf{font-weight:700}"
        ".katex .mfrac .frac-line,.katex .overline .overline-line{border-bottom-style:solid}"
        ".katex .accent-body:not(.accent-full){width:0}"
    )
    trimmed = katex_assets.trim_stylesheet(
        css, {"katex", "mfrac", "frac-line", "accent-body"}, {"KaTeX_Main-Regular"}
    )
    assert trimmed == (
        '@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.woff2) format("woff2")}'
        ".katex{font:normal 1.21em KaTeX_Main}"
        ".katex .mfrac .frac-line{border-bottom-style:solid}"
        ".katex .accent-body:not(.accent-full){width:0}"
    )


def test_minify_shortens_css_and_js_and_keeps_their_meaning(tmp_path):
    css, js = tmp_path / "a.css", tmp_path / "a.js"
    css.write_text('/* note */\n.a  .b > c {\n  content: "  /* kept */ ";\n  margin: 0 auto;\n}\n')
    js.write_text("// note\nwindow.x = (() => { const longName = 2; return longName + 1; })();\n")
    page_assets.minify([css, js])
    assert css.read_text() == '.a .b>c{content:"  /* kept */ ";margin:0 auto}'
    assert "note" not in js.read_text() and "longName" not in js.read_text()
    assert js.read_text().startswith("window.x=")


def test_minify_fails_the_build_on_a_broken_script(tmp_path):
    js = tmp_path / "broken.js"
    js.write_text("function (")
    with pytest.raises(PluginError, match=r"cannot minify .*broken\.js"):
        page_assets.minify([js])


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
