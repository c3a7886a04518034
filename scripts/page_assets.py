"""How the site's own assets are shipped: linked only where used, and minified.

mkdocstrings adds its stylesheet to
``extra_css``, so every page would load it, while only the API reference shows its
output. This hook takes it out of ``extra_css`` once the plugins have set it up;
docs/overrides/main.html links it from pages that need it, as it does the explorer's
stylesheet and scripts.

The site's scripts (``javascripts/``: explorer.js and the generated explorer-data.js)
are kept readable in docs/ and minified in the built site only, by terser (pinned in
package.json) through ``scripts/minify.mjs``: one Node process per build. A page with
an explorer loads them whole, so every byte cut is a byte less per page
(tests/test_page_weight.py). The site's stylesheets (``stylesheets/``) are minified in
the site too, by ``minify_css``: comments and needless whitespace out, nothing
else (no CSS minifier is a dependency, and this much needs none).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
MINIFIER = ROOT / "scripts" / "minify.mjs"
PAGE_SPECIFIC_CSS = {"assets/_mkdocstrings.css"}
SCRIPTS = "javascripts"  # the folder of the site's own scripts, in docs/ and in the site
# The site's own stylesheets (docs/stylesheets/), readable there, minified in the site.
MINIFIED_CSS = ["stylesheets/explorer.css", "stylesheets/extra.css"]
# A CSS string (kept as written), or a run of whitespace and comments (what minify_css cuts).
CSS_STRING_OR_GAP = re.compile(
    r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|(?:\s|/\*.*?\*/)+""", re.DOTALL
)
# Beside these, a gap is never needed: they end or separate what surrounds them. After a
# colon neither ("color: red"); before one it may be ("a :hover" is not "a:hover").
CSS_PUNCTUATION = "{};,>"
CSS_AFTER_PUNCTUATION = CSS_PUNCTUATION + ":"


@event_priority(-100)  # after mkdocstrings' on_config, which adds it
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra_css = [css for css in config.extra_css if str(css) not in PAGE_SPECIFIC_CSS]
    return config


def minify_scripts(folder: Path) -> list[Path]:
    """Minify every ``*.js`` of ``folder`` in place; raise PluginError if terser cannot."""
    scripts = sorted(folder.glob("*.js"))
    if not scripts:
        return scripts
    node = shutil.which("node")
    if node is None:
        raise PluginError("minifying the site's scripts needs Node.js: install `node`")
    if not (ROOT / "node_modules" / "terser").is_dir():
        raise PluginError("terser is missing from node_modules: run `npm ci`")
    result = subprocess.run(
        [node, str(MINIFIER), *map(str, scripts)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise PluginError(
            f"minifying {', '.join(s.name for s in scripts)} failed "
            f"(exit {result.returncode}):\n{result.stderr.strip()}"
        )
    return scripts


def minify_css(css: str) -> str:
    """``css`` without comments, and with each gap between tokens one space or none.

    A gap goes where a neighbour is punctuation that needs no space (``{};,>``, or a colon
    before it) or at either end; elsewhere it may separate two tokens (``.a .b``,
    ``0 auto``, ``100% - 2px``), so one space stays. Strings are kept as they are, comment
    markers or spaces inside included.
    """

    def shorten(match: re.Match[str]) -> str:
        gap = match[0]
        if gap[0] in "\"'":
            return gap
        before = css[match.start() - 1] if match.start() else "{"
        after = css[match.end()] if match.end() < len(css) else "}"
        return "" if before in CSS_AFTER_PUNCTUATION or after in CSS_PUNCTUATION else " "

    return CSS_STRING_OR_GAP.sub(shorten, css)


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    minify_scripts(site / SCRIPTS)
    for name in MINIFIED_CSS:
        path = site / name
        path.write_text(minify_css(path.read_text(encoding="utf-8")), encoding="utf-8")
