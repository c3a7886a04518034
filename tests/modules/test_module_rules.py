"""The pages' scripts keep their layout (docs/javascripts, see the README):

- no function is defined in two modules: a helper both pages need lives once in ``lib/``;
- the modules the Node tests run with no DOM name no browser global (window, document ...)
  outside comments, so they stay runnable anywhere;
- the explorer's modules and the playground's import nothing of each other: what both use
  is in ``lib/``.

Read from the sources with regular expressions over the code with its comments and strings
blanked out; a failure names the modules and the names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from scripts import ROOT

SCRIPTS = ROOT / "docs" / "javascripts"
DOM_FREE = [
    "lib/formulas.js",
    "lib/format.js",
    "playground/random.js",
    "playground/datasets.js",
    "playground/model.js",
    "playground/export.js",
]
BROWSER_GLOBALS = re.compile(
    r"\b(window|document|navigator|location|localStorage|requestAnimationFrame|HTMLElement)\b"
)
TOKENS = re.compile(
    r"//[^\n]*|/\*.*?\*/|`(?:\\.|[^`\\])*`|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S
)
DEFINITION = re.compile(
    r"^(?:export\s+)?(?:async\s+)?function\*?\s*([A-Za-z_$][\w$]*)"
    r"|^(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>",
    re.M,
)
IMPORT = re.compile(r"""^\s*import\b[^;]*?from\s+["']([^"']+)["']""", re.M)


def modules() -> list[Path]:
    """The hand-written modules: every script under docs/javascripts (the generated
    explorer-data.js and explorer-higher.js are written into the site, not here)."""
    return sorted(SCRIPTS.rglob("*.js"))


def code_of(path: Path) -> tuple[str, list[str]]:
    """The module's code with comments blanked and strings emptied (imports keep theirs)."""

    def blank(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith(("//", "/*")):
            return re.sub(r"[^\n]", " ", token)
        return token[0] + token[-1]

    text = path.read_text(encoding="utf-8")
    imports = IMPORT.findall(text)
    return TOKENS.sub(blank, text), imports


def test_the_walk_finds_the_modules() -> None:
    names = {p.relative_to(SCRIPTS).as_posix() for p in modules()}
    assert {"explorer.js", "playground.js", *DOM_FREE} <= names, names


def test_no_function_is_defined_in_two_modules() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for path in modules():
        code, _ = code_of(path)
        for match in DEFINITION.finditer(code):
            where[match.group(1) or match.group(2)].append(path.relative_to(SCRIPTS).as_posix())
    twice = {name: files for name, files in where.items() if len(files) > 1}
    assert not twice, f"functions defined in more than one module: {twice}"


def test_the_dom_free_modules_name_no_browser_global() -> None:
    found = {}
    for name in DOM_FREE:
        code, _ = code_of(SCRIPTS / name)
        uses = sorted(set(BROWSER_GLOBALS.findall(code)))
        if uses:
            found[name] = uses
    assert not found, f"modules the Node tests run without a DOM name browser globals: {found}"


def test_the_explorer_and_the_playground_share_only_lib() -> None:
    crossing = []
    for path in modules():
        relative = path.relative_to(SCRIPTS).as_posix()
        page = re.match(r"explorer|playground|lib", relative)
        assert page, f"{relative} belongs to neither page nor to lib/"
        others = {"explorer", "playground"} - {page.group()}
        _, imports = code_of(path)
        for target in imports:
            resolved = (path.parent / target).resolve().relative_to(SCRIPTS).as_posix()
            target_page = re.match(r"explorer|playground", resolved)
            if target_page and target_page.group() in others:
                crossing.append(f"{relative} imports {resolved}")
    assert not crossing, crossing
