"""The JSDoc types of the browser modules that need no DOM hold: TypeScript's compiler
(pinned in package.json) checks them without emitting anything, as set in
``tests/modules/tsconfig.json``.

A wrong property name, a call with too few arguments or an argument of the wrong type
against a function's documented ``@param`` fails here, with tsc's message naming the file,
the line and the types on both sides.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from scripts import ROOT

CONFIG = ROOT / "tests" / "modules" / "tsconfig.json"
TSC = ROOT / "node_modules" / "typescript" / "bin" / "tsc"


def test_jsdoc_types_of_the_dom_free_modules_hold() -> None:
    node = shutil.which("node")
    if node is None or not TSC.is_file():
        pytest.fail("the type check needs Node.js and node_modules (run `npm ci`)")
    result = subprocess.run(
        [node, str(TSC), "--project", str(CONFIG), "--pretty", "false"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"tsc found type errors:\n{result.stdout}{result.stderr}"
