"""Lighthouse scores and transfer size of every page, beside a bare Material page.

A report, not a test (``make audit``): it builds this site and a one-page bare Material
site into temporary folders, serves each gzipped as GitHub Pages does
(``serve_site.py``), runs Lighthouse (from npm, mobile emulation) with Debian's chromium
on every page, and prints performance / accessibility / best practices / SEO and the
bytes each page transfers. Goal: 100 on all four, and no page above twice the bare
page's bytes. Exits 1 if a page misses either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from scripts import ROOT
from scripts.reports.serve_site import serve

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
)
BARE_CONFIG = "site_name: Bare\ntheme:\n  name: material\n  font: false\n"


def build(config: Path, dest: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build of {config} failed:\n{result.stdout}{result.stderr}")


def pages(site: Path) -> list[str]:
    """Every page's URL path, e.g. "" and "functions/relu/" (404.html excluded)."""
    found = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        found.append("" if rel == "." else rel + "/")
    return found


def lighthouse(url: str) -> tuple[dict[str, int], int]:
    """Scores (0-100) per category and the total bytes transferred for one page."""
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    return scores, int(report["audits"]["total-byte-weight"]["numericValue"])


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `npm ci` (make audit does)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        bare = tmp_path / "bare"
        (bare / "docs").mkdir(parents=True)
        (bare / "docs" / "index.md").write_text("# Bare\n\nA bare Material page.\n")
        (bare / "mkdocs.yml").write_text(BARE_CONFIG)
        build(bare / "mkdocs.yml", tmp_path / "bare-site")
        build(ROOT / "mkdocs.yml", tmp_path / "site")

        with serve(tmp_path / "bare-site") as url:
            bare_scores, bare_bytes = lighthouse(url)
        header = f"{'page':44} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>7}"
        print(header)
        print("-" * len(header))
        print(_row("(bare Material page)", bare_scores, bare_bytes))

        failures = 0
        # Served under the path of mkdocs.yml's site_url, as GitHub Pages serves it.
        config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
        base = urlsplit(config["site_url"]).path or "/"
        with serve(tmp_path / "site", base) as url:
            for path in pages(tmp_path / "site"):
                scores, size = lighthouse(url + path)
                ok = all(s == 100 for s in scores.values()) and size <= 2 * bare_bytes
                failures += not ok
                print(_row(path or "/", scores, size) + ("" if ok else "  <- below target"))
    print(f"\n{failures} page(s) below 100/100/100/100 or above 2x the bare page's bytes")
    return 1 if failures else 0


def _row(name: str, scores: dict[str, int], size: int) -> str:
    cells = " ".join(f"{scores[c]:>5}" for c in CATEGORIES)
    return f"{name:44} {cells} {size / 1024:>7.1f}"


if __name__ == "__main__":
    sys.exit(main())
