"""Bundle the pages' entry scripts (ES modules) with esbuild, pinned in package.json,
through ``bundle.mjs``: one Node process per call, for the entries not bundled before.

``docs/javascripts/explorer.js`` and ``playground.js`` are small ES modules that import
what they use from ``lib/``, ``explorer/`` and ``playground/``; the built site holds each
as one minified classic script of the same name, so a page makes one request for it.
The hook ``scripts/website/page_assets.py`` calls this after the build; the module
folders themselves stay out of the site (``exclude_docs`` in mkdocs.yml).

An entry's bundle depends on every module it may import, so each is cached in
``.cache/bundled/`` under a hash of every ``*.js``/``*.mjs`` file of the scripts folder (by
path and content), the entry's name, this file, ``bundle.mjs``, package-lock.json
(esbuild's version) and the Node program.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

from scripts import ROOT
from scripts.shared.cache import Store, digest, files_digest, program_digest
from scripts.shared.minify import node_program

BUNDLER = Path(__file__).with_name("bundle.mjs")
STORE = Store("bundled", ".js")


def modules_digest(folder: Path) -> str:
    """A hash of every script under ``folder``, by its path there and its content."""
    files = sorted(p for p in folder.rglob("*") if p.suffix in {".js", ".mjs"} and p.is_file())
    return digest(
        *(part for p in files for part in (p.relative_to(folder).as_posix(), p.read_bytes()))
    )


def bundle(folder: Path, entries: list[str], out: Path) -> None:
    """Bundle each of ``entries`` (names in ``folder``) into ``out`` under the same name;
    raise PluginError with esbuild's message if one cannot be bundled."""
    if not entries:
        return
    node = node_program("esbuild", "terser")
    inputs = digest(
        files_digest(Path(__file__), BUNDLER, ROOT / "package-lock.json"),
        program_digest(node),
        modules_digest(folder),
    )
    todo = []
    for name in entries:
        cached = STORE.get(digest(inputs, name))
        if cached is None:
            todo.append(name)
        else:
            (out / name).write_bytes(cached)
    if not todo:
        return
    pairs = [str(p) for name in todo for p in (folder / name, out / name)]
    result = subprocess.run(
        [node, str(BUNDLER), *pairs], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise PluginError(
            f"bundling {', '.join(todo)} failed (exit {result.returncode}):\n"
            f"{result.stderr.strip()}"
        )
    for name in todo:
        STORE.put(digest(inputs, name), (out / name).read_bytes())
