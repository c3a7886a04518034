"""MkDocs hook: a build whose pages are not in the page cache converts them on both cores.

Once the navigation is known, MkDocs (1.6, ``mkdocs/commands/build.py``) converts the
pages one after another in one process, each by ``_populate_page``: Markdown, the
snippets, mkdocstrings, then the formulas and the deferred layout of the HTML. In a cold
build that took 2.6 of 16.4 s, on one core of two.
This hook forks a helper that converts pages from the end of the list while the build
converts from the start; a shared counter gives each page to one of the two. What the
helper makes lands in the caches, one file per entry, each written whole
(``scripts/shared/cache.py``): the page cache, the snippets' output, the deferred layout,
and the formulas (a hook that holds what it made in memory until the end of the build
saves it through its ``save_work()`` when the helper ends). When the build reaches the
helper's first page it waits for the helper, then takes those pages from the caches.
The pages are the same bytes either way: a page from the page cache is what its
conversion made (``tests/website/test_build.py`` compares a clean build with a cached one).

The helper writes nothing to the terminal: a page whose conversion warned is never kept
(``page_cache.py``), so the build converts it again itself, and the warning fails a
strict build as before. If the helper fails, the build converts its pages.

Only when the page cache holds no build of this state (a first build, or after an edit to
actlib's code or to mkdocs.yml, which every page's key holds): a rebuild that finds its
pages kept has nothing to share. Only where the system can fork (Linux).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Any

from mkdocs.commands.build import _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.shared.cache import Store, digest
from scripts.website import forked
from scripts.website.page_cache import STATE

BUILT = Store("page-states")  # an empty entry per state of the page cache a build finished


class _Helper:
    """The forked helper, and the shared edge between its pages and the build's."""

    def __init__(self, pages: list[Page]) -> None:
        self.index = {page.file.src_uri: n for n, page in enumerate(pages)}
        # [first, last]: the pages neither has taken; the build takes from the front,
        # the helper from the back.
        self.edges = multiprocessing.RawArray("i", [0, len(pages) - 1])
        self.lock = multiprocessing.Lock()
        self.pid = 0

    def claim_for_build(self, page: Page) -> bool:
        """Take ``page`` for the build, unless the helper has taken it."""
        n = self.index.get(page.file.src_uri)
        if n is None:
            return True
        with self.lock:
            if n <= self.edges[1]:
                self.edges[0] = max(self.edges[0], n + 1)
                return True
        return False

    def claim_for_helper(self) -> int | None:
        with self.lock:
            if self.edges[1] < self.edges[0]:
                return None
            self.edges[1] -= 1
            return self.edges[1] + 1

    def wait(self) -> None:
        if self.pid:
            forked.wait(self.pid)  # if it failed, the build converts its pages
            self.pid = 0


_helper: _Helper | None = None
_finished: str | None = None  # this build's entry in BUILT, if it has none yet


def _convert_from_the_end(helper: _Helper, pages: list[Page], config: MkDocsConfig, files: Files):
    """The helper's work, in its own process (``forked.start``)."""
    while (n := helper.claim_for_helper()) is not None:
        _populate_page(pages[n], config, files)
    for hook in config.hooks.values():
        save = getattr(hook, "save_work", None)
        if callable(save):
            save()


def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    global _helper, _finished
    _helper = None
    state = getattr(files, STATE, None)  # set by page_cache.py, the hook before this one
    _finished = None if state is None else digest("finished", state)
    if _finished is None or BUILT.get(_finished) is not None:
        _finished = None  # nothing to record
        return nav
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    if len(pages) < 2:
        return nav
    helper = _Helper(pages)
    # quiet: the build reports every warning, converting again a page that warned
    pid = forked.start(lambda: _convert_from_the_end(helper, pages, config, files), quiet=True)
    if pid is not None:
        helper.pid = pid
        _helper = helper
    return nav


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    if _helper is not None and not _helper.claim_for_build(page):
        _helper.wait()  # then the helper's pages are in the caches
    return page


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    if _helper is not None:
        _helper.wait()
    return env


def on_post_build(config: MkDocsConfig) -> None:
    # Reached only when every page converted: the next build of this state needs no helper.
    if _finished is not None:
        BUILT.put(_finished, b"")


def _stop_helper() -> None:
    global _helper
    if _helper is not None and _helper.pid:
        try:
            os.kill(_helper.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _helper.wait()
    _helper = None


def on_build_error(error: Exception) -> None:
    _stop_helper()


def on_shutdown() -> None:
    _stop_helper()
