"""MkDocs hook: the build's caches that belong to no other hook, for a fast rebuild.

The templates' compiled code: Jinja compiles Material's templates and mkdocstrings' on
every build (a sixth of a rebuild). Both environments get Jinja's own bytecode cache, in
``.cache/jinja/``, which keys each template by its name and file and checks its source.

The snippets: a page's ``python exec="on"`` snippet runs again only when it could print
something else. markdown-exec runs each snippet on every build, and one of them (the ULP table of
numerical-stability.md, at 50 digits) costs a tenth of a rebuild. This hook wraps the
formatter that markdown-exec hands pymdownx.superfences for each of its languages, and
keeps each snippet's HTML in ``.cache/exec/`` under a hash of: the snippet and its
options, every Python file of actlib and scripts (what a snippet imports), the pinned
packages (requirements.lock), Python's version, mkdocs.yml (the Markdown extensions that
write the output's HTML) and this file.

Never kept, so run on every build: a snippet whose run logged a warning (a failed
snippet: ``--strict`` must keep failing on it), a snippet in a ``session`` (its names are
the next snippet's input), and HTML holding a heading (markdown-exec adds those to the
table of contents as it runs).

The pages' macros: mkdocs-macros compiles every page's Markdown as a Jinja template on every
build (``Environment.from_string``: a twentieth of a rebuild). Its environment keeps the
compiled code of each source in ``.cache/macros/`` under a hash of the source, Jinja's
and Python's versions and the settings that change the code Jinja writes.

The search entries: Material's search plugin parses every page's HTML into its entries on
every build (a tenth of a rebuild under ``mkdocs serve``, where an edit changes one page).
This hook keeps each page's entries in ``.cache/search/`` under a hash of all that
Material 9.8.1's ``SearchIndex.add_entry_from_context`` reads of the page (its URL, title,
metadata, HTML and the anchors and links of its table of contents), the plugin's settings
and version, whether jieba is installed, and this file.
"""

from __future__ import annotations

import functools
import json
import marshal
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from scripts.shared.cache import CACHES, Store, counting_warnings, digest, project_state

STORE = Store("exec", ".html")
TEMPLATES = CACHES / "jinja"
SEARCH = Store("search", ".json")
MACROS = Store("macros", ".code")
HEADING = re.compile(r"<h[1-6][\s>]")


def _state(config: MkDocsConfig) -> str:
    """What any snippet's output may depend on, besides its own text and options."""
    from importlib.metadata import version

    return digest(
        project_state(config.config_file_path),
        version("markdown-exec"),
        Path(__file__).read_bytes(),
    )


def _cached(format_: Callable[..., str], state: str) -> Callable[..., str]:
    @functools.wraps(format_)
    def format_once(
        source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kw: Any
    ) -> str:
        if options.get("session"):
            return format_(source, language, css_class, options, md, **kw)
        key = digest(state, language, css_class, source, json.dumps(options, default=repr))
        if (stored := STORE.get(key)) is not None:
            return stored.decode("utf-8")
        with counting_warnings() as warnings:
            html = format_(source, language, css_class, options, md, **kw)
        if not warnings.count and not HEADING.search(html):
            STORE.put(key, str(html).encode("utf-8"))
        return html

    format_once.__wrapped_by_exec_cache__ = True  # type: ignore[attr-defined]
    return format_once


@event_priority(-100)  # after markdown-exec's on_config, which adds its fences
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    fences = config.mdx_configs.get("pymdownx.superfences", {}).get("custom_fences", [])
    ours = [
        fence
        for fence in fences
        if getattr(fence.get("format"), "__module__", "").startswith("markdown_exec")
        and not getattr(fence["format"], "__wrapped_by_exec_cache__", False)
    ]
    if ours:
        state = _state(config)
        for fence in ours:
            fence["format"] = _cached(fence["format"], state)
    return config


def _jinja_state(env: Environment) -> str:
    """What the code Jinja compiles a source to depends on, besides the source: the syntax
    it reads, the options of its code generator, and the versions that write and run it."""
    from importlib.metadata import version

    syntax = [
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        sorted(env.extensions),
        env.optimized,
        env.is_async,
        env.autoescape,
        env.finalize,
    ]
    return digest(version("jinja2"), sys.version, repr(syntax), Path(__file__).read_bytes())


def keep_compiled_strings(env: Environment) -> None:
    """Make ``env.from_string`` take the compiled code of a source it compiled before from
    ``.cache/macros/``. A source Jinja rejects raises as before and is never kept."""
    compile_source = env.compile
    state = _jinja_state(env)

    @functools.wraps(compile_source)
    def compile_kept(source: Any, name: Any = None, filename: Any = None, *args: Any, **kw: Any):
        if not isinstance(source, str) or name or filename or args or kw:
            return compile_source(source, name, filename, *args, **kw)
        key = digest(state, source)
        if (stored := MACROS.get(key)) is not None:
            return marshal.loads(stored)
        code = compile_source(source)
        MACROS.put(key, marshal.dumps(code))
        return code

    env.compile = compile_kept  # type: ignore[method-assign]


def _toc_links(items: Any) -> list[Any]:
    """The table of contents as the search plugin reads it: each entry's id, link and children."""
    return [[item.id, item.url, _toc_links(item.children)] for item in items]


def _search_state(search: Any) -> str:
    from importlib.metadata import version

    from material.plugins.search import plugin

    return digest(
        version("mkdocs-material"),
        str(plugin.jieba is not None),  # it splits Chinese text into words when installed
        json.dumps(dict(search.config), sort_keys=True, default=repr),
        Path(__file__).read_bytes(),
    )


def keep_search_entries(index: Any, state: str) -> None:
    """Make the search index ``index`` take a page's entries from ``.cache/search/`` when
    the page is as it was (``state``: what else they depend on)."""
    add_entries = index.add_entry_from_context

    @functools.wraps(add_entries)
    def add_entry_from_context(page: Any) -> None:
        key = digest(
            state,
            page.url,
            str(page.title),
            json.dumps(page.meta, sort_keys=True, default=repr),
            page.content or "",
            json.dumps(_toc_links(page.toc)),
        )
        if (stored := SEARCH.get(key)) is not None:
            index.entries.extend(json.loads(stored))
            return
        before = len(index.entries)
        add_entries(page)
        SEARCH.put(key, json.dumps(index.entries[before:]).encode("utf-8"))

    index.add_entry_from_context = add_entry_from_context


def _compiled_templates() -> FileSystemBytecodeCache:
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(TEMPLATES))


def on_pre_build(config: MkDocsConfig) -> None:
    macros = config.plugins.get("macros")
    if macros is not None:
        keep_compiled_strings(macros.env)  # type: ignore[attr-defined]
    # Material's on_config made this build's index: each build gets its own wrapper.
    search = config.plugins.get("material/search")
    if search is not None and getattr(search, "search_index", None) is not None:
        keep_search_entries(search.search_index, _search_state(search))
    # mkdocstrings makes its handler on first use, when the API page is rendered, before
    # on_env: made here, it is the one the page uses, and it compiles nothing known.
    if "mkdocstrings" in config.plugins:
        handlers = config.plugins["mkdocstrings"].handlers  # type: ignore[attr-defined]
        handlers.get_handler("python").env.bytecode_cache = _compiled_templates()


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _compiled_templates()
    return env
