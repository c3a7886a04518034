"""Minify scripts, stylesheets and figures in place, with terser, clean-css and SVGO (pinned
in package.json) through ``minify.mjs``: one Node process per call.

The build hook ``scripts/website/page_assets.py`` minifies the site's own scripts and
stylesheets once per build; ``build.py`` minifies a generator's figures once per change
of its inputs. Both stand above this module: the build mechanics import nothing from
the site's hooks.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

from scripts import ROOT

MINIFIER = Path(__file__).with_name("minify.mjs")


def minify(files: list[Path]) -> list[Path]:
    """Minify ``files`` (*.js, *.css, *.svg) in place; raise PluginError if the minifiers cannot."""
    if not files:
        return files
    node = shutil.which("node")
    if node is None:
        raise PluginError("minifying the site's scripts needs Node.js: install `node`")
    for package in ("terser", "clean-css", "svgo"):
        if not (ROOT / "node_modules" / package).is_dir():
            raise PluginError(f"{package} is missing from node_modules: run `npm ci`")
    result = subprocess.run(
        [node, str(MINIFIER), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise PluginError(
            f"minifying {', '.join(f.name for f in files)} failed "
            f"(exit {result.returncode}):\n{result.stderr.strip()}"
        )
    return files
