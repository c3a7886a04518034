"""Benchmark (a report, not a test): how soon an edit shows in ``mkdocs serve``.

Starts ``mkdocs serve`` on a free port in a copy of the repository in a temporary folder
(so the checkout, its ``site/`` and its ``.cache/`` are never touched; the copy starts
from a copy of ``.cache/``, as a contributor's checkout does after one build), waits for
the first build, then times, from the moment the edited file is saved to the moment the
served page holds the edit:

- an edit to one Markdown page (``docs/index.md``): target at most 1 s;
- an edit to an actlib docstring that the API page shows (``actlib.names``): target 5 s;
- an edit to actlib's code, ReLU's frameworks note, which its card on the rectifier page
  shows: target 5 s. This one changes what every generator's output is keyed by, so the
  figures, tables and experiments are made again.

Each edit is made ``--repeat`` times with a new word each time; the median is printed.
The time includes MkDocs' own wait: its file watcher looks every 0.1 s (0.5 s unless
``scripts/website/fresh_imports.py`` shortens it), then waits 0.1 s for more changes
before it rebuilds.

Usage: ``python -m scripts.reports.bench_serve [--repeat N] [--commit REF]``
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from scripts import ROOT
from scripts.reports.bench_build import ENV, copy_of_this_site

STARTUP_TIMEOUT = 900  # seconds for the first build, which may regenerate everything
EDIT_TIMEOUT = 120
POLL = 0.05
API_FUNCTION = "def names("  # actlib.names, on the API page (docs/reference/api.md)
CARD_NOTE = ("rectifier.py", 'frameworks="')  # ReLU's, the first of the file, on its card


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, marker: str, timeout: float, server: subprocess.Popen) -> float:
    """Seconds until the page at ``url`` holds ``marker``; exits if it never does."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and marker in page:
            return time.perf_counter() - start
        if server.poll() is not None:
            print(Path(server.log_path).read_text()[-3000:], file=sys.stderr)  # type: ignore[attr-defined]
            sys.exit(
                f"mkdocs serve stopped (exit {server.returncode}) before {url} held {marker!r}"
            )
        time.sleep(POLL)
    sys.exit(f"{url} did not hold {marker!r} within {timeout:g} s")


def edit_markdown(project: Path, word: str) -> None:
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{word}\n", encoding="utf-8")


def edit_docstring(project: Path, word: str) -> None:
    """Put ``word`` at the start of actlib.names' docstring."""
    for source in sorted((project / "actlib").rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        at = text.find(API_FUNCTION)
        if at >= 0:
            opening = text.index('"""', at) + 3
            source.write_text(f"{text[:opening]}{word} {text[opening:]}", encoding="utf-8")
            return
    sys.exit(f"no {API_FUNCTION!r} in actlib: update API_FUNCTION in {__file__}")


def edit_card_note(project: Path, word: str) -> None:
    """Put ``word`` at the start of ReLU's frameworks note."""
    source = project / "actlib" / "families" / CARD_NOTE[0]
    text = source.read_text(encoding="utf-8")
    at = text.find(CARD_NOTE[1])
    if at < 0:
        sys.exit(f"no {CARD_NOTE[1]!r} in {source}: update CARD_NOTE in {__file__}")
    at += len(CARD_NOTE[1])
    source.write_text(f"{text[:at]}{word} {text[at:]}", encoding="utf-8")


def time_edits(
    label: str, edit: Callable[[Path, str], None], project: Path, url: str, repeat: int, server
) -> float:
    runs = []
    for i in range(repeat):
        word = f"Benchmark{label.title()}Edit{i}x{os.getpid()}"
        edit(project, word)
        runs.append(wait_for(url, word, EDIT_TIMEOUT, server))
        time.sleep(1.0)  # let the watcher settle before the next edit
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="edits of each kind")
    parser.add_argument("--commit", help="serve this commit (git archive), not the checkout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        project = copy_of_this_site(Path(tmp) / "site-src", args.commit)
        if (ROOT / ".cache").is_dir():
            shutil.copytree(
                ROOT / ".cache", project / ".cache", ignore=shutil.ignore_patterns(".tmp-*")
            )
        port = free_port()
        base = f"http://127.0.0.1:{port}/activations/"
        log = (Path(tmp) / "serve.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env={**ENV, "PYTHONPATH": str(project)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended below with its children
        )
        try:
            start = time.perf_counter()
            server.log_path = Path(log.name)  # type: ignore[attr-defined]
            wait_for(base, "</html>", STARTUP_TIMEOUT, server)
            first = time.perf_counter() - start
            markdown = time_edits("markdown", edit_markdown, project, base, args.repeat, server)
            api = f"{base}reference/api/"
            docstring = time_edits("docstring", edit_docstring, project, api, args.repeat, server)
            page = f"{base}functions/rectifier/"
            note = time_edits("note", edit_card_note, project, page, args.repeat, server)
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            log.close()
        # MkDocs' own figure for each build, the first one included: the rest of each
        # time above is the file watcher's wait.
        builds = re.findall(r"Documentation built in ([\d.]+) seconds", Path(log.name).read_text())
    print(f"{'first build of mkdocs serve (copied cache)':<48} {first:7.2f} s")
    for label, seconds, target in (
        ("Markdown edit shown (docs/index.md)", markdown, 1.0),
        ("actlib docstring edit shown (API page)", docstring, 5.0),
        ("actlib code edit shown (ReLU's card)", note, 5.0),
    ):
        verdict = "ok" if seconds <= target else "over target"
        print(f"{label:<48} {seconds:7.2f} s   (target <= {target:g} s: {verdict})")
    print(f"{'builds as MkDocs timed them, in order (s)':<48} {' '.join(builds)}")


if __name__ == "__main__":
    main()
