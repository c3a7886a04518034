"""The imports run one way: actlib at the bottom, then scripts/shared and scripts/reference,
the render layer, the generators, and scripts/website (what mkdocs.yml names) on top.

Read from the source with ast, every import counted, those inside functions too: a
deferred import is still an arrow. A circle between modules, scripts/website imported
from any other folder or from actlib, or actlib importing scripts fails here, naming the
modules and the line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from actlib.families import FAMILIES
from scripts import ROOT
from scripts.render.cells import FAMILY_TITLES

PACKAGES = ("actlib", "scripts")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    }


MODULES = _modules()


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = importer if MODULES[importer].name == "__init__.py" else importer.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _target(name: str) -> str | None:
    """The project module ``name`` is, or lies in (``scripts.render.cells.yes`` is in
    ``scripts.render.cells``); None outside actlib and scripts."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports() -> dict[str, dict[str, int]]:
    """Module -> {imported project module: the first line importing it}."""
    graph: dict[str, dict[str, int]] = {}
    for module, path in MODULES.items():
        edges: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, node)
                names = [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                target = _target(name)
                if target is not None and target != module:
                    edges.setdefault(target, node.lineno)
        graph[module] = edges
    return graph


GRAPH = imports()


def _where(importer: str, imported: str) -> str:
    path = MODULES[importer].relative_to(ROOT)
    return f"{path}:{GRAPH[importer][imported]} imports {imported}"


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def test_the_walk_sees_the_layers():
    """The walk finds what it must: a test that read no imports could not fail."""
    assert "scripts.render.cells" in GRAPH["scripts.generators.summary_table"]
    assert "scripts.render.numbers" in GRAPH["scripts.website.macros"]
    assert "actlib.analysis" in GRAPH["scripts.shared.formatting"]
    # a deferred import, inside a function, counts
    assert "scripts.reference.exact_values" in GRAPH["scripts.reference.ulp"]


def _circles() -> list[list[str]]:
    """Every strongly connected set of more than one module (Tarjan), as a cycle path.
    A package's __init__ importing its own modules is how Python registers them, not a
    layer running back up, so those arrows are left out."""
    edges = {
        m: [t for t in ts if not (_is_package(m) and t.startswith(m + "."))]
        for m, ts in GRAPH.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle():
    circles = _circles()
    message = "\n".join(
        "circle: " + "; ".join(_where(a, b) for a in c for b in c if b in GRAPH[a]) for c in circles
    )
    assert not circles, message


def _folder(module: str) -> str:
    """actlib, or the folder of scripts a module is in (scripts.render, scripts.website)."""
    parts = module.split(".")
    return "actlib" if parts[0] == "actlib" else ".".join(parts[:2])


def test_no_folder_circle():
    """No folder imports a folder that imports it (scripts/shared <-> scripts/website was one)."""
    arrows: dict[tuple[str, str], str] = {}
    for importer, targets in GRAPH.items():
        for target in targets:
            pair = (_folder(importer), _folder(target))
            if pair[0] != pair[1] and pair[1] != "scripts" and pair[0] != "scripts":
                arrows.setdefault(pair, _where(importer, target))
    both = [f"{arrows[(a, b)]}, and {arrows[(b, a)]}" for a, b in arrows if (b, a) in arrows]
    assert not both, "\n".join(sorted(both))


def test_scripts_website_is_imported_from_nowhere_else():
    offending = [
        _where(importer, target)
        for importer, targets in GRAPH.items()
        for target in targets
        if _folder(target) == "scripts.website" and _folder(importer) != "scripts.website"
    ]
    assert not offending, "\n".join(offending)


def test_actlib_imports_nothing_of_scripts():
    offending = [
        _where(importer, target)
        for importer, targets in GRAPH.items()
        if importer.startswith("actlib")
        for target in targets
        if target.startswith("scripts")
    ]
    assert not offending, "\n".join(offending)


def test_generators_and_render_never_import_the_site_hooks():
    offending = [
        _where(importer, target)
        for importer, targets in GRAPH.items()
        if _folder(importer) in ("scripts.generators", "scripts.render")
        for target in targets
        if _folder(target) in ("scripts.website", "scripts.reports")
        or (_folder(importer) == "scripts.render" and _folder(target) == "scripts.generators")
    ]
    assert not offending, "\n".join(offending)


@pytest.mark.parametrize("family", FAMILIES)
def test_family_page_title_is_the_render_layers(family: str):
    """The summary table heads each family with FAMILY_TITLES; the family page's own title
    is the same words, so the table's heading and the page it links to agree."""
    page = ROOT / "docs" / "functions" / f"{family}.md"
    heading = re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), re.MULTILINE)
    assert heading is not None, f"{page.relative_to(ROOT)} has no first-level heading"
    assert heading.group(1).strip() == FAMILY_TITLES[family], (
        f"{page.relative_to(ROOT)}: title {heading.group(1).strip()!r}, "
        f"scripts/render/cells.py FAMILY_TITLES[{family!r}] = {FAMILY_TITLES[family]!r}"
    )
    assert list(FAMILY_TITLES) == list(FAMILIES)
