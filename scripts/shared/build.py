"""Run each generator once per change of its inputs, and hand its files to MkDocs.

A generator is a module in ``scripts/generators/`` with ``generate(out: Path) -> None``, which
writes files under ``out`` at the paths they take in the site (``figures/relu.light.svg``).
Its figures are minified there once (SVGO, through ``scripts/shared/minify.py``), not on
every build. Its output is cached in ``.cache/generated/`` under a key made from its
inputs: the code it runs (its own source, every file of actlib, each ``scripts`` module it
imports, found by reading the imports; docstrings and comments aside), this file, the
minifier and its lock file, the pinned packages, Python's version and any other
``INPUTS`` it lists (data files). So editing a Markdown page, or a docstring of actlib
that the API page shows, under ``mkdocs serve`` redraws nothing, and editing actlib's code
redraws everything that depends on it.

The hooks keep smaller caches beside it (``scripts/shared/cache.py``).

``build_all`` runs the stale generators two at a time, in forked processes (the machine
the site is built on has two cores, and the generators share nothing but actlib's
properties, computed once before the fork).

A generator is named here by its module or the module's dotted name, and a fresh build
process imports a generator only to run it: whether its output is up to date is read from
its files (``INPUTS`` too, a literal tuple), so a build that finds every output cached
never pays for what the generators import (SymPy, Matplotlib).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import importlib.util
import multiprocessing
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType

from scripts import ROOT
from scripts.shared import cache, plotting
from scripts.shared import minify as minifier

CACHE = ROOT / ".cache" / "generated"


Generator = ModuleType | str  # a generator's module, or its dotted name


def _dotted(module: Generator) -> str:
    return module if isinstance(module, str) else module.__name__


def source_file(module: Generator) -> Path:
    """The generator's source file, found without importing it."""
    if isinstance(module, ModuleType) and module.__file__:
        return Path(module.__file__)
    spec = importlib.util.find_spec(_dotted(module))
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"no generator module {_dotted(module)!r}")
    return Path(spec.origin)


def declared_inputs(source: Path) -> tuple[str, ...]:
    """The data files a generator lists in ``INPUTS``, read from its source."""
    for node in ast.parse(source.read_bytes()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "INPUTS" for t in node.targets
        ):
            try:
                return tuple(ast.literal_eval(node.value))
            except ValueError:
                raise ValueError(
                    f"{source.relative_to(ROOT)}:{node.lineno}: INPUTS must be a literal "
                    "tuple of paths, so that the build can read it without importing the "
                    "generator"
                ) from None
    return ()


# Per generator: the files its fingerprint was made from, their states then, and it.
_fingerprints: dict[str, tuple[list[Path], list[tuple[int, int]], str]] = {}


def fingerprint(module: Generator) -> str:
    """A hash of everything the generator's output depends on."""
    name = _dotted(module)
    known = _fingerprints.get(name)
    if known is not None and cache.file_states(known[0]) == known[1]:
        return known[2]
    source = source_file(module)
    sources = cache.project_sources(source)
    files = [
        Path(__file__),
        Path(minifier.__file__),
        minifier.MINIFIER,
        Path(plotting.__file__),  # its colours make a recoloured figure's minified bytes
        ROOT / "package-lock.json",
        ROOT / "requirements.lock",
    ]
    files += [ROOT / p for p in declared_inputs(source)]
    states = cache.file_states([*sources, *files])  # before reading: a later edit is seen
    code = [x for path in sources for x in (str(path.relative_to(ROOT)), cache.code_digest(path))]
    contents = [x for path in files for x in (str(path.relative_to(ROOT)), cache.file_digest(path))]
    found = cache.digest(*code, *contents, sys.version)[:16]
    _fingerprints[name] = ([*sources, *files], states, found)
    return found


def cached(module: Generator) -> Path | None:
    """The generator's output folder if it is up to date, without ever running it."""
    out = CACHE / f"{_dotted(module).rpartition('.')[2]}-{fingerprint(module)}"
    return out if out.is_dir() else None


def build(module: Generator) -> Path:
    """Return the folder holding the generator's output, running it if the cache is stale."""
    name = _dotted(module).rpartition(".")[2]
    out = CACHE / f"{name}-{fingerprint(module)}"
    if out.is_dir():
        return out
    if isinstance(module, str):
        module = importlib.import_module(module)
    CACHE.mkdir(parents=True, exist_ok=True)
    # Write into a scratch folder and rename it at the end, so that a generator that
    # fails half-way never leaves half its files in the cache.
    scratch = Path(tempfile.mkdtemp(prefix=f".tmp-{name}-", dir=CACHE))
    try:
        module.generate(scratch)
        minify_figures(sorted(scratch.rglob("*.svg")))
    except Exception as err:
        shutil.rmtree(scratch, ignore_errors=True)
        raise RuntimeError(f"generator scripts/generators/{name}.py failed: {err!r}") from err
    try:
        scratch.rename(out)
    except OSError:  # a concurrent build finished the same output first
        shutil.rmtree(scratch, ignore_errors=True)
    for stale in CACHE.glob(f"{name}-*"):
        if stale != out:
            shutil.rmtree(stale, ignore_errors=True)
    return out


def minify_figures(figures: list[Path]) -> None:
    """Minify a generator's figures in place, each dark figure that is its light one
    recoloured (``plotting.save_themed(recolour=True)``, most of them) by recolouring the
    light one's minified bytes: SVGO, half of a figure generator's time, runs once a pair.

    The minifier's output follows the colours only through which of them are equal, which
    the swap keeps (it is one-to-one). It may shorten a colour (#ffffff to #fff), which the
    swap reads too; a dark figure whose light one's minified bytes still hold a light-only
    colour after the swap is minified itself."""
    light, dark = plotting.THEMES
    recoloured = {}
    for path in figures:
        stem = path.name.removesuffix(f".{dark.name}.svg")
        twin = path.with_name(f"{stem}.{light.name}.svg")
        if stem != path.name and twin in figures:
            drawn = path.read_text(encoding="utf-8")
            if plotting.recoloured(twin.read_text(encoding="utf-8"), light, dark) == drawn:
                recoloured[path] = twin
    minifier.minify([path for path in figures if path not in recoloured])
    light_only = set(plotting.palette(light)) - set(plotting.palette(dark))
    left = []
    for path, twin in recoloured.items():
        minified = plotting.recoloured(twin.read_text(encoding="utf-8"), light, dark)
        if plotting.colours_of(minified, light) & light_only:
            left.append(path)
        else:
            path.write_text(minified, encoding="utf-8")
    minifier.minify(left)


def build_all(modules: list[Generator]) -> list[Path]:
    """``build`` each module; the stale ones two at a time, each in a process of its own,
    taken in the order given (give the longest first)."""
    stale = [m for m in modules if cached(m) is None]
    if len(stale) > 1 and "fork" in multiprocessing.get_all_start_methods():
        cache.compute_properties()  # once, here, rather than once per generator
        # Imported here, not in each process: a fork inherits them, and under `mkdocs serve`
        # what they import from outside (SymPy, Matplotlib) stays for the next rebuild.
        for module in stale:
            importlib.import_module(_dotted(module))
        plotting.pyplot()  # which the generators import when they first draw, in each process
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
            list(pool.map(build, [_dotted(m) for m in stale]))
    return [build(m) for m in modules]


def publish(module: Generator, out: Path | None = None) -> None:
    """Give MkDocs every file the generator made, as virtual files (never in docs/)."""
    import mkdocs_gen_files

    out = out or build(module)
    source = source_file(module).relative_to(ROOT)
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        with mkdocs_gen_files.open(rel, "wb") as f:
            f.write(path.read_bytes())
        # "Edit this page" on a generated page opens the script that wrote it. Only pages
        # have that link: gen-files warns (failing a strict build) about any other file.
        if rel.endswith(".md"):
            mkdocs_gen_files.set_edit_path(rel, Path("..") / source)


def main(module: ModuleType) -> None:
    """Command line of every generator: ``python -m scripts.generators.NAME --out DIR``.

    Call it as ``build.main(sys.modules[__name__])`` under ``if __name__ == "__main__"``.
    """
    parser = argparse.ArgumentParser(description=(module.__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    module.generate(args.out)
    print(f"wrote {sum(1 for p in args.out.rglob('*') if p.is_file())} files to {args.out}")
