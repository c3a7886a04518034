"""MkDocs hook: under ``mkdocs serve``, a rebuild imports actlib and scripts afresh when,
and only when, one of their files changed.

``mkdocs serve`` rebuilds in the same Python process when a watched file changes
(mkdocs.yml's ``watch`` adds actlib/ and scripts/ to docs/). The generators and the
macros import actlib and scripts.*, and Python would hand a rebuild the modules it
imported the first time: an edited activation would not reach the page until a restart.
So before each rebuild this hook compares the files of actlib and scripts with what they
were when their modules were imported; if any changed (or came or went), it drops every
module of both from ``sys.modules`` (a module that did not change may hold names of one
that did), and the build imports the files as they are now. If none changed, the modules
stay, with what they computed (actlib's properties, the caches' reading of the sources),
and an edit to a Markdown page rebuilds with nothing imported again.

The check wraps the server's builder (``on_serve``), which runs before MkDocs loads the
configuration for the rebuild, and with it the macros and generators. A one-off
``mkdocs build`` imports everything once and ends, so it needs nothing of this.

``on_serve`` also makes the server see a save sooner. MkDocs 1.6.1 watches with watchdog's
PollingObserver, which looks at the watched folders every 0.5 s (``LiveReloadServer``'s
``polling_interval``, which ``mkdocs serve`` does not let one set): on average a quarter
of a second, and up to half a second, of a Markdown edit's wait for its page. Looking
every :data:`WATCH_INTERVAL` costs under a millisecond of CPU a look (docs, actlib and
scripts hold some 150 files). Polling, not inotify, stays: it sees edits on any file system.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

from scripts import ROOT

# The packages of this repository: third-party packages never change under a rebuild.
FRESH = ("actlib", "scripts")
WATCH_INTERVAL = 0.1  # seconds between two looks at the watched files (MkDocs: 0.5)


def source_states() -> dict[str, tuple[int, int]]:
    """Every Python file of actlib and scripts: its time of change and size."""
    states = {}
    for package in FRESH:
        for folder, dirs, files in os.walk(ROOT / package):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in files:
                if name.endswith(".py"):
                    stat = os.stat(path := os.path.join(folder, name))
                    states[path] = (stat.st_mtime_ns, stat.st_size)
    return states


def forget_project_modules() -> list[str]:
    """Remove actlib and scripts (and their submodules) from sys.modules; return them."""
    names = [n for n in sys.modules if n.split(".", 1)[0] in FRESH]
    for name in names:
        del sys.modules[name]
    return names


def refreshing(builder: Callable[..., Any], imported: dict[str, tuple[int, int]]):
    """``builder``, which first drops the project's modules if a file changed since
    ``imported`` (the files' states when the modules in memory were imported)."""

    @functools.wraps(builder)
    def build(*args: Any, **kwargs: Any) -> Any:
        now = source_states()  # read before the build imports anything: an edit made
        if now != imported:  # during the build is seen by the next one
            forget_project_modules()
            imported.clear()
            imported.update(now)
        return builder(*args, **kwargs)

    return build


# The states of the files when `mkdocs serve` started, before its first build imported them.
_at_startup: dict[str, tuple[int, int]] = {}


def on_startup(command: str, dirty: bool) -> None:
    _at_startup.clear()
    _at_startup.update(source_states())


def watch_quickly(observer: Any) -> None:
    """Make a watchdog 7.1 polling observer look every :data:`WATCH_INTERVAL` seconds: the
    folders it watches already (docs/ and mkdocs.yml, scheduled before ``on_serve``) and
    those scheduled after (mkdocs.yml's ``watch``). Each reads its interval from
    ``_timeout`` before every look (watchdog/observers/api.py: ``EventEmitter.run`` and
    ``BaseObserver.schedule``)."""
    observer._timeout = WATCH_INTERVAL
    for emitter in observer.emitters:
        emitter._timeout = WATCH_INTERVAL


def on_serve(server: Any, config: Any, builder: Callable[..., Any]) -> Any:
    server.builder = refreshing(server.builder, dict(_at_startup))
    watch_quickly(server.observer)
    return server
