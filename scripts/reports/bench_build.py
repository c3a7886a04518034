"""Benchmark (a report, not a test): how long this site takes to build.

Prints, in seconds, against the targets of issue 31, with a bare one-page Material site
measured in the same run for scale:

- a cold ``mkdocs build`` (nothing in ``.cache/``: every generator, formula, font subset
  and minified asset made anew): target at most 15 s;
- a warm rebuild with nothing changed: target at most 2 s;
- a rebuild after editing one Markdown page: target at most 2 s.

Every build runs in a copy of the repository in a temporary folder (of the checkout as it
is, or of ``--commit``), so the benchmark never touches ``site/`` or the shared
``.cache/`` that other builds may be reading. Times are wall-clock; CPU time (this
process's children) is printed beside them, since on a busy machine it is the steadier of
the two. ``bench_serve.py`` times the same edits under ``mkdocs serve``.

Usage: ``python -m scripts.reports.bench_build [--repeat N] [--commit REF]``
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts import ROOT

MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
# What a copy of the sources leaves out at its top: history, installs, caches, built output.
NOT_SOURCES = {".git", ".venv", "node_modules", ".cache", ".hypothesis", "site", "build", "dist"}


def _not_sources(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == ROOT
    return {
        n
        for n in names
        if n == "__pycache__" or (top and (n in NOT_SOURCES or n.endswith("_cache")))
    }


EDITED_PAGE = "docs/index.md"

BARE_CONFIG = """\
site_name: Bare
theme:
  name: material
  font: false
"""


def timed_build(project: Path, dest: Path) -> tuple[float, float]:
    """Build ``project`` into ``dest``; return (wall seconds, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {**ENV, "PYTHONPATH": str(project)}  # the copy's actlib, not the installed one
    result = subprocess.run(
        [*MKDOCS, "-d", str(dest)], cwd=project, env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed in {project}:\n{result.stdout}{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median_build(project: Path, dest: Path, repeat: int) -> tuple[float, float]:
    runs = [timed_build(project, dest) for _ in range(repeat)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def bare_site(folder: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BARE_CONFIG)
    (folder / "docs" / "index.md").write_text("# Bare\n\nOne page of Material for MkDocs.\n")
    return folder


def copy_of_this_site(folder: Path, commit: str | None = None) -> Path:
    """A copy of the checkout's sources as they are, or of ``commit`` (``git archive``) if
    given, with a link to its node_modules (tests/conftest.py builds the session's site in
    one)."""
    if commit is None:
        shutil.copytree(ROOT, folder, ignore=_not_sources, symlinks=True)
    else:
        folder.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    if (ROOT / "node_modules").is_dir():  # the math renderer lives there; share it
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def line(label: str, measured: tuple[float, float], target: float | None = None) -> str:
    text = f"{label:<40} {measured[0]:7.2f} s wall {measured[1]:7.2f} s CPU"
    if target is not None:
        verdict = "ok" if measured[0] <= target else "over target"
        text += f"   (target <= {target:g} s: {verdict})"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the quick builds")
    parser.add_argument("--commit", help="build this commit (git archive), not the checkout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        scratch = Path(tmp)
        bare = median_build(bare_site(scratch / "bare"), scratch / "bare-out", args.repeat)
        project = copy_of_this_site(scratch / "site-src", args.commit)
        out = scratch / "site-out"
        cold = timed_build(project, out)  # nothing cached in the copy yet
        warm = median_build(project, out, args.repeat)
        page = project / EDITED_PAGE
        original = page.read_text(encoding="utf-8")
        edit_runs = []
        for i in range(args.repeat):
            page.write_text(original + f"\n<!-- edit {i} -->\n", encoding="utf-8")
            edit_runs.append(timed_build(project, out))
        edited = (
            statistics.median(w for w, _ in edit_runs),
            statistics.median(c for _, c in edit_runs),
        )
    print(line("bare Material site, one page", bare))
    print(line("cold build (nothing cached)", cold, 15))
    print(line("warm rebuild, nothing changed", warm, 2))
    print(line(f"rebuild after editing {Path(EDITED_PAGE).name}", edited, 2))


if __name__ == "__main__":
    main()
