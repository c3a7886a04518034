"""Build caches under ``.cache/`` (ignored by git), one file per entry, named by its inputs.

The generators' output is cached by ``build.py``, and inside a generator each figure by what
it shows (``plotting.save_themed_kept``, ``.cache/figures/``: the functions' panels and the
experiments' figures) and each minified file by its bytes (``minify.py``), so that a
generator run again redraws only what changed. The hooks keep smaller caches here: the
rendered formulas, the math font's subsets, minified scripts and stylesheets, the deferred
layout of each page, and (in ``scripts/website/build_cache.py``) the snippets' output, the
compiled templates and each page's search entries; and ``keep_properties`` keeps what
``actlib.analysis`` computes of each activation, once per state of actlib's code. Each entry
is named by a hash of everything its content is made from, so that a rebuild redoes only
what an edit changed, an entry is never stale (a changed input is a new name), and a clean
build and a cached one give the same bytes (tests/website/test_build.py compares them).
"""

from __future__ import annotations

import ast
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from scripts import ROOT

CACHES = ROOT / ".cache"


def digest(*parts: bytes | str) -> str:
    """A hash of ``parts`` that tells ("ab", "c") from ("a", "bc")."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def files_digest(*paths: Path) -> str:
    """A hash of the files' contents, in the order given."""
    return digest(*(path.read_bytes() for path in paths))


class Store:
    """A cache folder under ``.cache/``, one file per entry, named by the hash of its inputs.

    The caller makes the key (``digest``) from everything the content depends on, so an
    entry is never stale: a changed input is a new key. An entry is written to a scratch
    file and renamed into place, so that a build stopped half-way, or two builds at once,
    never leave a half-written entry for the next build to read.
    """

    def __init__(self, name: str, suffix: str = "") -> None:
        self.folder = CACHES / name
        self.suffix = suffix

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{self.suffix}"

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(scratch, self.path(key))
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise


class WarningCounter(logging.Handler):
    """Counts the warnings (and errors) logged while it is attached: work that warned is
    never kept, so that a strict build fails on it every time."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def counting_warnings() -> Iterator[WarningCounter]:
    """A :class:`WarningCounter` attached while the block runs, where every warning
    arrives: the root logger, and "mkdocs", at which the mkdocs command stops MkDocs' own
    loggers (a link to a missing page never reaches the root)."""
    counter = WarningCounter()
    loggers = (logging.getLogger(), logging.getLogger("mkdocs"))
    for logger in loggers:
        logger.addHandler(counter)
    try:
        yield counter
    finally:
        for logger in loggers:
            logger.removeHandler(counter)


class _Source(NamedTuple):
    """What the caches need of a Python file, read once per state of it."""

    code: str  # code_digest
    imports: tuple[
        str, ...
    ]  # the dotted names it imports absolutely, and what it imports from them


# Per file: its size and time of change, and what was read of it then.
_sources: dict[Path, tuple[tuple[int, int], _Source]] = {}
_SOURCE_STORE = Store("sources", ".txt")
_THIS_FILE = Path(__file__).read_bytes()  # how a source is read is part of the key


def _source(path: Path) -> _Source:
    """What the caches need of ``path``: in memory while the file keeps its state, and on
    disk (``.cache/sources/``) by its bytes, so that a build parses only what changed."""
    stat = path.stat()
    state = (stat.st_mtime_ns, stat.st_size)
    known = _sources.get(path)
    if known is not None and known[0] == state:
        return known[1]
    data = path.read_bytes()
    key = digest(_THIS_FILE, sys.version, data)  # the syntax tree's dump is Python's own
    if (stored := _SOURCE_STORE.get(key)) is not None:
        code, *imports = stored.decode().split("\n")
        found = _Source(code, tuple(imports))
    else:
        found = _read_source(data)
        _SOURCE_STORE.put(key, "\n".join([found.code, *found.imports]).encode())
    _sources[path] = (state, found)
    return found


def _read_source(data: bytes) -> _Source:
    tree = ast.parse(data)
    imports: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imports += (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imports += [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                node.body = node.body[1:] or [ast.Pass()]
    return _Source(digest(ast.dump(tree)), tuple(imports))


_file_digests: dict[Path, tuple[tuple[int, int], str]] = {}


def file_states(paths: list[Path]) -> list[tuple[int, int]]:
    """Each file's time of change and size: what tells, without reading it, that it changed."""
    return [(stat.st_mtime_ns, stat.st_size) for stat in map(os.stat, paths)]


def file_digest(path: Path) -> str:
    """A hash of the file's bytes, read once per state of it (its size and time of change)."""
    stat = path.stat()
    state = (stat.st_mtime_ns, stat.st_size)
    known = _file_digests.get(path)
    if known is None or known[0] != state:
        known = _file_digests[path] = (state, digest(path.read_bytes()))
    return known[1]


def code_digest(path: Path) -> str:
    """A hash of what Python runs of a source file: its syntax tree, docstrings left out.

    Comments and layout never reach the tree, so an edit to them, or to a docstring,
    changes nothing a cache is keyed by (nothing the build computes reads a docstring; the
    API page reads them afresh each build, and the exec snippets' cache keys the bytes).
    """
    return _source(path).code


def project_sources(module_file: Path) -> list[Path]:
    """The repository's Python files a module runs: itself, every file of actlib if it
    imports actlib (whose modules import each other relatively), and each ``scripts``
    module it imports by name, with what those import in turn."""
    found: set[Path] = set()
    todo = [module_file]
    actlib = False
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.add(path)
        for name in _source(path).imports:
            parts = name.split(".")
            if parts[0] == "actlib" and not actlib:
                todo += (ROOT / "actlib").rglob("*.py")
                actlib = True
            elif parts[0] == "scripts":
                for depth in range(1, len(parts) + 1):
                    base = ROOT.joinpath(*parts[:depth])
                    todo += [
                        p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()
                    ]
    return sorted(found)


def project_state(config_file: str | None) -> str:
    """A hash of what any page's Markdown may run or be read with: every Python file of
    actlib and scripts (the exec snippets' code, the hooks), the pinned packages,
    Python's version and the configuration file (the Markdown extensions' settings)."""
    sources = [
        x
        for package in ("actlib", "scripts")
        for path in sorted((ROOT / package).rglob("*.py"))
        for x in (path.relative_to(ROOT).as_posix(), file_digest(path))  # read once per state
    ]
    lock = ROOT / "requirements.lock"
    return digest(
        *sources,
        lock.read_bytes() if lock.is_file() else b"",
        sys.version,
        Path(config_file).read_bytes() if config_file else b"",
    )


def program_digest(program: str) -> str:
    """Which build of an installed program (``node``) runs: its real path, size and date.

    Cheaper than asking it its version (a process), and it changes whenever that does.
    """
    real = os.path.realpath(program)
    stat = os.stat(real)
    return digest(real, str(stat.st_size), str(stat.st_mtime_ns))


class _PropertiesStore:
    """``actlib.analysis.store``: the properties of a registered activation, from disk if
    this state of actlib's code (every file of it, docstrings aside), the pinned packages
    and Python computed them before."""

    def __init__(self) -> None:
        import actlib

        package = Path(actlib.__file__).parent
        lock = ROOT / "requirements.lock"  # NumPy's version, and every other pin
        sources = [
            x
            for path in sorted(package.rglob("*.py"))
            for x in (path.relative_to(package).as_posix(), code_digest(path))
        ]
        self._state = digest(*sources, lock.read_bytes() if lock.is_file() else b"", sys.version)
        self._store = Store("properties", ".pickle")

    def __call__(self, act: Any, params: tuple[tuple[str, Any], ...], compute: Callable) -> Any:
        import actlib

        # Only an activation of the registry is known by its name alone.
        if act.name not in actlib.names() or actlib.get(act.name) is not act:
            return compute(act, params)
        key = digest(self._state, act.name, repr(params))
        if (stored := self._store.get(key)) is not None:
            return pickle.loads(stored)
        found = compute(act, params)
        self._store.put(key, pickle.dumps(found))
        return found


def keep_properties() -> None:
    """Make ``actlib.analysis`` keep the properties it computes in ``.cache/properties/``."""
    from actlib import analysis

    if analysis.store is None:
        analysis.store = _PropertiesStore()


def compute_properties() -> None:
    """Compute the properties of every element-wise activation, at its defaults and where
    it is plotted, into ``actlib.analysis``'s cache: processes forked after share them."""
    import actlib
    from actlib import analysis

    for name in actlib.names("elementwise"):
        act = actlib.get(name)
        analysis.properties(act)
        analysis.properties(act, **dict(act.plot_params))
