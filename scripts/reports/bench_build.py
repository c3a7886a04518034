"""Benchmark (a report, not a test): how long this site takes to build, against a bare site.

Prints two ratios, measured in the same run on the same machine:

- a cold ``mkdocs build`` (generated files not cached) over a one-page bare Material
  site: target at most 10x;
- a warm rebuild after editing one Markdown page, over the same bare site: target 3x.

Both builds run in a copy of the repository in a temporary folder, so the benchmark
never touches ``site/`` or the shared ``.cache/`` that other builds may be reading.
Times are wall-clock; CPU time (this process's children) is printed beside them, since
on a busy machine it is the steadier of the two.

Usage: ``python -m scripts.reports.bench_build [--repeat N]``
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
# What the copy leaves out: history, environments, build outputs and caches.
SKIP = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", ".cache", "__pycache__")
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


def copy_of_this_site(folder: Path) -> Path:
    shutil.copytree(ROOT, folder, ignore=SKIP)
    if (ROOT / "node_modules").is_dir():  # the math renderer lives there; share it
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def line(
    label: str, measured: tuple[float, float], bare: tuple[float, float], target: float
) -> str:
    ratio, cpu_ratio = measured[0] / bare[0], measured[1] / bare[1]
    verdict = "ok" if ratio <= target else "over target"
    return (
        f"{label:<34} {measured[0]:7.2f} s wall {measured[1]:7.2f} s CPU   "
        f"ratio {ratio:5.1f}x wall, {cpu_ratio:5.1f}x CPU   (target <= {target:g}x: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the quick builds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        scratch = Path(tmp)
        bare = median_build(bare_site(scratch / "bare"), scratch / "bare-out", args.repeat)
        project = copy_of_this_site(scratch / "site-src")
        cold = timed_build(project, scratch / "site-out")  # nothing cached in the copy yet
        page = project / EDITED_PAGE
        original = page.read_text(encoding="utf-8")
        warm_runs = []
        for i in range(args.repeat):
            page.write_text(original + f"\n<!-- edit {i} -->\n", encoding="utf-8")
            warm_runs.append(timed_build(project, scratch / "site-out"))
        warm = (
            statistics.median(w for w, _ in warm_runs),
            statistics.median(c for _, c in warm_runs),
        )
    print(f"{'bare Material site, one page':<34} {bare[0]:7.2f} s wall {bare[1]:7.2f} s CPU")
    print(line("cold build (nothing cached)", cold, bare, 10))
    print(line(f"warm rebuild after editing {Path(EDITED_PAGE).name}", warm, bare, 3))


if __name__ == "__main__":
    main()
