"""MkDocs hook: each page's Markdown is converted to HTML once per state of its inputs.

MkDocs converts every page on every build, and under ``mkdocs serve`` an edit to one page
rebuilds them all: the conversion was two fifths of such a rebuild. This hook keeps what
``Page.render`` makes of a page (its HTML, its table of contents, title and anchors, the
links it makes to anchors of other pages, and the anchors it registers with
mkdocs-autorefs) in ``.cache/pages/``, under a hash of:

- the page's Markdown as the converter gets it (after the macros), its source and URL;
- every file of the site, by source, destination, URL and inclusion: what its links are
  checked against and rewritten to;
- the project (``cache.project_state``): every Python file of actlib and scripts (the
  code the exec snippets run), the pinned packages, Python's version and mkdocs.yml (the
  Markdown extensions and their settings), with the site's URL and this file;

and, checked on a hit, the bytes of each file the page included with pymdownx.snippets.

A page that calls mkdocstrings (``::: name``, the API page) records its objects for the
site's inventory (``objects.inv``) and for cross-references as it converts: those calls
are kept with the page and made again, in their order, when it is taken from the cache.
The code it documents is in its key (``project_state``).

Never kept, so converted on every build: a page whose conversion logged a warning (a
broken link must keep failing ``--strict``).
"""

from __future__ import annotations

import functools
import logging
import pickle
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from pymdownx.snippets import SnippetPreprocessor

from scripts.shared.cache import Store, counting_warnings, digest, file_digest, project_state

STORE = Store("pages", ".pickle")
STATE = "_page_cache_state"  # the attribute of a build's Files that holds its state
# MkDocs keeps a page's links to anchors only when this logger would report them.
PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


def _tokens(items: list[Any]) -> list[dict[str, Any]]:
    """A table of contents as the toc extension's tokens, from which MkDocs builds it."""
    return [
        {"name": i.title, "id": i.id, "level": i.level, "children": _tokens(i.children)}
        for i in items
    ]


@contextmanager
def _wrapped(
    owner: Any, name: str, calls: list, tag: str, only: Page | None = None
) -> Iterator[None]:
    """Record each call of ``owner.name`` (its arguments, under ``tag``) while it runs."""
    method = getattr(owner, name, None)
    if method is None:
        yield
        return

    def recorded(*args: Any, **kw: Any) -> Any:
        if only is None:
            calls.append((tag, args, kw))
        elif args and args[0] is only:
            calls.append((tag, args[1:], kw))
        return method(*args, **kw)

    setattr(owner, name, recorded)
    try:
        yield
    finally:
        delattr(owner, name)  # the instance's attribute: the class's method shows again


def _registries(config: MkDocsConfig) -> dict[str, Any]:
    """What a page's conversion registers things with, by the tag its calls are kept under:
    autorefs learns its anchors; mkdocstrings, the handlers it uses and its inventory."""
    found = {"anchor": config.plugins.get("autorefs")}
    mkdocstrings = config.plugins.get("mkdocstrings")
    if mkdocstrings is not None:
        handlers = mkdocstrings.handlers  # type: ignore[attr-defined]
        found.update(handler=handlers, inventory=handlers.inventory)
    return found


METHODS = {"anchor": "register_anchor", "handler": "get_handler", "inventory": "register"}


@contextmanager
def _recording(page: Page, config: MkDocsConfig) -> Iterator[tuple[list, list]]:
    """Record what ``page`` registers with autorefs and mkdocstrings, and the files it
    includes."""
    calls: list[tuple[str, tuple, dict]] = []
    included: list[str] = []
    snippet_path = SnippetPreprocessor.get_snippet_path

    def get_snippet_path(self: Any, path: str) -> Any:
        found = snippet_path(self, path)
        if found is not None:
            included.append(str(found))
        return found

    SnippetPreprocessor.get_snippet_path = get_snippet_path  # type: ignore[method-assign]
    try:
        with ExitStack() as stack:
            for tag, owner in _registries(config).items():
                only = page if tag == "anchor" else None  # autorefs is told the page
                stack.enter_context(_wrapped(owner, METHODS[tag], calls, tag, only))
            yield calls, included
    finally:
        SnippetPreprocessor.get_snippet_path = snippet_path  # type: ignore[method-assign]


def _restore(page: Page, entry: dict[str, Any], config: MkDocsConfig, files: Files) -> None:
    page.content = entry["content"]
    page.toc = get_toc(entry["toc"])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchor_ids"])
    if PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {
            files.get_file_from_path(src): links for src, links in entry["links"]
        }
    registries = _registries(config)
    for tag, args, kw in entry["calls"]:
        register = getattr(registries[tag], METHODS[tag])
        if tag == "anchor":  # autorefs is told the page
            register(page, *args, **kw)
        else:
            register(*args, **kw)


def _kept(render: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(render)
    def render_once(page: Page, config: MkDocsConfig, files: Files) -> None:
        state = getattr(files, STATE, None)
        markdown = page.markdown or ""
        if state is None:
            return render(page, config, files)
        key = digest(state, page.file.src_uri, page.url, markdown)
        if (stored := STORE.get(key)) is not None:
            entry = pickle.loads(stored)
            if all(file_digest(Path(p)) == d for p, d in entry["included"]):
                return _restore(page, entry, config, files)
        with counting_warnings() as warnings, _recording(page, config) as (calls, included):
            render(page, config, files)
        if warnings.count:
            return None
        entry = {
            "content": page.content,
            "toc": _tokens(page.toc.items),
            "title": page._title_from_render,
            "anchor_ids": sorted(page.present_anchor_ids or ()),
            "links": [(f.src_uri, links) for f, links in (page.links_to_anchors or {}).items()],
            "calls": calls,
            "included": [(p, file_digest(Path(p))) for p in sorted(set(included))],
        }
        STORE.put(key, pickle.dumps(entry))
        return None

    render_once.__page_cache_original__ = render  # type: ignore[attr-defined]
    return render_once


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Under `mkdocs serve` each rebuild loads this hook afresh: wrap MkDocs' own method,
    # never a wrapper an earlier load left.
    original = getattr(Page.render, "__page_cache_original__", Page.render)
    Page.render = _kept(original)  # type: ignore[method-assign]
    return config


def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    """The state every page's conversion shares: known once every plugin has added its
    files (gen-files adds the generated ones in ``on_files``)."""
    listing = sorted(f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.inclusion.name}" for f in files)
    state = digest(
        project_state(config.config_file_path),
        str(config.site_url),
        str(config.use_directory_urls),
        Path(__file__).read_bytes(),
        *listing,
    )
    setattr(files, STATE, state)
    return nav
