"""Minify scripts, stylesheets and figures in place, with terser, clean-css and SVGO (pinned
in package.json) through ``minify.mjs``: one Node process per call, for the files not
minified before.

The build hook ``scripts/website/page_assets.py`` minifies the site's own scripts and
stylesheets on every build (from the cache, unless they changed); ``build.py`` minifies
a generator's figures once per change of its inputs. Both stand above this module: the
build mechanics import nothing from the site's hooks.

Node and the three minifiers take seconds to start, and the site's scripts change
rarely: each file's minified bytes are cached in ``.cache/minified/`` under a hash of its
content, its kind, this file, ``minify.mjs``, package-lock.json (the minifiers' versions)
and the Node program, and Node runs only for files not seen before.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

from scripts import ROOT
from scripts.shared.cache import Store, digest, files_digest, program_digest

MINIFIER = Path(__file__).with_name("minify.mjs")
STORE = Store("minified")


def minify(files: list[Path]) -> list[Path]:
    """Minify ``files`` (*.js, *.css, *.svg) in place; raise PluginError if the minifiers cannot."""
    if not files:
        return files
    node = node_program("terser", "clean-css", "svgo")
    minifiers = digest(
        files_digest(Path(__file__), MINIFIER, ROOT / "package-lock.json"), program_digest(node)
    )
    keys = {file: digest(minifiers, file.suffix, file.read_bytes()) for file in files}
    todo = []
    for file, key in keys.items():
        minified = STORE.get(key)
        if minified is None:
            todo.append(file)
        else:
            file.write_bytes(minified)
    if todo:
        _run_minifiers(node, todo)
        for file in todo:
            STORE.put(keys[file], file.read_bytes())
    return files


def node_program(*packages: str) -> str:
    """The Node program, once it is known to be there with ``packages`` (npm names)."""
    node = shutil.which("node")
    if node is None:
        raise PluginError("building the site's scripts needs Node.js: install `node`")
    for package in packages:
        if not (ROOT / "node_modules" / package).is_dir():
            raise PluginError(f"{package} is missing from node_modules: run `npm ci`")
    return node


def _run_minifiers(node: str, files: list[Path]) -> None:
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
