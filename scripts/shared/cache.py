"""Build caches under ``.cache/`` (ignored by git), one file per entry, named by its inputs.

The generators' output is cached by ``build.py``; the hooks keep smaller caches here: the
rendered formulas, the math font's subsets, minified scripts and stylesheets, the
deferred layout of each page; and ``keep_properties`` keeps what ``actlib.analysis``
computes of each activation, once per state of actlib's code. Each entry is named by a
hash of everything its content is made from, so that a rebuild redoes only what an edit
changed, an entry is never stale (a changed input is a new name), and a clean build and a
cached one give the same bytes (tests/website/test_build.py compares them).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def program_digest(program: str) -> str:
    """Which build of an installed program (``node``) runs: its real path, size and date.

    Cheaper than asking it its version (a process), and it changes whenever that does.
    """
    real = os.path.realpath(program)
    stat = os.stat(real)
    return digest(real, str(stat.st_size), str(stat.st_mtime_ns))


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


class _PropertiesStore:
    """``actlib.analysis.store``: the properties of a registered activation, from disk if
    this state of actlib's code (every file of it), NumPy and Python computed them before."""

    def __init__(self) -> None:
        import actlib

        package = Path(actlib.__file__).parent
        lock = ROOT / "requirements.lock"  # NumPy's version, and every other pin
        sources = [
            x
            for path in sorted(package.rglob("*.py"))
            for x in (path.relative_to(package).as_posix(), path.read_bytes())
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
