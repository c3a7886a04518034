"""How the site's own assets are shipped: linked only where used, and minified.

mkdocstrings adds its stylesheet to
``extra_css``, so every page would load it, while only the API reference shows its
output. This hook takes it out of ``extra_css`` once the plugins have set it up;
docs/overrides/main.html links it from pages that need it, as it does the explorer's
stylesheet and scripts.

The pages' scripts are ES modules in docs/javascripts/: an entry per page (explorer.js,
playground.js) imports what it uses from ``lib/``, ``explorer/`` and ``playground/``. The
built site holds each entry as one minified script of the same name, bundled by esbuild
through ``scripts/shared/bundle.py``; the module folders stay out of it (``exclude_docs``).
The generated scripts (explorer-data.js, explorer-higher.js) and the stylesheets
(``stylesheets/``) are kept readable and minified in the built site only, by terser and
clean-css (pinned in package.json) through ``scripts/shared/minify.py``. Both keep each
result in ``.cache/`` by its inputs' content, so Node runs only when a script or
stylesheet changed. The figures go
through SVGO in the same script, once per change, as the generators' output is cached
(``scripts/shared/build.py``). A page loads them whole, so every byte cut is a byte less
per page (tests/browser/page_weight.py).

The bundles and the stylesheets depend on docs/ alone, so a build starts making them, in
a scratch folder, before it makes anything else (``on_pre_build``): a clean build bundles
while the generators run, and ``on_post_build`` finds them in the caches. So it does the
generated scripts, minified from ``on_env`` (they are final once the generators have run)
while MkDocs writes the pages.
"""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from scripts.shared.bundle import bundle
from scripts.shared.minify import minify

PAGE_SPECIFIC_CSS = {"assets/_mkdocstrings.css"}
SCRIPTS = "javascripts"  # the folder of the site's own scripts, in docs/ and in the site
# The pages' entry modules, each bundled with what it imports into one script; the
# playground loads playground-extras.js (own data, export) when the reader first uses them.
ENTRIES = ["explorer.js", "playground.js", "playground-extras.js"]
# The site's own stylesheets (docs/stylesheets/), readable there, minified in the site.
MINIFIED_CSS = [
    "stylesheets/explorer.css",
    "stylesheets/extra.css",
    "stylesheets/playground.css",
    "stylesheets/playground-wide.css",
]


@event_priority(-100)  # after mkdocstrings' on_config, which adds it
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra_css = [css for css in config.extra_css if str(css) not in PAGE_SPECIFIC_CSS]
    return config


def _make_ahead(docs: Path) -> None:
    """Bundle the entries and minify the stylesheets in a scratch folder: into the caches."""
    with tempfile.TemporaryDirectory(prefix="page-assets-") as scratch:
        out = Path(scratch)
        (out / SCRIPTS).mkdir()
        bundle(docs / SCRIPTS, ENTRIES, out / SCRIPTS)
        copies = [out / name for name in MINIFIED_CSS]
        for name, copy in zip(MINIFIED_CSS, copies, strict=True):
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(docs / name, copy)
        minify(copies)


_ahead: Future[None] | None = None


def on_pre_build(config: MkDocsConfig) -> None:
    global _ahead
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-assets")
    _ahead = pool.submit(_make_ahead, Path(config.docs_dir))
    pool.shutdown(wait=False)  # the thread ends with its one task


def _minify_copies(scripts: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory(prefix="page-assets-") as scratch:
        copies = [Path(scratch) / name for name in scripts]
        for copy, content in zip(copies, scripts.values(), strict=True):
            copy.write_bytes(content)
        minify(copies)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """The generated scripts (the site's top-level scripts other than the entries) are
    final: minify them (into the cache) while MkDocs writes the pages, so that
    ``on_post_build``, the last step of a build, finds them there."""
    global _generated_ahead
    scripts = {}
    for f in files:
        folder, _, name = f.dest_uri.rpartition("/")
        if folder == SCRIPTS and name.endswith(".js") and name not in ENTRIES:
            scripts[name] = f.content_bytes
    _generated[:] = sorted(scripts)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="generated-scripts")
    _generated_ahead = pool.submit(_minify_copies, scripts)
    pool.shutdown(wait=False)
    return env


_generated: list[str] = []  # the generated scripts' names, in the site's SCRIPTS folder
_generated_ahead: Future[None] | None = None


def on_post_build(config: MkDocsConfig) -> None:
    for ahead in (_ahead, _generated_ahead):
        if ahead is not None:
            ahead.result()  # a script that cannot be bundled or minified fails here, with its error
    site = Path(config.site_dir)
    bundle(Path(config.docs_dir) / SCRIPTS, ENTRIES, site / SCRIPTS)
    generated = [site / SCRIPTS / name for name in _generated]
    minify(generated + [site / name for name in MINIFIED_CSS])
